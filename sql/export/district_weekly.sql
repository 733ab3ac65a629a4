-- purpose: the district weekly summary for the national roll-up.
-- grain: (office_code, iso_week, kabkota_code, kecamatan_code)
select * from marts.district_weekly
where $office_code is null or office_code = $office_code;

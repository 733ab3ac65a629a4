-- purpose: persons present per district, week and nationality / purpose / permit type, for the roll-up.
-- grain: (office_code, iso_week, kabkota_code, kecamatan_code, dimension, value_code)
select * from marts.district_weekly_breakdown
where $office_code is null or office_code = $office_code;

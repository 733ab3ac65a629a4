-- purpose: foreigners reported present per kecamatan in one ISO week ($iso_week, e.g. '2026-W47'),
--   with new arrivals and complaints, busiest first.
-- grain: one row per (office, kab/kota, kecamatan)
select
    office_code,
    kabkota_name,
    kecamatan_name,
    foreigners_present,
    new_arrivals,
    reports_received,
    complaints_received,
from marts.district_weekly
where iso_week = $iso_week
order by foreigners_present desc, office_code, kabkota_name, kecamatan_name;

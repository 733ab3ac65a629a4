-- purpose: the office's foreign workers (TKA) per reporting company/sponsor and district over the weeks
--   from $first_week_start to $week_start (the report's week last): counts only, never names
-- grain: one row per sponsor, kab/kota, kecamatan and week with workers; key: (sponsor_name, kabkota_code,
--   kecamatan_code, week_start_date)
-- params: $office_code, $first_week_start, $week_start
select
    sponsor_name,
    kabkota_code,
    kabkota_name,
    kecamatan_code,
    kecamatan_name,
    week_start_date,
    workers_present,
    new_workers,
from marts.foreign_workers_weekly
where office_code = $office_code
    and week_start_date between $first_week_start and $week_start
order by sponsor_name nulls last, kabkota_code nulls last, kecamatan_code nulls last, week_start_date

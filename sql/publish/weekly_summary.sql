-- purpose: the rows of an office's `Ringkasan Mingguan` tab: the district weekly summary of the last
--   $weeks ISO weeks up to the build's date, newest week first.
-- grain: one row per ISO week, kab/kota and kecamatan; key: (iso_week, kabkota_code, kecamatan_code)
-- params: $office_code, $weeks
select
    iso_week,
    week_start_date,
    kabkota_name,
    kecamatan_name,
    foreigners_present,
    new_arrivals,
    reports_received,
    complaints_received,
from marts.district_weekly
where office_code = $office_code
    and week_start_date > (
        select date_trunc('week', as_of_date)::date - to_weeks($weeks::integer) from marts.build_info
    )
order by week_start_date desc, kabkota_name, kecamatan_name nulls last;

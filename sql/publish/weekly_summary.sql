-- purpose: the rows of an office's `Ringkasan Mingguan` tab for the last $weeks ISO weeks up to the
--   build's date, newest week first: each week's office total (marts.office_weekly, each person once),
--   then its kab/kota and kecamatan rows (marts.district_weekly: a person seen in two kecamatan is in
--   both rows, so these may add up to more than the total).
-- grain: one row per ISO week and area (the office, or a kab/kota and kecamatan);
--   key: (iso_week, is_office_total, kabkota_code, kecamatan_code)
-- params: $office_code, $weeks, $office_total_label (the area name of the total rows)
with

first_week as (
    select date_trunc('week', as_of_date)::date - to_weeks($weeks::integer) as week_start_date,
    from marts.build_info
),

office_totals as (
    select
        iso_week,
        week_start_date,
        true as is_office_total,
        $office_total_label as kabkota_name,
        null as kecamatan_name,
        foreigners_present,
        new_arrivals,
        reports_received,
        complaints_received,
    from marts.office_weekly
    where office_code = $office_code
        and week_start_date > (select week_start_date from first_week)
),

districts as (
    select
        iso_week,
        week_start_date,
        false as is_office_total,
        kabkota_name,
        kecamatan_name,
        foreigners_present,
        new_arrivals,
        reports_received,
        complaints_received,
    from marts.district_weekly
    where office_code = $office_code
        and week_start_date > (select week_start_date from first_week)
)

select * from office_totals
union all
select * from districts
order by week_start_date desc, is_office_total desc, kabkota_name, kecamatan_name nulls last;

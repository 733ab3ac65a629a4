-- purpose: the week's figures of one office per kabupaten/kota, the subtotals of "Menurut kecamatan";
--   a foreigner counts once per kab/kota however many of its kecamatan reported them
--   (marts.kabkota_weekly_persons); reports and complaints add up over kecamatan (marts.district_weekly)
-- grain: one row per kabkota_code (null = not given or not matched)
-- key: (kabkota_code)
-- params: $office_code, $iso_week
with

district_weekly as (
    select *
    from marts.district_weekly
    where office_code = $office_code
        and iso_week = $iso_week
),

persons as (
    select
        kabkota_code,
        foreigners_present,
        new_arrivals,
    from marts.kabkota_weekly_persons
    where office_code = $office_code
        and iso_week = $iso_week
),

districts as (
    -- reports and complaints add up over kecamatan
    select
        kabkota_code,
        max(kabkota_name) as kabkota_name,
        sum(reports_received) as reports_received,
        sum(complaints_received) as complaints_received,
    from district_weekly
    group by kabkota_code
),

-- union, then group: kabkota_code may be null, and null keys would not meet in a join
combined as (
    select * from persons
    union all by name
    select * from districts
),

final as (
    select
        kabkota_code,
        max(kabkota_name) as kabkota_name,
        coalesce(sum(foreigners_present), 0)::bigint as foreigners_present,
        coalesce(sum(new_arrivals), 0)::bigint as new_arrivals,
        coalesce(sum(reports_received), 0)::bigint as reports_received,
        coalesce(sum(complaints_received), 0)::bigint as complaints_received,
    from combined
    group by kabkota_code
)

select * from final
order by kabkota_code nulls last

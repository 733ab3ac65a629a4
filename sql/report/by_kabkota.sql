-- purpose: the week's figures of one office per kabupaten/kota, the subtotals of "Menurut kecamatan";
--   a foreigner counts once per kab/kota however many of its kecamatan reported them
-- grain: one row per kabkota_code (null = not given or not matched)
-- key: (kabkota_code)
-- params: $office_code, $iso_week, $week_start, $week_end
with

stays as (
    select *
    from intermediate.lodging_reports_identified
    where office_code = $office_code
        and person_id is not null
        and stay_start_date is not null
        and stay_end_date >= stay_start_date
        and stay_start_date <= $week_end
        and stay_end_date >= $week_start
),

district_weekly as (
    select *
    from marts.district_weekly
    where office_code = $office_code
        and iso_week = $iso_week
),

persons as (
    select
        kabkota_code,
        count(distinct person_id) as foreigners_present,
        count(distinct person_id) filter (where arrival_date between $week_start and $week_end) as new_arrivals,
    from stays
    group by kabkota_code
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

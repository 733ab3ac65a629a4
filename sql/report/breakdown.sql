-- purpose: persons present in one office and ISO week by one dimension (purpose or permit_type)
-- grain: one row per value_code of the dimension ('UNKNOWN' when not given)
-- key: (value_code)
-- params: $office_code, $iso_week, $dimension
with

breakdown as (
    select *
    from marts.district_weekly_breakdown
    where office_code = $office_code
        and iso_week = $iso_week
        and dimension = $dimension
),

final as (
    select
        value_code,
        sum(persons_present)::bigint as persons_present,
    from breakdown
    group by value_code
)

select * from final
where persons_present > 0
order by persons_present desc, value_code

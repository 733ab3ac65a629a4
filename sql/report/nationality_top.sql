-- purpose: persons present in one office and ISO week by nationality: the top $top_n, the rest as one row
-- grain: one row per nationality in the top $top_n, plus at most one row (is_other) for all the others
-- key: (value_code); the others' row has value_code null
-- params: $office_code, $iso_week, $top_n
with

breakdown as (
    select *
    from marts.district_weekly_breakdown
    where office_code = $office_code
        and iso_week = $iso_week
        and dimension = 'nationality'
),

by_nationality as (
    select
        value_code,
        sum(persons_present)::bigint as persons_present,
    from breakdown
    group by value_code
    having sum(persons_present) > 0
),

ranked as (
    select
        value_code,
        persons_present,
        -- ties broken by code so the same data always gives the same top list
        row_number() over (order by persons_present desc, value_code) as nationality_rank,
    from by_nationality
),

final as (
    select
        case when nationality_rank <= $top_n then value_code end as value_code,
        nationality_rank > $top_n as is_other,
        sum(persons_present)::bigint as persons_present,
        count(*)::bigint as nationalities,
        min(nationality_rank) as first_rank,
    from ranked
    group by all
)

select
    value_code,
    is_other,
    persons_present,
    nationalities,
from final
order by first_rank

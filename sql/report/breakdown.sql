-- purpose: foreigners present in one office and ISO week by nationality, purpose or permit type; each
--   person counts once, with the latest value their reports overlapping the week give ('UNKNOWN' if none):
--   marts.office_weekly_breakdown's counts
-- grain: one row per value_code; with $top_n, the top $top_n values and one row (is_other) for the rest
-- key: (value_code); the rest's row has value_code null
-- params: $office_code, $iso_week, $dimension ('nationality', 'purpose' or 'permit_type'),
--   $top_n (null: every value)
with

by_value as (
    select
        value_code,
        persons_present,
    from marts.office_weekly_breakdown
    where office_code = $office_code
        and iso_week = $iso_week
        and dimension = $dimension
),

ranked as (
    select
        value_code,
        persons_present,
        -- ties broken by code so the same data always gives the same list
        row_number() over (order by persons_present desc, value_code) as value_rank,
    from by_value
),

final as (
    select
        case when $top_n::bigint is null or value_rank <= $top_n::bigint then value_code end as value_code,
        $top_n::bigint is not null and value_rank > $top_n::bigint as is_other,
        sum(persons_present)::bigint as persons_present,
        count(*)::bigint as values_count,
        min(value_rank) as first_rank,
    from ranked
    group by all
)

select
    value_code,
    is_other,
    persons_present,
    values_count,
from final
order by first_rank

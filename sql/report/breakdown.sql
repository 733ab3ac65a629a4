-- purpose: foreigners present in one office and ISO week by nationality, purpose or permit type; each
--   person counts once, with the latest value their reports overlapping the week give ('UNKNOWN' if none)
-- grain: one row per value_code; with $top_n, the top $top_n values and one row (is_other) for the rest
-- key: (value_code); the rest's row has value_code null
-- params: $office_code, $week_start, $week_end, $dimension ('nationality', 'purpose' or 'permit_type'),
--   $top_n (null: every value)
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

valued as (
    select
        person_id,
        person_report_number,
        case $dimension
            when 'nationality' then nationality_iso3
            when 'purpose' then purpose
            when 'permit_type' then permit_type
        end as value_code,
    from stays
),

persons as (
    -- a later report (an extension, a new job) supersedes; a report that leaves the field empty does not
    select
        person_id,
        coalesce(
            arg_max(value_code, person_report_number) filter (where value_code is not null),
            'UNKNOWN'
        ) as value_code,
    from valued
    group by person_id
),

by_value as (
    select
        value_code,
        count(*) as persons_present,
    from persons
    group by value_code
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

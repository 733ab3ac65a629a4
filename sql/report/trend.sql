-- purpose: foreigners present and complaints received per ISO week, for the 12-week trend chart
-- grain: one row per week from $first_week_start to $last_week_start (Mondays), zeros for empty weeks
-- key: (week_start_date)
-- params: $office_code, $first_week_start, $last_week_start
with

weeks as (
    select week_start::date as week_start_date,
    from generate_series($first_week_start::date, $last_week_start::date, interval 7 day) as weeks(week_start)
),

district_weekly as (
    select *
    from marts.district_weekly
    where office_code = $office_code
        and week_start_date between $first_week_start and $last_week_start
),

weekly_totals as (
    select
        week_start_date,
        sum(foreigners_present)::bigint as foreigners_present,
        sum(complaints_received)::bigint as complaints_received,
    from district_weekly
    group by week_start_date
),

final as (
    select
        strftime(weeks.week_start_date, '%G-W%V') as iso_week,
        weeks.week_start_date,
        coalesce(weekly_totals.foreigners_present, 0) as foreigners_present,
        coalesce(weekly_totals.complaints_received, 0) as complaints_received,
    from weeks
    left join weekly_totals
        on weekly_totals.week_start_date = weeks.week_start_date
)

select * from final
order by week_start_date

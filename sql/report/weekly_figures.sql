-- purpose: the office's headline figures per ISO week, for the week's summary, the week before and the
--   trend chart: marts.office_weekly's rows (each person once per office and week), zeros for empty weeks
-- grain: one row per week from $first_week_start to $last_week_start (Mondays)
-- key: (week_start_date)
-- params: $office_code, $first_week_start, $last_week_start
with

weeks as (
    select week_start::date as week_start_date,
    from generate_series($first_week_start::date, $last_week_start::date, interval 7 day) as weeks(week_start)
),

office_weekly as (
    select *
    from marts.office_weekly
    where office_code = $office_code
        and week_start_date between $first_week_start and $last_week_start
),

final as (
    select
        strftime(weeks.week_start_date, '%G-W%V') as iso_week,
        weeks.week_start_date,
        coalesce(office_weekly.foreigners_present, 0)::bigint as foreigners_present,
        coalesce(office_weekly.new_arrivals, 0)::bigint as new_arrivals,
        coalesce(office_weekly.unique_persons, 0)::bigint as unique_persons,
        coalesce(office_weekly.reports_received, 0)::bigint as reports_received,
        coalesce(office_weekly.complaints_received, 0)::bigint as complaints_received,
    from weeks
    left join office_weekly on office_weekly.week_start_date = weeks.week_start_date
)

select * from final
order by week_start_date

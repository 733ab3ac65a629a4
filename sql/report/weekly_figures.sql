-- purpose: the office's headline figures per ISO week, for the week's summary, the week before and the
--   trend chart; foreigners are counted once per office and week, however many kecamatan reported them
-- grain: one row per week from $first_week_start to $last_week_start (Mondays), zeros for empty weeks
-- key: (week_start_date)
-- params: $office_code, $first_week_start, $last_week_start
-- foreigners_present: distinct persons whose stay overlaps the week (the rule of marts.district_weekly).
-- new_arrivals: distinct persons arriving in the week. unique_persons: distinct persons named in the
--   reports submitted in the week. reports_received and complaints_received add up over kecamatan, so
--   they come from marts.district_weekly.
with

weeks as (
    select
        week_start::date as week_start_date,
        week_start::date + 6 as week_end_date,
    from generate_series($first_week_start::date, $last_week_start::date, interval 7 day) as weeks(week_start)
),

identified_reports as (
    select *
    from intermediate.lodging_reports_identified
    where office_code = $office_code
        and person_id is not null
),

-- the stays that overlap the weeks shown
stays as (
    select *
    from identified_reports
    where stay_start_date is not null
        and stay_end_date >= stay_start_date
        and stay_start_date <= $last_week_start::date + 6
        and stay_end_date >= $first_week_start
),

district_weekly as (
    select *
    from marts.district_weekly
    where office_code = $office_code
        and week_start_date between $first_week_start and $last_week_start
),

present as (
    select
        weeks.week_start_date,
        count(distinct stays.person_id) as foreigners_present,
    from weeks
    inner join stays
        on stays.stay_start_date <= weeks.week_end_date
        and stays.stay_end_date >= weeks.week_start_date
    group by weeks.week_start_date
),

arrivals as (
    select
        date_trunc('week', arrival_date)::date as week_start_date,
        count(distinct person_id) as new_arrivals,
    from stays
    where arrival_date between $first_week_start and $last_week_start::date + 6
    group by all
),

reported as (
    select
        date_trunc('week', submitted_date)::date as week_start_date,
        count(distinct person_id) as unique_persons,
    from identified_reports
    where submitted_date between $first_week_start and $last_week_start::date + 6
    group by all
),

district_totals as (
    select
        week_start_date,
        sum(reports_received) as reports_received,
        sum(complaints_received) as complaints_received,
    from district_weekly
    group by week_start_date
),

final as (
    select
        strftime(weeks.week_start_date, '%G-W%V') as iso_week,
        weeks.week_start_date,
        coalesce(present.foreigners_present, 0)::bigint as foreigners_present,
        coalesce(arrivals.new_arrivals, 0)::bigint as new_arrivals,
        coalesce(reported.unique_persons, 0)::bigint as unique_persons,
        coalesce(district_totals.reports_received, 0)::bigint as reports_received,
        coalesce(district_totals.complaints_received, 0)::bigint as complaints_received,
    from weeks
    left join present on present.week_start_date = weeks.week_start_date
    left join arrivals on arrivals.week_start_date = weeks.week_start_date
    left join reported on reported.week_start_date = weeks.week_start_date
    left join district_totals on district_totals.week_start_date = weeks.week_start_date
)

select * from final
order by week_start_date

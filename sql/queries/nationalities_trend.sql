-- purpose: distinct foreigners present per nationality and ISO week over the last 12 weeks of data,
--   per office (a person is counted once a week however many kecamatan reported them).
-- grain: one row per (office, iso_week, nationality)
with reports as (
    select office_code, person_id, nationality_iso3, stay_start_date, stay_end_date,
    from intermediate.lodging_reports_identified
    where person_id is not null
),

weeks as (
    select unnest(generate_series(
        date_trunc('week', (select max(stay_end_date) from reports)) - interval 11 weeks,
        date_trunc('week', (select max(stay_end_date) from reports)),
        interval 1 week
    ))::date as week_start_date
),

present as (
    select
        reports.office_code,
        weeks.week_start_date,
        coalesce(reports.nationality_iso3, 'UNKNOWN') as nationality_iso3,
        count(distinct reports.person_id) as persons_present,
    from weeks
    join reports
        on reports.stay_start_date <= weeks.week_start_date + 6 and reports.stay_end_date >= weeks.week_start_date
    group by all
)

select office_code, strftime(week_start_date, '%G-W%V') as iso_week, nationality_iso3, persons_present,
from present
order by office_code, iso_week, persons_present desc, nationality_iso3;

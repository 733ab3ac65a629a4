-- purpose: distinct foreigners present per nationality and ISO week over the last 12 weeks of data,
--   per office (a person is counted once a week however many kecamatan reported them, with the
--   nationality of their latest report of the week): marts.office_weekly_breakdown's counts.
-- grain: one row per (office, iso_week, nationality)
with

last_week as (
    select max(week_start_date) as week_start_date,
    from marts.office_weekly_breakdown
),

present as (
    select
        breakdown.office_code,
        breakdown.iso_week,
        breakdown.value_code as nationality_iso3,
        breakdown.persons_present,
    from marts.office_weekly_breakdown as breakdown
    cross join last_week
    where breakdown.dimension = 'nationality'
        and breakdown.week_start_date > last_week.week_start_date - interval 12 weeks
)

select office_code, iso_week, nationality_iso3, persons_present,
from present
order by office_code, iso_week, persons_present desc, nationality_iso3;

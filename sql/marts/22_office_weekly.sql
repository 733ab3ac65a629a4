-- table: intermediate.office_present_persons
-- purpose: the persons present in each office-week, one row each, with whether their stay starts there
--   (an arrival) and the latest nationality, purpose, permit and sponsor their reports covering the week
--   give: what the office figures, the breakdowns and foreign workers count.
-- grain: one row per office, week and person
-- key: (office_code, week_start_date, person_number)
-- kept: from office_present_persons_new, scope affected_person_numbers (person_number)

-- table: intermediate.office_reported_persons
-- purpose: the persons named in the reports an office received each week, one row each.
-- grain: one row per office, week and person
-- key: (office_code, week_start_date, person_number)
-- kept: from office_reported_persons_new, scope affected_person_numbers (person_number)

-- table: intermediate.office_weekly_persons
-- purpose: the person figures of marts.office_weekly (foreigners present, arrivals, persons reported)
--   per office-week, counted again only for the office-weeks this build touches (every one on a full
--   build), from the per-person rows above.
-- grain: one row per office and week
-- key: (office_code, week_start_date)
-- kept: from office_weekly_persons_new, scope affected_office_weeks (office_code, week_start_date)

-- table: marts.office_weekly
-- purpose: the office's figures per ISO week, the one home of "foreigners present", "new arrivals",
--   "persons reported", "reports received" and "complaints received" per office and week: the report's
--   headline and trend, the results sheet's weekly summary, queries/office_summary.sql and the demo's
--   closing summary all read them here.
-- grain: one row per office and ISO week
-- key: (office_code, iso_week)
-- foreigners_present: distinct persons whose stay covers the week, once however many kecamatan or hotels
--   reported them (the kecamatan rows of marts.district_weekly count a person once per kecamatan, so
--   they may add up to more). new_arrivals: distinct persons whose stay starts in the week with an
--   arrival date. unique_persons: distinct persons named in the reports submitted in the week.
--   reports_received and complaints_received add up over kecamatan: marts.district_weekly's sums.

-- the office figures count each person once per office and week. The persons of each office-week are
-- kept, one row each, in the intermediate.office_*_persons tables (here) and
-- intermediate.kabkota_present_persons (24), and recomputed only for the persons this build touches
-- (every one on a full build): a person's row of a week changes only with a report of theirs that counts in
-- that week. The figures are kept per office-week (intermediate.office_weekly_persons here, the marts of 23
-- and 24) and counted again from those rows only for the office-weeks this build touches (every one on a
-- full build). The per-person rows stay out of the analysts' snapshot (sql/snapshot/tables.sql).

create or replace temp table affected_office_weeks as
select distinct office_code, week_start_date,
from affected_district_weeks;

create or replace temp table affected_person_numbers as
select person_number(person_id) as person_number,
from affected_persons;

-- an incremental build: the reports of the persons it touches (none on a full build)
create or replace temp table touched_person_reports as
from person_report_rows('affected_person_reports');

-- the reports whose persons this build counts: every one on a full build, else those of the touched persons
create or replace temp view scoped_person_reports as
select * from person_reports where getvariable('marts_full')
union all
select * from touched_person_reports;

-- the weeks of their stays; sponsor_order ranks a person's reports for their sponsor: the latest that
-- names one, else the latest (report_order stays far below 2^62, so a report naming a sponsor always
-- ranks after one that does not)
create or replace temp view person_stay_weeks as
select reports.* exclude (person_id, submitted_date),
    reports.report_order + if(reports.sponsor_name is not null, 4611686018427387904, 0) as sponsor_order,
    unnest(stay_week_starts(reports.stay_start_date, reports.stay_end_date))::date as week_start_date,
from scoped_person_reports as reports
where reports.stay_start_date is not null and reports.stay_end_date >= reports.stay_start_date;

-- one row per office, week and person whose stay covers it: whether a stay starts in the week with an
-- arrival date; the latest nationality, purpose and permit type their reports covering the week give (by
-- report_order; null when none gives one); the sponsor and district of the latest of those reports that
-- names a sponsor, else of the latest (23_foreign_workers_weekly.sql).
-- key: (office_code, week_start_date, person_number)
create or replace temp view office_present_persons_new as
select
    office_code, week_start_date, person_number,
    bool_or(arrival_date is not null and week_start_date = date_trunc('week', arrival_date)) as is_arrival,
    -- a later report (an extension, a new job) supersedes; a report that leaves the field empty does not
    -- (arg_max skips a null value: no filter needed, and one cost 0.1 s a field on a million reports)
    arg_max(nationality_iso3, report_order) as nationality_iso3,
    arg_max(purpose, report_order) as purpose,
    arg_max(permit_type, report_order) as permit_type,
    -- the three of one report, that of the highest sponsor_order: arg_max_null keeps a null value, so
    -- none of them moves to another report (a struct of the three needed so much more memory that the
    -- build's limit made it spill, a second more on a million reports)
    arg_max_null(sponsor_name, sponsor_order) as sponsor_name,
    arg_max_null(kabkota_code, sponsor_order) as sponsor_kabkota_code,
    arg_max_null(kecamatan_code, sponsor_order) as sponsor_kecamatan_code,
from person_stay_weeks
group by all;

-- one row per office, week and person a report submitted in the week is about.
-- key: (office_code, week_start_date, person_number)
create or replace temp view office_reported_persons_new as
select distinct office_code, date_trunc('week', submitted_date)::date as week_start_date, person_number,
from scoped_person_reports
where submitted_date is not null;

-- the rows of the office-weeks this build counts: every one on a full build, else those it touches
create or replace temp view scoped_present_persons as
select * from intermediate.office_present_persons where getvariable('marts_full')
union all
select persons.*
from intermediate.office_present_persons as persons
semi join affected_office_weeks as touched
    on touched.office_code = persons.office_code and touched.week_start_date = persons.week_start_date
where not getvariable('marts_full');

-- the person figures per office and week: of the touched office-weeks only on an incremental build
create or replace temp view office_weekly_persons_new as
with present as (
    select office_code, week_start_date,
        count(*) as foreigners_present,
        count(*) filter (where is_arrival) as new_arrivals,
    from scoped_present_persons
    group by all
),

reported as (
    select persons.office_code, persons.week_start_date, count(*) as unique_persons,
    from intermediate.office_reported_persons as persons
    semi join affected_office_weeks as touched
        on touched.office_code = persons.office_code and touched.week_start_date = persons.week_start_date
    where not getvariable('marts_full')
    group by all
    union all
    select office_code, week_start_date, count(*) as unique_persons,
    from intermediate.office_reported_persons
    where getvariable('marts_full')
    group by all
)

select
    office_code, week_start_date,
    sum(foreigners_present) as foreigners_present,
    sum(new_arrivals) as new_arrivals,
    sum(unique_persons) as unique_persons,
from (
    select * from present
    union all by name
    select * from reported
)
group by all;

create or replace table marts.office_weekly as
with districts as (
    select office_code, week_start_date,
        sum(reports_received) as reports_received,
        sum(complaints_received) as complaints_received,
    from marts.district_weekly
    group by all
),

combined as (
    select office_code, week_start_date,
        sum(foreigners_present) as foreigners_present,
        sum(new_arrivals) as new_arrivals,
        sum(unique_persons) as unique_persons,
        sum(reports_received) as reports_received,
        sum(complaints_received) as complaints_received,
    from (
        select * from intermediate.office_weekly_persons
        union all by name
        select * from districts
    )
    group by all
),

final as (
    select
        office_code,
        strftime(week_start_date, '%G-W%V') as iso_week,
        week_start_date,
        coalesce(foreigners_present, 0)::bigint as foreigners_present,
        coalesce(new_arrivals, 0)::bigint as new_arrivals,
        coalesce(unique_persons, 0)::bigint as unique_persons,
        coalesce(reports_received, 0)::bigint as reports_received,
        coalesce(complaints_received, 0)::bigint as complaints_received,
    from combined
    where week_start_date <= $as_of_date
)

select * from final;

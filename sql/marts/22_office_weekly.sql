-- table: intermediate.office_weekly_persons
-- purpose: the person figures of marts.office_weekly (foreigners present, arrivals, persons reported)
--   per office-week, recomputed only for the office-weeks this build touches (every one on a full
--   build), from the stays of 20_district_weekly.sql.
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

create or replace temp table affected_office_weeks as
select distinct office_code, week_start_date,
from affected_district_weeks;

-- the weeks of the stays of the touched office-weeks (an incremental build), or of every stay (a full one):
-- made once for the office figures, their breakdowns and the foreign workers (23, 24)
create or replace temp table office_stay_weeks as
with touched_offices as (
    select office_code, min(week_start_date) as first_week_start_date, max(week_start_date) as last_week_start_date,
    from affected_office_weeks
    group by all
),

stays as (
    select * from stay_reports where getvariable('marts_full')
    union all
    select reports.*
    from stay_reports as reports
    semi join touched_offices as touched
        on touched.office_code = reports.office_code
        and reports.stay_end_date >= touched.first_week_start_date
        and date_trunc('week', reports.stay_start_date) <= touched.last_week_start_date
    where not getvariable('marts_full')
),

stay_weeks as (
    select stays.*, unnest(stay_week_starts(stays.stay_start_date, stays.stay_end_date))::date as week_start_date,
    from stays
)

select * from stay_weeks where getvariable('marts_full')
union all
select weeks.*
from stay_weeks as weeks
semi join affected_office_weeks as touched
    on touched.office_code = weeks.office_code and touched.week_start_date = weeks.week_start_date
where not getvariable('marts_full');

-- the person figures per office and week: of the touched office-weeks only on an incremental build
create or replace temp view office_weekly_persons_new as
with present as (
    select office_code, week_start_date,
        count(distinct person_number) as foreigners_present,
        count(distinct person_number) filter (
            where arrival_date is not null and week_start_date = date_trunc('week', arrival_date)
        ) as new_arrivals,
    from office_stay_weeks
    group by all
),

submitted as not materialized (
    select office_code, date_trunc('week', submitted_date)::date as week_start_date, person_id,
    from intermediate.lodging_reports_identified
    where person_id is not null and submitted_date is not null
),

reported as (
    select office_code, week_start_date, count(distinct person_id) as unique_persons,
    from (
        select * from submitted where getvariable('marts_full')
        union all
        select submitted.*
        from submitted
        semi join affected_office_weeks as touched
            on touched.office_code = submitted.office_code and touched.week_start_date = submitted.week_start_date
        where not getvariable('marts_full')
    )
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

-- purpose: the office's figures per ISO week, the one home of "foreigners present", "new arrivals",
--   "persons reported", "reports received" and "complaints received" per office and week: the report's
--   headline and trend, the results sheet's weekly summary, queries/office_summary.sql and the demo's
--   closing summary all read them here.
-- grain: one row per office and ISO week; key: (office_code, iso_week)
-- foreigners_present: distinct persons whose stay covers the week, once however many kecamatan or hotels
--   reported them (the kecamatan rows of marts.district_weekly count a person once per kecamatan, so
--   they may add up to more). new_arrivals: distinct persons whose stay starts in the week with an
--   arrival date. unique_persons: distinct persons named in the reports submitted in the week.
--   reports_received and complaints_received add up over kecamatan: marts.district_weekly's sums.
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

-- table: intermediate.district_weekly_lodging
-- purpose: the lodging figures of marts.district_weekly (foreigners present, arrivals, reports received)
--   per district-week, recomputed only for the district-weeks this build touches (all on a full build).
-- grain: one row per office, week, kab/kota and kecamatan
-- key: (office_code, week_start_date, kabkota_code, kecamatan_code)
-- kept: from district_weekly_lodging_new, scope affected_district_weeks
--   (office_code, kabkota_code, kecamatan_code, week_start_date)

-- table: marts.district_weekly
-- purpose: the weekly picture per office and district: foreigners present, arrivals, reports, complaints.
-- grain: one row per office, ISO week, kab/kota and kecamatan
-- key: (office_code, iso_week, kabkota_code, kecamatan_code)
-- a person counts once per district and week however many hotels reported them; complaints are
-- counted afresh every build.

create or replace temp view person_reports as
from person_report_rows('intermediate.lodging_reports_identified');

-- the reports that make stays: a start, and an end not before it
create or replace temp view stay_reports as
select * exclude (person_id, submitted_date)
from person_reports
where stay_start_date is not null and stay_end_date >= stay_start_date;

-- an incremental build: the weeks of the stays in the touched district-weeks, kept for the figures and
-- the breakdown, so the reports are read once (none on a full build). the touched ones are found with
-- semi joins: a correlated `exists` would copy every report before filtering.
create or replace temp table touched_stay_weeks as
with stays as (
    select reports.*
    from stay_reports as reports
    semi join affected_districts as touched
        on touched.office_code = reports.office_code
        and touched.kabkota_code is not distinct from reports.kabkota_code
        and touched.kecamatan_code is not distinct from reports.kecamatan_code
        and reports.stay_end_date >= touched.first_week_start_date
        and date_trunc('week', reports.stay_start_date) <= touched.last_week_start_date
    where not getvariable('marts_full')
),

stay_weeks as (
    select stays.*, unnest(stay_week_starts(stays.stay_start_date, stays.stay_end_date))::date as week_start_date,
    from stays
)

select weeks.*
from stay_weeks as weeks
semi join affected_district_weeks as touched
    on touched.office_code = weeks.office_code
    and touched.kabkota_code is not distinct from weeks.kabkota_code
    and touched.kecamatan_code is not distinct from weeks.kecamatan_code
    and touched.week_start_date = weeks.week_start_date;

-- the weeks of the stays this build counts: every stay on a full build, else those touched
create or replace temp view scoped_stay_weeks as
select stays.*, unnest(stay_week_starts(stays.stay_start_date, stays.stay_end_date))::date as week_start_date,
from stay_reports as stays
where getvariable('marts_full')
union all
select * from touched_stay_weeks;

create or replace temp view district_weekly_lodging_new as
with present as (
    select office_code, week_start_date, kabkota_code, kecamatan_code,
        count(distinct person_number) as foreigners_present,
    from scoped_stay_weeks
    group by all
),

-- a stay's first week is its arrival week when it has an arrival date
arrivals as (
    select office_code, week_start_date, kabkota_code, kecamatan_code,
        count(distinct person_number) as new_arrivals,
    from scoped_stay_weeks
    where arrival_date is not null and week_start_date = date_trunc('week', arrival_date)
    group by all
),

received as not materialized (
    select office_code, date_trunc('week', submitted_date)::date as week_start_date, kabkota_code, kecamatan_code,
    from intermediate.lodging_reports_identified
    where submitted_date is not null
),

received_counted as (
    select *, count(*) as reports_received,
    from (
        select * from received where getvariable('marts_full')
        union all
        select received.*
        from received
        semi join affected_district_weeks as touched
            on touched.office_code = received.office_code
            and touched.kabkota_code is not distinct from received.kabkota_code
            and touched.kecamatan_code is not distinct from received.kecamatan_code
            and touched.week_start_date = received.week_start_date
        where not getvariable('marts_full')
    )
    group by all
)

-- union, then group: kecamatan_code may be null, and null keys would not meet in a join
select
    office_code, week_start_date, kabkota_code, kecamatan_code,
    sum(foreigners_present) as foreigners_present,
    sum(new_arrivals) as new_arrivals,
    sum(reports_received) as reports_received,
from (
    select * from present
    union all by name
    select * from arrivals
    union all by name
    select * from received_counted
)
group by all;

create or replace table marts.district_weekly as
with complaints as (
    select office_code, date_trunc('week', submitted_date)::date as week_start_date, kabkota_code, kecamatan_code,
        count(*) as complaints_received,
    from staging.complaints
    where submitted_date is not null and submitted_date <= $as_of_date
    group by all
),

-- union, then group: kecamatan_code may be null, and null keys would not meet in a join
combined as (
    select
        office_code, week_start_date, kabkota_code, kecamatan_code,
        sum(foreigners_present) as foreigners_present,
        sum(new_arrivals) as new_arrivals,
        sum(reports_received) as reports_received,
        sum(complaints_received) as complaints_received,
    from (
        select * from intermediate.district_weekly_lodging
        union all by name
        select * from complaints
    )
    group by all
),

final as (
    select
        combined.office_code,
        strftime(combined.week_start_date, '%G-W%V') as iso_week,
        combined.week_start_date,
        combined.kabkota_code,
        coalesce(kabkota.area_name, '(tidak diketahui)') as kabkota_name,
        combined.kecamatan_code,
        coalesce(kecamatan.area_name, '(tidak diketahui)') as kecamatan_name,
        coalesce(combined.foreigners_present, 0) as foreigners_present,
        coalesce(combined.new_arrivals, 0) as new_arrivals,
        coalesce(combined.reports_received, 0) as reports_received,
        coalesce(combined.complaints_received, 0) as complaints_received,
    from combined
    left join staging.areas as kabkota on kabkota.area_code = combined.kabkota_code
    left join staging.areas as kecamatan on kecamatan.area_code = combined.kecamatan_code
    where combined.week_start_date <= $as_of_date
)

select * from final;

-- the office's foreigners present per ISO week by nationality, purpose and permit type, and per kab/kota:
-- the counts the report's breakdowns and kab/kota table show, so no one needs the per-report rows for them.
-- kept per office-week and recomputed only for the office-weeks this build touches (every one on a full
-- build), from their persons (kept per person: intermediate.office_present_persons of 22_office_weekly.sql
-- and intermediate.kabkota_present_persons of this file).

-- table: marts.office_weekly_breakdown
-- purpose: foreigners present per office and ISO week by nationality, purpose and permit type: the report's
--   "Menurut kewarganegaraan / tujuan / jenis izin". Each person counts once, with the latest value their
--   reports covering the week give (by report_order; 'UNKNOWN' when none gives one), so the
--   values of a dimension add up to marts.office_weekly.foreigners_present.
-- grain: one row per office, ISO week, dimension and value
-- key: (office_code, iso_week, dimension, value_code)
-- kept: from office_weekly_breakdown_new, scope affected_office_weeks (office_code, week_start_date)

-- table: marts.kabkota_weekly_persons
-- purpose: foreigners present and new arrivals per office, ISO week and kab/kota: the subtotals of the
--   report's "Menurut kecamatan". A person counts once per kab/kota however many of its kecamatan reported
--   them (the kecamatan rows of marts.district_weekly count them once per kecamatan).
-- grain: one row per office, ISO week and kab/kota (null = not given or not matched)
-- key: (office_code, iso_week, kabkota_code)
-- kept: from kabkota_weekly_persons_new, scope affected_office_weeks (office_code, week_start_date)

-- table: intermediate.kabkota_present_persons
-- purpose: the persons present in each office-week per kab/kota, one row each, and whether a stay of
--   theirs there starts in the week with an arrival date: what marts.kabkota_weekly_persons counts.
-- grain: one row per office, week, kab/kota and person (kabkota_code may be null)
-- key: (office_code, week_start_date, kabkota_code, person_number)
-- kept: from kabkota_present_persons_new, scope affected_person_numbers (person_number)

create or replace temp view office_weekly_breakdown_new as
-- each person's latest values (intermediate.office_present_persons)
with latest as (
    select
        office_code, week_start_date, person_number,
        coalesce(nationality_iso3, 'UNKNOWN') as nationality,
        coalesce(purpose, 'UNKNOWN') as purpose,
        coalesce(permit_type, 'UNKNOWN') as permit_type,
    from scoped_present_persons
),

-- one grouping set per dimension: the persons are read once, not once per dimension
counted as (
    select
        office_code, week_start_date,
        case
            when grouping(nationality) = 0 then 'nationality'
            when grouping(purpose) = 0 then 'purpose'
            else 'permit_type'
        end as dimension,
        case
            when grouping(nationality) = 0 then nationality
            when grouping(purpose) = 0 then purpose
            else permit_type
        end as value_code,
        count(*) as persons_present,
    from latest
    group by grouping sets (
        (office_code, week_start_date, nationality),
        (office_code, week_start_date, purpose),
        (office_code, week_start_date, permit_type)
    )
)

select
    office_code,
    strftime(week_start_date, '%G-W%V') as iso_week,
    week_start_date,
    dimension,
    value_code,
    persons_present::bigint as persons_present,
from counted;

-- one row per office, week, kab/kota and person whose stay there covers the week, and whether a stay of
-- theirs there starts in the week with an arrival date. Kept per person (22_office_weekly.sql);
-- key: (office_code, week_start_date, kabkota_code, person_number); kabkota_code may be null
create or replace temp view kabkota_present_persons_new as
select
    office_code, week_start_date, kabkota_code, person_number,
    bool_or(arrival_date is not null and week_start_date = date_trunc('week', arrival_date)) as is_arrival,
from person_stay_weeks
group by all;

create or replace temp view kabkota_weekly_persons_new as
with persons as (
    select * from intermediate.kabkota_present_persons where getvariable('marts_full')
    union all
    select persons.*
    from intermediate.kabkota_present_persons as persons
    semi join affected_office_weeks as touched
        on touched.office_code = persons.office_code and touched.week_start_date = persons.week_start_date
    where not getvariable('marts_full')
)

select
    office_code,
    strftime(week_start_date, '%G-W%V') as iso_week,
    week_start_date,
    kabkota_code,
    count(*)::bigint as foreigners_present,
    (count(*) filter (where is_arrival))::bigint as new_arrivals,
from persons
group by all;

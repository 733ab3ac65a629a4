-- the office's foreigners present per ISO week by nationality, purpose and permit type, and per kab/kota:
-- the counts the report's breakdowns and kab/kota table show, so no one needs the per-report rows for them.
-- kept per office-week and recomputed only for the office-weeks this build touches (every one on a full
-- build), from office_stay_weeks of 22_office_weekly.sql.

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

-- purpose: foreigners present per office and ISO week by nationality, purpose and permit type: the report's
--   "Menurut kewarganegaraan / tujuan / jenis izin". Each person counts once, with the latest value their
--   reports covering the week give (by report_order; 'UNKNOWN' when none gives one), so the
--   values of a dimension add up to marts.office_weekly.foreigners_present.
-- grain: one row per office, ISO week, dimension and value; key: (office_code, iso_week, dimension, value_code)
create or replace temp view office_weekly_breakdown_new as
-- a later report (an extension, a new job) supersedes; a report that leaves the field empty does not
with latest as (
    select
        office_code, week_start_date, person_number,
        coalesce(
            arg_max(nationality_iso3, report_order) filter (where nationality_iso3 is not null), 'UNKNOWN'
        ) as nationality,
        coalesce(arg_max(purpose, report_order) filter (where purpose is not null), 'UNKNOWN') as purpose,
        coalesce(
            arg_max(permit_type, report_order) filter (where permit_type is not null), 'UNKNOWN'
        ) as permit_type,
    from office_stay_weeks
    group by all
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

-- purpose: foreigners present and new arrivals per office, ISO week and kab/kota: the subtotals of the
--   report's "Menurut kecamatan". A person counts once per kab/kota however many of its kecamatan reported
--   them (the kecamatan rows of marts.district_weekly count them once per kecamatan).
-- grain: one row per office, ISO week and kab/kota (null = not given or not matched);
--   key: (office_code, iso_week, kabkota_code)
create or replace temp view kabkota_weekly_persons_new as
select
    office_code,
    strftime(week_start_date, '%G-W%V') as iso_week,
    week_start_date,
    kabkota_code,
    count(distinct person_number)::bigint as foreigners_present,
    (count(distinct person_number) filter (
        where arrival_date is not null and week_start_date = date_trunc('week', arrival_date)
    ))::bigint as new_arrivals,
from office_stay_weeks
group by all;

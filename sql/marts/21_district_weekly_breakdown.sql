-- table: marts.district_weekly_breakdown
-- purpose: foreigners present per district and week, split by nationality, purpose and permit type.
-- grain: one row per office, ISO week, kab/kota, kecamatan, dimension and value
-- key: (office_code, iso_week, kabkota_code, kecamatan_code, dimension, value_code)
-- kept: from district_weekly_breakdown_new, scope affected_district_weeks
--   (office_code, kabkota_code, kecamatan_code, week_start_date)
-- kept from build to build: recomputed only for the district-weeks whose reports changed (all on a
-- full build), from the stay weeks of 20_district_weekly.sql.
create or replace temp view district_weekly_breakdown_new as
-- no week starts after the as-of date, as no stay ends after it (intermediate.stay_end_date): the
-- weeks need no filter (one took 0.4 s of a million reports)
with stay_weeks as (
    select office_code, kabkota_code, kecamatan_code, person_number, week_start_date,
        coalesce(nationality_iso3, 'UNKNOWN') as nationality,
        coalesce(purpose, 'UNKNOWN') as purpose,
        coalesce(permit_type, 'UNKNOWN') as permit_type,
    from scoped_stay_weeks
),

-- one grouping set per dimension: the stay weeks are read once, not once per dimension
counted as (
    select
        office_code, week_start_date, kabkota_code, kecamatan_code,
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
        count(distinct person_number) as persons_present,
    from stay_weeks
    group by grouping sets (
        (office_code, week_start_date, kabkota_code, kecamatan_code, nationality),
        (office_code, week_start_date, kabkota_code, kecamatan_code, purpose),
        (office_code, week_start_date, kabkota_code, kecamatan_code, permit_type)
    )
)

select
    office_code,
    strftime(week_start_date, '%G-W%V') as iso_week,
    week_start_date,
    kabkota_code,
    kecamatan_code,
    dimension,
    value_code,
    persons_present,
from counted;

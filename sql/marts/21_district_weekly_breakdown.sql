-- purpose: foreigners present per district and week, split by nationality, purpose and permit type.
-- grain: one row per office, ISO week, kab/kota, kecamatan, dimension and value; key: all of these.
create or replace table marts.district_weekly_breakdown as
with stays as (
    select * from intermediate.lodging_reports_identified
    where person_id is not null and stay_start_date is not null and stay_end_date >= stay_start_date
),

stay_weeks as (
    select
        stays.office_code, stays.kabkota_code, stays.kecamatan_code, stays.person_id,
        stays.nationality_iso3, stays.purpose, stays.permit_type,
        unnest(range(date_trunc('week', stays.stay_start_date), stays.stay_end_date + 1, interval 1 week))::date
            as week_start_date,
    from stays
),

long as (
    unpivot (
        select office_code, kabkota_code, kecamatan_code, person_id, week_start_date,
            coalesce(nationality_iso3, 'UNKNOWN') as nationality,
            coalesce(purpose, 'UNKNOWN') as purpose,
            coalesce(permit_type, 'UNKNOWN') as permit_type,
        from stay_weeks
    )
    on nationality, purpose, permit_type
    into name dimension value value_code
),

final as (
    select
        office_code,
        strftime(week_start_date, '%G-W%V') as iso_week,
        week_start_date,
        kabkota_code,
        kecamatan_code,
        dimension,
        value_code,
        count(distinct person_id) as persons_present,
    from long
    where week_start_date <= $as_of_date
    group by all
)

select * from final;

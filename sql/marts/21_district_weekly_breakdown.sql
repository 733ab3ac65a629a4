-- purpose: foreigners present per district and week, split by nationality, purpose and permit type.
-- grain: one row per office, ISO week, kab/kota, kecamatan, dimension and value; key: all of these.
-- kept from build to build: recomputed only for the district-weeks whose reports changed (all on a
-- full build), from the stay weeks of 20_district_weekly.sql.
create or replace temp view district_weekly_breakdown_new as
with long as (
    unpivot (
        select office_code, kabkota_code, kecamatan_code, person_id, week_start_date,
            coalesce(nationality_iso3, 'UNKNOWN') as nationality,
            coalesce(purpose, 'UNKNOWN') as purpose,
            coalesce(permit_type, 'UNKNOWN') as permit_type,
        from scoped_stay_weeks
    )
    on nationality, purpose, permit_type
    into name dimension value value_code
)

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
where week_start_date <= getvariable('as_of_date')
group by all;

-- a full build dropped the table: it is made here with every row, and the insert below adds none
create table if not exists marts.district_weekly_breakdown as
from district_weekly_breakdown_new;

delete from marts.district_weekly_breakdown as kept
using affected_district_weeks as touched
where touched.office_code = kept.office_code
    and touched.kabkota_code is not distinct from kept.kabkota_code
    and touched.kecamatan_code is not distinct from kept.kecamatan_code
    and touched.week_start_date = kept.week_start_date;

insert into marts.district_weekly_breakdown by name
from district_weekly_breakdown_new
where not getvariable('marts_full');

-- table: marts.foreign_workers_weekly
-- purpose: foreign workers (TKA: purpose of stay BEKERJA) present per reporting company or sponsor and
--   district, per week, for the offices that watch foreign workers. Workers are counted, never named;
--   company names are not personal data.
-- grain: one row per office, ISO week, sponsor, kab/kota and kecamatan
-- key: (office_code, iso_week, sponsor_name, kabkota_code, kecamatan_code); sponsor_name is null where no
--   report of the week names one
-- kept: from foreign_workers_weekly_new, scope affected_office_weeks (office_code, week_start_date)
-- a person counts once per office and week, as a worker when the latest purpose their reports overlapping
-- the week give is BEKERJA (the rule of the report's purpose breakdown, so the sponsors add up to its
-- "Bekerja" row), with the company or sponsor (staging.lodging_reports.establishment_name, the form's
-- "Nama hotel / penginapan / perusahaan") and district of the latest of those reports that names one.
-- new_workers: of those, the persons whose stay starts in the week with an arrival date.
-- Kept from build to build: an incremental build recomputes only the
-- office-weeks it touches, from their persons (intermediate.office_present_persons of 22_office_weekly.sql,
-- kept per person); a person's purpose and sponsor in a week come only from their reports covering it, the
-- latest by report_order.
create or replace temp view foreign_workers_weekly_new as
with counted as (
    select
        office_code,
        week_start_date,
        sponsor_name,
        sponsor_kabkota_code as kabkota_code,
        sponsor_kecamatan_code as kecamatan_code,
        count(*) as workers_present,
        count(*) filter (where is_arrival) as new_workers,
    from scoped_present_persons
    where purpose = 'BEKERJA' and week_start_date <= getvariable('as_of_date')
    group by all
),

final as (
    select
        counted.office_code,
        strftime(counted.week_start_date, '%G-W%V') as iso_week,
        counted.week_start_date,
        counted.sponsor_name,
        counted.kabkota_code,
        coalesce(kabkota.area_name, '(tidak diketahui)') as kabkota_name,
        counted.kecamatan_code,
        coalesce(kecamatan.area_name, '(tidak diketahui)') as kecamatan_name,
        counted.workers_present,
        counted.new_workers,
    from counted
    left join staging.areas as kabkota on kabkota.area_code = counted.kabkota_code
    left join staging.areas as kecamatan on kecamatan.area_code = counted.kecamatan_code
)

select * from final;

-- purpose: foreign workers (TKA: purpose of stay BEKERJA) present per reporting company or sponsor and
--   district, per week, for the offices that watch foreign workers. Workers are counted, never named;
--   company names are not personal data.
-- grain: one row per office, ISO week, sponsor, kab/kota and kecamatan;
--   key: (office_code, iso_week, sponsor_name, kabkota_code, kecamatan_code); sponsor_name is null where no
--   report of the week names one
-- a person counts once per office and week, as a worker when the latest purpose their reports overlapping
-- the week give is BEKERJA (the rule of the report's purpose breakdown, so the sponsors add up to its
-- "Bekerja" row), with the company or sponsor (staging.lodging_reports.establishment_name, the form's
-- "Nama hotel / penginapan / perusahaan") and district of the latest of those reports that names one.
-- new_workers: of those, the persons whose stay starts in the week with an arrival date.
create or replace table marts.foreign_workers_weekly as
with ever_working as (
    select distinct person_id,
    from intermediate.lodging_reports_identified
    where purpose = 'BEKERJA' and person_id is not null
),

stay_weeks as (
    select
        reports.office_code,
        reports.person_id,
        reports.submitted_at,
        reports.response_key,
        reports.purpose,
        nullif(trim(reports.establishment_name), '') as sponsor_name,
        reports.kabkota_code,
        reports.kecamatan_code,
        reports.arrival_date,
        unnest(stay_week_starts(reports.stay_start_date, reports.stay_end_date))::date as week_start_date,
    from intermediate.lodging_reports_identified as reports
    semi join ever_working using (person_id)
    where reports.stay_start_date is not null and reports.stay_end_date >= reports.stay_start_date
),

person_weeks as (
    select
        office_code,
        person_id,
        week_start_date,
        arg_max(purpose, (submitted_at, response_key)) filter (where purpose is not null) as purpose,
        -- the latest report naming a sponsor, else the latest report
        arg_max(
            struct_pack(sponsor_name, kabkota_code, kecamatan_code),
            (sponsor_name is not null, submitted_at, response_key)
        ) as sponsor,
        bool_or(arrival_date is not null and week_start_date = date_trunc('week', arrival_date)) as is_arrival,
    from stay_weeks
    group by all
),

counted as (
    select
        office_code,
        week_start_date,
        sponsor.sponsor_name,
        sponsor.kabkota_code,
        sponsor.kecamatan_code,
        count(*) as workers_present,
        count(*) filter (where is_arrival) as new_workers,
    from person_weeks
    where purpose = 'BEKERJA' and week_start_date <= $as_of_date
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

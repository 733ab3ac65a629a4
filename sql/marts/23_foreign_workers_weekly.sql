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
-- Kept from build to build (pipelines/marts KEPT_TABLES): an incremental build recomputes only the
-- office-weeks it touches (affected_office_weeks, from 22_office_weekly.sql), from the reports whose
-- stays reach into them; a person's purpose and sponsor in a week come only from reports covering it.
create or replace temp view foreign_workers_weekly_new as
with touched_offices as (
    select office_code, min(week_start_date) as first_week_start_date, max(week_start_date) as last_week_start_date,
    from affected_office_weeks
    group by all
),

stay_reports as (
    select *
    from intermediate.lodging_reports_identified
    where getvariable('marts_full')
        and person_id is not null and stay_start_date is not null and stay_end_date >= stay_start_date
    union all
    select reports.*
    from intermediate.lodging_reports_identified as reports
    semi join touched_offices as touched
        on touched.office_code = reports.office_code
        and reports.stay_end_date >= touched.first_week_start_date
        and date_trunc('week', reports.stay_start_date) <= touched.last_week_start_date
    where not getvariable('marts_full')
        and reports.person_id is not null and reports.stay_start_date is not null
        and reports.stay_end_date >= reports.stay_start_date
),

ever_working as (
    select distinct person_id,
    from stay_reports
    where purpose = 'BEKERJA'
),

all_stay_weeks as (
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
    from stay_reports as reports
    semi join ever_working using (person_id)
),

stay_weeks as (
    select * from all_stay_weeks where getvariable('marts_full')
    union all
    select weeks.*
    from all_stay_weeks as weeks
    semi join affected_office_weeks as touched
        on touched.office_code = weeks.office_code and touched.week_start_date = weeks.week_start_date
    where not getvariable('marts_full')
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

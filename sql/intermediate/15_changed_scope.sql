-- purpose: what an incremental build recomputes: the persons and the district-weeks the re-staged
-- reports touch, in their old version (replaced_lodging_reports, kept by staging) and their new one.
-- Empty on a full build (changed_responses is empty then), which recomputes everything.
-- grains: affected_persons one row per person_id; affected_person_reports one row per lodging report of
-- those persons (read once for the tables kept per person); affected_district_weeks one row per office,
-- kab/kota, kecamatan and week; affected_districts one row per office, kab/kota and kecamatan
-- with the first and last week touched.
create or replace temp table changed_reports as
select person_id, office_code, kabkota_code, kecamatan_code, submitted_date, stay_start_date,
    intermediate.stay_end_date(stay_start_date, departure_date, getvariable('as_of_date'), getvariable('open_stay_days'))
        as stay_end_date,
from replaced_lodging_reports
union all
select person_id, office_code, kabkota_code, kecamatan_code, submitted_date, stay_start_date, stay_end_date,
from intermediate.lodging_reports_identified
semi join changed_responses using (source_name, response_key);

create or replace temp table affected_persons as
select distinct person_id,
from changed_reports
where person_id is not null;

create or replace temp table affected_person_reports as
select *
from intermediate.lodging_reports_identified
where person_id in (select person_id from affected_persons);

-- a report counts in the weeks of its stay (present, arrivals) and in the week it was submitted
create or replace temp table affected_district_weeks as
select distinct office_code, kabkota_code, kecamatan_code, week_start_date,
from (
    select office_code, kabkota_code, kecamatan_code,
        unnest(range(date_trunc('week', stay_start_date), stay_end_date + 1, interval 1 week))::date
            as week_start_date,
    from changed_reports
    where person_id is not null and stay_start_date is not null and stay_end_date >= stay_start_date
    union all
    select office_code, kabkota_code, kecamatan_code, date_trunc('week', submitted_date)::date,
    from changed_reports
    where submitted_date is not null
);

create or replace temp table affected_districts as
select office_code, kabkota_code, kecamatan_code,
    min(week_start_date) as first_week_start_date,
    max(week_start_date) as last_week_start_date,
from affected_district_weeks
group by all;

-- purpose: the dates of a stay, for the intermediate and mart layers.

-- the day a stay ends as of the build: an open stay (no check-out) counts as present until the earlier
-- of the as-of date and open_stay_days after its start. kept in the warehouse (not temp): the view
-- intermediate.lodging_reports_identified calls it, in any session that reads it.
create schema if not exists intermediate;

create or replace macro intermediate.stay_end_date(stay_start_date, departure_date, as_of_date, open_stay_days) as
    least(as_of_date, coalesce(departure_date, stay_start_date + to_days(open_stay_days)))::date;

-- the first day (Monday) of each ISO week a stay covers
create or replace temp macro stay_week_starts(stay_start_date, stay_end_date) as
    range(date_trunc('week', stay_start_date), stay_end_date + 1, interval 1 week);

-- the reports about a person, with what the weekly figures read of them, of the table named `reports`
-- (rows of intermediate.lodging_reports_identified)
create or replace temp macro person_report_rows(reports) as table
select office_code, kabkota_code, kecamatan_code, person_id, person_number(person_id) as person_number,
    submitted_date, arrival_date, stay_start_date, stay_end_date, nationality_iso3, purpose, permit_type,
    nullif(trim(establishment_name), '') as sponsor_name,
    -- a person's reports in the order they came in (a form's time is to the second; one without a time
    -- last), two in the same second told apart by their response: one number, cheap to compare
    coalesce(epoch(submitted_at)::bigint, 4102444800) * 1000000
        + (hash(source_name, response_key) % 1000000)::bigint as report_order,
from query_table(reports)
where person_id is not null;

-- table: intermediate.lodging_reports_identified
-- purpose: lodging reports up to the as-of date with the person they are about and their stay interval.
-- grain: one row per lodging report
-- key: (source_name, response_key)
-- a view of staging.lodging_reports, which carries each report's person (identity_method,
-- identity_key, person_id: see person_identity in sql/macros/persons.sql) and stay start; this
-- adds the stay's end as of the build (stay_end_date in sql/macros/stays.sql): an open stay (no
-- check-out) counts as present until the earlier of the as-of date and open_stay_days after its start.

-- table: intermediate.build_parameters
-- purpose: the build's as-of date and open_stay_days, so intermediate.lodging_reports_identified reads
--   the same in any session.
-- grain: one row
-- key: none (one row)
create schema if not exists intermediate;

create or replace table intermediate.build_parameters as
select getvariable('as_of_date')::date as as_of_date, getvariable('open_stay_days')::integer as open_stay_days;

create or replace view intermediate.lodging_reports_identified as
select
    reports.*,
    intermediate.stay_end_date(
        reports.stay_start_date, reports.departure_date, parameters.as_of_date, parameters.open_stay_days
    ) as stay_end_date,
from staging.lodging_reports as reports
cross join intermediate.build_parameters as parameters
where reports.submitted_date <= parameters.as_of_date or reports.submitted_date is null;

-- table: marts.persons
-- purpose: one row per foreigner, whatever office, form or hotel reported them; the restricted columns
--   (full_name, passport_number) are only in the warehouse and the restricted snapshot, never the analysts'.
-- grain: one row per person
-- key: person_id
-- kept: from persons_new, scope affected_persons (person_id)
-- kept from build to build: recomputed only for the persons whose reports changed (all on a full build).
create schema if not exists marts;

create or replace temp view persons_new as
with reports as (
    select *
    from intermediate.lodging_reports_identified
    where person_id is not null and getvariable('marts_full')
    union all
    select * from affected_person_reports
),

final as (
    select
        person_id,
        any_value(identity_method) as identity_method,
        any_value(nationality_iso3) as nationality_iso3,
        arg_max(full_name, submitted_at) as full_name,
        max(passport_number) as passport_number,
        arg_max(sex, submitted_at) as sex,
        min(submitted_date) as first_reported_date,
        max(submitted_date) as last_reported_date,
        count(*) as reports_count,
        -- a later report (an extension, a new KITAS) supersedes the permit of earlier ones; a report
        -- without a timestamp counts as the earliest
        arg_max(
            {'permit_type': permit_type, 'expiry_date': permit_expiry_date},
            (coalesce(submitted_at, '-infinity'::timestamptz), response_key)
        ) filter (where permit_expiry_date is not null or permit_type is not null) as latest_permit,
    from reports
    group by person_id
)

select
    * exclude (latest_permit),
    latest_permit.permit_type as latest_permit_type,
    latest_permit.expiry_date as latest_permit_expiry_date,
from final;

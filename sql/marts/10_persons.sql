-- purpose: one row per foreigner, whatever office, form or hotel reported them; the restricted columns
-- (full_name, passport_number) are only in the warehouse and the restricted snapshot, never the analysts'.
-- grain: one row per person; key: person_id
-- kept from build to build: recomputed only for the persons whose reports changed (all on a full build).
create schema if not exists marts;

create or replace temp view persons_new as
with reports as (
    select *
    from intermediate.lodging_reports_identified
    where person_id is not null
        and (getvariable('marts_full') or person_id in (select person_id from affected_persons))
),

latest_permit as (
    -- a later report (an extension, a new KITAS) supersedes the permit of earlier ones
    select person_id, permit_type, permit_expiry_date,
    from reports
    where permit_expiry_date is not null or permit_type is not null
    qualify row_number() over (partition by person_id order by submitted_at desc nulls last, response_key desc) = 1
),

final as (
    select
        reports.person_id,
        any_value(reports.identity_method) as identity_method,
        any_value(reports.nationality_iso3) as nationality_iso3,
        arg_max(reports.full_name, reports.submitted_at) as full_name,
        max(reports.passport_number) as passport_number,
        arg_max(reports.sex, reports.submitted_at) as sex,
        min(reports.submitted_date) as first_reported_date,
        max(reports.submitted_date) as last_reported_date,
        count(*) as reports_count,
        any_value(latest_permit.permit_type) as latest_permit_type,
        any_value(latest_permit.permit_expiry_date) as latest_permit_expiry_date,
    from reports
    left join latest_permit using (person_id)
    group by reports.person_id
)

select * from final;

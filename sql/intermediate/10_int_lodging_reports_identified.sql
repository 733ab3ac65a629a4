-- purpose: lodging reports up to the as-of date with the person they are about and their stay interval.
-- grain: one row per lodging report; key: (source_name, response_key)
-- identity: passport + nationality; without a passport, name + nationality + date of birth;
-- without a date of birth, name + nationality (method 'name', the weakest; shown in marts.persons).
-- an open stay (no check-out) counts as present until the earlier of the as-of date and
-- open_stay_days after arrival; person_id is the keyed pseudonym of identity_key.
-- kept from build to build (KEPT_TABLES in pipelines/marts): a full build (variable marts_full)
-- computes every report; an incremental one only the responses staging re-staged
-- (changed_responses), and keeps the rows they replace in replaced_reports for 15_changed_scope.sql.
-- a view takes no parameters: the as-of date, open_stay_days and the key's pads are session variables.
create schema if not exists intermediate;

create or replace temp view lodging_reports_identified_new as
with staged as (
    -- an incremental build follows an incremental staging, whose new rows (lodging_reports_new of
    -- 20_lodging_reports.sql) are all the changed responses have: read those, not all of staging
    select * from staging.lodging_reports where getvariable('marts_full')
    union all by name
    select * from lodging_reports_new where not getvariable('marts_full')
),

reports as (
    select *
    from staged
    where submitted_date <= getvariable('as_of_date') or submitted_date is null
),

named as (
    select
        reports.*,
        nullif(regexp_replace(upper(strip_accents(coalesce(full_name, ''))), '[^A-Z]+', ' ', 'g').trim(), '')
            as name_key,
        coalesce(nationality_iso3, '?') as nationality_key,
    from reports
),

keyed as (
    select
        named.*,
        case
            when passport_number is not null then 'passport'
            when name_key is not null and date_of_birth is not null then 'name_dob'
            when name_key is not null then 'name'
        end as identity_method,
        case
            when passport_number is not null then 'P|' || nationality_key || '|' || passport_number
            when name_key is not null and date_of_birth is not null
                then 'D|' || nationality_key || '|' || name_key || '|' || date_of_birth
            when name_key is not null then 'N|' || nationality_key || '|' || name_key
        end as identity_key,
        coalesce(arrival_date, submitted_date) as stay_start_date,
    from named
),

final as (
    select
        keyed.*,
        pseudonym(getvariable('hmac_inner'), getvariable('hmac_outer'), identity_key) as person_id,
        least(
            getvariable('as_of_date'),
            coalesce(departure_date, stay_start_date + to_days(getvariable('open_stay_days')))
        )::date as stay_end_date,
    from keyed
)

select * from final;

-- purpose: lodging reports up to the as-of date with the person they are about and their stay interval.
-- grain: one row per lodging report; key: (source_name, response_key)
-- identity: passport + nationality; without a passport, name + nationality + date of birth;
-- without a date of birth, name + nationality (method 'name', the weakest; shown in marts.persons).
-- an open stay (no check-out) counts as present until the earlier of the as-of date and
-- $open_stay_days after arrival. $as_of_date, $open_stay_days;
-- person_id is the keyed pseudonym of identity_key ($hmac_inner, $hmac_outer).
create schema if not exists intermediate;

create or replace table intermediate.lodging_reports_identified as
with reports as (
    select *
    from staging.lodging_reports
    where submitted_date <= $as_of_date or submitted_date is null
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
        pseudonym($hmac_inner, $hmac_outer, identity_key) as person_id,
        least(
            $as_of_date,
            coalesce(departure_date, stay_start_date + to_days($open_stay_days))
        )::date as stay_end_date,
    from keyed
)

select * from final;

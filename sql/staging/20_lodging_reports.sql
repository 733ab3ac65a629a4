-- purpose: lodging reports (laporan keberadaan orang asing) of this build with every lookup joined:
-- the view lodging_parsed has the fields staged as text, each other field's parsed value and the
-- list of the row's rejects. the view lodging_reports_new has the columns of staging.lodging_reports:
-- the typed fields, the stay's start (arrival, else the day of the report) and the person the report
-- is about (identity_method, identity_key, person_id; see person_identity in sql/macros/persons.sql);
-- and last the row's rejects, which the write moves to staging.rejects (sql/macros/rejects.sql).
-- grain: one row per lodging form response staged in this build; key: (source_name, response_key)
-- a field that cannot be parsed is null and has a reason (in rejects: a staging.rejects row); the
-- row is kept.
create or replace temp view lodging_parsed as
with reports as (
    select *, parse_passport(passport_number) as passport,
    from text_lodging
),

lookups as (
    select * from build_lookups
),

final as (
    select
        -- the fields staged as text; the others are read from their text below
        reports.source_name,
        reports.office_code,
        reports.form_kind,
        reports.time_zone,
        reports.response_key,
        reports.raw_version,
        reports.sheet_row_number,
        reports.reporter_name,
        reports.establishment_name,
        reports.full_name,
        reports.address,
        coalesce(reports.submitted_ts, submitted.value::timestamptz) as submitted_at__value,
        phone.value as reporter_phone__value,
        nationality.value as nationality__value,
        nationality.method as nationality__method,
        reports.passport.value as passport_number__value,
        sex.value as sex__value,
        birth.value::date as date_of_birth__value,
        permit.value as permit_type__value,
        permit.method as permit_type__method,
        permit_number.value as permit_number__value,
        expiry.value::date as permit_expiry_date__value,
        purpose.value as purpose__value,
        kabkota.value as kabkota__value,
        kabkota.method as kabkota__method,
        kabkota.score as kabkota__score,
        kecamatan.value as kecamatan__value,
        kecamatan.method as kecamatan__method,
        kecamatan.score as kecamatan__score,
        desa.value as desa__value,
        desa.method as desa__method,
        arrival.value::date as arrival_date__value,
        departure.value::date as departure_date__value,
        -- the fields of this row that are rejected (each with its text and reason), often none
        list_filter([
            field_reject(
                'lodging.submitted_at', reports.submitted_at, if(reports.submitted_ts is null, submitted.reason, null)
            ),
            field_reject('lodging.reporter_name', reports.reporter_name, null),
            field_reject('lodging.establishment_name', reports.establishment_name, null),
            field_reject('lodging.reporter_phone', reports.reporter_phone, phone.reason),
            field_reject('lodging.full_name', reports.full_name, null),
            field_reject('lodging.nationality', reports.nationality, nationality.reason),
            field_reject('lodging.passport_number', reports.passport_number, reports.passport.reason),
            field_reject('lodging.sex', reports.sex, sex.reason),
            field_reject('lodging.date_of_birth', reports.date_of_birth, birth.reason),
            field_reject('lodging.permit_type', reports.permit_type, permit.reason),
            field_reject('lodging.permit_number', reports.permit_number, permit_number.reason),
            field_reject('lodging.permit_expiry_date', reports.permit_expiry_date, expiry.reason),
            field_reject('lodging.purpose', reports.purpose, purpose.reason),
            field_reject('lodging.address', reports.address, null),
            field_reject('lodging.kabkota', reports.kabkota, kabkota_reject_reason(kabkota.reason, kecamatan.value)),
            field_reject('lodging.kecamatan', reports.kecamatan, kecamatan.reason),
            field_reject('lodging.desa', reports.desa, desa.reason),
            field_reject('lodging.arrival_date', reports.arrival_date, arrival.reason),
            field_reject('lodging.departure_date', reports.departure_date, departure.reason),
        ], lambda reject: reject is not null) as rejects,
    from reports
    left join lookups as submitted
        on submitted.parser = 'timestamp' and submitted.context = reports.locale || '|' || reports.time_zone
        and submitted.raw_value = reports.submitted_at
    left join lookups as phone
        on phone.parser = 'phone' and phone.context = '' and phone.raw_value = reports.reporter_phone
    left join lookups as nationality
        on nationality.parser = 'country' and nationality.context = '' and nationality.raw_value = reports.nationality
    left join lookups as sex
        on sex.parser = 'sex' and sex.context = '' and sex.raw_value = reports.sex
    left join lookups as birth
        on birth.parser = 'date' and birth.context = reports.locale and birth.raw_value = reports.date_of_birth
    left join lookups as permit
        on permit.parser = 'permit_type' and permit.context = '' and permit.raw_value = reports.permit_type
    left join lookups as permit_number
        on permit_number.parser = 'permit_number' and permit_number.context = ''
        and permit_number.raw_value = reports.permit_number
    left join lookups as expiry
        on expiry.parser = 'date' and expiry.context = reports.locale
        and expiry.raw_value = reports.permit_expiry_date
    left join lookups as purpose
        on purpose.parser = 'purpose' and purpose.context = '' and purpose.raw_value = reports.purpose
    left join lookups as kabkota
        on kabkota.parser = 'kabkota' and kabkota.context = reports.office_code
        and kabkota.raw_value = reports.kabkota
    left join lookups as kecamatan
        on kecamatan.parser = 'kecamatan'
        and kecamatan.context = reports.office_code || '|' || coalesce(kabkota.value, '')
        and kecamatan.raw_value = reports.kecamatan
    left join lookups as desa
        on desa.parser = 'desa' and desa.context = reports.office_code || '|' || coalesce(kecamatan.value, kabkota.value, '')
        and desa.raw_value = reports.desa
    left join lookups as arrival
        on arrival.parser = 'date' and arrival.context = reports.locale and arrival.raw_value = reports.arrival_date
    left join lookups as departure
        on departure.parser = 'date' and departure.context = reports.locale
        and departure.raw_value = reports.departure_date
)

select * from final;

create or replace temp view lodging_reports_new as
with parsed as (
    select * from lodging_parsed
),

final as (
    select
        source_name,
        office_code,
        response_key,
        raw_version,
        sheet_row_number,
        submitted_at__value as submitted_at,
        timezone(time_zone, submitted_at__value)::date as submitted_date,
        reporter_name,
        establishment_name,
        reporter_phone__value as reporter_phone,
        full_name,
        nationality__value as nationality_iso3,
        nationality__method as nationality_match_method,
        passport_number__value as passport_number,
        sex__value as sex,
        date_of_birth__value as date_of_birth,
        permit_type__value as permit_type,
        permit_type__method as permit_type_match_method,
        permit_number__value as permit_number,
        permit_expiry_date__value as permit_expiry_date,
        purpose__value as purpose,
        address,
        coalesce(kabkota__value, left(kecamatan__value, 5), left(desa__value, 5)) as kabkota_code,
        case
            when kabkota__value is null and kecamatan__value is not null then 'from_kecamatan'
            when kabkota__value is null and desa__value is not null then 'from_desa'
            else kabkota__method
        end as kabkota_match_method,
        kabkota__score as kabkota_match_score,
        coalesce(kecamatan__value, left(desa__value, 8)) as kecamatan_code,
        case when kecamatan__value is null and desa__value is not null then 'from_desa'
            else kecamatan__method end as kecamatan_match_method,
        kecamatan__score as kecamatan_match_score,
        desa__value as desa_code,
        desa__method as desa_match_method,
        arrival_date__value as arrival_date,
        departure_date__value as departure_date,
        coalesce(arrival_date__value, submitted_date) as stay_start_date,
        rejects,
    from parsed
),

-- the person each report is about: person_id is the keyed pseudonym of identity_key
identified as (
    select
        final.*,
        person_identity(passport_number, nationality_iso3, full_name, date_of_birth) as identity,
    from final
)

select
    * exclude (identity, rejects),
    identity.method as identity_method,
    identity.key as identity_key,
    pseudonym(getvariable('hmac_inner'), getvariable('hmac_outer'), identity.key) as person_id,
    rejects,
from identified;

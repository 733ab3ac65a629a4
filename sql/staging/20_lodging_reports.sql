-- purpose: typed, coded lodging reports (laporan keberadaan orang asing): one row per current response.
-- grain: one row per lodging form response; key: (source_name, response_key)
-- a field that cannot be parsed is null here and has a row in staging.rejects; the row is kept.
create or replace table staging.lodging_reports as
with reports as (
    select * from text_lodging
),

lookups as (
    select * from lookup_values
),

final as (
    select
        reports.source_name,
        reports.office_code,
        reports.response_key,
        reports.raw_version,
        reports.sheet_row_number,
        submitted.value::timestamptz as submitted_at,
        timezone(reports.time_zone, submitted.value::timestamptz)::date as submitted_date,
        reports.reporter_name,
        reports.establishment_name,
        phone.value as reporter_phone,
        reports.full_name,
        nationality.value as nationality_iso3,
        nationality.method as nationality_match_method,
        passport.value as passport_number,
        sex.value as sex,
        birth.value::date as date_of_birth,
        permit.value as permit_type,
        permit_number.value as permit_number,
        expiry.value::date as permit_expiry_date,
        purpose.value as purpose,
        reports.address,
        coalesce(kabkota.value, left(kecamatan.value, 5), left(desa.value, 5)) as kabkota_code,
        case
            when kabkota.value is null and kecamatan.value is not null then 'from_kecamatan'
            when kabkota.value is null and desa.value is not null then 'from_desa'
            else kabkota.method
        end as kabkota_match_method,
        kabkota.score as kabkota_match_score,
        coalesce(kecamatan.value, left(desa.value, 8)) as kecamatan_code,
        case when kecamatan.value is null and desa.value is not null then 'from_desa'
            else kecamatan.method end as kecamatan_match_method,
        kecamatan.score as kecamatan_match_score,
        desa.value as desa_code,
        arrival.value::date as arrival_date,
        departure.value::date as departure_date,
    from reports
    left join lookups as submitted
        on submitted.parser = 'timestamp' and submitted.context = reports.locale || '|' || reports.time_zone
        and submitted.raw_value = reports.submitted_at
    left join lookups as phone
        on phone.parser = 'phone' and phone.context = '' and phone.raw_value = reports.reporter_phone
    left join lookups as nationality
        on nationality.parser = 'country' and nationality.context = '' and nationality.raw_value = reports.nationality
    left join lookups as passport
        on passport.parser = 'passport' and passport.context = '' and passport.raw_value = reports.passport_number
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

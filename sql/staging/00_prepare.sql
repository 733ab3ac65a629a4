-- purpose: empty working tables for one staging build (temp: they vanish with the connection).
create schema if not exists staging;

create or replace temp table text_lodging (
    source_name varchar, office_code varchar, form_kind varchar, locale varchar, time_zone varchar,
    response_key varchar, raw_version integer, sheet_row_number bigint,
    submitted_at varchar, reporter_name varchar, establishment_name varchar, reporter_phone varchar,
    full_name varchar, nationality varchar, passport_number varchar, sex varchar, date_of_birth varchar,
    permit_type varchar, permit_number varchar, permit_expiry_date varchar, purpose varchar,
    address varchar, kabkota varchar, kecamatan varchar, desa varchar,
    arrival_date varchar, departure_date varchar
);

create or replace temp table text_complaint (
    source_name varchar, office_code varchar, form_kind varchar, locale varchar, time_zone varchar,
    response_key varchar, raw_version integer, sheet_row_number bigint,
    submitted_at varchar, complainant_name varchar, complainant_phone varchar, subject_name varchar,
    nationality varchar, category varchar, description varchar, address varchar,
    kabkota varchar, kecamatan varchar, desa varchar, incident_date varchar,
    followup_status varchar, followup_officer varchar, followup_note varchar, followup_date varchar
);

-- grain: one row per distinct raw value and parsing context; key: (parser, context, raw_value)
create or replace temp table lookup_values (
    parser varchar, context varchar, raw_value varchar,
    value varchar, reason varchar, method varchar, score double
);

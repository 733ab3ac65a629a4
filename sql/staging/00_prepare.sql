-- purpose: the staging schema, its persistent lookup cache and the empty working tables of one build
-- (temp: they vanish with the connection).
create schema if not exists staging;

-- grain: one row per distinct raw value and parsing context; key: (parser, context, raw_value)
-- each value is parsed once and kept across builds; emptied when the parsers or their settings change.
create table if not exists staging.lookup_values (
    parser varchar not null,
    context varchar not null,
    raw_value varchar not null,
    value varchar,
    reason varchar,
    method varchar,
    score double
);

-- grain: one row per fetch (raw.fetches) whose changes staging holds; key: fetch_id
create table if not exists staging.staged_fetches (
    fetch_id varchar not null
);

-- grain: one row; what the staged rows were built with (see pipelines/transform/staging.py)
create table if not exists staging.build_state (
    fingerprint varchar not null,
    built_at timestamptz not null
);

-- the text fields of each form: the columns of the views text_lodging and text_complaint, which
-- pipelines/transform/staging.py defines over the raw rows of this build in each header layout.
-- submitted_ts: the form timestamp when a strptime format of the locale reads it (set-based);
-- the rest go through the Python parser and the lookup cache.
create or replace temp table empty_text_lodging (
    source_name varchar, office_code varchar, form_kind varchar, locale varchar, time_zone varchar,
    response_key varchar, raw_version integer, sheet_row_number bigint, submitted_ts timestamptz,
    submitted_at varchar, reporter_name varchar, establishment_name varchar, reporter_phone varchar,
    full_name varchar, nationality varchar, passport_number varchar, sex varchar, date_of_birth varchar,
    permit_type varchar, permit_number varchar, permit_expiry_date varchar, purpose varchar,
    address varchar, kabkota varchar, kecamatan varchar, desa varchar,
    arrival_date varchar, departure_date varchar
);

create or replace temp table empty_text_complaint (
    source_name varchar, office_code varchar, form_kind varchar, locale varchar, time_zone varchar,
    response_key varchar, raw_version integer, sheet_row_number bigint, submitted_ts timestamptz,
    submitted_at varchar, complainant_name varchar, complainant_phone varchar, subject_name varchar,
    nationality varchar, category varchar, description varchar, address varchar,
    kabkota varchar, kecamatan varchar, desa varchar, incident_date varchar,
    followup_status varchar, followup_officer varchar, followup_note varchar, followup_date varchar
);

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

-- a cell's text as staged: without the spaces trim removes at either end (Unicode category Zs), null
-- when empty. trim copies every string it is given, so it is given only those that may need it: with
-- a space at either end, or with any character beyond ASCII (among which the other spaces).
create or replace temp macro cell_text(cell) as
    nullif(if(prefix(cell, ' ') or suffix(cell, ' ') or strlen(cell) <> length(cell), trim(cell), cell), '');

-- a passport number as staged, set-based: {value, reason} with the number in upper case without
-- spaces or dashes when 6 to 12 ASCII letters and digits with at least one digit remain, else reason
-- PASSPORT_IMPLAUSIBLE; null for blank text (no letter or digit). RE2's \s is ASCII only, so the
-- class lists the other Unicode spaces (\x0B, \x1C-\x1F, \x85, \pZ) and dashes (U+2010-2015, U+2212).
create or replace temp macro passport_compact(text) as
    upper(regexp_replace(text, '[\s\x{0B}\x{1C}-\x{1F}\x{85}\pZ\x{2010}-\x{2015}\x{2212}-]+', '', 'g'));

-- whether a text is a passport number as staged: 6 to 12 upper-case ASCII letters and digits, one a digit
create or replace temp macro passport_plausible(text) as
    regexp_full_match(text, '[A-Z0-9]{6,12}') and regexp_matches(text, '[0-9]');

create or replace temp macro parse_passport(text) as
    case
        -- most numbers are written as staged already: no need to compact them
        when passport_plausible(text) then {'value': text, 'reason': null::varchar}
        when text is null or not regexp_matches(text, '[\pL\pN]') then null
        when passport_plausible(passport_compact(text))
            then {'value': passport_compact(text), 'reason': null::varchar}
        else {'value': null::varchar, 'reason': 'PASSPORT_IMPLAUSIBLE'}
    end;

-- the reject of one field, or null: REQUIRED_MISSING for an empty required field (the variable
-- required_fields lists "<form kind>.<field>" names, set from pipelines/core/fields.py), the parser's
-- reason for a value it could not read: {field, raw_value, reason}; the parsed tables list each row's
-- non-null ones in their column rejects
create or replace temp macro field_reject(kind_field, raw_value, parse_reason) as
    case
        when raw_value is null and list_contains(getvariable('required_fields'), kind_field)
            then {'field': split_part(kind_field, '.', 2), 'raw_value': null::varchar, 'reason': 'REQUIRED_MISSING'}
        when raw_value is not null and parse_reason is not null
            then {'field': split_part(kind_field, '.', 2), 'raw_value': raw_value, 'reason': parse_reason}
    end;

-- the reason a kab/kota is rejected, if any: a bare "Serang" (KABKOTA_AMBIGUOUS) is no error when the
-- row's kecamatan tells Kota from Kabupaten Serang
create or replace temp macro kabkota_reject_reason(kabkota_reason, kecamatan_code) as
    if(kabkota_reason = 'KABKOTA_AMBIGUOUS' and kecamatan_code is not null, null, kabkota_reason);

-- the person a lodging report is about, strongest identity first: {method, key} with method
-- 'passport' (passport + nationality), 'name_dob' (without a passport: name + nationality + date of
-- birth) or 'name' (name + nationality, the weakest; shown in marts.persons); null without passport
-- and name. The name is keyed by person_name_key: upper-case ASCII letters and single spaces.
create or replace temp macro person_name_key(full_name) as
    nullif(regexp_replace(upper(strip_accents(coalesce(full_name, ''))), '[^A-Z]+', ' ', 'g').trim(), '');

create or replace temp macro person_identity(passport_number, nationality_iso3, full_name, date_of_birth) as
    case
        when passport_number is not null
            then {'method': 'passport', 'key': 'P|' || coalesce(nationality_iso3, '?') || '|' || passport_number}
        when person_name_key(full_name) is not null and date_of_birth is not null
            then {
                'method': 'name_dob',
                'key': 'D|' || coalesce(nationality_iso3, '?') || '|' || person_name_key(full_name) || '|' || date_of_birth
            }
        when person_name_key(full_name) is not null
            then {'method': 'name', 'key': 'N|' || coalesce(nationality_iso3, '?') || '|' || person_name_key(full_name)}
    end;

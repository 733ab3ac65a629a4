-- purpose: every distinct value of this build (build_keys) and those still to parse (lookup_keys),
-- except kecamatan and desa (they need the kab/kota first).
-- grain: one row per (parser, context, raw_value); lookup_keys: those absent from staging.lookup_values.
-- one distinct per column (not an unpivot of every cell); the context is what the parser needs:
-- the locale for dates, locale and time zone for timestamps, the office for kab/kota, else ''.
-- timestamps that a strptime format read (submitted_ts) need no parsing.
create or replace temp table build_keys as
with lodging as (
    select * from text_lodging
),

complaints as (
    select * from text_complaint
),

keys as (
    select 'timestamp' as parser, locale || '|' || time_zone as context, submitted_at as raw_value,
    from lodging where submitted_ts is null and submitted_at is not null
    union
    select 'phone', '', reporter_phone, from lodging where reporter_phone is not null
    union
    select 'country', '', nationality, from lodging where nationality is not null
    union
    select 'sex', '', sex, from lodging where sex is not null
    union
    select 'date', locale, date_of_birth, from lodging where date_of_birth is not null
    union
    select 'permit_type', '', permit_type, from lodging where permit_type is not null
    union
    select 'permit_number', '', permit_number, from lodging where permit_number is not null
    union
    select 'date', locale, permit_expiry_date, from lodging where permit_expiry_date is not null
    union
    select 'purpose', '', purpose, from lodging where purpose is not null
    union
    select 'kabkota', office_code, kabkota, from lodging where kabkota is not null
    union
    select 'date', locale, arrival_date, from lodging where arrival_date is not null
    union
    select 'date', locale, departure_date, from lodging where departure_date is not null
    union
    select 'timestamp', locale || '|' || time_zone, submitted_at,
    from complaints where submitted_ts is null and submitted_at is not null
    union
    select 'phone', '', complainant_phone, from complaints where complainant_phone is not null
    union
    select 'country', '', nationality, from complaints where nationality is not null
    union
    select 'category', '', category, from complaints where category is not null
    union
    select 'kabkota', office_code, kabkota, from complaints where kabkota is not null
    union
    select 'date', locale, incident_date, from complaints where incident_date is not null
    union
    select 'followup_status', '', followup_status, from complaints where followup_status is not null
    union
    select 'date', locale, followup_date, from complaints where followup_date is not null
)

select * from keys;

create or replace temp table lookup_keys as
select build_keys.*
from build_keys
anti join staging.lookup_values using (parser, context, raw_value);

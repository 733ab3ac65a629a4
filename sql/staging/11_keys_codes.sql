-- purpose: every distinct value still to parse, except kecamatan and desa (they need the kab/kota first).
-- grain: one row per (parser, context, raw_value) absent from lookup_values.
create or replace temp table lookup_keys as
with cells as (
    unpivot (select * exclude (response_key, raw_version, sheet_row_number) from text_lodging)
    on columns(* exclude (source_name, office_code, form_kind, locale, time_zone))
    into name field value raw_value
    union all by name
    unpivot (select * exclude (response_key, raw_version, sheet_row_number) from text_complaint)
    on columns(* exclude (source_name, office_code, form_kind, locale, time_zone))
    into name field value raw_value
),

keys as (
    select distinct
        field_parsers.parser,
        case field_parsers.parser
            when 'date' then cells.locale
            when 'timestamp' then cells.locale || '|' || cells.time_zone
            when 'kabkota' then cells.office_code
            else ''
        end as context,
        cells.raw_value,
    from cells
    join field_parsers using (form_kind, field)
    where field_parsers.parser not in ('text', 'kecamatan', 'desa')
)

select keys.*
from keys
anti join lookup_values using (parser, context, raw_value);

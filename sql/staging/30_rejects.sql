-- purpose: every value that could not be parsed, and every required field left empty, with a reason code.
-- grain: one row per (source_name, response_key, field); key: the same.
create or replace table staging.rejects as
with cells as (
    unpivot (select * exclude (raw_version) from text_lodging)
    on columns(* exclude (source_name, office_code, form_kind, locale, time_zone, response_key, sheet_row_number))
    into name field value raw_value
    union all by name
    unpivot (select * exclude (raw_version) from text_complaint)
    on columns(* exclude (source_name, office_code, form_kind, locale, time_zone, response_key, sheet_row_number))
    into name field value raw_value
),

kabkota_values as (
    select source_name, response_key, office_code, raw_value as kabkota_text
    from cells
    where field = 'kabkota'
),

kecamatan_values as (
    select source_name, response_key, office_code, raw_value as kecamatan_text
    from cells
    where field = 'kecamatan'
),

-- the context each parser was given, rebuilt per cell so the join finds its lookup row
contexts as (
    select
        cells.*,
        field_parsers.parser,
        case field_parsers.parser
            when 'date' then cells.locale
            when 'timestamp' then cells.locale || '|' || cells.time_zone
            when 'kabkota' then cells.office_code
            when 'kecamatan' then cells.office_code || '|' || coalesce(kabkota.value, '')
            when 'desa' then cells.office_code || '|' || coalesce(kecamatan.value, kabkota.value, '')
            else ''
        end as context,
        kecamatan.value as kecamatan_code,
    from cells
    join field_parsers using (form_kind, field)
    left join kabkota_values using (source_name, response_key)
    left join lookup_values as kabkota
        on kabkota.parser = 'kabkota' and kabkota.context = cells.office_code
        and kabkota.raw_value = kabkota_values.kabkota_text
    left join kecamatan_values using (source_name, response_key)
    left join lookup_values as kecamatan
        on kecamatan.parser = 'kecamatan'
        and kecamatan.context = cells.office_code || '|' || coalesce(kabkota.value, '')
        and kecamatan.raw_value = kecamatan_values.kecamatan_text
),

unparsed as (
    select contexts.source_name, contexts.office_code, contexts.form_kind, contexts.response_key,
        contexts.sheet_row_number, contexts.field, contexts.raw_value, lookup_values.reason,
    from contexts
    join lookup_values using (parser, context, raw_value)
    where lookup_values.reason is not null
        -- a bare "Serang" is no error when the kecamatan tells Kota from Kabupaten Serang
        and not (lookup_values.reason = 'KABKOTA_AMBIGUOUS' and contexts.kecamatan_code is not null)
),

-- unpivot drops nulls, so missing required fields come from the text tables directly
required as (
    select form_kind, field from field_parsers where is_required
),

missing as (
    select rows.source_name, rows.office_code, rows.form_kind, rows.response_key, rows.sheet_row_number,
        required.field, null as raw_value, 'REQUIRED_MISSING' as reason,
    from (
        select source_name, office_code, form_kind, response_key, sheet_row_number from text_lodging
        union all
        select source_name, office_code, form_kind, response_key, sheet_row_number from text_complaint
    ) as rows
    join required using (form_kind)
    anti join cells using (source_name, response_key, field)
),

final as (
    select * from unparsed
    union all
    select * from missing
)

select * from final;

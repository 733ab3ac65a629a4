-- purpose: the rejects staging lists: what makes a field a reject, and the rows of staging.rejects
-- (grain: one row per (source_name, response_key, field); key: the same) made from the lists.

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

-- every value of this build that could not be parsed, and every required field left empty, with a
-- reason code: the table macro rejects_of(staged, kind) unnests the rejects listed by the rows of the
-- table `staged` (column rejects), of the form kind `kind`.
-- each staged row lists its rejects (field, raw_value, reason), most often none. a full build reads
-- them back from the rows it wrote, then drops the column (40_write_all.sql); an incremental one
-- from the rows it keeps in temp tables (41_write_changed.sql). either way no cell is parsed or
-- matched to its lookup twice.
create or replace temp macro rejects_of(staged, kind) as table
with listed as (
    select source_name, office_code, response_key, sheet_row_number, unnest(rejects) as reject,
    from query_table(staged)
),

final as (
    select
        source_name,
        office_code,
        kind as form_kind,
        response_key,
        sheet_row_number,
        reject.field as field,
        reject.raw_value as raw_value,
        reject.reason as reason,
    from listed
)

select * from final;

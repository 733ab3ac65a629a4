-- purpose: every value of this build that could not be parsed, and every required field left empty,
-- with a reason code, for staging.rejects: the table macro rejects_of(staged, kind) unnests the
-- rejects listed by the rows of the table `staged` (column rejects), of the form kind `kind`.
-- grain: one row per (source_name, response_key, field); key: the same.
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

-- purpose: every value of this build that could not be parsed, and every required field left empty,
-- with a reason code (the view rejects_new, written to staging.rejects).
-- grain: one row per (source_name, response_key, field); key: the same.
-- each row of the parsed tables lists its rejects (field, raw_value, reason), most often none; they are
-- unnested here, so no cell is matched to its lookup twice.
create or replace temp view rejects_new as
with parsed as (
    select source_name, office_code, form_kind, response_key, sheet_row_number, rejects, from lodging_parsed
    union all
    select source_name, office_code, form_kind, response_key, sheet_row_number, rejects, from complaints_parsed
),

final as (
    select
        source_name,
        office_code,
        form_kind,
        response_key,
        sheet_row_number,
        reject.field as field,
        reject.raw_value as raw_value,
        reject.reason as reason,
    from (select * exclude (rejects), unnest(rejects) as reject from parsed)
)

select * from final;

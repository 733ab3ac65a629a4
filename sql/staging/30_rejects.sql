-- purpose: every value of this build that could not be parsed, and every required field left empty,
-- with a reason code (the view rejects_new, written to staging.rejects).
-- grain: one row per (source_name, response_key, field); key: the same.
-- the parsed tables carry one <field>__reject column per field, null unless the field is rejected;
-- unpivot drops the nulls, so only rejects become rows and no cell is matched to its lookup twice.
create or replace temp view rejects_new as
with lodging as (
    unpivot (
        select source_name, office_code, form_kind, response_key, sheet_row_number, columns('__reject$'),
        from lodging_parsed
    )
    on columns('__reject$')
    into name reject_column value reject
),

complaints as (
    unpivot (
        select source_name, office_code, form_kind, response_key, sheet_row_number, columns('__reject$'),
        from complaints_parsed
    )
    on columns('__reject$')
    into name reject_column value reject
),

final as (
    select
        source_name,
        office_code,
        form_kind,
        response_key,
        sheet_row_number,
        replace(reject_column, '__reject', '') as field,
        reject.raw_value as raw_value,
        reject.reason as reason,
    from (select * from lodging union all select * from complaints)
)

select * from final;

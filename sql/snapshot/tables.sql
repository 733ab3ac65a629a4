-- purpose: what a snapshot copies: every table and view of the analysts' schemas, plus the sync
--   history of raw (never the responses themselves), each with the columns it keeps: all of them but
--   those in $restricted (an empty list for the restricted snapshot).
-- grain: one row per table or view; key: (schema_name, table_name)
-- params: $restricted (a list of column names)
with

analyst_tables as (
    select table_schema as schema_name, table_name, column_name, ordinal_position,
    from information_schema.columns
    where table_catalog = current_database()
        and (
            table_schema in ('intermediate', 'marts', 'state')
            or (table_schema = 'raw' and table_name in ('fetches', 'headers'))
        )
),

final as (
    select schema_name, table_name, list(column_name order by ordinal_position) as columns,
    from analyst_tables
    where not list_contains($restricted, column_name)
    group by schema_name, table_name
)

select * from final
order by schema_name, table_name

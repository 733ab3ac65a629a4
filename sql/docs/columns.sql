-- purpose: every column of the tables and views analysts read, in order, for the generated schema doc.
-- grain: one row per column; key: (table_schema, table_name, column_name)
-- params: $schemas (list of schema names)
select table_schema, table_name, column_name, data_type,
from information_schema.columns
where list_contains($schemas, table_schema)
order by table_schema, table_name, ordinal_position;

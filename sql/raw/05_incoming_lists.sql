-- purpose: the rows of one very wide fetch as 10_incoming.sql and 20_merge.sql read them: temp view
-- incoming_lists holds sheet_row_number, key_cell and cells (the row's cells as one list). DuckDB
-- holds a vector of 2,048 values for each column it reads, so a column per cell would cost
-- gigabytes for a sheet of thousands of columns, whatever its number of rows.
-- grain: one row per fetched sheet row; key: sheet_row_number
-- content_hash: the same text and hash as 05_incoming_columns.sql gives for the same cells.
create or replace temp view incoming_rows as
select
    sheet_row_number,
    key_cell,
    md5(regexp_replace(array_to_string(cells, chr(31)), '\x1F+$', '')) as content_hash,
    cells,
from incoming_lists;

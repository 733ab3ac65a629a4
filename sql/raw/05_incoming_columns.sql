-- purpose: the rows of one fetch as 10_incoming.sql and 20_merge.sql read them, from a fetch of
-- ordinary width: temp view incoming_cells holds sheet_row_number, key_cell and one text column per
-- header position c1, c2, ...
-- grain: one row per fetched sheet row; key: sheet_row_number
-- content_hash ignores trailing empty cells, so a column appended at the right is not a change; it
-- is md5 of the cells joined by chr(31) without the trailing chr(31)s (a regular expression: rtrim
-- with a character is far slower). cells is built only where read: for the rows that 20_merge.sql
-- stores, not for every fetched row.
create or replace temp view incoming_rows as
select
    sheet_row_number,
    key_cell,
    md5(regexp_replace(concat_ws(chr(31), *columns('^c[0-9]+$')), '\x1F+$', '')) as content_hash,
    list_value(*columns('^c[0-9]+$')) as cells,
from incoming_cells;

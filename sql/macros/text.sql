-- purpose: how staging reads a cell's text (used by sql/staging and pipelines/transform/staging.py).

-- a cell's text as staged: without the spaces trim removes at either end (Unicode category Zs), null
-- when empty. trim copies every string it is given, so it is given only those that may need it: with
-- a space at either end, or with any character beyond ASCII (among which the other spaces).
create or replace temp macro cell_text(cell) as
    nullif(if(prefix(cell, ' ') or suffix(cell, ' ') or strlen(cell) <> length(cell), trim(cell), cell), '');

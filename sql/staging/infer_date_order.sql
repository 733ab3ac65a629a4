-- purpose: evidence of the day/month order in one layout's form timestamps, for a sheet whose locale
-- CLDR does not know (pipelines/transform/staging.py): a first part above 12 can only be a day, a
-- second part above 12 only a day (so the first is the month), a four-digit first part a year.
-- grain: one row; params: $source_name, $header_id, $position (the timestamp's cell, from 1)
with parts as (
    select
        regexp_extract(
            cell_text(cells[$position]), '^(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})', ['first', 'second', 'third']
        ) as part,
    from raw.responses
    where source_name = $source_name and header_id = $header_id and superseded_at is null and deleted_at is null
),

numbers as (
    select
        length(part.first) as first_digits,
        try_cast(part.first as integer) as first,
        try_cast(part.second as integer) as second,
    from parts
    where part.first <> ''
)

select
    count(*) filter (where first_digits <= 2 and first between 13 and 31 and second between 1 and 12) as day_first,
    count(*) filter (where first_digits <= 2 and second between 13 and 31 and first between 1 and 12) as month_first,
    count(*) filter (where first_digits = 4) as year_first,
from numbers;

-- purpose: how many of a sample of one layout's form timestamps one strptime format reads, so that
-- the extraction tries the formats that fit first (_formats_by_fit in pipelines/transform/staging.py).
-- params: $format, $source_name, $header_id, $position (the timestamp's cell, from 1)
with sample as (
    select cell_text(cells[$position]) as cell,
    from raw.responses
    where source_name = $source_name and header_id = $header_id and superseded_at is null and deleted_at is null
    limit 1000
)

select count(try_strptime(cell, $format)) as hits,
from sample;

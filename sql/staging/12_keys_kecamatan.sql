-- purpose: distinct kecamatan texts with the office and the kab/kota already resolved for their row.
-- grain: one row per (office|kabkota_code, kecamatan text) absent from lookup_values.
create or replace temp table lookup_keys as
with rows as (
    select office_code, kabkota, kecamatan from text_lodging where kecamatan is not null
    union all
    select office_code, kabkota, kecamatan from text_complaint where kecamatan is not null
),

keys as (
    select distinct
        'kecamatan' as parser,
        rows.office_code || '|' || coalesce(kabkota.value, '') as context,
        rows.kecamatan as raw_value,
    from rows
    left join lookup_values as kabkota
        on kabkota.parser = 'kabkota' and kabkota.context = rows.office_code and kabkota.raw_value = rows.kabkota
)

select keys.*
from keys
anti join lookup_values using (parser, context, raw_value);

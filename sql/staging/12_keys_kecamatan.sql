-- purpose: distinct kecamatan texts with the office and the kab/kota already resolved for their row.
-- added to build_keys; lookup_keys: those absent from staging.lookup_values.
-- grain: one row per (office|kabkota_code, kecamatan text).
insert into build_keys
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
    left join staging.lookup_values as kabkota
        on kabkota.parser = 'kabkota' and kabkota.context = rows.office_code and kabkota.raw_value = rows.kabkota
)

select * from keys;

create or replace temp table lookup_keys as
select build_keys.*
from build_keys
anti join staging.lookup_values using (parser, context, raw_value)
where build_keys.parser = 'kecamatan';

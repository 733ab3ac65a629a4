-- purpose: distinct desa/kelurahan texts with their row's resolved kecamatan (else its kab/kota).
-- added to build_keys; lookup_keys: those absent from staging.lookup_values.
-- grain: one row per (office|kecamatan_code, desa text).
insert into build_keys
with rows as (
    select office_code, kabkota, kecamatan, desa from text_lodging where desa is not null
    union all
    select office_code, kabkota, kecamatan, desa from text_complaint where desa is not null
),

keys as (
    select distinct
        'desa' as parser,
        rows.office_code || '|' || coalesce(kecamatan.value, kabkota.value, '') as context,
        rows.desa as raw_value,
    from rows
    left join staging.lookup_values as kabkota
        on kabkota.parser = 'kabkota' and kabkota.context = rows.office_code and kabkota.raw_value = rows.kabkota
    left join staging.lookup_values as kecamatan
        on kecamatan.parser = 'kecamatan'
        and kecamatan.context = rows.office_code || '|' || coalesce(kabkota.value, '')
        and kecamatan.raw_value = rows.kecamatan
)

select * from keys;

create or replace temp table lookup_keys as
select build_keys.*
from build_keys
anti join staging.lookup_values using (parser, context, raw_value)
where build_keys.parser = 'desa';

-- purpose: the week's figures of one office per kecamatan ("Menurut kecamatan"), ranked by foreigners
--   present within each kabupaten/kota; the unmatched kecamatan comes last
-- grain: one row per kabkota and kecamatan (null kecamatan_code = not given or not matched)
-- key: (kabkota_code, kecamatan_code)
-- params: $office_code, $iso_week
with

district_weekly as (
    select *
    from marts.district_weekly
    where office_code = $office_code
        and iso_week = $iso_week
),

final as (
    select
        kabkota_code,
        kabkota_name,
        kecamatan_code,
        kecamatan_name,
        foreigners_present::bigint as foreigners_present,
        new_arrivals::bigint as new_arrivals,
        reports_received::bigint as reports_received,
        complaints_received::bigint as complaints_received,
    from district_weekly
)

select * from final
order by
    kabkota_code nulls last,
    kecamatan_code is null,
    foreigners_present desc,
    new_arrivals desc,
    kecamatan_code

-- purpose: the kabupaten/kota an office's weekly rows cover, with their names, for the report header
-- grain: one row per kabkota_code
-- key: (kabkota_code)
-- params: $office_code
with

district_weekly as (
    select
        kabkota_code,
        kabkota_name,
    from marts.district_weekly
    where office_code = $office_code
),

final as (
    select
        kabkota_code,
        -- a name can change between builds; show the latest spelling
        max(kabkota_name) as kabkota_name,
    from district_weekly
    group by kabkota_code
)

select * from final
order by kabkota_code

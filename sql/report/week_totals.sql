-- purpose: the headline figures of one office and ISO week (the report runs it for the week and the week before)
-- grain: one row (zeros when the week has no rows)
-- key: ()
-- params: $office_code, $iso_week
-- note: foreigners_present sums the distinct counts per kecamatan; a person reported in two kecamatan
--   of the same week counts in each
with

district_weekly as (
    select *
    from marts.district_weekly
    where office_code = $office_code
        and iso_week = $iso_week
),

final as (
    select
        coalesce(sum(foreigners_present), 0)::bigint as foreigners_present,
        coalesce(sum(new_arrivals), 0)::bigint as new_arrivals,
        coalesce(sum(reports_received), 0)::bigint as reports_received,
        coalesce(sum(complaints_received), 0)::bigint as complaints_received,
    from district_weekly
)

select * from final

-- purpose: the analysts' copy of intermediate.lodging_reports_identified: every date at its ISO week
--   (a start at the week's Monday, an end at its Sunday, so "present in week W" and "arrived in week W"
--   read as in the warehouse), a permit's expiry at its month, no desa, and sex and kecamatan only where
--   at least 5 persons share the row's quasi-identifiers. The submission time, response key and sheet
--   row are dropped by the copy (pointers back to the form row); person_report_number keeps the order.
-- grain: one row per lodging report; key: none published (the response key points to the form row)
-- quasi-identifiers: office, nationality, sex, kab/kota, kecamatan, arrival week, purpose, permit type
with

reports as (
    select
        * replace (
            date_trunc('week', submitted_date)::date as submitted_date,
            date_trunc('week', arrival_date)::date as arrival_date,
            date_trunc('week', departure_date)::date + 6 as departure_date,
            date_trunc('week', stay_start_date)::date as stay_start_date,
            date_trunc('week', stay_end_date)::date + 6 as stay_end_date,
            date_trunc('month', permit_expiry_date)::date as permit_expiry_date,
            null::varchar as desa_code,
        ),
    from intermediate.lodging_reports_identified
),

grouped as (
    select
        *,
        count(distinct person_id) over (
            partition by office_code, nationality_iso3, sex, kabkota_code, kecamatan_code, arrival_date, purpose,
                permit_type
        ) as persons_alike,
    from reports
),

final as (
    -- the report's figures need nationality, kab/kota, purpose, permit type and the weeks: those stay
    select
        * exclude (persons_alike) replace (
            if(persons_alike >= 5, sex, null) as sex,
            if(persons_alike >= 5, kecamatan_code, null) as kecamatan_code,
            if(persons_alike >= 5, kecamatan_match_method, null) as kecamatan_match_method,
            if(persons_alike >= 5, kecamatan_match_score, null) as kecamatan_match_score,
        ),
    from grouped
)

select * from final

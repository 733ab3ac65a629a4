-- purpose: the analysts' copy of marts.complaints: the subject's nationality and kecamatan only where
--   at least 5 persons complained about share them with the row's office, kab/kota and ISO week (a
--   complaint without a named subject counts as a person of its own). The submission time is dropped
--   by the copy; the day stays, as the report's SLA counts days.
-- grain: one row per complaint; key: complaint_id (keyed pseudonym)
-- quasi-identifiers: office, kab/kota, ISO week, nationality, kecamatan
with

grouped as (
    select
        *,
        count(distinct coalesce(subject_id, complaint_id)) over (
            partition by office_code, kabkota_code, iso_week, nationality_iso3, kecamatan_code
        ) >= 5 as is_kept,
    from marts.complaints
),

-- the rows not kept are grouped again without their kecamatan, as they will be published
by_nationality as (
    select
        *,
        count(distinct coalesce(subject_id, complaint_id)) over (
            partition by office_code, kabkota_code, iso_week, nationality_iso3
        ) >= 5 as is_kept_nationality,
    from grouped
    where not is_kept
),

final as (
    select * exclude (is_kept) from grouped where is_kept
    union all by name
    select
        * exclude (is_kept, is_kept_nationality) replace (
            if(is_kept_nationality, nationality_iso3, null) as nationality_iso3,
            null::varchar as kecamatan_code,
            '(disamarkan)' as kecamatan_name,
        ),
    from by_nationality
)

select * from final

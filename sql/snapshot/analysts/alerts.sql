-- purpose: the analysts' copy of marts.alerts: every alert with its office, kind and status (what the counts
--   per office and kind need), its person's traits generalised until at least 5 alerted persons of the
--   office and kind share them: the permit's expiry and basis at their month and the stay's start and last
--   presence at their ISO week where 5 share every trait; else only nationality, kab/kota and permit type
--   where 5 share those; else only the nationality where 5 share it; else none. The days over or left
--   (a day's arithmetic on the exact dates) are dropped, and the alert's own dates are at their ISO week.
--   The report's alert list reads marts.alerts in the owner-only restricted snapshot.
-- grain: one row per alert; key: alert_id
-- quasi-identifiers: nationality, kab/kota, kecamatan, permit type, permit expiry and basis month, stay
--   start and last presence week (within the office and alert kind)
with

alerts as (
    select
        * replace (
            date_trunc('month', permit_expiry_date)::date as permit_expiry_date,
            date_trunc('month', basis_date)::date as basis_date,
            date_trunc('week', stay_start_date)::date as stay_start_date,
            date_trunc('week', last_present_date)::date as last_present_date,
            null::integer as days_overstayed,
            null::integer as days_to_expiry,
            date_trunc('week', raised_at) as raised_at,
            date_trunc('week', raised_on)::date as raised_on,
            date_trunc('week', last_detected_on)::date as last_detected_on,
            date_trunc('week', resolved_on)::date as resolved_on,
        ),
    from marts.alerts
),

level_0 as (
    select
        *,
        count(distinct person_id) over (
            partition by office_code, alert_kind, nationality_iso3, kabkota_code, kecamatan_code, permit_type,
                permit_expiry_date, basis_date, stay_start_date, last_present_date
        ) >= 5 as is_kept,
    from alerts
),

-- the rows not kept are grouped again among themselves, as they will be published
level_1 as (
    select
        *,
        count(distinct person_id) over (
            partition by office_code, alert_kind, nationality_iso3, kabkota_code, permit_type
        ) >= 5 as is_kept_1,
    from level_0
    where not is_kept
),

level_2 as (
    select
        *,
        count(distinct person_id) over (partition by office_code, alert_kind, nationality_iso3) >= 5 as is_kept_2,
    from level_1
    where not is_kept_1
),

final as (
    select * exclude (is_kept) from level_0 where is_kept
    union all by name
    select
        * exclude (is_kept, is_kept_1) replace (
            null::varchar as kecamatan_code,
            null::varchar as kecamatan_name,
            null::date as permit_expiry_date,
            null::date as basis_date,
            null::date as stay_start_date,
            null::date as last_present_date,
        ),
    from level_1
    where is_kept_1
    union all by name
    select
        * exclude (is_kept, is_kept_1, is_kept_2) replace (
            if(is_kept_2, nationality_iso3, null) as nationality_iso3,
            null::varchar as kabkota_code,
            null::varchar as kabkota_name,
            null::varchar as kecamatan_code,
            null::varchar as kecamatan_name,
            null::varchar as permit_type,
            null::date as permit_expiry_date,
            null::date as basis_date,
            null::date as stay_start_date,
            null::date as last_present_date,
        ),
    from level_2
)

select * from final

-- purpose: the office's alerts still to act on (OPEN or ACKNOWLEDGED), one line each, most urgent
--   first; pseudonymous ids only, never names or passport numbers
-- grain: one row per open alert
-- key: (alert_id)
-- params: $office_code
with

open_alerts as (
    select *
    from marts.alerts
    where office_code = $office_code and is_open
),

final as (
    select
        alert_id,
        alert_kind,
        status,
        person_id,
        nationality_iso3,
        kabkota_name,
        kecamatan_name,
        permit_type,
        permit_expiry_date,
        days_overstayed::bigint as days_overstayed,
        days_to_expiry::bigint as days_to_expiry,
        last_present_date,
        last_detected_on,
    from open_alerts
)

select * from final
order by
    alert_kind = 'EXPIRING_SOON',
    days_overstayed desc,
    days_to_expiry nulls last,
    alert_id

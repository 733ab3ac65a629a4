-- purpose: the office's latest overstay alerts, one line each, for follow-up; pseudonymous ids only,
--   never names or passport numbers
-- grain: one row per alert
-- key: (alert_id)
-- params: $office_code
with

office_alerts as (
    select *
    from marts.overstay_alerts
    where office_code = $office_code
),

latest as (
    select *
    from office_alerts
    where as_of_date = (select max(as_of_date) from office_alerts)
),

final as (
    select
        alert_id,
        alert_kind,
        person_id,
        nationality_iso3,
        kabkota_name,
        kecamatan_name,
        permit_type,
        permit_expiry_date,
        days_overstayed::bigint as days_overstayed,
        days_to_expiry::bigint as days_to_expiry,
        last_present_date,
    from latest
)

select * from final
order by
    alert_kind desc,
    days_overstayed desc,
    days_to_expiry nulls last,
    alert_id

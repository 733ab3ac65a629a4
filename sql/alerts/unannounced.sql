-- purpose: open alerts not yet announced on a notification channel, with the person's details
--   (name and passport are only put in messages of channels marked restricted).
-- params: $channel
select
    alerts.alert_id,
    alerts.office_code,
    alerts.alert_kind,
    alerts.kabkota_name,
    alerts.kecamatan_name,
    alerts.nationality_iso3,
    alerts.permit_type,
    alerts.basis_date,
    alerts.days_overstayed,
    alerts.days_to_expiry,
    alerts.person_id,
    persons.full_name,
    persons.passport_number,
from marts.alerts as alerts
left join marts.persons as persons using (person_id)
where alerts.status = 'OPEN'
    and alerts.is_detected
    and alerts.alert_id not in (
        select alert_id from state.alert_notifications where channel = $channel
    )
order by alerts.office_code, alerts.alert_kind = 'EXPIRING_SOON', alerts.days_overstayed desc, alerts.alert_id;

-- purpose: alerts for `timpora alerts`, most urgent first; pseudonymous person ids only.
-- params: $office_code (null: every office), $statuses (list of statuses)
select
    alert_id,
    office_code as office,
    alert_kind as kind,
    status,
    kecamatan_name || ', ' || kabkota_name as district,
    nationality_iso3 as nationality,
    permit_type as permit,
    strftime(basis_date, '%Y-%m-%d') as until,
    case when alert_kind <> 'EXPIRING_SOON' then days_overstayed end as days_over,
    days_to_expiry as days_left,
    person_id,
    strftime(raised_on, '%Y-%m-%d') as raised,
    case when status <> 'OPEN' then status_by end as by,
    coalesce(status_note, resolved_reason) as note,
from marts.alerts
where ($office_code is null or office_code = $office_code)
    and list_contains($statuses, status)
order by
    status = 'RESOLVED',
    alert_kind = 'EXPIRING_SOON',
    days_overstayed desc,
    days_to_expiry,
    alert_id;

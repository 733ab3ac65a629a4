-- purpose: the rows of an office's `Peringatan` tab: open alerts and those resolved lately, most urgent
--   first; name and passport only when $restricted (a closed spreadsheet), else null.
-- grain: one row per alert; key: alert_id
-- params: $office_code, $closed_since (date: resolved alerts older than this drop off), $restricted
with

alerts as (
    select *
    from marts.alerts
    where office_code = $office_code
        and (is_open or resolved_on >= $closed_since)
),

reported as (
    select
        person_id,
        first_reported_at::date as first_reported_on,
        last_reported_at::date as last_reported_on,
    from marts.office_persons
    where office_code = $office_code
        and person_id in (select person_id from alerts)
),

final as (
    select
        alerts.alert_id,
        alerts.alert_kind,
        alerts.kabkota_name,
        alerts.kecamatan_name,
        alerts.nationality_iso3,
        alerts.permit_type,
        alerts.permit_expiry_date,
        case when alerts.alert_kind <> 'EXPIRING_SOON' then alerts.days_overstayed end as days_overstayed,
        reported.first_reported_on,
        reported.last_reported_on,
        alerts.person_id,
        case when $restricted then persons.full_name end as full_name,
        case when $restricted then persons.passport_number end as passport_number,
        alerts.resolved_reason,
        alerts.status,
        case when alerts.status_by <> 'sistem' then alerts.status_by end as officer,
        alerts.status_note as note,
    from alerts
    left join reported on reported.person_id = alerts.person_id
    left join marts.persons as persons on $restricted and persons.person_id = alerts.person_id
)

select * from final
order by
    status = 'RESOLVED',
    alert_kind = 'EXPIRING_SOON',
    days_overstayed desc nulls last,
    alert_id;

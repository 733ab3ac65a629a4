-- purpose: the office's alerts as they stood at the report's cut-off (the end of its week, or when the
--   report was made if that is earlier): those still to act on (BARU, DITINDAKLANJUTI) and those resolved
--   during the week (SELESAI), with the short id `timpora alerts ack` accepts, the officer handling each,
--   and the figures at the cut-off. The report's alert counts are counted from these rows, so its summary
--   and its list agree. Pseudonymous ids only, never names or passport numbers.
-- grain: one row per alert; key: (alert_id)
-- params: $office_code, $week_start, $cutoff_date (dates), $week_start_at, $cutoff_at (the same moments in
--   the office's time zone, for officers' changes)
with

office_alerts as (
    select *
    from marts.alerts
    where office_code = $office_code
),

-- a build's change takes effect on the date it assessed, an officer's when made
history as (
    select
        *,
        coalesce(as_of_date < $week_start, changed_at < $week_start_at) as is_before_week,
    from marts.alert_history
    where office_code = $office_code
        and coalesce(as_of_date <= $cutoff_date, changed_at < $cutoff_at)
),

logged as (
    select distinct alert_id,
    from marts.alert_history
    where office_code = $office_code
),

status_at_cutoff as (
    select
        alert_id,
        arg_max(to_status, changed_at) as status,
        max(changed_at) as status_changed_at,
        arg_max(to_status, changed_at) filter (where is_before_week) as status_at_week_start,
    from history
    where is_status_change
    group by alert_id
),

named as (
    select alert_id, arg_max(officer, changed_at) as officer, max(changed_at) as named_at,
    from history
    where officer is not null
    group by alert_id
),

-- an alert no change was ever logged for (an old warehouse) stands by its raised and resolved dates
statuses as (
    select
        alerts.*,
        case
            when logged.alert_id is not null then at_cutoff.status
            when alerts.raised_on > $cutoff_date then null
            when alerts.resolved_on <= $cutoff_date then 'RESOLVED'
            else alerts.status
        end as status_at_cutoff,
        case
            when logged.alert_id is not null then at_cutoff.status_at_week_start
            when alerts.raised_on >= $week_start then null
            when alerts.resolved_on < $week_start then 'RESOLVED'
            else 'OPEN'
        end as status_before_week,
        case when named.named_at >= at_cutoff.status_changed_at then named.officer end as officer_at_cutoff,
    from office_alerts as alerts
    left join logged using (alert_id)
    left join status_at_cutoff as at_cutoff using (alert_id)
    left join named using (alert_id)
),

final as (
    select
        statuses.alert_id,
        short_ids.short_id,
        statuses.alert_kind,
        statuses.status_at_cutoff as status,
        statuses.officer_at_cutoff as officer,
        statuses.raised_on,
        ($cutoff_date::date - statuses.raised_on)::bigint as days_since_raised,
        statuses.raised_on >= $week_start as is_new,
        statuses.status_at_cutoff = 'RESOLVED' as is_resolved,
        statuses.person_id,
        statuses.nationality_iso3,
        statuses.kabkota_name,
        statuses.kecamatan_name,
        statuses.permit_type,
        statuses.permit_expiry_date,
        -- the figures of the last build that detected it, taken back to the cut-off: days over count up to
        -- the last day the person was present, days left down from the build's date
        case
            when statuses.alert_kind <> 'EXPIRING_SOON'
                then statuses.days_overstayed - greatest(0, statuses.last_present_date - $cutoff_date::date)
        end::bigint as days_overstayed,
        (statuses.days_to_expiry + (statuses.last_detected_on - $cutoff_date::date))::bigint as days_to_expiry,
        statuses.last_detected_on,
    from statuses
    left join marts.alert_short_ids as short_ids using (alert_id)
    -- still to act on at the cut-off, or closed during the week
    where statuses.status_at_cutoff in ('OPEN', 'ACKNOWLEDGED')
        or (statuses.status_at_cutoff = 'RESOLVED' and statuses.status_before_week is distinct from 'RESOLVED')
)

select * from final
order by
    status = 'RESOLVED',
    alert_kind = 'EXPIRING_SOON',
    days_overstayed desc nulls last,
    days_to_expiry nulls last,
    alert_id

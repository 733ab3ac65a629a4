-- purpose: the office's alerts per kind for the report's week: open at the week's end, new in the
--   week, resolved in the week (by an officer or closed by a later report), and open ones more than
--   60 days over (over 60 days means deportation and an entry ban rather than a daily fine)
-- grain: one row per alert_kind with any count
-- key: (alert_kind)
-- params: $office_code, $week_start, $week_end
with

office_alerts as (
    select *
    from marts.alerts
    where office_code = $office_code
),

flagged as (
    select
        alert_kind,
        raised_on <= $week_end and (resolved_on is null or resolved_on > $week_end) as is_open_at_end,
        raised_on between $week_start and $week_end as is_new,
        resolved_on between $week_start and $week_end as is_resolved,
        days_overstayed,
        last_detected_on,
    from office_alerts
),

final as (
    select
        alert_kind,
        count(*) filter (where is_open_at_end)::bigint as open_alerts,
        count(*) filter (where is_new)::bigint as new_alerts,
        count(*) filter (where is_resolved)::bigint as resolved_alerts,
        count(*) filter (where is_open_at_end and days_overstayed > 60)::bigint as over_60_days,
        max(last_detected_on) as as_of_date,
    from flagged
    group by alert_kind
)

select * from final
where open_alerts + new_alerts + resolved_alerts > 0
order by alert_kind = 'EXPIRING_SOON', alert_kind

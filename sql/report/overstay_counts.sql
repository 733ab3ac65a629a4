-- purpose: the office's latest overstay alerts counted by kind, with how many are past 60 days
--   (over 60 days means deportation and an entry ban rather than a daily fine)
-- grain: one row per alert_kind
-- key: (alert_kind)
-- params: $office_code
with

office_alerts as (
    select *
    from marts.overstay_alerts
    where office_code = $office_code
),

latest as (
    -- the alerts of the last build only, should the table ever keep earlier snapshots
    select *
    from office_alerts
    where as_of_date = (select max(as_of_date) from office_alerts)
),

final as (
    select
        alert_kind,
        count(*)::bigint as alerts,
        count(*) filter (where days_overstayed > 60)::bigint as over_60_days,
        max(as_of_date) as as_of_date,
    from latest
    group by alert_kind
)

select * from final
order by alert_kind desc

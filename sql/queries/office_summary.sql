-- purpose: one line per office for one ISO week ($iso_week): the demo's closing summary. The week's
--   figures are marts.office_weekly's (each person once per office and week, as in the report).
-- grain: one row per office; key: office_code
with weekly as (
    select
        office_code,
        iso_week,
        foreigners_present,
        new_arrivals,
        reports_received,
        complaints_received,
    from marts.office_weekly
    where iso_week = $iso_week
),

alerts as (
    select office_code,
        count(*) filter (where alert_kind <> 'EXPIRING_SOON') as overstay_alerts,
        count(*) filter (where alert_kind = 'EXPIRING_SOON') as expiring_soon,
    from marts.alerts
    where is_open
    group by all
)

select weekly.*, coalesce(alerts.overstay_alerts, 0) as overstay_alerts,
    coalesce(alerts.expiring_soon, 0) as expiring_soon,
from weekly
left join alerts using (office_code)
order by office_code;

-- purpose: one line per office for one ISO week ($iso_week): the demo's closing summary.
-- grain: one row per office; key: office_code
with weekly as (
    select
        district_weekly.office_code,
        any_value(district_weekly.iso_week) as iso_week,
        sum(district_weekly.foreigners_present)::bigint as foreigners_present,
        sum(district_weekly.new_arrivals)::bigint as new_arrivals,
        sum(district_weekly.reports_received)::bigint as reports_received,
        sum(district_weekly.complaints_received)::bigint as complaints_received,
    from marts.district_weekly
    where district_weekly.iso_week = $iso_week
    group by all
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

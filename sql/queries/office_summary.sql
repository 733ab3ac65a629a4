-- purpose: one line per office for the latest ISO week in the marts: the demo's closing summary.
-- grain: one row per office; key: office_code
with latest as (
    select office_code, max(week_start_date) as week_start_date,
    from marts.district_weekly
    where foreigners_present > 0
    group by all
),

weekly as (
    select
        district_weekly.office_code,
        any_value(district_weekly.iso_week) as iso_week,
        sum(district_weekly.foreigners_present) as foreigners_present,
        sum(district_weekly.new_arrivals) as new_arrivals,
        sum(district_weekly.complaints_received) as complaints_received,
    from marts.district_weekly
    join latest using (office_code, week_start_date)
    group by all
),

alerts as (
    select office_code,
        count(*) filter (where alert_kind = 'OVERSTAY') as overstay_alerts,
        count(*) filter (where alert_kind = 'EXPIRING_SOON') as expiring_soon,
    from marts.overstay_alerts
    group by all
)

select weekly.*, coalesce(alerts.overstay_alerts, 0) as overstay_alerts,
    coalesce(alerts.expiring_soon, 0) as expiring_soon,
from weekly
left join alerts using (office_code)
order by office_code;

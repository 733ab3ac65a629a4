-- purpose: open alerts per office and kind (`timpora status`).
-- grain: one row per (office, kind) with open alerts
select
    office_code as office,
    count(*) filter (where alert_kind = 'OVERSTAY') as overstay,
    count(*) filter (where alert_kind in ('VISA_FREE_LIMIT', 'VOA_LIMIT')) as stay_limit,
    count(*) filter (where alert_kind = 'EXPIRING_SOON') as expiring_soon,
    count(*) filter (where status = 'ACKNOWLEDGED') as acknowledged,
from marts.alerts
where is_open
group by office_code
order by office_code;

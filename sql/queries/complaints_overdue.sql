-- purpose: complaints still without response after the office's SLA, oldest first (`timpora status`);
--   never the complainant's name or phone.
-- grain: one row per overdue complaint; key: complaint_id
select
    complaint_id,
    office_code as office,
    category,
    kecamatan_name || ', ' || kabkota_name as district,
    strftime(submitted_date, '%Y-%m-%d') as received,
    days_open,
    sla_days,
from marts.complaints
where is_overdue
order by days_open desc, complaint_id;

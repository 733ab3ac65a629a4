-- purpose: alerts and their follow-up for the roll-up (pseudonymous; no officer notes).
-- grain: one row per alert; partitioned by office_code and iso_week (of first detection)
select * exclude (status_note), strftime(raised_on, '%G-W%V') as iso_week,
from marts.alerts
where $office_code is null or office_code = $office_code;

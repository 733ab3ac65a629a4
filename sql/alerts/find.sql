-- purpose: the alerts whose id starts with what an officer typed (ids are 16 hex characters).
-- params: $prefix
select alert_id, office_code, alert_kind, status, status_by, status_at,
from state.alerts
where starts_with(alert_id, $prefix)
order by alert_id
limit 5;

-- purpose: the alerts whose id, or an id they had before (state.alert_id_aliases), starts with what
-- an officer typed (ids are 16 hex characters).
-- params: $prefix
with named as (
    select alert_id from state.alerts where starts_with(alert_id, $prefix)
    union
    select alert_id from state.alert_id_aliases where starts_with(alert_id_before, $prefix)
)

select alert_id, office_code, alert_kind, status, status_by, status_at,
from state.alerts
where alert_id in (select alert_id from named)
order by alert_id
limit 5;

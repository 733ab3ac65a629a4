-- purpose: one officer's status change of one alert, logged in state.alert_events.
-- params: $alert_id, $from_status, $to_status, $changed_by, $note, $changed_at, $origin
insert into state.alert_events
values ($alert_id, $changed_at, $from_status, $to_status, $changed_by, $note, $origin);

update state.alerts
set
    status = $to_status,
    status_at = $changed_at,
    status_by = $changed_by,
    status_note = $note,
    resolved_reason = case when $to_status = 'RESOLVED' then 'OFFICER' end,
    resolved_on = case when $to_status = 'RESOLVED' then $changed_at::date end
where alert_id = $alert_id and status = $from_status;

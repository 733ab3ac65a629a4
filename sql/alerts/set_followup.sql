-- purpose: an officer's name and note on an alert whose status stays as it is (a follow-up column
--   edited on the results sheet), logged in state.alert_events.
-- params: $alert_id, $status, $changed_by (null: unnamed, the alert keeps its officer), $note, $changed_at, $origin
insert into state.alert_events
values ($alert_id, $changed_at, $status, $status, coalesce($changed_by, '(tanpa nama)'), $note, $origin);

update state.alerts
set status_by = coalesce($changed_by, status_by), status_note = $note
where alert_id = $alert_id and status = $status;

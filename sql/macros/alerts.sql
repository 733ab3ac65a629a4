-- purpose: the macros of the alerts (sql/marts/30_alert_candidates.sql, sql/state/rekey_alerts.sql).

-- an alert's stable id: office, person, kind and the date the alert is about
create or replace temp macro alert_key(office_code, person_id, alert_kind, basis_date) as
    left(md5(office_code || '|' || person_id || '|' || alert_kind || '|' || basis_date), 16);

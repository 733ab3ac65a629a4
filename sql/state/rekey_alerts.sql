-- purpose: carry the alert state over to the current pseudonym scheme ($scheme), once. Warehouses
-- built before person ids were HMAC-SHA256 keyed them as left(sha256($pseudonym_key || '|' || identity), 16);
-- each alert gets the new person id and alert id of its person (found from the identities in
-- intermediate.lodging_reports_identified), in state.alerts and every table that names the alert,
-- and its old id is kept in state.alert_id_aliases. An alert whose person has no report left keeps
-- its id (no identity to key it by). A new warehouse only records the scheme.
-- params: $pseudonym_key, $scheme, $built_at
create or replace temp table person_rekey as
select distinct left(sha256($pseudonym_key || '|' || identity_key), 16) as person_id_before, person_id,
from intermediate.lodging_reports_identified
where identity_key is not null
    and exists (select 1 from state.alerts);

create or replace temp table alert_rekey as
select
    alerts.alert_id as alert_id_before,
    alert_key(alerts.office_code, rekey.person_id, alerts.alert_kind, alerts.basis_date) as alert_id,
    rekey.person_id,
from state.alerts as alerts
inner join person_rekey as rekey on rekey.person_id_before = alerts.person_id;

update state.alerts as alerts
set alert_id = rekey.alert_id, person_id = rekey.person_id
from alert_rekey as rekey
where rekey.alert_id_before = alerts.alert_id;

update state.alert_events as events
set alert_id = rekey.alert_id
from alert_rekey as rekey
where rekey.alert_id_before = events.alert_id;

update state.alert_notifications as sent
set alert_id = rekey.alert_id
from alert_rekey as rekey
where rekey.alert_id_before = sent.alert_id;

update state.published_followups as published
set alert_id = rekey.alert_id
from alert_rekey as rekey
where rekey.alert_id_before = published.alert_id;

insert into state.alert_id_aliases
select alert_id_before, alert_id, $built_at, 'pseudonym scheme ' || $scheme,
from alert_rekey;

insert into state.meta values ('pseudonym_scheme', $scheme, $built_at);

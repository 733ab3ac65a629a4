-- table: marts.alert_history
-- purpose: each alert's follow-up over time, from the log of every change (state.alert_events), so a
--   report for a past week shows the alerts as they stood at that week's end. A change by a build takes
--   effect on the date the build assessed (state.builds.as_of_date), an officer's at the moment made.
--   Officers' notes stay in state.alert_events (free text).
-- grain: one row per change of an alert's status or follow-up
-- key: (alert_id, changed_at, to_status)

-- table: marts.alert_short_ids
-- purpose: the short id printed for each alert (reports, results sheet): the shortest prefix of 8 to 16
--   characters that `timpora alerts ack` resolves to this alert alone, counting the ids alerts had
--   before (state.alert_id_aliases), as sql/alerts/find.sql does.
-- grain: one row per alert
-- key: alert_id
create or replace view marts.alert_history as
select
    events.alert_id,
    alerts.office_code,
    events.changed_at,
    builds.as_of_date,
    events.from_status,
    events.to_status,
    events.from_status is distinct from events.to_status as is_status_change,
    case when events.changed_by not in ('sistem', '(tanpa nama)') then events.changed_by end as officer,
    events.origin,
from state.alert_events as events
inner join state.alerts as alerts on alerts.alert_id = events.alert_id
left join state.builds as builds on events.origin = 'build' and builds.started_at = events.changed_at;

create or replace view marts.alert_short_ids as
with ids as (
    select alert_id as named_id, alert_id, from state.alerts
    union all
    select alert_id_before, alert_id, from state.alert_id_aliases
),

prefixes as (
    select left(ids.named_id, lengths.id_length) as prefix, count(distinct ids.alert_id) as alerts_named,
    from ids
    cross join range(8, 17) as lengths(id_length)
    group by all
),

shortest as (
    select alerts.alert_id, min(lengths.id_length) as id_length,
    from state.alerts as alerts
    cross join range(8, 17) as lengths(id_length)
    inner join prefixes on prefixes.prefix = left(alerts.alert_id, lengths.id_length)
    where prefixes.alerts_named = 1
    group by all
)

select alerts.alert_id, left(alerts.alert_id, coalesce(shortest.id_length, 16)) as short_id,
from state.alerts as alerts
left join shortest using (alert_id);

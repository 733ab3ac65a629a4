-- purpose: carry the alerts detected by this build into state.alerts, the lifecycle that rebuilds
-- never reset: new alerts open; alerts detected again get fresh figures; an alert no longer detected
-- closes itself with the reason (ESCALATED: became an OVERSTAY; KITAS_KITAP: a later KITAS/KITAP;
-- EXTENDED: a later report extends the permit; DEPARTED: checked out before it became an overstay;
-- NO_LONGER_DETECTED: the reports behind it changed); an alert closed that way reopens when it is
-- detected again, one an officer resolved stays resolved. Every change is logged in state.alert_events.
-- a build for an earlier date than an alert was last detected or closed on changes nothing about it,
-- and raises no alert in an office already assessed for a later date.
-- only an office built as of its own today (office_rules.is_office_today) changes state. A build of
-- an office for another date is a what-if: its changes are made on a copy, kept in
-- intermediate.alerts_what_if, and marts.alerts shows that copy for the office (listed in
-- intermediate.alert_what_if_offices) until the next build as of today.
-- healing: an earlier release let a build for a later date write the state. A close the system made
-- on a date after the office's today is undone (the alert goes back to the status it had before,
-- logged as FUTURE_CLOSE_UNDONE), and detection dates after today are brought back to today, so this
-- build raises, reopens and closes as if that build had never run.
-- params: $built_at

-- table: intermediate.alert_what_if_offices
-- purpose: the offices this build assessed for another date than their today, whose alerts are a what-if.
-- grain: one row per office built for another date than its today
-- key: office_code

-- table: intermediate.alerts_what_if
-- purpose: the alerts of those offices as a build for that date would leave them (state.alerts unchanged).
-- grain: one row per alert of those offices
-- key: alert_id

-- table: marts.alerts
-- purpose: the analysts' and reports' view of the alert lifecycle: state.alerts, or for an office built
--   for another date than its today the what-if copy. is_open: not yet resolved.
-- grain: one row per alert
-- key: alert_id
create or replace temp table lifecycle as
from state.alerts;

create or replace temp table lifecycle_events as
from state.alert_events
limit 0;

create or replace temp table healed_closes as
with future_closes as (
    select lifecycle.alert_id,
    from lifecycle
    join office_rules as rules using (office_code)
    where lifecycle.status = 'RESOLVED'
        and lifecycle.resolved_reason is distinct from 'OFFICER'
        and lifecycle.resolved_on > rules.today_date
),

-- the status the alert had before the close: its latest change to anything but RESOLVED
before_close as (
    select
        alert_id,
        arg_max(
            {'status': to_status, 'changed_by': changed_by, 'note': note, 'origin': origin, 'changed_at': changed_at},
            changed_at
        ) as event,
    from state.alert_events
    where to_status <> 'RESOLVED' and alert_id in (select alert_id from future_closes)
    group by alert_id
),

final as (
    select
        future_closes.alert_id,
        coalesce(before_close.event.status, 'OPEN') as status,
        coalesce(before_close.event.changed_at, $built_at) as status_at,
        case when before_close.event.origin = 'build' then 'sistem' else before_close.event.changed_by end
            as status_by,
        case when before_close.event.origin <> 'build' then before_close.event.note end as status_note,
    from future_closes
    left join before_close using (alert_id)
)

select * from final;

insert into lifecycle_events
select alert_id, $built_at, 'RESOLVED', status, 'sistem', 'FUTURE_CLOSE_UNDONE', 'build',
from healed_closes;

update lifecycle
set
    status = healed.status,
    status_at = healed.status_at,
    status_by = coalesce(healed.status_by, 'sistem'),
    status_note = healed.status_note,
    resolved_reason = null,
    resolved_on = null
from healed_closes as healed
where healed.alert_id = lifecycle.alert_id;

update lifecycle
set
    raised_on = least(lifecycle.raised_on, rules.today_date),
    last_detected_on = least(lifecycle.last_detected_on, rules.today_date)
from office_rules as rules
where rules.office_code = lifecycle.office_code
    and (lifecycle.raised_on > rules.today_date or lifecycle.last_detected_on > rules.today_date);

create or replace temp table alert_changes as
with known as (
    select * from lifecycle
),

detected as (
    select * from intermediate.alert_candidates
),

latest_detection as (
    select office_code, max(last_detected_on) as detected_until, from known group by office_code
),

escalated as (
    select office_code, person_id, basis_date, from detected where alert_kind = 'OVERSTAY'
),

compared as (
    select
        coalesce(detected.alert_id, known.alert_id) as alert_id,
        known.status as from_status,
        case
            when known.alert_id is null and detected.as_of_date >= coalesce(latest.detected_until, detected.as_of_date)
                then 'OPEN'
            when detected.alert_id is not null and known.status = 'RESOLVED'
                and known.resolved_reason is distinct from 'OFFICER' and rules.as_of_date > known.resolved_on
                then 'OPEN'
            when detected.alert_id is null and known.status <> 'RESOLVED'
                and rules.as_of_date >= known.last_detected_on then 'RESOLVED'
        end as to_status,
        case
            when known.alert_id is null then 'DETECTED'
            when detected.alert_id is not null then 'DETECTED_AGAIN'
            when known.alert_kind = 'EXPIRING_SOON' and escalated.person_id is not null then 'ESCALATED'
            when assessment.person_id is null then 'NO_LONGER_DETECTED'
            when assessment.permit_type in ('KITAS', 'KITAP')
                and assessment.permit_type is distinct from known.permit_type then 'KITAS_KITAP'
            when assessment.permit_expiry_date > known.basis_date then 'EXTENDED'
            when not coalesce(assessment.is_staying, false) then 'DEPARTED'
            else 'NO_LONGER_DETECTED'
        end as reason,
        rules.as_of_date,
    from detected
    full join known using (alert_id)
    left join office_rules as rules on rules.office_code = coalesce(detected.office_code, known.office_code)
    left join latest_detection as latest on latest.office_code = detected.office_code
    left join escalated
        on escalated.office_code = known.office_code and escalated.person_id = known.person_id
        and escalated.basis_date = known.basis_date
    left join intermediate.alert_assessment as assessment
        on assessment.office_code = known.office_code and assessment.person_id = known.person_id
)

select * from compared where to_status is not null;

insert into lifecycle_events
select alert_id, $built_at, from_status, to_status, 'sistem', reason, 'build',
from alert_changes;

insert into lifecycle
select
    alert_id, office_code, person_id, alert_kind, basis_date, nationality_iso3, kabkota_code, kabkota_name,
    kecamatan_code, kecamatan_name, permit_type, permit_expiry_date, stay_start_date, last_present_date,
    days_overstayed, days_to_expiry,
    $built_at as raised_at, as_of_date as raised_on, as_of_date as last_detected_on, true as is_detected,
    'OPEN' as status, $built_at as status_at, 'sistem' as status_by, null as status_note, null as resolved_reason,
    null as resolved_on,
from intermediate.alert_candidates
where alert_id in (select alert_id from alert_changes where from_status is null);

update lifecycle as alerts
set
    nationality_iso3 = detected.nationality_iso3,
    kabkota_code = detected.kabkota_code,
    kabkota_name = detected.kabkota_name,
    kecamatan_code = detected.kecamatan_code,
    kecamatan_name = detected.kecamatan_name,
    permit_type = detected.permit_type,
    permit_expiry_date = detected.permit_expiry_date,
    stay_start_date = detected.stay_start_date,
    last_present_date = detected.last_present_date,
    days_overstayed = detected.days_overstayed,
    days_to_expiry = detected.days_to_expiry,
    last_detected_on = detected.as_of_date,
    is_detected = true
from intermediate.alert_candidates as detected
where detected.alert_id = alerts.alert_id and detected.as_of_date >= alerts.last_detected_on;

update lifecycle as alerts
set
    status = changes.to_status,
    status_at = $built_at,
    status_by = 'sistem',
    status_note = null,
    resolved_reason = case when changes.to_status = 'RESOLVED' then changes.reason end,
    resolved_on = case when changes.to_status = 'RESOLVED' then changes.as_of_date end
from alert_changes as changes
where changes.alert_id = alerts.alert_id and changes.from_status is not null;

update lifecycle as alerts
set is_detected = false
from office_rules as rules
where rules.office_code = alerts.office_code
    and rules.as_of_date >= alerts.last_detected_on
    and alerts.alert_id not in (select alert_id from intermediate.alert_candidates);

-- the offices built as of their own today keep the outcome; the others' is a what-if
insert into state.alert_events
select events.*,
from lifecycle_events as events
where events.alert_id in (
    select alert_id from lifecycle where office_code in (select office_code from office_rules where is_office_today)
);

delete from state.alerts
where office_code in (select office_code from office_rules where is_office_today);

insert into state.alerts by name
select * from lifecycle
where office_code in (select office_code from office_rules where is_office_today);

create or replace table intermediate.alert_what_if_offices as
select office_code, as_of_date, today_date,
from office_rules
where not is_office_today;

create or replace table intermediate.alerts_what_if as
select * from lifecycle
where office_code in (select office_code from intermediate.alert_what_if_offices);

create or replace view marts.alerts as
with lifecycle as (
    select * from state.alerts
    where office_code not in (select office_code from intermediate.alert_what_if_offices)
    union all by name
    select * from intermediate.alerts_what_if
)

select
    alert_id, office_code, person_id, alert_kind, status, status <> 'RESOLVED' as is_open, is_detected,
    nationality_iso3, kabkota_code, kabkota_name, kecamatan_code, kecamatan_name, permit_type,
    permit_expiry_date, basis_date, stay_start_date, last_present_date, days_overstayed, days_to_expiry,
    raised_at, raised_on, last_detected_on, status_at, status_by, status_note, resolved_reason, resolved_on,
from lifecycle;

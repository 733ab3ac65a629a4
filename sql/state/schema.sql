-- purpose: state that rebuilding the marts must never lose (alert follow-up, build log).
create schema if not exists state;

-- grain: one row per build; key: build_id. status: running, ok, failed, or interrupted (the process
-- was killed; the next build marks it)
create table if not exists state.builds (
    build_id varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    as_of_date date not null,
    status varchar not null,
    error varchar
);

-- grain: one row per alert ever raised; key: alert_id (stable: office, person, kind, basis date).
-- the rule columns are refreshed by every build that still detects the alert; the follow-up columns
-- (status, status_*) change only through `timpora alerts`, the office's results sheet, or an automatic
-- close, so a rebuild never loses or resets them.
create table if not exists state.alerts (
    alert_id varchar not null,
    office_code varchar not null,
    person_id varchar not null,
    alert_kind varchar not null,
    basis_date date not null,
    nationality_iso3 varchar,
    kabkota_code varchar,
    kabkota_name varchar,
    kecamatan_code varchar,
    kecamatan_name varchar,
    permit_type varchar,
    permit_expiry_date date,
    stay_start_date date,
    last_present_date date,
    days_overstayed integer,
    days_to_expiry integer,
    raised_at timestamptz not null,
    raised_on date not null,
    last_detected_on date not null,
    is_detected boolean not null,
    status varchar not null,
    status_at timestamptz not null,
    status_by varchar not null,
    status_note varchar,
    resolved_reason varchar,
    resolved_on date
);

-- grain: one row per status change of an alert; key: (alert_id, changed_at, to_status)
create table if not exists state.alert_events (
    alert_id varchar not null,
    changed_at timestamptz not null,
    from_status varchar,
    to_status varchar not null,
    changed_by varchar not null,
    note varchar,
    origin varchar not null
);

-- grain: one row per alert announced on a channel; key: (channel, alert_id)
create table if not exists state.alert_notifications (
    channel varchar not null,
    alert_id varchar not null,
    sent_at timestamptz not null
);

-- grain: one row per alert on an office's results sheet; key: (office_code, alert_id).
-- the follow-up cells exactly as last written, so an officer's edit is told from the pipeline's own value
create table if not exists state.published_followups (
    office_code varchar not null,
    alert_id varchar not null,
    status_cell varchar,
    officer_cell varchar,
    note_cell varchar,
    published_at timestamptz not null
);

-- grain: one row per publish of an office's results; key: (office_code, published_at)
create table if not exists state.publishes (
    office_code varchar not null,
    spreadsheet_key varchar not null,
    published_at timestamptz not null,
    tabs_written varchar[] not null,
    requests integer not null,
    followups_applied integer not null,
    warnings varchar[] not null
);

-- grain: one row per fact about the warehouse itself; key: name (e.g. pseudonym_scheme: how person_id
-- and subject_id are keyed, so a change of scheme carries state.alerts over once)
create table if not exists state.meta (
    name varchar not null,
    value varchar not null,
    set_at timestamptz not null
);

-- grain: one row per alert id that was replaced by another; key: alert_id_before. An id an officer
-- still has (on a printed report or a results sheet not yet rewritten) finds its alert through it.
create table if not exists state.alert_id_aliases (
    alert_id_before varchar not null,
    alert_id varchar not null,
    replaced_at timestamptz not null,
    reason varchar not null
);

-- grain: one row per configured source; key: source_name. How the last build read the source's
-- numeric dates: its configured locale, the spreadsheet's locale (CLDR), an order inferred from its
-- form timestamps when CLDR does not know the spreadsheet's locale, or the default. `warning` says
-- what an office should fix; `timpora status` shows it.
create table if not exists state.source_locales (
    source_name varchar not null,
    reported_locale varchar,
    locale_used varchar not null,
    date_order varchar not null,
    resolved_by varchar not null,
    warning varchar
);

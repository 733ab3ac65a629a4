-- purpose: state that rebuilding the marts must never lose (alert follow-up, build log).
create schema if not exists state;

-- grain: one row per build; key: build_id
create table if not exists state.builds (
    build_id varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    as_of_date date not null,
    status varchar not null,
    error varchar
);

-- purpose: the raw layer: every fetched row kept losslessly, as versions, plus the log of fetches.
-- raw is append-mostly: a changed row gets a new version, a vanished row is marked deleted, never removed.
create schema if not exists raw;

-- grain: one row per distinct header row seen; key: header_id (md5 of the header list)
create table if not exists raw.headers (
    header_id varchar not null,
    headers varchar[] not null,
    first_seen_at timestamptz not null
);

-- grain: one row per version of one response; key: (source_name, response_key, version)
-- response_key: the form's timestamp text plus its occurrence number, or "row#<n>" where a sheet has none.
-- current version: superseded_at is null and deleted_at is null.
-- every change a fetch makes is stamped with the fetch's started_at: first_seen_at (with its
-- fetch_id) on a new version, superseded_at and deleted_at on the old one, moved_at when rows above
-- were deleted and the response moved up; so a build finds what changed without comparing every row.
create table if not exists raw.responses (
    source_name varchar not null,
    response_key varchar not null,
    version integer not null,
    sheet_row_number bigint not null,
    header_id varchar not null,
    cells varchar[] not null,
    content_hash varchar not null,
    fetch_id varchar not null,
    first_seen_at timestamptz not null,
    superseded_at timestamptz,
    deleted_at timestamptz,
    moved_at timestamptz
);

-- a warehouse created before moved_at existed gets it from pipelines/core/warehouse.py (_add_missing_columns)

-- grain: one row per fetch (sync run of one source); key: fetch_id
create table if not exists raw.fetches (
    fetch_id varchar not null,
    source_name varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz not null,
    is_full boolean not null,
    header_id varchar,
    locale varchar,
    time_zone varchar,
    rows_fetched bigint not null,
    rows_new bigint not null,
    rows_changed bigint not null,
    rows_deleted bigint not null,
    rows_current bigint not null,
    requests_made integer not null,
    header_added varchar[],
    header_removed varchar[],
    status varchar not null,
    error varchar
);

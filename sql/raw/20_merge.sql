-- purpose: merge the keyed fetch (temp table incoming) into raw.responses as new versions.
-- grain of changes: one row per response that is new, changed, moved or deleted in this fetch.
-- $source_name, $fetch_id, $fetched_at, $header_id, $is_full.
-- the cells of new versions are copied from incoming_rows by row number.
create or replace temp table changes as
with latest as (
    select response_key, version, content_hash, sheet_row_number, deleted_at,
    from raw.responses
    where source_name = $source_name and superseded_at is null
),

compared as (
    select
        incoming.response_key,
        incoming.sheet_row_number,
        incoming.content_hash,
        coalesce(latest.version, 0) as previous_version,
        case
            when latest.response_key is null then 'new'
            when latest.deleted_at is not null then 'new'
            when latest.content_hash <> incoming.content_hash then 'changed'
            when latest.sheet_row_number <> incoming.sheet_row_number then 'moved'
        end as change_kind,
    from incoming
    left join latest on latest.response_key = incoming.response_key
),

deleted as (
    select
        latest.response_key,
        latest.sheet_row_number,
        latest.content_hash,
        latest.version as previous_version,
        'deleted' as change_kind,
    from latest
    anti join incoming on incoming.response_key = latest.response_key
    where $is_full and latest.deleted_at is null
)

select * from compared where change_kind is not null
union all
select * from deleted;

update raw.responses
set superseded_at = $fetched_at
from changes
where raw.responses.source_name = $source_name
    and raw.responses.response_key = changes.response_key
    and raw.responses.superseded_at is null
    and changes.change_kind in ('new', 'changed')
    -- a response never stored has no version to supersede: an append touches no stored row
    and changes.previous_version > 0;

insert into raw.responses by name
select
    $source_name as source_name,
    changes.response_key,
    changes.previous_version + 1 as version,
    changes.sheet_row_number,
    $header_id as header_id,
    incoming_rows.cells,
    changes.content_hash,
    $fetch_id as fetch_id,
    $fetched_at as first_seen_at,
    null as superseded_at,
    null as deleted_at,
    null as moved_at,
from changes
join incoming_rows using (sheet_row_number)
where changes.change_kind in ('new', 'changed');

update raw.responses
set sheet_row_number = changes.sheet_row_number, moved_at = $fetched_at
from changes
where raw.responses.source_name = $source_name
    and raw.responses.response_key = changes.response_key
    and raw.responses.superseded_at is null
    and changes.change_kind = 'moved';

update raw.responses
set deleted_at = $fetched_at
from changes
where raw.responses.source_name = $source_name
    and raw.responses.response_key = changes.response_key
    and raw.responses.superseded_at is null
    and raw.responses.deleted_at is null
    and changes.change_kind = 'deleted';

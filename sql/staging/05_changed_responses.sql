-- purpose: the responses an incremental build must (re)stage: those the fetches logged since the
-- last build touched (a new version, a deletion, a move), found through the fetch log and the
-- stamps raw.responses carries, so the cost follows the changes, not the size of raw.
-- grain: one row per response; key: (source_name, response_key)
create or replace temp table changed_responses as
with new_fetches as (
    select fetch_id, source_name, started_at,
    from raw.fetches
    where status = 'ok'
        and source_name in (select source_name from staged_sources)
        and fetch_id not in (select fetch_id from staging.staged_fetches)
),

-- new versions (new or edited responses; an edit also supersedes the old version)
new_versions as (
    select source_name, response_key,
    from raw.responses
    where fetch_id in (select fetch_id from new_fetches)
),

deleted as (
    select responses.source_name, responses.response_key,
    from raw.responses as responses
    join new_fetches
        on new_fetches.source_name = responses.source_name and new_fetches.started_at = responses.deleted_at
),

moved as (
    select responses.source_name, responses.response_key,
    from raw.responses as responses
    join new_fetches
        on new_fetches.source_name = responses.source_name and new_fetches.started_at = responses.moved_at
),

final as (
    select * from new_versions
    union
    select * from deleted
    union
    select * from moved
)

select * from final;

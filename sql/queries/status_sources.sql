-- purpose: the last sync of each source with its counts, header changes and errors, and the last build's
--   warning about its locale (`timpora status`).
-- grain: one row per source that has synced; key: source
with ranked as (
    select
        *,
        row_number() over (partition by source_name order by started_at desc) as recency,
    from raw.fetches
),

last_ok as (
    select source_name, max(finished_at) as last_success_at,
    from raw.fetches
    where status = 'ok'
    group by all
)

select
    ranked.source_name as source,
    ranked.status,
    strftime(ranked.started_at, '%Y-%m-%d %H:%M') as last_run_utc,
    case when ranked.is_full then 'full' else 'incr' end as mode,
    ranked.rows_new as new,
    ranked.rows_changed as changed,
    ranked.rows_deleted as deleted,
    ranked.rows_current as rows,
    round(epoch(ranked.finished_at - ranked.started_at), 1) as secs,
    strftime(last_ok.last_success_at, '%Y-%m-%d %H:%M') as last_ok_utc,
    concat_ws('; ',
        'header added: ' || nullif(array_to_string(ranked.header_added, ', '), ''),
        'header removed: ' || nullif(array_to_string(ranked.header_removed, ', '), ''),
        'error: ' || left(ranked.error, 200),
        'locale: ' || source_locales.warning
    ) as notes,
from ranked
left join last_ok using (source_name)
left join state.source_locales as source_locales using (source_name)
where ranked.recency = 1
order by ranked.source_name;

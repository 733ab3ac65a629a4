-- purpose: remember the fetches whose changes staging now holds (the next build starts after them).
-- grain of staging.staged_fetches: one row per fetch; key: fetch_id
insert into staging.staged_fetches
select fetch_id,
from raw.fetches
where status = 'ok'
    and source_name in (select source_name from staged_sources)
    and fetch_id not in (select fetch_id from staging.staged_fetches);

-- purpose: a response has at most one current version. passes when it returns nothing.
-- every response, or after an incremental build only those it re-staged (checked_responses): a
-- version is only ever added by a fetch, which puts its response there.
with current_versions as (
    select source_name, response_key,
    from raw.responses
    where superseded_at is null and getvariable('check_every_row')
    union all
    select source_name, response_key,
    from raw.responses
    semi join checked_responses using (source_name, response_key)
    where superseded_at is null and not getvariable('check_every_row')
)

select source_name, response_key, count(*) as current_versions
from current_versions
group by all
having count(*) > 1;

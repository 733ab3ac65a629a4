-- purpose: freshness of each source and rejects by source, field and reason, so an office can fix its form.
-- grain (source_freshness): one row per source; key: source_name
create or replace table marts.source_freshness as
with fetches as (
    select source_name, max(finished_at) as last_success_at,
    from raw.fetches
    where status = 'ok'
    group by all
),

current_rows as (
    select source_name, count(*) as rows_current,
    from raw.responses
    where superseded_at is null and deleted_at is null
    group by all
),

reject_counts as (
    select source_name, count(distinct response_key) as rejects,
    from staging.rejects
    group by all
),

final as (
    select
        sources.source_name,
        sources.office_code,
        sources.form_kind,
        fetches.last_success_at,
        coalesce(current_rows.rows_current, 0) as rows_current,
        coalesce(reject_counts.rejects, 0) as rejects,
    from configured_sources as sources
    left join fetches using (source_name)
    left join current_rows using (source_name)
    left join reject_counts using (source_name)
)

select * from final;

-- grain (rejects_summary): one row per source, field and reason; key: (source_name, field, reason)
create or replace table marts.rejects_summary as
select
    source_name,
    office_code,
    field,
    reason,
    count(*) as rejects,
    min(sheet_row_number) as example_row_number,
from staging.rejects
group by all;

-- grain (build_info): one row
create or replace table marts.build_info as
select now() as built_at, $as_of_date::date as as_of_date;

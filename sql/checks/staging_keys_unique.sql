-- purpose: staging holds each response once. passes when it returns nothing.
-- every row, or after an incremental build only the responses it re-staged (checked_responses):
-- the other rows were not touched.
with staged as not materialized (
    select 'lodging_reports' as table_name, source_name, response_key,
    from staging.lodging_reports
    union all
    select 'complaints', source_name, response_key,
    from staging.complaints
)

select table_name, source_name, response_key, count(*) as copies
from (
    select * from staged where getvariable('check_every_row')
    union all
    select * from staged semi join checked_responses using (source_name, response_key)
    where not getvariable('check_every_row')
)
group by all
having count(*) > 1;

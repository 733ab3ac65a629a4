-- purpose: when the marts were built and the date their alerts are computed for
-- grain: one row (none before the first build)
-- key: ()
-- params: none
select
    built_at,
    as_of_date,
from marts.build_info
order by built_at desc
limit 1

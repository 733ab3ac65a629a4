-- purpose: how each source's coded fields were read: the share of values each match method resolved,
-- and the share rejected, so an office sees how well its form is read.
-- grain: one row per source, field and match method; key: (source_name, field, match_method)
select
    source_name,
    field,
    match_method,
    value_count as "values",
    round(100 * share_of_values, 1) as share_pct,
from marts.match_methods
order by source_name, field, value_count desc, match_method;

-- purpose: the cached lookups of this build's values only, so the joins of an incremental build
-- read a few rows instead of the whole cache.
-- grain: one row per (parser, context, raw_value) in build_keys; key: the same.
create or replace temp table build_lookups as
select lookup_values.*
from staging.lookup_values as lookup_values
semi join build_keys using (parser, context, raw_value);

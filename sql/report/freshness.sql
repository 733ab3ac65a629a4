-- purpose: when each of the office's sources was last read successfully, its current rows and rejects
-- grain: one row per source
-- key: (source_name)
-- params: $office_code
select
    source_name,
    form_kind,
    last_success_at,
    rows_current::bigint as rows_current,
    rejects::bigint as rejects,
from marts.source_freshness
where office_code = $office_code
order by source_name

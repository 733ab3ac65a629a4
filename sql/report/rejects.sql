-- purpose: the office's rejected form rows by source, field and reason ("Kualitas data")
-- grain: one row per source, field and reason
-- key: (source_name, field, reason)
-- params: $office_code
select
    source_name,
    field,
    reason,
    rejects::bigint as rejects,
    example_row_number::bigint as example_row_number,
from marts.rejects_summary
where office_code = $office_code
    and rejects > 0
order by rejects desc, source_name, field, reason

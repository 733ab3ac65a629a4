-- purpose: rejects by source, field and reason with an example row, so an office knows which form to fix.
-- grain: one row per source, field and reason; key: (source_name, field, reason)
select
    source_name,
    field,
    reason,
    rejects,
    example_row_number as example_row,
from marts.rejects_summary
order by source_name, rejects desc, field, reason;

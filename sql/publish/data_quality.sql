-- purpose: the rows of an office's `Kualitas Data` tab: rejected values by source, field and reason,
--   with an example row of the form-responses sheet, so the office knows which form to fix.
-- grain: one row per source, field and reason; key: (source_name, field, reason)
-- params: $office_code
select
    source_name,
    field,
    reason,
    rejects,
    example_row_number,
from marts.rejects_summary
where office_code = $office_code
order by source_name, rejects desc, field, reason;

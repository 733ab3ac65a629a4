-- purpose: the last publish of each office's results sheet, for `timpora status`.
-- grain: one row per office; key: office
select
    office_code as office,
    spreadsheet_key as spreadsheet,
    strftime(published_at at time zone 'UTC', '%Y-%m-%d %H:%M UTC') as published,
    coalesce(nullif(array_to_string(tabs_written, ', '), ''), '(no change)') as tabs_written,
    requests,
    followups_applied as followups_read,
    len(warnings) as warnings,
from state.publishes
qualify row_number() over (partition by office_code order by published_at desc) = 1
order by office_code;

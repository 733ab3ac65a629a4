-- purpose: remember one follow-up row exactly as written to an office's results sheet.
-- params (positional): office_code, alert_id, status_cell, officer_cell, note_cell, published_at
insert into state.published_followups values (?, ?, ?, ?, ?, ?);

-- purpose: the complaint SLA (days) the last build applied to one office's complaints
-- grain: one row
-- params: $office_code
select max(sla_days) as sla_days,
from marts.complaints
where office_code = $office_code

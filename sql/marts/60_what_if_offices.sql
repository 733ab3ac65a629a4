-- table: marts.what_if_offices
-- purpose: the offices whose last build was a what-if (as of another date than their today, e.g.
--   `timpora build --as-of`): marts.alerts shows that build's alerts for them, and the results sheet
--   must not be published from it until a build as of today.
-- grain: one row per office built for another date than its today
-- key: office_code
create or replace view marts.what_if_offices as
select
    office_code,
    as_of_date,
    today_date,
from intermediate.alert_what_if_offices;

-- purpose: foreigners present per office and ISO week by nationality, purpose and permit type, for the
--   national roll-up: marts.office_weekly_breakdown's counts (each person once per office and week, with
--   the latest value of their reports). No row per report or person: those single persons out.
-- grain: one row per office, ISO week, dimension and value; partitioned by office_code and iso_week
select
    office_code,
    iso_week,
    week_start_date,
    dimension,
    value_code,
    persons_present,
from marts.office_weekly_breakdown
where $office_code is null or office_code = $office_code;

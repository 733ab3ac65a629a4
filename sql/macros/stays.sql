-- purpose: the dates of a stay, for the intermediate and mart layers.

-- the day a stay ends as of the build: an open stay (no check-out) counts as present until the earlier
-- of the as-of date and open_stay_days after its start. kept in the warehouse (not temp): the view
-- intermediate.lodging_reports_identified calls it, in any session that reads it.
create schema if not exists intermediate;

create or replace macro intermediate.stay_end_date(stay_start_date, departure_date, as_of_date, open_stay_days) as
    least(as_of_date, coalesce(departure_date, stay_start_date + to_days(open_stay_days)))::date;

-- the first day (Monday) of each ISO week a stay covers
create or replace temp macro stay_week_starts(stay_start_date, stay_end_date) as
    range(date_trunc('week', stay_start_date), stay_end_date + 1, interval 1 week);

-- purpose: reports received per office and week in the mart equal the staged reports of that week.
-- passes when it returns nothing.
with mart as (
    select office_code, week_start_date, sum(reports_received) as reports_received,
    from marts.district_weekly
    group by all
),

staged as (
    select office_code, date_trunc('week', submitted_date)::date as week_start_date, count(*) as reports_received,
    from intermediate.lodging_reports_identified
    where submitted_date is not null
    group by all
)

select office_code, week_start_date, mart.reports_received as in_mart, staged.reports_received as in_staging
from mart
full join staged using (office_code, week_start_date)
where coalesce(mart.reports_received, 0) <> coalesce(staged.reports_received, 0)
    and coalesce(week_start_date, date '1900-01-01') <= (select as_of_date from marts.build_info);

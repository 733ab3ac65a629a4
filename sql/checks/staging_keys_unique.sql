-- purpose: staging holds each response once. passes when it returns nothing.
select 'lodging_reports' as table_name, source_name, response_key, count(*) as copies
from staging.lodging_reports
group by all
having count(*) > 1
union all
select 'complaints', source_name, response_key, count(*)
from staging.complaints
group by all
having count(*) > 1;

-- purpose: every mart key is unique and not null. passes when it returns nothing.
select 'district_weekly' as table_name, office_code || ' ' || iso_week as mart_key, count(*) as copies
from marts.district_weekly
group by office_code, iso_week, kabkota_code, kecamatan_code
having count(*) > 1 or office_code is null or iso_week is null
union all
select 'office_weekly', office_code || ' ' || iso_week, count(*)
from marts.office_weekly
group by office_code, iso_week
having count(*) > 1 or office_code is null or iso_week is null
union all
select 'foreign_workers_weekly', office_code || ' ' || iso_week || ' ' || coalesce(sponsor_name, ''), count(*)
from marts.foreign_workers_weekly
group by office_code, iso_week, sponsor_name, kabkota_code, kecamatan_code
having count(*) > 1 or office_code is null or iso_week is null
union all
select 'alerts', alert_id, count(*)
from state.alerts
group by alert_id
having count(*) > 1 or alert_id is null
union all
select 'persons', person_id, count(*)
from marts.persons
group by person_id
having count(*) > 1 or person_id is null
union all
select 'match_methods', source_name || ' ' || field || ' ' || match_method, count(*)
from marts.match_methods
group by source_name, field, match_method
having count(*) > 1 or source_name is null or field is null or match_method is null;

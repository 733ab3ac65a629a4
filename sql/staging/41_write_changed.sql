-- purpose: an incremental build: the responses in changed_responses are removed from
-- staging.lodging_reports, staging.complaints and staging.rejects, and their current rows (none for
-- a deleted response) are added back; every other staged row stays as it is. The lodging rows
-- removed are kept in the temp table replaced_lodging_reports.
-- grains and keys: see 20_lodging_reports.sql, 21_complaints.sql and sql/macros/rejects.sql.
-- the rows staged again, kept in temp tables: both the staged rows and the rejects read them
create or replace temp table restaged_lodging_reports as
from lodging_reports_new;

create or replace temp table restaged_complaints as
from complaints_new;

-- the rows replaced: the marts recompute what their old version touched (intermediate/15_changed_scope.sql)
create or replace temp table replaced_lodging_reports as
select *
from staging.lodging_reports
semi join changed_responses using (source_name, response_key);

delete from staging.lodging_reports
using changed_responses
where lodging_reports.source_name = changed_responses.source_name
    and lodging_reports.response_key = changed_responses.response_key;

insert into staging.lodging_reports by name
select * exclude (rejects) from restaged_lodging_reports;

delete from staging.complaints
using changed_responses
where complaints.source_name = changed_responses.source_name
    and complaints.response_key = changed_responses.response_key;

insert into staging.complaints by name
select * exclude (rejects) from restaged_complaints;

delete from staging.rejects
using changed_responses
where rejects.source_name = changed_responses.source_name
    and rejects.response_key = changed_responses.response_key;

insert into staging.rejects by name
from rejects_of('restaged_lodging_reports', 'lodging')
union all
from rejects_of('restaged_complaints', 'complaint');

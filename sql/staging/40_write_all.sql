-- purpose: a full build: staging.lodging_reports, staging.complaints and staging.rejects replaced by
-- the rows of this build (every current response of the configured sources).
-- grains and keys: see 20_lodging_reports.sql, 21_complaints.sql and sql/macros/rejects.sql.
create or replace table staging.lodging_reports as
select * from lodging_reports_new;

create or replace table staging.complaints as
select * from complaints_new;

-- the rejects are read back from the rows written, which list them in their last column; then that
-- column goes: the rows are parsed and matched to their lookups once, and not kept in memory
create or replace table staging.rejects as
from rejects_of('staging.lodging_reports', 'lodging')
union all
from rejects_of('staging.complaints', 'complaint');

alter table staging.lodging_reports drop column rejects;

alter table staging.complaints drop column rejects;

-- every fetch logged so far is in these rows (50_staged_fetches.sql records them)
delete from staging.staged_fetches;

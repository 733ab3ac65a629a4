-- purpose: complaints for the national roll-up (marts.complaints carries no complainant identity).
-- grain: one row per complaint; partitioned by office_code and iso_week (of submission)
select * from marts.complaints
where $office_code is null or office_code = $office_code;

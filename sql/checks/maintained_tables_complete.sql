-- purpose: the tables kept from build to build hold exactly what a full build would: every staged
-- lodging report up to the as-of date once in intermediate.lodging_reports_identified, and every
-- person of those reports once in marts.persons (same count, same keys by a sum of their hashes;
-- the sums read every row). passes when it returns nothing.
with staged as (
    select 'reports' as what, count(*) as expected, sum(hash(source_name, response_key)::hugeint) as expected_keys,
    from staging.lodging_reports
    where submitted_date <= (select as_of_date from marts.build_info) or submitted_date is null
),

identified as (
    select 'reports' as what, count(*) as found, sum(hash(source_name, response_key)::hugeint) as found_keys,
    from intermediate.lodging_reports_identified
),

reported_persons as (
    select 'persons' as what, count(*) as expected, sum(hash(person_id)::hugeint) as expected_keys,
    from (select distinct person_id from intermediate.lodging_reports_identified where person_id is not null)
),

persons as (
    select 'persons' as what, count(*) as found, sum(hash(person_id)::hugeint) as found_keys,
    from marts.persons
)

select what, expected, found
from (
    select * from staged join identified using (what)
    union all
    select * from reported_persons join persons using (what)
)
where expected <> found or expected_keys is distinct from found_keys;

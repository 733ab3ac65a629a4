-- purpose: the tables kept from build to build hold exactly what a full build would: every person of
-- the lodging reports up to the as-of date (intermediate.lodging_reports_identified) once in
-- marts.persons (same count, same keys by a sum of their hashes; the sums read every row).
-- passes when it returns nothing.
with reported_persons as (
    select 'persons' as what, count(*) as expected, sum(hash(person_id)::hugeint) as expected_keys,
    from (select distinct person_id from intermediate.lodging_reports_identified where person_id is not null)
),

persons as (
    select 'persons' as what, count(*) as found, sum(hash(person_id)::hugeint) as found_keys,
    from marts.persons
)

select what, expected, found
from reported_persons
join persons using (what)
where expected <> found or expected_keys is distinct from found_keys;

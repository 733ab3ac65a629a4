-- table: marts.office_persons
-- purpose: each person as one office's reports know them: the first and the last report there, and
--   where and by whom the latest one placed them (lodging, address, reporter and phone), so officers can
--   act on an alert (the results sheet's Peringatan tab, the restricted report's named list).
-- grain: one row per office and person reported there
-- key: (office_code, person_id)
-- personal data: in the warehouse and the restricted snapshot only; the analysts' snapshot leaves
-- the whole view out (sql/snapshot/tables.sql), as each person's exact report times would undo
-- the generalisation of marts.persons.
-- a view of the identified reports: nothing to build, and a reader's filter on the office or the
-- persons reads only their reports.
create or replace view marts.office_persons as
with

reports as (
    select
        office_code,
        person_id,
        submitted_at,
        response_key,
        establishment_name,
        address,
        reporter_name,
        reporter_phone,
    from intermediate.lodging_reports_identified
    where person_id is not null
),

final as (
    select
        office_code,
        person_id,
        min(submitted_at) over person_reports as first_reported_at,
        max(submitted_at) over person_reports as last_reported_at,
        -- the latest report's (one without a time last; two in the same second told apart by response)
        establishment_name,
        address,
        reporter_name,
        reporter_phone,
    from reports
    window person_reports as (partition by office_code, person_id)
    qualify row_number() over (
        partition by office_code, person_id
        order by submitted_at desc nulls last, response_key desc
    ) = 1
)

select * from final;

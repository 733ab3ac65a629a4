-- purpose: who the persons of the restricted edition's named lists are: name, passport, and where and by
--   whom they were last reported, so officers can act on an alert; never read for the default edition
-- grain: one row per person_id in $person_ids that marts.persons knows
-- key: (person_id)
-- params: $office_code, $person_ids (a list of person_id)
with

persons as (
    select *
    from marts.persons
    where list_contains($person_ids, person_id)
),

latest_report as (
    select
        person_id,
        establishment_name,
        address,
        reporter_name,
        reporter_phone,
    from intermediate.lodging_reports_identified
    where office_code = $office_code
        and list_contains($person_ids, person_id)
    qualify row_number() over (
        partition by person_id
        order by submitted_at desc nulls last, response_key desc
    ) = 1
),

final as (
    select
        persons.person_id,
        persons.full_name,
        persons.passport_number,
        latest_report.establishment_name,
        latest_report.address,
        latest_report.reporter_name,
        latest_report.reporter_phone,
    from persons
    left join latest_report on latest_report.person_id = persons.person_id
)

select * from final
order by person_id

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

office_persons as (
    select *
    from marts.office_persons
    where office_code = $office_code
        and list_contains($person_ids, person_id)
),

final as (
    select
        persons.person_id,
        persons.full_name,
        persons.passport_number,
        office_persons.establishment_name,
        office_persons.address,
        office_persons.reporter_name,
        office_persons.reporter_phone,
    from persons
    left join office_persons on office_persons.person_id = persons.person_id
)

select * from final
order by person_id

-- purpose: persons complained about more than once (pseudonymous subject ids; names stay restricted),
--   with their categories and how many complaints are still without response.
-- grain: one row per (office, subject_id) with two or more complaints
select
    office_code,
    subject_id,
    any_value(nationality_iso3) as nationality_iso3,
    count(*) as complaints,
    string_agg(distinct category, ', ' order by category) as categories,
    min(submitted_date) as first_complaint,
    max(submitted_date) as last_complaint,
    count(*) filter (where not is_responded) as without_response,
    string_agg(distinct kecamatan_name, ', ' order by kecamatan_name) as kecamatan,
from marts.complaints
where subject_id is not null
group by office_code, subject_id
having count(*) > 1
order by complaints desc, last_complaint desc, office_code, subject_id;

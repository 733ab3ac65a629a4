-- purpose: the normalised lodging reports for the national roll-up, pseudonymous: person_id instead of
--   name, passport, date of birth; no reporter, phone, address or permit number; no response key or
--   submission time (pointers back to the form row); dates as the analysts' snapshot holds them (weeks).
-- grain: one row per lodging report; partitioned by office_code and iso_week (of submission)
select
    office_code,
    strftime(submitted_date, '%G-W%V') as iso_week,
    source_name,
    submitted_date,
    person_id,
    identity_method,
    nationality_iso3,
    sex,
    permit_type,
    permit_expiry_date,
    purpose,
    kabkota_code,
    kecamatan_code,
    desa_code,
    arrival_date,
    departure_date,
    stay_start_date,
    stay_end_date,
from intermediate.lodging_reports_identified
where $office_code is null or office_code = $office_code;

-- purpose: the alerts the rules detect in this build, per office, as of the office's own date
-- (office_rules.as_of_date: today in the office's timezone, or the build's --as-of).
-- rules (thresholds per office in office_rules, defaults in config `[alerts]`):
--   OVERSTAY: reported present after the permit expiry; the expiry day itself is still legal.
--   EXPIRING_SOON: still staying and the permit expires within expiring_within_days days.
--   VISA_FREE_LIMIT / VOA_LIMIT: no expiry given, and the current stay is longer than the days the
--     visa-free visit (visa_free_days) or the visa on arrival (voa_days) allows; the basis date is the
--     stay's last legal day.
-- the permit is the one of the person's latest report that gives one (an extension or a KITAS supersedes).
-- presence is evidence only: arrival, check-out and report dates up to the office's date; a missing
-- check-out neither makes nor hides an overstay. "still staying": seen within $open_stay_days days and
-- the latest stay has no check-out before the office's date. the current stay: reports whose stays
-- overlap or touch (a stay without check-out lasts at most $open_stay_days days), latest first.

-- table: intermediate.alert_assessment
-- purpose: each person present in an office with the alert the rules detect, if any, as of the office's date.
-- grain: one row per person present in an office
-- key: (office_code, person_id)
-- kept: from alert_assessment_new, scope affected_persons (person_id)
-- recomputed only for the persons whose reports this build changed (all on a full build).

-- table: intermediate.alert_candidates
-- purpose: the alerts detected in this build, each with its stable id (alert_key in sql/macros/alerts.sql).
-- grain: one row per detected alert
-- key: alert_id
create or replace temp view alert_assessment_new as
with reports as (
    select reports.*, rules.as_of_date as office_as_of,
    from (
        select * from intermediate.lodging_reports_identified where getvariable('marts_full')
        union all
        select * from affected_person_reports
    ) as reports
    join office_rules as rules using (office_code)
    where reports.person_id is not null
        and (reports.submitted_date is null or reports.submitted_date <= rules.as_of_date)
),

evidence as (
    select
        *,
        least(greatest(arrival_date, departure_date, submitted_date), office_as_of) as evidence_date,
        coalesce(departure_date >= office_as_of, true) as has_not_left,
        least(stay_end_date, office_as_of) as stay_until,
    from reports
),

-- a report opens a stay when it starts after the day following every earlier report's stay (in
-- the order of their starts); the current stay starts at the latest report that opens one
chained as (
    select
        *,
        max(stay_until) over (
            partition by office_code, person_id order by stay_start_date, response_key
            rows between unbounded preceding and 1 preceding
        ) as earlier_stays_until,
    from evidence
),

presence as (
    select
        office_code,
        person_id,
        any_value(office_as_of) as as_of_date,
        max(evidence_date) as last_present_date,
        max(evidence_date) >= any_value(office_as_of) - to_days(getvariable('open_stay_days'))
            and arg_max(has_not_left, row(stay_start_date, submitted_at)) as is_staying,
        arg_max(kabkota_code, row(evidence_date, submitted_at)) as kabkota_code,
        arg_max(kecamatan_code, row(evidence_date, submitted_at)) as kecamatan_code,
        max(stay_start_date) filter (
            where earlier_stays_until is null or stay_start_date > earlier_stays_until + 1
        ) as stay_start_date,
    from chained
    group by all
),

assessed as (
    select
        presence.*,
        persons.nationality_iso3,
        persons.latest_permit_type as permit_type,
        persons.latest_permit_expiry_date as permit_expiry_date,
        case persons.latest_permit_type
            when 'BEBAS_VISA' then rules.visa_free_days
            when 'VOA' then rules.voa_days
        end as allowed_days,
        rules.expiring_within_days,
    from presence
    join marts.persons as persons using (person_id)
    join office_rules as rules using (office_code)
),

classified as (
    select
        *,
        case
            when permit_expiry_date is not null then permit_expiry_date
            when allowed_days is not null then (stay_start_date + to_days(allowed_days - 1))::date
        end as basis_date,
        case
            when permit_expiry_date is not null and last_present_date > permit_expiry_date then 'OVERSTAY'
            when permit_expiry_date is not null and is_staying
                and permit_expiry_date - as_of_date between 0 and expiring_within_days then 'EXPIRING_SOON'
            when permit_expiry_date is null and allowed_days is not null
                and last_present_date >= stay_start_date + to_days(allowed_days)
                then case permit_type when 'VOA' then 'VOA_LIMIT' else 'VISA_FREE_LIMIT' end
        end as alert_kind,
    from assessed
)

select * from classified;

create or replace table intermediate.alert_candidates as
with detected as (
    select * from intermediate.alert_assessment where alert_kind is not null
),

final as (
    select
        alert_key(office_code, person_id, alert_kind, basis_date) as alert_id,
        office_code,
        person_id,
        alert_kind,
        basis_date,
        nationality_iso3,
        kabkota_code,
        coalesce(kabkota.area_name, '(tidak diketahui)') as kabkota_name,
        kecamatan_code,
        coalesce(kecamatan.area_name, '(tidak diketahui)') as kecamatan_name,
        permit_type,
        permit_expiry_date,
        stay_start_date,
        last_present_date,
        case when alert_kind <> 'EXPIRING_SOON' then last_present_date - basis_date else 0 end::integer
            as days_overstayed,
        case when alert_kind = 'EXPIRING_SOON' then basis_date - as_of_date end::integer as days_to_expiry,
        is_staying,
        as_of_date,
    from detected
    left join staging.areas as kabkota on kabkota.area_code = detected.kabkota_code
    left join staging.areas as kecamatan on kecamatan.area_code = detected.kecamatan_code
)

select * from final;

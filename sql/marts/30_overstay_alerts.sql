-- purpose: persons reported present after their permit expired (OVERSTAY), or still staying while it
-- expires within $expiring_within_days days (EXPIRING_SOON), per office, as of $as_of_date.
-- grain: one row per alert; key: alert_id (stable across rebuilds: office, person, kind, expiry).
-- the permit is the one of the person's latest report that gives one (an extension supersedes);
-- the expiry day itself is still legal: overstay starts the day after.
-- presence is evidence only: arrival, check-out and report dates (up to the as-of date); a missing
-- check-out neither makes nor hides an overstay. "still staying" means seen within $open_stay_days
-- days and the latest stay has no check-out before the as-of date.
create or replace table marts.overstay_alerts as
with reports as (
    select * from intermediate.lodging_reports_identified where person_id is not null
),

evidence as (
    select
        *,
        least(greatest(arrival_date, departure_date, submitted_date), $as_of_date::date) as evidence_date,
        coalesce(departure_date >= $as_of_date::date, true) as has_not_left,
    from reports
),

presence as (
    select
        office_code,
        person_id,
        max(evidence_date) as last_present_date,
        max(evidence_date) >= $as_of_date::date - to_days($open_stay_days)
            and arg_max(has_not_left, stay_start_date) as is_staying,
        arg_max(kabkota_code, evidence_date) as kabkota_code,
        arg_max(kecamatan_code, evidence_date) as kecamatan_code,
    from evidence
    group by all
),

assessed as (
    select
        presence.*,
        persons.nationality_iso3,
        persons.latest_permit_type as permit_type,
        persons.latest_permit_expiry_date as permit_expiry_date,
        least(presence.last_present_date, $as_of_date::date) as present_until,
    from presence
    join marts.persons as persons using (person_id)
    where persons.latest_permit_expiry_date is not null
),

classified as (
    select
        assessed.*,
        case
            when present_until > permit_expiry_date then 'OVERSTAY'
            when is_staying
                and permit_expiry_date - $as_of_date::date between 0 and $expiring_within_days then 'EXPIRING_SOON'
        end as alert_kind,
    from assessed
),

final as (
    select
        left(md5(office_code || '|' || person_id || '|' || alert_kind || '|' || permit_expiry_date), 16)
            as alert_id,
        office_code,
        person_id,
        nationality_iso3,
        kabkota_code,
        coalesce(kabkota.area_name, '(tidak diketahui)') as kabkota_name,
        kecamatan_code,
        coalesce(kecamatan.area_name, '(tidak diketahui)') as kecamatan_name,
        permit_type,
        permit_expiry_date,
        present_until as last_present_date,
        case when alert_kind = 'OVERSTAY' then present_until - permit_expiry_date else 0 end as days_overstayed,
        case when alert_kind = 'EXPIRING_SOON' then permit_expiry_date - $as_of_date::date end as days_to_expiry,
        alert_kind,
        $as_of_date::date as as_of_date,
    from classified
    left join staging.areas as kabkota on kabkota.area_code = classified.kabkota_code
    left join staging.areas as kecamatan on kecamatan.area_code = classified.kecamatan_code
    where alert_kind is not null
)

select * from final;

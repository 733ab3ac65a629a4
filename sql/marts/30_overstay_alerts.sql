-- purpose: persons reported present after their permit expired (OVERSTAY), or present while it expires
-- within $expiring_within_days days (EXPIRING_SOON), per office, as of $as_of_date.
-- grain: one row per alert; key: alert_id (stable across rebuilds: office, person, kind, expiry).
-- the permit is the one of the person's latest report that gives one (an extension supersedes);
-- the expiry day itself is still legal: overstay starts the day after.
create or replace table marts.overstay_alerts as
with reports as (
    select * from intermediate.lodging_reports_identified where person_id is not null
),

presence as (
    select
        office_code,
        person_id,
        max(greatest(stay_end_date, submitted_date, stay_start_date)) as last_present_date,
        arg_max(kabkota_code, greatest(stay_end_date, submitted_date)) as kabkota_code,
        arg_max(kecamatan_code, greatest(stay_end_date, submitted_date)) as kecamatan_code,
    from reports
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
            when present_until >= $as_of_date::date
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

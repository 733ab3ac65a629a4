-- purpose: how well staging recovers the demo generator's known truth, per field.
-- grain: one row per form kind and field; key: (form_kind, field). $truth_path: the generator's truth.csv.
-- every value the truth knows counts, including those of a response that never reached staging
-- (unresolved), so a whole response lost cannot keep a field at 100%.
with truth as (
    select * from read_csv($truth_path, all_varchar = true, header = true)
),

lodging as (
    select
        'lodging' as form_kind,
        truth.nationality_iso3 as truth_nationality, staged.nationality_iso3 as staged_nationality,
        truth.kabkota_code as truth_kabkota, staged.kabkota_code as staged_kabkota,
        truth.kecamatan_code as truth_kecamatan, staged.kecamatan_code as staged_kecamatan,
        truth.permit_type as truth_permit_type, staged.permit_type as staged_permit_type,
        truth.permit_expiry_date as truth_permit_expiry, staged.permit_expiry_date::varchar as staged_permit_expiry,
        truth.arrival_date as truth_arrival, staged.arrival_date::varchar as staged_arrival,
        truth.departure_date as truth_departure, staged.departure_date::varchar as staged_departure,
        truth.purpose as truth_purpose, staged.purpose as staged_purpose,
        epoch(truth.submitted_at::timestamptz)::varchar as truth_submitted,
        epoch(staged.submitted_at)::varchar as staged_submitted,
    from truth
    left join staging.lodging_reports as staged
        on staged.source_name = truth.source_name and staged.sheet_row_number = truth.sheet_row_number::bigint
    where truth.kind = 'lodging'
),

complaints as (
    select
        'complaint' as form_kind,
        truth.nationality_iso3 as truth_nationality, staged.nationality_iso3 as staged_nationality,
        truth.kabkota_code as truth_kabkota, staged.kabkota_code as staged_kabkota,
        truth.kecamatan_code as truth_kecamatan, staged.kecamatan_code as staged_kecamatan,
        epoch(truth.submitted_at::timestamptz)::varchar as truth_submitted,
        epoch(staged.submitted_at)::varchar as staged_submitted,
        truth.category as truth_category, staged.category as staged_category,
    from truth
    left join staging.complaints as staged
        on staged.source_name = truth.source_name and staged.sheet_row_number = truth.sheet_row_number::bigint
    where truth.kind = 'complaint'
),

pairs as (
    select form_kind, 'nationality' as field, truth_nationality as truth_value, staged_nationality as staged_value
    from (select * from lodging union all by name select * from complaints)
    union all
    select form_kind, 'kabkota', truth_kabkota, staged_kabkota from (select * from lodging union all by name select * from complaints)
    union all
    select form_kind, 'kecamatan', truth_kecamatan, staged_kecamatan
    from (select * from lodging union all by name select * from complaints)
    union all
    select form_kind, 'submitted_at', truth_submitted, staged_submitted
    from (select * from lodging union all by name select * from complaints)
    union all
    select form_kind, 'permit_type', truth_permit_type, staged_permit_type from lodging
    union all
    select form_kind, 'permit_expiry_date', truth_permit_expiry, staged_permit_expiry from lodging
    union all
    select form_kind, 'arrival_date', truth_arrival, staged_arrival from lodging
    union all
    select form_kind, 'departure_date', truth_departure, staged_departure from lodging
    union all
    select form_kind, 'purpose', truth_purpose, staged_purpose from lodging
    union all
    select form_kind, 'category', truth_category, staged_category from complaints
),

final as (
    select
        form_kind,
        field,
        count(*) as known_values,
        count(*) filter (where staged_value = truth_value) as correct,
        count(*) filter (where staged_value is not null and staged_value <> truth_value) as wrong,
        count(*) filter (where staged_value is null) as unresolved,
        round(100.0 * count(*) filter (where staged_value = truth_value) / count(*), 1) as correct_pct,
    from pairs
    where nullif(truth_value, '') is not null
    group by all
)

select * from final order by form_kind desc, field;

-- purpose: typed, coded public complaints (pengaduan masyarakat) with the officers' follow-up columns.
-- grain: one row per complaint form response; key: (source_name, response_key)
create or replace table staging.complaints as
with complaints as (
    select * from text_complaint
),

lookups as (
    select * from lookup_values
),

final as (
    select
        complaints.source_name,
        complaints.office_code,
        complaints.response_key,
        complaints.raw_version,
        complaints.sheet_row_number,
        submitted.value::timestamptz as submitted_at,
        timezone(complaints.time_zone, submitted.value::timestamptz)::date as submitted_date,
        complaints.complainant_name,
        phone.value as complainant_phone,
        complaints.subject_name,
        nationality.value as nationality_iso3,
        category.value as category,
        complaints.description,
        complaints.address,
        coalesce(kabkota.value, left(kecamatan.value, 5), left(desa.value, 5)) as kabkota_code,
        coalesce(kecamatan.value, left(desa.value, 8)) as kecamatan_code,
        desa.value as desa_code,
        incident.value::date as incident_date,
        coalesce(status.value, 'BARU') as followup_status,
        complaints.followup_officer,
        complaints.followup_note,
        followup.value::date as followup_date,
    from complaints
    left join lookups as submitted
        on submitted.parser = 'timestamp' and submitted.context = complaints.locale || '|' || complaints.time_zone
        and submitted.raw_value = complaints.submitted_at
    left join lookups as phone
        on phone.parser = 'phone' and phone.context = '' and phone.raw_value = complaints.complainant_phone
    left join lookups as nationality
        on nationality.parser = 'country' and nationality.context = ''
        and nationality.raw_value = complaints.nationality
    left join lookups as category
        on category.parser = 'category' and category.context = '' and category.raw_value = complaints.category
    left join lookups as kabkota
        on kabkota.parser = 'kabkota' and kabkota.context = complaints.office_code
        and kabkota.raw_value = complaints.kabkota
    left join lookups as kecamatan
        on kecamatan.parser = 'kecamatan'
        and kecamatan.context = complaints.office_code || '|' || coalesce(kabkota.value, '')
        and kecamatan.raw_value = complaints.kecamatan
    left join lookups as desa
        on desa.parser = 'desa' and desa.context = complaints.office_code || '|' || coalesce(kecamatan.value, kabkota.value, '')
        and desa.raw_value = complaints.desa
    left join lookups as incident
        on incident.parser = 'date' and incident.context = complaints.locale
        and incident.raw_value = complaints.incident_date
    left join lookups as status
        on status.parser = 'followup_status' and status.context = ''
        and status.raw_value = complaints.followup_status
    left join lookups as followup
        on followup.parser = 'date' and followup.context = complaints.locale
        and followup.raw_value = complaints.followup_date
)

select * from final;

-- purpose: public complaints (pengaduan masyarakat) of this build with every lookup joined: the view
-- complaints_parsed has the fields staged as text, each other field's parsed value and the list of
-- the row's rejects; the view complaints_new has the columns of staging.complaints (with the
-- officers' follow-up columns) and last the row's rejects, which the write moves to staging.rejects.
-- grain: one row per complaint form response staged in this build; key: (source_name, response_key)
create or replace temp view complaints_parsed as
with complaints as (
    select * from text_complaint
),

lookups as (
    select * from build_lookups
),

final as (
    select
        -- the fields staged as text; the others are read from their text below
        complaints.source_name,
        complaints.office_code,
        complaints.form_kind,
        complaints.time_zone,
        complaints.response_key,
        complaints.raw_version,
        complaints.sheet_row_number,
        complaints.complainant_name,
        complaints.subject_name,
        complaints.description,
        complaints.address,
        complaints.followup_officer,
        complaints.followup_note,
        coalesce(complaints.submitted_ts, submitted.value::timestamptz) as submitted_at__value,
        phone.value as complainant_phone__value,
        nationality.value as nationality__value,
        nationality.method as nationality__method,
        -- a category answered "Lainnya" takes the category its description names, when exactly one
        if(category.value = 'OTHER' and described.value <> 'OTHER', described.value, category.value) as category__value,
        if(category.value = 'OTHER' and described.value <> 'OTHER', 'description_text', category.method)
            as category__method,
        kabkota.value as kabkota__value,
        kabkota.method as kabkota__method,
        kecamatan.value as kecamatan__value,
        kecamatan.method as kecamatan__method,
        desa.value as desa__value,
        desa.method as desa__method,
        incident.value::date as incident_date__value,
        status.value as followup_status__value,
        followup.value::date as followup_date__value,
        -- the fields of this row that are rejected (each with its text and reason), often none
        list_filter([
            field_reject(
                'complaint.submitted_at', complaints.submitted_at, if(complaints.submitted_ts is null, submitted.reason, null)
            ),
            field_reject('complaint.complainant_name', complaints.complainant_name, null),
            field_reject('complaint.complainant_phone', complaints.complainant_phone, phone.reason),
            field_reject('complaint.subject_name', complaints.subject_name, null),
            field_reject('complaint.nationality', complaints.nationality, nationality.reason),
            field_reject('complaint.category', complaints.category, category.reason),
            field_reject('complaint.description', complaints.description, null),
            field_reject('complaint.address', complaints.address, null),
            field_reject('complaint.kabkota', complaints.kabkota, kabkota_reject_reason(kabkota.reason, kecamatan.value)),
            field_reject('complaint.kecamatan', complaints.kecamatan, kecamatan.reason),
            field_reject('complaint.desa', complaints.desa, desa.reason),
            field_reject('complaint.incident_date', complaints.incident_date, incident.reason),
            field_reject('complaint.followup_status', complaints.followup_status, status.reason),
            field_reject('complaint.followup_officer', complaints.followup_officer, null),
            field_reject('complaint.followup_note', complaints.followup_note, null),
            field_reject('complaint.followup_date', complaints.followup_date, followup.reason),
        ], lambda reject: reject is not null) as rejects,
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
    left join lookups as described
        on described.parser = 'complaint_text' and described.context = ''
        and described.raw_value = complaints.description
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

create or replace temp view complaints_new as
with parsed as (
    select * from complaints_parsed
),

final as (
    select
        source_name,
        office_code,
        response_key,
        raw_version,
        sheet_row_number,
        submitted_at__value as submitted_at,
        timezone(time_zone, submitted_at__value)::date as submitted_date,
        complainant_name,
        complainant_phone__value as complainant_phone,
        subject_name,
        nationality__value as nationality_iso3,
        nationality__method as nationality_match_method,
        category__value as category,
        category__method as category_match_method,
        description,
        address,
        coalesce(kabkota__value, left(kecamatan__value, 5), left(desa__value, 5)) as kabkota_code,
        case
            when kabkota__value is null and kecamatan__value is not null then 'from_kecamatan'
            when kabkota__value is null and desa__value is not null then 'from_desa'
            else kabkota__method
        end as kabkota_match_method,
        coalesce(kecamatan__value, left(desa__value, 8)) as kecamatan_code,
        case when kecamatan__value is null and desa__value is not null then 'from_desa'
            else kecamatan__method end as kecamatan_match_method,
        desa__value as desa_code,
        desa__method as desa_match_method,
        incident_date__value as incident_date,
        coalesce(followup_status__value, 'BARU') as followup_status,
        followup_officer,
        followup_note,
        followup_date__value as followup_date,
        rejects,
    from parsed
)

select * from final;

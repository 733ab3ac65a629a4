-- purpose: public complaints with category and follow-up, without the complainant's identity.
-- grain: one row per complaint; key: complaint_id
create or replace table marts.complaints as
with complaints as (
    select * from staging.complaints
    where submitted_date <= $as_of_date or submitted_date is null
),

final as (
    select
        left(md5(complaints.source_name || '|' || complaints.response_key), 16) as complaint_id,
        complaints.office_code,
        complaints.source_name,
        complaints.submitted_at,
        complaints.submitted_date,
        strftime(complaints.submitted_date, '%G-W%V') as iso_week,
        date_trunc('week', complaints.submitted_date)::date as week_start_date,
        complaints.kabkota_code,
        coalesce(kabkota.area_name, '(tidak diketahui)') as kabkota_name,
        complaints.kecamatan_code,
        coalesce(kecamatan.area_name, '(tidak diketahui)') as kecamatan_name,
        complaints.nationality_iso3,
        coalesce(complaints.category, 'OTHER') as category,
        complaints.followup_status,
        complaints.followup_date,
        complaints.followup_date - complaints.submitted_date as days_to_followup,
    from complaints
    left join staging.areas as kabkota on kabkota.area_code = complaints.kabkota_code
    left join staging.areas as kecamatan on kecamatan.area_code = complaints.kecamatan_code
)

select * from final;

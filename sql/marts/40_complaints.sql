-- table: marts.complaints
-- purpose: public complaints with category and follow-up, without the complainant's identity.
-- grain: one row per complaint
-- key: complaint_id
-- follow-up comes from the columns officers add beside the form responses (status, officer, note,
-- date). responded: the status is no longer BARU; first response: the follow-up date when given (a
-- responded complaint without one has no response time). overdue: not responded and older than the
-- office's SLA (office_rules.complaint_sla_days, default 3 days) on the office's as-of date.
create or replace table marts.complaints as
with complaints as (
    select complaints.*, rules.as_of_date as office_as_of, rules.complaint_sla_days,
    from staging.complaints as complaints
    join office_rules as rules using (office_code)
    where complaints.submitted_date <= $as_of_date or complaints.submitted_date is null
),

followed as (
    select
        *,
        followup_status <> 'BARU' as is_responded,
        case when followup_status <> 'BARU' then followup_date end as first_response_date,
        nullif(regexp_replace(upper(strip_accents(coalesce(subject_name, ''))), '[^A-Z]+', ' ', 'g').trim(), '')
            as subject_text,
    from complaints
),

-- a subject written as "tidak diketahui", "tidak tahu", "anonim", "n/a", "-" or "?" names nobody: it
-- gets no pseudonym, else every such complaint would be one "person" complained about many times.
-- unknown: every word is one of these, or fewer than three letters in all (too short to tell persons apart)
subjects as (
    select
        *,
        case
            when length(replace(subject_text, ' ', '')) >= 3
                and not list_has_all(
                    [
                        'TIDAK', 'TDK', 'TAK', 'GAK', 'NGGAK', 'ENGGAK', 'BELUM', 'BLM', 'DIKETAHUI', 'KETAHUI',
                        'TAHU', 'TAU', 'TIDAKTAHU', 'ADA', 'JELAS', 'KENAL', 'DIKENAL', 'NAMA', 'NAMANYA',
                        'TANPA', 'ANONIM', 'ANONYMOUS', 'ANON', 'UNKNOWN', 'NONE', 'NO', 'NOT', 'KNOWN', 'NAME',
                        'N', 'A', 'NA', 'NIHIL', 'KOSONG', 'ORANG', 'ASING', 'WNA', 'BULE', 'SEORANG',
                        'SESEORANG', 'LAKI', 'PRIA', 'PEREMPUAN', 'WANITA', 'X', 'XX', 'XXX', 'DLL', 'RAHASIA',
                    ],
                    string_split(subject_text, ' ')
                )
            then subject_text
        end as subject_key,
    from followed
),

final as (
    select
        -- keyed: an unkeyed hash of the form's timestamp would point back to the form row
        pseudonym($hmac_inner, $hmac_outer, 'complaint|' || followed.source_name || '|' || followed.response_key)
            as complaint_id,
        followed.office_code,
        followed.source_name,
        followed.submitted_at,
        followed.submitted_date,
        strftime(followed.submitted_date, '%G-W%V') as iso_week,
        date_trunc('week', followed.submitted_date)::date as week_start_date,
        followed.kabkota_code,
        coalesce(kabkota.area_name, '(tidak diketahui)') as kabkota_name,
        followed.kecamatan_code,
        coalesce(kecamatan.area_name, '(tidak diketahui)') as kecamatan_name,
        followed.nationality_iso3,
        -- the reported person as a keyed pseudonym (name + nationality), so repeat targets can be
        -- found without the name
        case when subject_key is not null
            then pseudonym($hmac_inner, $hmac_outer, 'subject|' || subject_key || '|' || coalesce(followed.nationality_iso3, '?'))
        end as subject_id,
        coalesce(followed.category, 'OTHER') as category,
        followed.followup_status,
        followed.followup_officer,
        followed.followup_date,
        followed.followup_date - followed.submitted_date as days_to_followup,
        followed.is_responded,
        followed.first_response_date,
        followed.first_response_date - followed.submitted_date as days_to_first_response,
        followed.complaint_sla_days as sla_days,
        case when not followed.is_responded then followed.office_as_of - followed.submitted_date end as days_open,
        not followed.is_responded
            and followed.office_as_of - followed.submitted_date > followed.complaint_sla_days as is_overdue,
    from subjects as followed
    left join staging.areas as kabkota on kabkota.area_code = followed.kabkota_code
    left join staging.areas as kecamatan on kecamatan.area_code = followed.kecamatan_code
)

select * from final;

-- purpose: the analysts' copy of marts.persons: first and last report at their ISO week (Monday), the
--   permit's expiry at its month, and then generalised until at least 5 persons share each row's
--   quasi-identifiers: the dates dropped first, then sex and permit, then the nationality.
-- grain: one row per person; key: person_id
-- quasi-identifiers: nationality, sex, first and last report week, permit type, permit expiry month
with

persons as (
    select
        * replace (
            date_trunc('week', first_reported_date)::date as first_reported_date,
            date_trunc('week', last_reported_date)::date as last_reported_date,
            date_trunc('month', latest_permit_expiry_date)::date as latest_permit_expiry_date,
        ),
    from marts.persons
),

level_0 as (
    select
        *,
        count(*) over (
            partition by nationality_iso3, sex, first_reported_date, last_reported_date, latest_permit_type,
                latest_permit_expiry_date
        ) >= 5 as is_kept,
    from persons
),

-- the rows not kept are grouped again among themselves, as they will be published
level_1 as (
    select *, count(*) over (partition by nationality_iso3, sex, latest_permit_type) >= 5 as is_kept_1,
    from level_0
    where not is_kept
),

level_2 as (
    select *, count(*) over (partition by nationality_iso3) >= 5 as is_kept_2,
    from level_1
    where not is_kept_1
),

final as (
    select * exclude (is_kept) from level_0 where is_kept
    union all by name
    select
        * exclude (is_kept, is_kept_1) replace (
            null::date as first_reported_date,
            null::date as last_reported_date,
            null::date as latest_permit_expiry_date,
        ),
    from level_1
    where is_kept_1
    union all by name
    select
        * exclude (is_kept, is_kept_1, is_kept_2) replace (
            if(is_kept_2, nationality_iso3, null) as nationality_iso3,
            null::varchar as sex,
            null::date as first_reported_date,
            null::date as last_reported_date,
            null::varchar as latest_permit_type,
            null::date as latest_permit_expiry_date,
        ),
    from level_2
)

select * from final

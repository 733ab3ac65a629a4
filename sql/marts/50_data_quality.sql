-- purpose: freshness of each source, rejects by source, field and reason, and how each coded field was
-- read (match methods), so an office can fix its form.

-- table: marts.source_freshness
-- purpose: when each configured source was last fetched without error, how many of its rows are
--   current and how many of its responses have a reject.
-- grain: one row per source
-- key: source_name

-- table: marts.rejects_summary
-- purpose: the rejects by source, field and reason, with the first sheet row of each for an example.
-- grain: one row per source, field and reason
-- key: (source_name, field, reason)

-- table: marts.match_methods
-- purpose: how the values of each coded field of each source were read (exact, alias, fuzzy, ...).
-- grain: one row per source, coded field and match method
-- key: (source_name, field, match_method)
-- every response with a value in a coded field (nationality, permit type, complaint category, kab/kota,
-- kecamatan, desa) counts once: under the method that read it ("exact", "alias", "fuzzy", "text",
-- "from_kecamatan", ...), else under "rejected" (a value no method could read; an empty required
-- field is no value). share_of_values: of the source's values in that field, 0 to 1.

-- table: marts.build_info
-- purpose: when the marts were built and the as-of date they were built for.
-- grain: one row
-- key: none (one row)
create or replace table marts.source_freshness as
with fetches as (
    select source_name, max(finished_at) as last_success_at,
    from raw.fetches
    where status = 'ok'
    group by all
),

current_rows as (
    select source_name, count(*) as rows_current,
    from raw.responses
    where superseded_at is null and deleted_at is null
    group by all
),

reject_counts as (
    select source_name, count(distinct response_key) as rejects,
    from staging.rejects
    group by all
),

final as (
    select
        sources.source_name,
        sources.office_code,
        sources.form_kind,
        fetches.last_success_at,
        coalesce(current_rows.rows_current, 0) as rows_current,
        coalesce(reject_counts.rejects, 0) as rejects,
    from configured_sources as sources
    left join fetches using (source_name)
    left join current_rows using (source_name)
    left join reject_counts using (source_name)
)

select * from final;

create or replace table marts.rejects_summary as
select
    source_name,
    office_code,
    field,
    reason,
    count(*) as rejects,
    min(sheet_row_number) as example_row_number,
from staging.rejects
group by all;

create or replace table marts.match_methods as
-- the values of each coded field counted in one pass over the reports and complaints, one grouping set
-- per field (an unpivot copied every value first); a field's empty values, and a field a form does not
-- have (a complaint's permit type, a lodging report's category), are not counted
with methods as not materialized (
    select source_name, office_code, response_key, nationality_match_method, permit_type_match_method,
        null::varchar as category_match_method, kabkota_match_method, kecamatan_match_method, desa_match_method,
    from staging.lodging_reports
    union all
    select source_name, office_code, response_key, nationality_match_method, null::varchar,
        category_match_method, kabkota_match_method, kecamatan_match_method, desa_match_method,
    from staging.complaints
),

read_by as (
    select
        source_name,
        office_code,
        case
            when grouping(nationality_match_method) = 0 then 'nationality'
            when grouping(permit_type_match_method) = 0 then 'permit_type'
            when grouping(category_match_method) = 0 then 'category'
            when grouping(kabkota_match_method) = 0 then 'kabkota'
            when grouping(kecamatan_match_method) = 0 then 'kecamatan'
            else 'desa'
        end as field,
        coalesce(
            nationality_match_method, permit_type_match_method, category_match_method, kabkota_match_method,
            kecamatan_match_method, desa_match_method
        ) as match_method,
        count(*) as value_count,
    from methods
    group by grouping sets (
        (source_name, office_code, nationality_match_method),
        (source_name, office_code, permit_type_match_method),
        (source_name, office_code, category_match_method),
        (source_name, office_code, kabkota_match_method),
        (source_name, office_code, kecamatan_match_method),
        (source_name, office_code, desa_match_method)
    )
),

coded_rejects as (
    select source_name, office_code, response_key, field,
    from staging.rejects
    where field in ('nationality', 'permit_type', 'category', 'kabkota', 'kecamatan', 'desa')
        and reason <> 'REQUIRED_MISSING'
),

-- a rejected value no method read in the end (a kab/kota read from its kecamatan is not rejected): the
-- few rejects are joined to their responses, not the responses' methods unpivoted to match them
rejected as (
    select rejects.source_name, rejects.office_code, rejects.field, 'rejected' as match_method,
    from coded_rejects as rejects
    inner join methods using (source_name, response_key)
    where case rejects.field
        when 'nationality' then methods.nationality_match_method
        when 'permit_type' then methods.permit_type_match_method
        when 'category' then methods.category_match_method
        when 'kabkota' then methods.kabkota_match_method
        when 'kecamatan' then methods.kecamatan_match_method
        when 'desa' then methods.desa_match_method
    end is null
),

counted as (
    select source_name, office_code, field, match_method, sum(value_count)::bigint as value_count,
    from (
        select * from read_by where match_method is not null
        union all by name
        select *, count(*) as value_count, from rejected group by all
    )
    group by all
),

final as (
    select
        source_name,
        office_code,
        field,
        match_method,
        value_count,
        value_count / sum(value_count) over (partition by source_name, field) as share_of_values,
    from counted
)

select * from final;

create or replace table marts.build_info as
select now() as built_at, $as_of_date::date as as_of_date;

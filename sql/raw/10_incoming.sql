-- purpose: key and fingerprint the rows of one fetch before the merge.
-- input: temp view incoming_rows (05_incoming_columns.sql or 05_incoming_lists.sql): sheet_row_number,
-- key_cell (the form timestamp, or null when the sheet has none), content_hash and cells.
-- grain: one row per fetched sheet row; key: response_key
-- $source_name; $is_full.
-- the cells themselves stay in incoming_rows: only rows that change are copied, by 20_merge.sql.
create or replace temp table incoming as
with fetched as (
    select
        sheet_row_number,
        nullif(trim(key_cell), '') as key_text,
        content_hash,
    from incoming_rows
),

-- an incremental fetch continues the occurrence count of timestamps already stored above it; only
-- the timestamps it fetched are counted, not every stored one
stored_occurrences as (
    select key_text, count(*) as stored_count,
    from (
        select left(response_key, length(response_key) - strpos(reverse(response_key), '#')) as key_text,
        from raw.responses
        where not $is_full
            and source_name = $source_name
            and superseded_at is null
            and deleted_at is null
            and sheet_row_number < (select min(sheet_row_number) from incoming_rows)
            and not starts_with(response_key, 'row#')
    )
    semi join (select distinct nullif(trim(key_cell), '') as key_text from incoming_rows) using (key_text)
    group by 1
),

keyed as (
    select
        fetched.sheet_row_number,
        case
            when fetched.key_text is null then 'row#' || fetched.sheet_row_number
            else fetched.key_text || '#' || (
                coalesce(stored_occurrences.stored_count, 0)
                + row_number() over (partition by fetched.key_text order by fetched.sheet_row_number)
            )
        end as response_key,
        fetched.content_hash,
    from fetched
    left join stored_occurrences on stored_occurrences.key_text = fetched.key_text
)

select * from keyed;

-- purpose: key and fingerprint the rows of one fetch (temp view incoming_rows) before the merge.
-- grain: one row per fetched sheet row; key: response_key
-- $key_position: 1-based column of the form timestamp, or null; $source_name; $is_full.
-- content_hash ignores trailing empty cells, so a column appended at the right is not a change.
create or replace temp table incoming as
with fetched as (
    select
        sheet_row_number,
        cells,
        nullif(trim(cells[$key_position]), '') as key_text,
    from incoming_rows
),

-- an incremental fetch continues the occurrence count of timestamps already stored
stored_occurrences as (
    select
        left(response_key, length(response_key) - strpos(reverse(response_key), '#')) as key_text,
        count(*) as stored_count,
    from raw.responses
    where source_name = $source_name
        and superseded_at is null
        and deleted_at is null
        and not $is_full
        and sheet_row_number < (select min(sheet_row_number) from incoming_rows)
        and not starts_with(response_key, 'row#')
    group by 1
),

keyed as (
    select
        fetched.sheet_row_number,
        fetched.cells,
        case
            when fetched.key_text is null then 'row#' || fetched.sheet_row_number
            else fetched.key_text || '#' || (
                coalesce(stored_occurrences.stored_count, 0)
                + row_number() over (partition by fetched.key_text order by fetched.sheet_row_number)
            )
        end as response_key,
        md5(rtrim(array_to_string(fetched.cells, chr(31)), chr(31))) as content_hash,
    from fetched
    left join stored_occurrences on stored_occurrences.key_text = fetched.key_text
)

select * from keyed;

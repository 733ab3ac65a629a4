-- purpose: what the analysts' snapshot copies: every table and view of the analysts' schemas but the
--   per-person internals of the alerts and the per-report rows, plus the sync history of raw (never the responses themselves),
--   each with the columns it keeps: all of them but those in $restricted (personal data and pointers
--   back to a form row).
-- grain: one row per table or view; key: (schema_name, table_name)
-- params: $restricted (a list of column names)
with

analyst_tables as (
    select table_schema as schema_name, table_name, column_name, ordinal_position,
    from information_schema.columns
    where table_catalog = current_database()
        and (
            table_schema in ('intermediate', 'marts', 'state')
            or (table_schema = 'raw' and table_name in ('fetches', 'headers'))
        )
        -- one row per person assessed or alerted, with its permit's exact dates: the analysts read
        -- marts.alerts (generalised); one row per lodging report, or per person and week, whose traits
        -- single persons out: the analysts read their counts (marts.office_weekly,
        -- marts.office_weekly_breakdown, marts.district_weekly)
        and (table_schema, table_name) not in (
            ('intermediate', 'alert_assessment'), ('intermediate', 'alert_candidates'), ('state', 'alerts'),
            ('intermediate', 'alerts_what_if'), ('intermediate', 'lodging_reports_identified'),
            ('intermediate', 'office_present_persons'), ('intermediate', 'office_reported_persons'),
            ('intermediate', 'kabkota_present_persons'), ('marts', 'office_persons')
        )
),

final as (
    select schema_name, table_name, list(column_name order by ordinal_position) as columns,
    from analyst_tables
    where not list_contains($restricted, column_name)
    group by schema_name, table_name
)

select * from final
order by schema_name, table_name

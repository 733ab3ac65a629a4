-- purpose: complaints of one office per category: received in the week, resolved in the week, overdue
-- grain: one row per complaint category that has any count
-- key: (category)
-- params: $office_code, $iso_week, $week_start, $week_end, $reference_date
-- received: submitted in the ISO week.
-- resolved: status SELESAI with its follow-up date in the week (the submission date when no
--   follow-up date was recorded).
-- overdue: status still BARU, submitted by the week's end and more than the office's SLA (sla_days) before
--   $reference_date (the week's end, or the report date for a week still running); includes
--   complaints of earlier weeks, the backlog the rakor follows up
with

complaints as (
    select *
    from marts.complaints
    where office_code = $office_code
),

flagged as (
    select
        category,
        iso_week = $iso_week as is_received,
        followup_status = 'SELESAI'
            and coalesce(followup_date, submitted_date) between $week_start and $week_end as is_resolved,
        followup_status = 'BARU'
            and submitted_date <= $week_end
            and date_diff('day', submitted_date, $reference_date::date) > sla_days as is_overdue,
    from complaints
),

final as (
    select
        category,
        count(*) filter (where is_received)::bigint as received,
        count(*) filter (where is_resolved)::bigint as resolved,
        count(*) filter (where is_overdue)::bigint as overdue,
    from flagged
    group by category
)

select * from final
where received + resolved + overdue > 0
order by category

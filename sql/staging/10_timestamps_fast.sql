-- purpose: parse form timestamps of one locale set-based with strptime; the rest go to the Python parser.
-- grain: one row per distinct (locale|time zone, timestamp text); $locale, $formats (strptime formats).
insert into lookup_values
with texts as (
    select distinct locale, time_zone, submitted_at as raw_value
    from text_lodging
    where locale = $locale and submitted_at is not null
    union
    select distinct locale, time_zone, submitted_at
    from text_complaint
    where locale = $locale and submitted_at is not null
),

parsed as (
    select
        locale || '|' || time_zone as context,
        raw_value,
        timezone(time_zone, try_strptime(raw_value, $formats)) as parsed_at,
    from texts
)

select 'timestamp', context, raw_value, strftime(parsed_at, '%Y-%m-%dT%H:%M:%S%z'), null, 'format', 100.0
from parsed
where parsed_at is not null;

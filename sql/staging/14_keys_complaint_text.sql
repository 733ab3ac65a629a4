-- purpose: distinct descriptions of complaints whose category answer reads as OTHER ("Lainnya", or
-- free text that names no category), to be read for a category by the complaint_text parser.
-- added to build_keys; lookup_keys: those absent from staging.lookup_values.
-- grain: one row per description text.
insert into build_keys
select distinct 'complaint_text' as parser, '' as context, complaints.description as raw_value,
from text_complaint as complaints
join staging.lookup_values as category
    on category.parser = 'category' and category.context = '' and category.raw_value = complaints.category
where category.value = 'OTHER' and complaints.description is not null;

create or replace temp table lookup_keys as
select build_keys.*
from build_keys
anti join staging.lookup_values using (parser, context, raw_value)
where build_keys.parser = 'complaint_text';

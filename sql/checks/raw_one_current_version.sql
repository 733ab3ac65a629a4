-- purpose: a response has at most one current version. passes when it returns nothing.
select source_name, response_key, count(*) as current_versions
from raw.responses
where superseded_at is null
group by all
having count(*) > 1;

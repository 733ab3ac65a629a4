-- purpose: the analysts' copy of state.meta: every fact about the warehouse but the fingerprint of the
--   pseudonym key it was built with (`pseudonym_key_fingerprint`, pipelines/core/pseudonym.py), which
--   would let anyone holding the snapshot test guesses of the key offline.
-- grain: one row per fact; key: name
select name, value, set_at,
from state.meta
where name != 'pseudonym_key_fingerprint'

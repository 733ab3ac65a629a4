-- purpose: a keyed pseudonym: HMAC-SHA256 of `message`, given the key's inner and outer pads (prepared
-- by pipelines/core/pseudonym.py and bound as $hmac_inner, $hmac_outer), first 16 hex characters.
-- staging keys each lodging report's person by it, the marts each complaint's subject.
create or replace temp macro pseudonym(inner_pad, outer_pad, message) as
    left(sha256(outer_pad || unhex(sha256(inner_pad || encode(message)))), 16);

-- the 64-bit number a pseudonym's 16 hex characters spell, one to one: the marts count distinct
-- persons over these numbers, which is faster than over the text
create or replace temp macro person_number(pseudonym) as ('0x' || pseudonym)::ubigint;

-- purpose: a keyed pseudonym: HMAC-SHA256 of `message`, given the key's inner and outer pads (prepared
-- by pipelines/transform/pseudonym.py and bound as $hmac_inner, $hmac_outer), first 16 hex characters.
-- staging keys each lodging report's person by it, the marts each complaint's subject.
create or replace temp macro pseudonym(inner_pad, outer_pad, message) as
    left(sha256(outer_pad || unhex(sha256(inner_pad || encode(message)))), 16);

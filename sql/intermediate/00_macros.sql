-- purpose: the macros the intermediate and mart layers share.

-- a keyed pseudonym: HMAC-SHA256 of `message`, given the key's inner and outer pads (prepared by
-- pipelines/marts/pseudonym.py and bound as $hmac_inner, $hmac_outer), first 16 hex characters
create or replace temp macro pseudonym(inner_pad, outer_pad, message) as
    left(sha256(outer_pad || unhex(sha256(inner_pad || encode(message)))), 16);

-- an alert's stable id: office, person, kind and the date the alert is about
create or replace temp macro alert_key(office_code, person_id, alert_kind, basis_date) as
    left(md5(office_code || '|' || person_id || '|' || alert_kind || '|' || basis_date), 16);

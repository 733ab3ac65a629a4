-- purpose: how staging reads a passport number, set-based (sql/staging/20_lodging_reports.sql).

-- a passport number as staged, set-based: {value, reason} with the number in upper case without
-- spaces or dashes when 6 to 12 ASCII letters and digits with at least one digit remain, else reason
-- PASSPORT_IMPLAUSIBLE; null for blank text (no letter or digit). RE2's \s is ASCII only, so the
-- class lists the other Unicode spaces (\x0B, \x1C-\x1F, \x85, \pZ) and dashes (U+2010-2015, U+2212).
create or replace temp macro passport_compact(text) as
    upper(regexp_replace(text, '[\s\x{0B}\x{1C}-\x{1F}\x{85}\pZ\x{2010}-\x{2015}\x{2212}-]+', '', 'g'));

-- whether a text is a passport number as staged: 6 to 12 upper-case ASCII letters and digits, one a digit
create or replace temp macro passport_plausible(text) as
    regexp_full_match(text, '[A-Z0-9]{6,12}') and regexp_matches(text, '[0-9]');

create or replace temp macro parse_passport(text) as
    case
        -- most numbers are written as staged already: no need to compact them
        when passport_plausible(text) then {'value': text, 'reason': null::varchar}
        when text is null or not regexp_matches(text, '[\pL\pN]') then null
        when passport_plausible(passport_compact(text))
            then {'value': passport_compact(text), 'reason': null::varchar}
        else {'value': null::varchar, 'reason': 'PASSPORT_IMPLAUSIBLE'}
    end;

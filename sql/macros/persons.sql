-- purpose: which person a lodging report is about (staging keys each report's person by it; the
-- keyed pseudonym of that identity is in pseudonym.sql).

-- the person a lodging report is about, strongest identity first: {method, key} with method
-- 'passport' (passport + nationality), 'name_dob' (without a passport: name + nationality + date of
-- birth) or 'name' (name + nationality, the weakest; shown in marts.persons); null without passport
-- and name. The name is keyed by person_name_key: upper-case ASCII letters and single spaces.
create or replace temp macro person_name_key(full_name) as
    nullif(regexp_replace(upper(strip_accents(coalesce(full_name, ''))), '[^A-Z]+', ' ', 'g').trim(), '');

create or replace temp macro person_identity(passport_number, nationality_iso3, full_name, date_of_birth) as
    case
        when passport_number is not null
            then {'method': 'passport', 'key': 'P|' || coalesce(nationality_iso3, '?') || '|' || passport_number}
        when person_name_key(full_name) is not null and date_of_birth is not null
            then {
                'method': 'name_dob',
                'key': 'D|' || coalesce(nationality_iso3, '?') || '|' || person_name_key(full_name) || '|' || date_of_birth
            }
        when person_name_key(full_name) is not null
            then {'method': 'name', 'key': 'N|' || coalesce(nationality_iso3, '?') || '|' || person_name_key(full_name)}
    end;

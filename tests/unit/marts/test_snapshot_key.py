"""The analysts' snapshot gives nothing to test a guess of the pseudonym key against, beyond the pseudonyms."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import duckdb

from conftest import file_source, write_config
from pipelines import steps
from pipelines.core.config import load_config
from pipelines.core.pseudonym import hmac_pads

KEYS = ("9c1f3b7a5e2d8046c1ab94f7e3d2605b", "a7e2d1c9b8f40635e7a2c9d1b4f80e63")
AS_OF = date(2026, 11, 26)
# the pseudonyms themselves (an HMAC of an identity, and the ids made from them): whoever knows a
# person's identity can test a key guess against them, which only a long random key withstands.
# build_id and fetch_id are random per run
KEYED_OR_RANDOM = {"person_id", "subject_id", "alert_id", "short_id", "alert_id_before", "build_id", "fetch_id"}


def _snapshot_values(path) -> dict[tuple[str, str, str], list[str]]:
    """Every column of every table in a snapshot but timestamps: its values as text, sorted."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute(
            "select schema_name, table_name, column_name from duckdb_columns() "
            "where database_name = current_database() and data_type not like 'TIMESTAMP%'"
        ).fetchall()
        return {
            (schema, table, column): sorted(
                str(value)
                for (value,) in con.execute(f'select "{column}"::varchar from "{schema}"."{table}"').fetchall()  # noqa: S608
            )
            for schema, table, column in columns
        }
    finally:
        con.close()


def _build(folder, csv_path, key: str, monkeypatch):
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", key)
    folder.mkdir(exist_ok=True)
    settings = load_config(write_config(folder, file_source("ranai_lodging", csv_path)))
    steps.sync_one(settings, "ranai_lodging")
    steps.build(settings, AS_OF)
    return settings.snapshot_path


def _key_digests(key: str) -> set[str]:
    """What can be computed from the key alone: the key, its HMAC pads, HMACs of fixed texts."""
    pads = hmac_pads(key.encode())
    digests = {key, pads["hmac_inner"].hex(), pads["hmac_outer"].hex(), hashlib.sha256(key.encode()).hexdigest()}
    for text in ("marts fingerprint", "staging fingerprint", "warehouse pseudonym key", "fingerprint", "key", ""):
        digests.add(hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest())
    return digests


def test_snapshot__nothing_but_pseudonyms_derives_from_the_key(tmp_path, lodging_settings, monkeypatch):
    # the same responses built with two keys: any other value that differs would let a guess be tested
    _, csv_path = lodging_settings
    first, second = (_build(tmp_path / name, csv_path, key, monkeypatch) for name, key in zip("ab", KEYS, strict=True))
    values, other = _snapshot_values(first), _snapshot_values(second)
    assert values.keys() == other.keys()
    assert any(values[column] for column in values if column[2] == "person_id"), "the snapshot has persons"
    changed = {column for column in values if values[column] != other[column]}
    assert {column[2] for column in changed} <= KEYED_OR_RANDOM, f"values that depend on the key: {changed}"
    digests = _key_digests(KEYS[0])
    holding = {
        column for column, texts in values.items() for text in texts if any(digest[:16] in text for digest in digests)
    }
    assert not holding, f"columns with a digest of the key: {holding}"

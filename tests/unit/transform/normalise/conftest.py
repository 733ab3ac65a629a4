"""Shared, session-wide normalisers: each loads reference data once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.transform.normalise.countries import CountryResolver
from pipelines.transform.normalise.districts import Gazetteer

REPO = Path(__file__).resolve().parents[4]
ALIASES = REPO / "config" / "nationality_aliases.toml"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.fixture(scope="session")
def resolver() -> CountryResolver:
    return CountryResolver(ALIASES)

"""Census fixtures: the GSO table and the published census observations, read once per session.

Both need the pinned census files, found through ``CDSKIT_MIRROR`` (the ``mirror`` fixture
skips locally when it is unset).
"""

from __future__ import annotations

import pytest

from cdskit.processing.census import census_observations, read_census
from cdskit.raw.sources import load_register


@pytest.fixture(scope="session")
def register(mirror):
    return load_register()


@pytest.fixture(scope="session")
def census_entry(register):
    return next(e for e in register.files if e.layout == "hierarchy")


@pytest.fixture(scope="session")
def census_table(register, census_entry):
    return read_census(census_entry, register)


@pytest.fixture(scope="session")
def census(register, census_entry, census_table):
    return census_observations(census_entry, register, census_table)

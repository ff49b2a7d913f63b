"""Shared fixtures.

Tests that need boundary files read them from the mirror named by ``CDSKIT_MIRROR`` (CI points
it at ``../shared/mirror``); they never reach the network. Downloaded and derived files go to a
per-session cache so the checkout's ``shapefiles/`` is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("cdskit-cache")
    previous = os.environ.get("CDSKIT_CACHE")
    os.environ["CDSKIT_CACHE"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("CDSKIT_CACHE", None)
    else:
        os.environ["CDSKIT_CACHE"] = previous


@pytest.fixture(scope="session")
def mirror() -> Path:
    """Return the boundary mirror; skip locally when unset, fail in CI."""
    value = os.environ.get("CDSKIT_MIRROR", "")
    folders = [Path(p) for p in value.split(os.pathsep) if p]
    if not any((folder / "REGISTRY.tsv").is_file() for folder in folders):
        message = "CDSKIT_MIRROR does not name a boundary mirror (see README: Tests)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return next(folder for folder in folders if (folder / "REGISTRY.tsv").is_file())

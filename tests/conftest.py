"""Shared fixtures.

Tests that need boundary files read them from the mirror named by ``CDSKIT_MIRROR`` (CI points
it at ``../shared/mirror``); they never reach the network. Map tests get Leaflet from
``web_assets``: when no ``CDSKIT_MIRROR`` folder holds the pinned files, ``.ci/npm-mirror.sh``
packs them from the npm registry (the npm client, never the CDN) into a temporary mirror.
Downloaded and derived files go to a per-session cache so the checkout's ``shapefiles/`` is
never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cdskit.maps import web_assets as assets

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


def _mirrored(folders: list[Path]) -> bool:
    return all(any((folder / name).is_file() for folder in folders) for name in assets.ASSETS)


@pytest.fixture(scope="session")
def web_assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a mirror folder holding every pinned asset; CDSKIT_MIRROR lists it."""
    previous = os.environ.get("CDSKIT_MIRROR")
    folders = [Path(p) for p in (previous or "").split(os.pathsep) if p]
    if _mirrored(folders):
        yield next(f for f in folders if any((f / n).is_file() for n in assets.ASSETS))
        return
    if shutil.which("npm") is None:
        message = "npm is not installed: cannot pack the Leaflet mirror (see .ci/npm-mirror.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("npm-mirror")
    subprocess.run(
        ["bash", str(REPO / ".ci" / "npm-mirror.sh"), str(folder), assets.LEAFLET_VERSION],
        check=True,
        capture_output=True,
        timeout=300,
    )
    os.environ["CDSKIT_MIRROR"] = os.pathsep.join([*(str(f) for f in folders), str(folder)])
    yield folder
    if previous is None:
        os.environ.pop("CDSKIT_MIRROR", None)
    else:
        os.environ["CDSKIT_MIRROR"] = previous

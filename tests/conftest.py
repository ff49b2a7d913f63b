"""Shared fixtures.

Tests that need boundary files read them from the mirror named by ``CDSKIT_MIRROR`` (CI points
it at ``../shared/mirror``). Map tests get Leaflet from ``web_assets``: a ``CDSKIT_MIRROR``
folder, else the checkout's ``shapefiles/`` cache (which ``make all`` fills), else the npm
registry's package tarball, taken once into a temporary folder by the kit's own code. Other
downloaded and derived files go to a per-session cache, so the tests never write into
``shapefiles/``; it starts with links to the derived boundary layers ``make all`` left in
``shapefiles/derived`` (each named by a hash of its sources, parameters and the kit's version).

The report matrix of ``reports.toml`` is rendered once per test run (``report_matrix``, see
``tests/report_matrix.py``): with ``pytest-xdist`` one worker renders (or finds ``reports/``
up to date) under a file lock while the others wait for it and reuse its folder. The cache of
derived boundary layers is shared by the workers of a run too (its files are written under
temporary names and renamed), and each worker drives one Chromium (``browser``) for every
browser test it runs.

Browser tests start first, then the other slow ones, then the rest (a stable sort, so each
module's tests stay together): with xdist handing out one test at a time, the long tests run
side by side from the start and the short ones fill in at the end.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from filelock import FileLock

from cdskit.maps import web_assets as assets

REPO = Path(__file__).resolve().parent.parent


#: Modules marked ``slow`` here as a whole (so ``make test-quick`` leaves them out): each builds the
#: shipped dataset, reads every shipped report, draws full boundary layers or real commune grids,
#: or writes every profile: several seconds a module
#: (measured with ``--durations=0``). Other slow tests carry ``pytest.mark.slow`` themselves.
SLOW_MODULES = (
    "tests/census/test_census_rollup.py",
    "tests/charts/test_colours.py",
    "tests/connectivity/test_aggregate.py",
    "tests/connectivity/test_survey.py",
    "tests/dataset/test_published_dataset.py",
    "tests/dataset/test_shipped_data.py",
    "tests/maps/test_few_units_map.py",
    "tests/maps/test_map_honesty.py",
    "tests/maps/test_maps.py",
    "tests/maps/test_static_maps.py",
    "tests/narrative/test_signable.py",
    "tests/profiles/test_profiles.py",
    "tests/profiles/test_reports_hook.py",
)


def pytest_configure(config: pytest.Config) -> None:
    """Have the report server of each worker import what the project's notebooks import.

    Recorded before any test starts the server, so the kernels of every notebook the tests run
    (``cdskit reports`` and ``tests/notebook_kernels.py``) find those modules imported.
    """
    from cdskit.reports import _kernel

    _kernel.want(sorted((REPO / "notebooks").glob("*.ipynb")))


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark the tests of :data:`SLOW_MODULES` ``slow`` (before ``-m`` selects)."""
    if item.nodeid.split("::")[0] in SLOW_MODULES:
        item.add_marker(pytest.mark.slow)


def _weight(item: pytest.Item) -> int:
    if item.get_closest_marker("browser"):
        return 0
    return 1 if item.get_closest_marker("slow") else 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the browser tests first, then the other slow tests (see the module doc)."""
    items.sort(key=_weight)


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run, shared by its xdist workers."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def _seed_derived(cache: Path) -> None:
    """Link the derived layers of the project's cache (``shapefiles/derived``) into ``cache``.

    Each is named by a hash of its sources, parameters and the kit's version, and is written
    under a temporary name and renamed, so a linked file is either used as it is or replaced:
    the tests skip building the boundary layers ``make all`` already built (the four focus
    provinces' communes for a map: 18 s from the mirror, 2.6 s from the cache) and never change
    the project's copies.
    """
    source = REPO / "shapefiles" / "derived"
    target = cache / "derived"
    with FileLock(str(cache.parent / "cdskit-cache.lock")):
        if target.exists() or not source.is_dir():
            return
        staging = cache / ".derived-seeding"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for path in source.iterdir():
            if path.is_file() and not path.name.startswith("."):
                try:
                    os.link(path, staging / path.name)
                except OSError:
                    shutil.copy2(path, staging / path.name)
        staging.rename(target)


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = _run_folder(tmp_path_factory) / "cdskit-cache"
    cache.mkdir(exist_ok=True)
    _seed_derived(cache)
    previous = os.environ.get("CDSKIT_CACHE")
    os.environ["CDSKIT_CACHE"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("CDSKIT_CACHE", None)
    else:
        os.environ["CDSKIT_CACHE"] = previous


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make):
    """Return ``make(folder)``, computed once per test run and shared by its xdist workers.

    The first worker to ask calls ``make`` with a folder of its own in the run's folder, under a
    file lock, and pickles the result; the others (and later calls) read it back.
    """
    import pickle

    root = _run_folder(tmp_path_factory)
    record = root / f"{name}.pickle"
    with FileLock(str(root / f"{name}.lock")):
        if not record.is_file():
            folder = root / name
            folder.mkdir(exist_ok=True)
            record.write_bytes(pickle.dumps(make(folder)))
    return pickle.loads(record.read_bytes())


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory):
    """The kit's build of the shipped ``data/raw`` (its :class:`BuildResult`), once per run."""
    from cdskit.processing.pipeline import build

    def make(folder: Path):
        return build(REPO / "data" / "raw", folder, codebook_path=REPO / "data" / "codebook.csv")

    return once_per_run(tmp_path_factory, "shipped-build", make)


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
    folder = REPO / "shapefiles"
    if not _mirrored([folder]):
        folder = tmp_path_factory.mktemp("web-assets")
        cache = os.environ.get("CDSKIT_CACHE")
        os.environ["CDSKIT_CACHE"] = str(folder)
        try:
            for name in assets.ASSETS:
                assets.asset_path(name)
        finally:
            os.environ["CDSKIT_CACHE"] = cache or ""
    os.environ["CDSKIT_MIRROR"] = os.pathsep.join([*(str(f) for f in folders), str(folder)])
    yield folder
    if previous is None:
        os.environ.pop("CDSKIT_MIRROR", None)
    else:
        os.environ["CDSKIT_MIRROR"] = previous


@pytest.fixture(scope="session")
def report_matrix(tmp_path_factory: pytest.TempPathFactory, mirror, web_assets) -> dict:
    """Every report of ``reports.toml``, rendered once per test run; shared by all workers.

    Returns ``out`` (the folder), ``reports`` (its manifest entries), ``failures`` (report name
    to message, from this run's render) and ``source`` (``reports/`` when that folder was up to
    date, ``rendered`` for a render into this run's temporary folder).
    """
    from report_matrix import render_or_reuse

    root = _run_folder(tmp_path_factory)
    record = root / "report-matrix.json"
    with FileLock(str(root / "report-matrix.lock")):
        if record.is_file():
            shared = json.loads(record.read_text(encoding="utf-8"))
        else:
            folder = root / "report-matrix"
            folder.mkdir(exist_ok=True)
            shared = render_or_reuse(folder)
            record.write_text(json.dumps(shared), encoding="utf-8")
    out = Path(shared["out"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {**shared, "out": out, "reports": manifest["reports"]}


#: Chromium's options for the browser tests (no sandbox: CI runs as root; nothing in the
#: background that would reach the network).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Playwright) per worker; skipped locally without it, fails in CI."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable and Path("/usr/bin/chromium").exists():
        executable = "/usr/bin/chromium"
    if not executable:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()

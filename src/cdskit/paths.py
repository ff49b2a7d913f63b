"""Where cdskit reads and writes: project folders, with environment overrides.

Nothing here touches the disk at import time; every function resolves paths when called.

Environment variables
---------------------
``CDSKIT_ROOT``
    Project folder holding ``data/``, ``shapefiles/``, ``reports/`` (default: the checkout that
    contains this package, or the current folder when cdskit is installed elsewhere).
``CDSKIT_MIRROR``
    One or more folders (separated by :data:`os.pathsep`) holding pinned files under their
    registry names; searched before any download.
``CDSKIT_CACHE``
    Cache for downloaded assets (default: ``<root>/shapefiles``).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """Return the project folder (``CDSKIT_ROOT`` or the checkout holding the package).

    Returns
    -------
    pathlib.Path
        Absolute path of the project folder.
    """
    env = os.environ.get("CDSKIT_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "data").is_dir():
        return checkout
    return Path.cwd().resolve()


def raw_dir() -> Path:
    """Return ``data/raw``: immutable inputs and their ``sources.yml``."""
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    """Return ``data/processed``: the validated dataset the build writes."""
    return project_root() / "data" / "processed"


def shapefiles_dir() -> Path:
    """Return ``shapefiles/``: downloaded boundary files and cached derived layers."""
    return project_root() / "shapefiles"


def reports_dir() -> Path:
    """Return ``reports/``: rendered HTML reports (generated, never committed)."""
    return project_root() / "reports"


def notebooks_dir() -> Path:
    """Return ``notebooks/``: the parameterised report notebooks."""
    return project_root() / "notebooks"


def cache_dir() -> Path:
    """Return the download cache (``CDSKIT_CACHE`` or ``shapefiles/``)."""
    env = os.environ.get("CDSKIT_CACHE")
    return Path(env).expanduser().resolve() if env else shapefiles_dir()


def package_data(name: str) -> Path:
    """Return the path of a data file shipped inside the package (``cdskit/data/<name>``).

    Parameters
    ----------
    name : str
        File name inside ``cdskit/data``.
    """
    return _PACKAGE_DIR / "data" / name


def mirror_dirs() -> list[Path]:
    """Return the folders listed in ``CDSKIT_MIRROR`` (empty when unset).

    Returns
    -------
    list of pathlib.Path
        Existing or not, in the order given; callers report missing ones.
    """
    env = os.environ.get("CDSKIT_MIRROR", "")
    return [Path(part).expanduser() for part in env.split(os.pathsep) if part.strip()]

"""Pinned open datasets: raw inputs too large or too official to copy into ``data/raw``.

Like the boundary files, each is listed in ``cdskit/data/pinned_datasets.tsv`` (registry name,
sha256, size, upstream URL, licence) and obtained with :func:`cdskit.fetch.fetch`: from a
``CDSKIT_MIRROR`` folder under its registry name, else from the cache (``shapefiles/`` or
``CDSKIT_CACHE``), else downloaded from its URL, always checked against its sha256.
``sources.yml`` lists them as file entries with ``pinned: true`` (the ``path`` is the registry
name), which cite their publisher like any other raw file.
"""

from __future__ import annotations

from pathlib import Path

from cdskit.errors import InputError, did_you_mean
from cdskit.fetch import PinnedFile, read_registry

REGISTRY = "pinned_datasets.tsv"


def pinned_files() -> dict[str, PinnedFile]:
    """Return every pinned dataset file by registry name.

    Returns
    -------
    dict of str to PinnedFile
        Registry name → name, sha256, size, URL and licence.

    Examples
    --------
    >>> files = pinned_files()
    >>> files["vn-census-2019/population_by_urban_ward_2019.xlsx"].size
    336575
    """
    return read_registry(REGISTRY)


def pinned_file(name: str) -> PinnedFile:
    """Return the registry entry of one pinned file.

    Parameters
    ----------
    name : str
        Registry name (``vn-census-2019/population_by_urban_ward_2019.xlsx``).

    Returns
    -------
    PinnedFile
        Its sha256, size, URL and licence.

    Raises
    ------
    InputError
        The name is not in the registry.
    """
    registry = read_registry(REGISTRY)
    if name not in registry:
        raise InputError(
            f"'{name}' is not a pinned dataset file (cdskit/data/{REGISTRY} lists "
            f"{', '.join(sorted(registry))}).{did_you_mean(name, registry)} "
            "Add a registry row with its URL, sha256, size and licence first."
        )
    return registry[name]


def fetch_pinned(name: str, *, progress: bool = False) -> Path:
    """Return a local, hash-checked copy of a pinned dataset file.

    Parameters
    ----------
    name : str
        Registry name.
    progress : bool, default False
        Show a progress bar while downloading.

    Returns
    -------
    pathlib.Path
        The ``CDSKIT_MIRROR`` copy, the cached copy, or the freshly downloaded one.

    Raises
    ------
    InputError
        The name is not in the registry.
    DownloadError
        The file is in no mirror, not cached and cannot be downloaded, or a copy has the
        wrong sha256.
    """
    return pinned_file(name).local_copy(progress=progress)

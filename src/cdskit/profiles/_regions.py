"""The six socio-economic regions of the national master plan, for both vintages.

Membership is read from ``data/raw/regions/``: the 63 former provinces as listed by Nghị quyết
81/2023/QH15, and the 34 provinces of 1 July 2025 with the region(s) of their former provinces
(Nghị quyết 202/2025/QH15 forms them; the regions are derived, not stated by it). A 2025
province whose former provinces lie in two regions belongs to both.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from cdskit import paths

#: The membership files under ``data/raw``, by vintage.
REGION_FILES: dict[int, str] = {
    2008: "regions/regions_63_provinces.csv",
    2025: "regions/regions_34_provinces.csv",
}
#: Source ids of the membership files (``data/raw/sources.yml``), by vintage.
REGION_SOURCES: dict[int, str] = {
    2008: "quochoi-nq81-2023-qh15",
    2025: "quochoi-nq202-2025-qh15",
}

#: Region ids in the order the master plan lists them.
REGION_ORDER: tuple[str, ...] = (
    "trung-du-mien-nui-phia-bac",
    "dong-bang-song-hong",
    "bac-trung-bo-duyen-hai-mien-trung",
    "tay-nguyen",
    "dong-nam-bo",
    "dong-bang-song-cuu-long",
)


@dataclass(frozen=True)
class Region:
    """One socio-economic region.

    Parameters
    ----------
    id : str
        Short id (``"trung-du-mien-nui-phia-bac"``).
    name_vi, name_en : str
        Name in Vietnamese and English.
    """

    id: str
    name_vi: str
    name_en: str

    def name(self, language: str) -> str:
        """Return the region's name in ``language`` (``"vi"`` or ``"en"``)."""
        return self.name_vi if language == "vi" else self.name_en


@dataclass(frozen=True)
class Regions:
    """Region membership of one vintage.

    Parameters
    ----------
    vintage : int
        2008 (63 provinces) or 2025 (34 provinces).
    of : dict of str to tuple of str
        Province code → ids of its regions (two for a 2025 province spanning regions).
    regions : dict of str to Region
        Region id → region, in the order of the master plan.
    """

    vintage: int
    of: dict[str, tuple[str, ...]]
    regions: dict[str, Region]

    def members(self, region_id: str) -> list[str]:
        """Return the codes of the provinces in a region (spanning provinces included)."""
        return sorted(code for code, ids in self.of.items() if region_id in ids)


def read_regions(vintage: int, raw_dir: str | Path | None = None) -> Regions:
    """Return the region membership of one vintage from ``data/raw/regions``.

    Parameters
    ----------
    vintage : {2008, 2025}
        Administrative vintage.
    raw_dir : path-like, optional
        The raw folder (default: the project's ``data/raw``).

    Returns
    -------
    Regions
        Membership and region names.

    Examples
    --------
    >>> regions = read_regions(2008)
    >>> len(regions.of), len(regions.regions)
    (63, 6)
    >>> regions.regions[regions.of["20"][0]].name_vi
    'Trung du và miền núi phía Bắc'
    >>> len(read_regions(2025).of["24"])  # Bắc Ninh: the former Bắc Giang and Bắc Ninh
    2
    """
    folder = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    return _read(vintage, str(folder))


@functools.cache
def _read(vintage: int, folder: str) -> Regions:
    path = Path(folder) / REGION_FILES[vintage]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    of: dict[str, tuple[str, ...]] = {}
    regions: dict[str, Region] = {}
    for row in rows:
        ids = tuple(part.strip() for part in row["region_id"].split(";"))
        names_vi = [part.strip() for part in row["region_vi"].split(";")]
        names_en = [part.strip() for part in row["region_en"].split(";")]
        for key, vi, en in zip(ids, names_vi, names_en, strict=True):
            regions.setdefault(key, Region(key, vi, en))
        of[row["province_code"].zfill(2)] = ids
    ordered = {key: regions[key] for key in REGION_ORDER if key in regions}
    ordered.update({key: region for key, region in regions.items() if key not in ordered})
    return Regions(vintage=vintage, of=of, regions=ordered)

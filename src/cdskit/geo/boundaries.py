"""Boundary layers for both administrative vintages, from a pinned registry.

Every boundary file cdskit knows is listed in ``cdskit/data/boundaries.tsv`` (registry name,
sha256, size, upstream URL, licence); ``boundary_layers.yml`` credits each layer. Files are
obtained with :func:`cdskit.fetch.fetch` (``CDSKIT_MIRROR`` → cache → download).

Layers (``level``, ``vintage``):

- ``("province", 2025)`` and ``("commune", 2025)``: the 34 provinces and 3,321 communes after
  the 1 July 2025 reform, one GeoJSON file per unit, assembled per request;
- ``("province", 2008)``: the 63 provinces before the reform (one KML file, names only: codes
  come from resolving the names, misspellings included);
- ``("district", 2008)``: the districts before the reform (download only).

Every layer is returned as an exact coverage (see :func:`cdskit.geo.geometry.clean_coverage`).
Two things are reported with a :class:`BoundaryWarning` each time a layer is loaded, and kept in
``attrs``: names the resolver had to correct (``attrs["corrected_names"]``, one entry per name)
and overlaps that were resolved (``attrs["overlaps"]``; the piece goes to the lowest code).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import yaml

from cdskit._version import __version__
from cdskit.errors import (
    BoundaryWarning,
    InputError,
    ParameterError,
    UnknownUnitError,
    did_you_mean,
)
from cdskit.fetch import REGISTRY_COLUMNS, fetch, read_registry
from cdskit.geo import geometry as geometry
from cdskit.paths import package_data
from cdskit.units.resolver import resolve_many, units
from cdskit.vietnamese import name_key

#: Standard columns of every boundary layer (plus ``geometry``).
COLUMNS = (
    "unit_code",
    "unit_name",
    "unit_name_en",
    "province_code",
    "level",
    "vintage",
    "area_km2",
)
#: GeoJSON size budget used by ``simplify="web"`` (bytes). The 429 communes of the four focus
#: provinces fit at a tolerance of 0.002° (about 200 m, half a screen pixel at the view a page
#: opens at), so a page with their map stays under 2 MB for a phone.
WEB_BYTES = 1_000_000
_LAYERS = {
    ("province", 2025): "vn-units-2025",
    ("commune", 2025): "vn-units-2025",
    ("province", 2008): "vn-provinces-2008-odm",
    ("district", 2008): "vn-districts-2020-geoboundaries",
}
_ALIASES = {"provinces": "province", "districts": "district", "communes": "commune"}
_UNIT_FILE = re.compile(
    r"^vn-units-2025/json/geojson/(\d{2})_[^/]+/(?:wards/)?(\d+)_[^/]+\.geojson$"
)
_BUDGET = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(b|kb|mb)\s*$", re.IGNORECASE)
_CACHE_VERSION = 2


@functools.cache
def _registry() -> pd.DataFrame:
    entries = read_registry("boundaries.tsv").values()
    table = pd.DataFrame([dataclasses.astuple(e) for e in entries], columns=REGISTRY_COLUMNS)
    table["size"] = table["size"].astype("int64")
    table["layer"] = table["name"].str.split("/", n=1).str[0]
    return table


def registry() -> pd.DataFrame:
    """Return the boundary registry: one row per pinned file.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``sha256``, ``size``, ``url``, ``licence`` and ``layer``.

    Examples
    --------
    >>> table = registry()
    >>> len(table), table["layer"].nunique()
    (3357, 3)
    """
    return _registry().copy()


@functools.cache
def _layer_info() -> dict[str, dict[str, Any]]:
    with open(package_data("boundary_layers.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["layers"]


def layers() -> dict[str, dict[str, Any]]:
    """Return the boundary layers with title, vintage, levels, licence and credit lines.

    Returns
    -------
    dict
        Layer id → description (keys ``title``, ``vintage``, ``levels``, ``licence``,
        ``licence_url``, ``upstream``, ``version``, ``attribution_vi``, ``attribution_en``,
        ``notes``).
    """
    return {name: dict(info) for name, info in _layer_info().items()}


def attribution(level: str = "province", vintage: int = 2025, *, language: str = "vi") -> str:
    """Return the credit line a map drawn from this layer must carry in its footer.

    Parameters
    ----------
    level : {"province", "district", "commune"}
        Unit level.
    vintage : {2025, 2008}
        Administrative vintage.
    language : {"vi", "en"}
        Language of the credit line.

    Returns
    -------
    str
        Source, licence and (2025) the national map the geometry comes from.

    Examples
    --------
    >>> "CC BY-SA 4.0" in attribution("province", 2008, language="en")
    True
    """
    if language not in ("vi", "en"):
        raise ParameterError(f"Parameter language={language!r} must be 'vi' or 'en'.")
    return _layer_info()[_layer_id(level, vintage)][f"attribution_{language}"]


def fetch_all(
    level: str = "province",
    vintage: int = 2025,
    *,
    provinces: Iterable[str] | str | None = None,
    progress: bool = False,
) -> list[Path]:
    """Fetch (or find) every file a layer needs and return their local paths.

    Parameters
    ----------
    level : {"province", "district", "commune"}
        Unit level.
    vintage : {2025, 2008}
        Administrative vintage.
    provinces : str or iterable of str, optional
        Limit 2025 layers to these provinces (names or codes in that vintage).
    progress : bool, default False
        Show download progress bars.

    Returns
    -------
    list of pathlib.Path
        Hash-checked local copies, in registry order.
    """
    level = _level(level)
    return [
        fetch(row.name, url=row.url, sha256=row.sha256, progress=progress)
        for row in _files(level, int(vintage), _province_codes(provinces, int(vintage)))
    ]


def load_boundaries(
    level: str = "province",
    vintage: int = 2025,
    *,
    provinces: Iterable[str] | str | None = None,
    simplify: float | str | None = None,
) -> gpd.GeoDataFrame:
    """Load a boundary layer in EPSG:4326 with the standard columns.

    Parameters
    ----------
    level : {"province", "district", "commune"}
        Unit level (plural forms are accepted).
    vintage : {2025, 2008}
        Administrative vintage.
    provinces : str or iterable of str, optional
        Keep only these provinces (names or codes in ``vintage``), e.g. ``["Lạng Sơn", "38"]``.
    simplify : float or str, optional
        ``None`` keeps full detail; a number is a tolerance in degrees; ``"web"`` fits the
        layer into :data:`WEB_BYTES` of GeoJSON; ``"800kB"``/``"1.5MB"`` give another budget.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`COLUMNS` and ``geometry``, one row per unit, sorted by code. ``attrs``
        holds ``sources`` (registry names), ``attribution``, ``corrected_names`` and
        ``overlaps``.

    Raises
    ------
    ParameterError
        For an unknown level/vintage pair or a malformed ``simplify``.
    UnknownUnitError
        For a province that does not exist in ``vintage``.
    DownloadError
        When a file is in no mirror, not cached and cannot be downloaded.
    """
    level, vintage = _level(level), int(vintage)
    codes = _province_codes(provinces, vintage)
    files = _files(level, vintage, codes)
    key = {
        "version": [_CACHE_VERSION, __version__],
        "level": level,
        "vintage": vintage,
        "files": [(row.name, row.sha256) for row in files],
        "provinces": codes,  # one file (the 2008 KML) may hold every province
    }
    layer = geometry.cached_layer(
        f"{level}-{vintage}", key, lambda: _build(level, vintage, files, codes)
    )
    if simplify is not None:
        tolerance, budget = _simplify_arguments(simplify)
        base = layer
        layer = geometry.cached_layer(
            f"{level}-{vintage}-simplified",
            {**key, "tolerance": tolerance, "max_bytes": budget},
            lambda: _simplify(base, tolerance, budget),
        )
    _report(layer)
    return layer


def province_outlines(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return province outlines dissolved from a commune layer, so both levels agree.

    Parameters
    ----------
    communes : geopandas.GeoDataFrame
        A 2025 commune layer from :func:`load_boundaries` (simplified or not).

    Returns
    -------
    geopandas.GeoDataFrame
        One province per row with the standard columns; ``area_km2`` is the dissolved area.
    """
    missing = [column for column in ("province_code", "vintage") if column not in communes]
    if missing:
        raise ParameterError(
            f"province_outlines needs a commune layer from load_boundaries; columns {missing} "
            "are missing."
        )
    vintage = int(communes["vintage"].iloc[0])
    outlines = geometry.dissolve(communes, "province_code")
    names = units("province", vintage).set_index("code")
    outlines["unit_code"] = outlines["province_code"]
    outlines["unit_name"] = outlines["unit_code"].map(names["name"])
    outlines["unit_name_en"] = outlines["unit_code"].map(names["name_en"])
    outlines["level"] = "province"
    outlines["vintage"] = vintage
    outlines["area_km2"] = geometry.equal_area_km2(outlines).round(2)
    outlines = outlines[[*COLUMNS, "geometry"]]
    outlines.attrs.update({k: v for k, v in communes.attrs.items() if k != "cache"})
    return outlines


# ----------------------------------------------------------------------------- helpers


def _level(level: str) -> str:
    level = _ALIASES.get(str(level), str(level))
    known = ("province", "district", "commune")
    if level not in known:
        raise ParameterError(
            f"Parameter level={level!r} is not a boundary level; expected one of "
            f"{', '.join(known)}.{did_you_mean(level, known)}"
        )
    return level


def _layer_id(level: str, vintage: int) -> str:
    level = _level(level)
    try:
        return _LAYERS[(level, int(vintage))]
    except (KeyError, ValueError, TypeError):
        available = ", ".join(f"({lv!r}, {vi})" for lv, vi in _LAYERS)
        raise ParameterError(
            f"No boundary layer for level={level!r}, vintage={vintage!r}; available: "
            f"{available}. Districts exist only before 2025; 2008 communes are not published "
            "as open boundaries."
        ) from None


def _province_codes(provinces: Iterable[str] | str | None, vintage: int) -> list[str] | None:
    if provinces is None:
        return None
    values = [provinces] if isinstance(provinces, str) else [str(p) for p in provinces]
    if not values:
        raise ParameterError("Parameter provinces is empty: give names or codes, or None.")
    resolved = resolve_many(pd.Series(values), level="province", vintage=vintage)
    bad = resolved["unit_code"].isna()
    if bad.any():
        messages = "; ".join(str(m) for m in resolved.loc[bad, "message"])
        raise UnknownUnitError(f"Parameter provinces (vintage {vintage}): {messages}")
    return sorted(set(resolved["unit_code"]))


def _files(level: str, vintage: int, codes: list[str] | None) -> list[Any]:
    layer = _layer_id(level, vintage)
    table = _registry()
    table = table[table["layer"] == layer]
    if layer == "vn-units-2025":
        parts = table["name"].str.extract(_UNIT_FILE)
        is_commune = table["name"].str.contains("/wards/", regex=False)
        table = table[is_commune == (level == "commune")]
        if codes is not None:
            table = table[parts.loc[table.index, 0].isin(codes)]
    return list(table.itertuples(index=False))  # 2008 layers: one national file each


def _build(level: str, vintage: int, files: list[Any], codes: list[str] | None) -> gpd.GeoDataFrame:
    paths = [fetch(row.name, url=row.url, sha256=row.sha256) for row in files]
    if vintage == 2025:
        raw, corrected = _read_2025(level, paths)
    elif level == "province":
        raw, corrected = _read_odm(paths[0])
    else:
        raw, corrected = _read_districts(paths[0])
    if codes is not None:
        raw = raw[raw["province_code"].isin(codes)]
    clean, overlaps = geometry.clean_coverage(raw)
    assert overlaps is not None  # measured: clean_coverage reports by default
    clean["area_km2"] = geometry.equal_area_km2(clean).round(2)
    clean = clean[[*COLUMNS, "geometry"]].reset_index(drop=True)
    clean.attrs = {
        "sources": [row.name for row in files],
        "attribution": {
            "vi": attribution(level, vintage),
            "en": attribution(level, vintage, language="en"),
        },
        "corrected_names": corrected,
        "overlaps": overlaps.to_dict("records"),
    }
    return clean


def _standard(frame: pd.DataFrame, level: str, vintage: int) -> pd.DataFrame:
    table = units(level, vintage).set_index("code")
    frame["unit_name"] = frame["unit_code"].map(table["name"])
    frame["unit_name_en"] = frame["unit_code"].map(table["name_en"])
    frame["province_code"] = frame["unit_code"].map(table["province_code"])
    frame["level"] = level
    frame["vintage"] = vintage
    return frame


def _read_2025(level: str, paths: list[Path]) -> tuple[gpd.GeoDataFrame, list[dict[str, str]]]:
    parts = [pyogrio.read_dataframe(path, columns=["code", "name"]) for path in paths]
    frame = pd.concat(parts, ignore_index=True)
    frame["unit_code"] = frame["code"].astype(str)
    known = set(units(level, 2025)["code"])
    unknown = sorted(set(frame["unit_code"]) - known)
    if unknown:
        where = [str(p) for p, c in zip(paths, frame["unit_code"], strict=True) if c in unknown]
        raise InputError(
            f"Boundary files {where[:5]} carry {level} codes {unknown[:5]} that the 2025 unit "
            "list does not know. Check the registry entry or update cdskit."
        )
    frame = _standard(frame, level, 2025)
    corrected = [
        {"as_published": str(pub), "unit_code": code, "unit_name": name}
        for pub, code, name in zip(
            frame["name"], frame["unit_code"], frame["unit_name"], strict=True
        )
        if name_key(str(pub)) != name_key(name)
    ]
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=parts[0].crs).to_crs(4326), corrected


def _read_odm(path: Path) -> tuple[gpd.GeoDataFrame, list[dict[str, str]]]:
    layer = pyogrio.read_dataframe(path, columns=["ten_tinh"])
    resolved = resolve_many(layer["ten_tinh"], level="province", vintage=2008)
    return _resolved(layer, "ten_tinh", resolved, path, "province", 2008)


def _read_districts(path: Path) -> tuple[gpd.GeoDataFrame, list[dict[str, str]]]:
    layer = pyogrio.read_dataframe(path, columns=["shapeName"]).to_crs(4326)
    with warnings.catch_warnings():  # province name corrections concern another layer
        warnings.simplefilter("ignore", BoundaryWarning)
        provinces = load_boundaries("province", 2008)
    points = gpd.GeoDataFrame(geometry=layer.geometry.representative_point(), crs=4326)
    placed = gpd.sjoin(points, provinces[["unit_code", "geometry"]], how="left")
    placed = placed[~placed.index.duplicated(keep="first")]
    resolved = resolve_many(
        layer["shapeName"], level="district", vintage=2008, province=placed["unit_code"]
    )
    return _resolved(layer, "shapeName", resolved, path, "district", 2008)


def _resolved(
    layer: gpd.GeoDataFrame,
    column: str,
    resolved: pd.DataFrame,
    path: Path,
    level: str,
    vintage: int,
) -> tuple[gpd.GeoDataFrame, list[dict[str, str]]]:
    bad = resolved["unit_code"].isna()
    if bad.any():
        details = "; ".join(
            f"feature {i} {name!r}: {message}"
            for i, name, message in zip(
                layer.index[bad], layer.loc[bad, column], resolved.loc[bad, "message"], strict=True
            )
        )
        raise InputError(
            f"{path.name}: field {column!r} has {int(bad.sum())} {level} name(s) the resolver "
            f"cannot place: {details}. Add the spelling to the unit resolver's aliases."
        )
    frame = pd.DataFrame({"unit_code": resolved["unit_code"].astype(str)}, index=layer.index)
    frame = _standard(frame, level, vintage)
    duplicated = frame["unit_code"].duplicated(keep=False)
    if duplicated.any():
        names = layer.loc[duplicated, column].tolist()
        raise InputError(
            f"{path.name}: names {names} resolve to the same {level} code(s) "
            f"{sorted(set(frame.loc[duplicated, 'unit_code']))}; expected one feature per unit."
        )
    corrected = {
        str(pub): {"as_published": str(pub), "unit_code": code, "unit_name": name}
        for pub, status, code, name in zip(
            layer[column], resolved["status"], frame["unit_code"], frame["unit_name"], strict=True
        )
        if status == "corrected"
    }
    out = gpd.GeoDataFrame(frame, geometry=layer.geometry.values, crs=layer.crs)
    return out, list(corrected.values())


def _simplify_arguments(simplify: float | str) -> tuple[float | None, int | None]:
    if isinstance(simplify, bool):
        raise ParameterError("Parameter simplify must be a tolerance, 'web' or a size like '1MB'.")
    if isinstance(simplify, int | float):
        if simplify < 0:
            raise ParameterError(f"Parameter simplify={simplify!r} must be >= 0 (degrees).")
        return float(simplify), None
    text = str(simplify).strip().lower()
    if text == "web":
        return None, WEB_BYTES
    match = _BUDGET.match(text)
    if not match:
        raise ParameterError(
            f"Parameter simplify={simplify!r} is not understood; expected a tolerance in "
            "degrees (0.001), 'web' (1 MB of GeoJSON) or a size such as '800kB' or '1.5MB'."
        )
    factor = {"b": 1, "kb": 1_000, "mb": 1_000_000}[match.group(2).lower()]
    return None, int(float(match.group(1).replace(",", ".")) * factor)


def _simplify(base: gpd.GeoDataFrame, tolerance: float | None, budget: int | None):
    out = geometry.simplify_coverage(base, tolerance=tolerance, max_bytes=budget)
    # Areas describe the full-detail units, not their simplified outlines.
    out["area_km2"] = out["unit_code"].map(base.set_index("unit_code")["area_km2"])
    attrs = {k: v for k, v in base.attrs.items() if k != "cache"}
    out.attrs = {
        **attrs,
        **{k: out.attrs[k] for k in ("simplify_tolerance", "geojson_bytes") if k in out.attrs},
    }
    return out


def _report(layer: gpd.GeoDataFrame) -> None:
    corrected = layer.attrs.get("corrected_names") or []
    if corrected:
        listing = ", ".join(
            f"{item['as_published']!r} → {item['unit_name']} ({item['unit_code']})"
            for item in corrected
        )
        warnings.warn(
            f"{len(corrected)} boundary name(s) differ from the official names and were "
            f"resolved: {listing}.",
            BoundaryWarning,
            stacklevel=3,
        )
    overlaps = layer.attrs.get("overlaps") or []
    if overlaps:
        listing = ", ".join(
            f"{item['unit_code']}/{item['other_code']} {item['area_km2']:.4f} km²"
            for item in overlaps[:5]
        )
        more = f" and {len(overlaps) - 5} smaller" if len(overlaps) > 5 else ""
        warnings.warn(
            f"{len(overlaps)} overlapping pair(s) of neighbouring units "
            f"were resolved, each piece kept by the lower code: {listing}{more}.",
            BoundaryWarning,
            stacklevel=3,
        )

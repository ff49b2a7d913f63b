"""What a map shows, independent of how it is drawn.

:func:`prepare` checks the parameters, picks one indicator, period and vintage from the
observations, joins them to the boundaries, classifies the figures and writes every text a
map carries (title, legend, tooltips, footer, provenance). The interactive map
(:mod:`cdskit.maps.interactive`) and its static twin (:mod:`cdskit.maps.static`) both draw from the
resulting :class:`MapData`, so they cannot disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import geopandas as gpd
import pandas as pd
import shapely

from cdskit._version import __version__
from cdskit.dataset.citations import source_titles
from cdskit.errors import ParameterError
from cdskit.formatting import (
    check_language,
    format_date,
    format_number,
    format_period,
)
from cdskit.maps._context import neighbours, unit_labels
from cdskit.maps._figures import as_shares, rank_denominator, select_figures
from cdskit.maps._labels import as_of_text, label_units
from cdskit.maps.classification import (
    FEW_UNITS,
    PLAIN,
    Classification,
    check_scheme,
    classify,
    plain,
    rank_bands,
)
from cdskit.terms import FOCUS_COLOURS, PROVINCE_COUNT

_BOUNDARY_COLUMNS = ("unit_code", "unit_name", "province_code", "level", "vintage", "geometry")
_DEFAULT_BUDGET = {"province": 700_000, "commune": 2_200_000}
_LEVEL_NAMES = {
    "vi": {"province": "tỉnh, thành phố", "commune": "xã, phường", "district": "huyện"},
    "en": {"province": "provinces", "commune": "communes and wards", "district": "districts"},
}
_VINTAGE_NAMES = {
    "vi": {2008: "địa giới trước 01/07/2025", 2025: "địa giới từ 01/07/2025"},
    "en": {2008: "boundaries before 1 July 2025", 2025: "boundaries from 1 July 2025"},
}
#: The archipelagos named on every map drawn at the national extent: names in both languages
#: and the approximate published position of the label (latitude, longitude).
ARCHIPELAGOS: tuple[dict[str, Any], ...] = (
    {"vi": "Quần đảo Hoàng Sa", "en": "Hoang Sa Archipelago", "lat": 16.5, "lon": 112.0},
    {"vi": "Quần đảo Trường Sa", "en": "Truong Sa Archipelago", "lat": 10.0, "lon": 114.0},
)
_COVERAGE = {
    "vi": "{shown}/{total} {units} có số liệu",
    "en": "{shown} of {total} {units} with a figure",
}
_COVERAGE_UNDATED = {
    "vi": "{shown}/{total} {units} có số liệu của kỳ, {undated} số liệu không ghi kỳ",
    "en": "{shown} of {total} {units} with a figure of the period, {undated} undated",
}
#: Title of a map that draws undated figures beside the period's (a mix: said so).
_MIXED_TITLE = {
    "vi": "{label} — {period} và số liệu không ghi kỳ ({as_of})",
    "en": "{label} — {period}, and undated figures ({as_of})",
}
#: Legend row of undated figures.
UNDATED_LABEL = {
    "vi": "Số liệu không ghi kỳ, {as_of} (gạch chéo)",
    "en": "Undated figure, {as_of} (hatched)",
}
_MOSTLY_MISSING = {
    "vi": "Phần lớn đơn vị chưa có số liệu đã công bố",
    "en": "Most units have no published figure",
}
_SHARE = {
    "vi": {"label": "Tỷ lệ {label}", "note": "Tỷ lệ tính từ số đã công bố và tổng số đã công bố"},
    "en": {
        "label": "Share of {label}",
        "note": "Share computed from the published count and the published total",
    },
}
_RANK_UNIT = {"vi": "hạng trên {of}", "en": "rank out of {of}"}
#: Legend labels of the lines drawn over the units.
LINE_LABELS = {
    "vi": {"focus": "Tỉnh trọng tâm", "outline": "Ranh giới tỉnh"},
    "en": {"focus": "Focus provinces", "outline": "Province boundary"},
}
_FOOTER = {
    "vi": {"sources": "Nguồn số liệu", "made": "Tạo ngày {date} bằng cdskit {version}"},
    "en": {"sources": "Data sources", "made": "Made on {date} with cdskit {version}"},
}


@dataclass
class MapData:
    """Units, classes and texts of one map.

    Attributes
    ----------
    units : geopandas.GeoDataFrame
        One row per unit: ``unit_code``, ``unit_name``, ``value``, ``value_text``,
        ``period_text``, ``source_text``, ``class_index`` (``None`` = no data), ``colour``,
        ``geometry`` (simplified for the web, EPSG:4326).
    classification : Classification
        Class breaks and colours.
    language : str
        ``"vi"`` or ``"en"``.
    title, subtitle, legend_title : str
        Texts above the map and the legend.
    footer_lines : list of str
        Data sources, boundary credit, generation date and kit version.
    outlines, highlighted : geopandas.GeoDataFrame or None
        Province borders over communes; outlines of highlighted provinces.
    provenance : dict
        Which data, boundaries, kit version and parameters made the map.
    coverage : str
        How many units have a figure, e.g. ``"9/34 tỉnh, thành phố có số liệu"``.
    warning : str
        Said in the title area when most units have no figure (empty otherwise).
    national : bool
        Whether the map draws the whole country (then :attr:`places` names the archipelagos).
    places : list of dict
        Place labels drawn on both twins: ``name``, ``lat``, ``lon``.
    context : geopandas.GeoDataFrame or None
        Provinces drawn in grey around the units, for orientation (``unit_code``,
        ``unit_name``); not part of the figures, the legend counts or the table.
    labels : list of dict
        Unit labels drawn on both twins (see :func:`cdskit.maps._context.unit_labels`).
    undated_label : str
        Legend row of undated figures drawn beside the period's (empty when none is drawn).
    """

    units: gpd.GeoDataFrame
    classification: Classification
    language: str
    title: str
    subtitle: str
    legend_title: str
    footer_lines: list[str]
    outlines: gpd.GeoDataFrame | None = None
    highlighted: gpd.GeoDataFrame | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    coverage: str = ""
    warning: str = ""
    national: bool = False
    places: list[dict[str, Any]] = field(default_factory=list)
    context: gpd.GeoDataFrame | None = None
    labels: list[dict[str, Any]] = field(default_factory=list)
    undated_label: str = ""

    @property
    def plain(self) -> bool:
        """Whether the map has no classes (a few figures, each written on its unit)."""
        return self.classification.scheme == PLAIN

    @property
    def undated_count(self) -> int:
        """Number of units drawn with an undated figure."""
        if "undated" not in self.units.columns:
            return 0
        return int((self.units["undated"].astype(bool) & self.units["value"].notna()).sum())

    @property
    def classes(self) -> dict[str, int | None]:
        """Class index by unit code (``None`` for units without a figure)."""
        return dict(zip(self.units["unit_code"], self.units["class_index"], strict=True))

    @property
    def class_counts(self) -> list[int]:
        """Number of units with a figure of the period in each class."""
        dated = self.units
        if "undated" in dated.columns:  # undated figures have their own legend row
            dated = dated[~dated["undated"].astype(bool)]
        counts = dated["class_index"].dropna().astype(int).value_counts()
        return [int(counts.get(i, 0)) for i in range(self.classification.k)]

    @property
    def no_data_count(self) -> int:
        """Number of units drawn as "no data"."""
        return int(self.units["class_index"].isna().sum())

    @property
    def provenance_summary(self) -> str:
        """One line naming data, boundaries, kit version and parameters."""
        p = self.provenance
        return (
            f"cdskit {p['cdskit']}; indicator {p['indicator']}, period {p['period']}, "
            f"vintage {p['vintage']}, level {p['level']}; sources: {', '.join(p['sources'])}; "
            f"boundaries: {p['boundaries']['credit']}; parameters: "
            + ", ".join(f"{key}={value}" for key, value in p["parameters"].items())
        )


@runtime_checkable
class DrawnMap(Protocol):
    """Anything drawn from a :class:`MapData` that keeps it as ``.data`` (e.g. ``maps.Map``)."""

    data: MapData


#: What the renderers, page parts and downloads accept: a map or its data.
MapSource = MapData | DrawnMap


def as_map_data(source: MapSource) -> MapData:
    """Return the :class:`MapData` of a map, or ``source`` itself when it is one.

    Parameters
    ----------
    source : MapData or Map
        A map from :func:`cdskit.maps.choropleth` or its ``data``.

    Returns
    -------
    MapData
        What the map draws.

    Raises
    ------
    ParameterError
        When ``source`` is neither.

    Examples
    --------
    >>> as_map_data("dti-2022.html")
    Traceback (most recent call last):
    ...
    cdskit.errors.ParameterError: source: expected a map from cdskit.maps.choropleth or its \
.data (MapData), got str. Draw the map first, e.g. the_map = cds.maps.choropleth(...).
    """
    if isinstance(source, MapData):
        return source
    data = getattr(source, "data", None)
    if isinstance(data, MapData):
        return data
    raise ParameterError(
        "source: expected a map from cdskit.maps.choropleth or its .data (MapData), got "
        f"{type(source).__name__}. Draw the map first, e.g. the_map = cds.maps.choropleth(...)."
    )


def prepare(
    observations: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    indicator: str,
    period: str,
    language: str = "vi",
    scheme: str = "auto",
    k: int = 5,
    bins: list[float] | None = None,
    title: str | None = None,
    allow_missing: bool = False,
    as_share: bool = False,
    highlight: Mapping[int, Collection[str]] | Collection[str] | None = None,
    outlines: gpd.GeoDataFrame | bool | None = None,
    source: str | None = None,
    codebook: pd.DataFrame | None = None,
    sources: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    include_undated: bool = False,
    context: gpd.GeoDataFrame | bool | None = None,
    labels: bool | None = None,
) -> MapData:
    """Select, join, classify and label the figures of one map.

    Parameters are those of :func:`cdskit.maps.choropleth`, which documents them.

    Returns
    -------
    MapData
        Everything both renderers draw.
    """
    language = check_language(language)
    scheme = check_scheme(scheme)
    level, vintage = _boundary_layer(boundaries)
    entry = _codebook_entry(indicator, codebook)
    figures, outside_area = select_figures(
        observations,
        indicator=indicator,
        period=period,
        level=level,
        vintage=vintage,
        boundaries=boundaries,
        source=source,
        entry=entry,
        include_undated=include_undated,
    )
    is_rank = str(entry.get("kind", "")) == "rank" and not as_share
    if as_share:
        figures = as_shares(figures, indicator, period)
    denominator = rank_denominator(figures, vintage, level) if is_rank else None
    joined = _join(figures, boundaries, allow_missing=allow_missing)
    higher_is_better = True if as_share else bool(entry.get("higher_is_better", True))
    few = int(joined["value"].notna().sum()) <= FEW_UNITS
    if scheme == "auto" and is_rank and denominator:
        classification = rank_bands(denominator, higher_is_better=higher_is_better)
    elif scheme == PLAIN or (scheme == "auto" and few and bins is None):
        classification = plain(joined["value"], higher_is_better=higher_is_better)
    else:
        classification = classify(
            joined["value"],
            scheme="quantiles" if scheme == "auto" else scheme,
            k=k,
            bins=bins,
            higher_is_better=higher_is_better,
        )
        if as_share:  # shares are computed: legends print them to one decimal, as published
            classification = dataclasses.replace(
                classification, decimals=min(classification.decimals, 1)
            )
    cited = {part.strip() for ids in figures["source_id"].dropna() for part in str(ids).split(",")}
    titles = _source_titles(sorted(cited), sources)
    labelled = label_units(
        joined,
        titles,
        language,
        rank_of=denominator,
        as_share=as_share,
        level=level,
        vintage=vintage,
    )
    units = _for_web(labelled, max_bytes or _DEFAULT_BUDGET.get(level, 2_000_000))
    units["class_index"] = pd.Series(
        [classification.class_of(v) for v in units["value"]], index=units.index, dtype=object
    )
    units["colour"] = [classification.colour_of(v) for v in units["value"]]

    label = str(entry.get(f"label_{language}") or indicator)
    unit_of_measure = str(entry.get(f"unit_{language}") or "").strip()
    if as_share:
        label = _SHARE[language]["label"].format(label=label[:1].lower() + label[1:])
        unit_of_measure = "%"
    elif denominator:
        unit_of_measure = _RANK_UNIT[language].format(of=denominator)
    credit = _boundary_credit(boundaries, vintage, language)
    footer = [
        f"{_FOOTER[language]['sources']}: " + "; ".join(titles.values()),
        credit,
        generation_text(language),
    ]
    if as_share:
        footer.insert(1, _SHARE[language]["note"] + ".")
    level_name = _LEVEL_NAMES[language].get(level, level)
    subtitle = (
        f"{format_number(len(units), language)} {level_name}"
        f" · {_VINTAGE_NAMES[language].get(vintage, str(vintage))}"
    )
    undated = units["undated"].astype(bool) & units["value"].notna()
    with_figure = int((units["value"].notna() & ~undated).sum())
    coverage = (_COVERAGE_UNDATED if undated.any() else _COVERAGE)[language].format(
        shown=format_number(with_figure, language),
        total=format_number(len(units), language),
        units=level_name,
        undated=format_number(int(undated.sum()), language),
    )
    latest = ""
    if undated.any():
        dates = sorted(set(figures.loc[figures["undated"].astype(bool), "as_of"].astype(str)))
        latest = as_of_text(dates[-1], language)
    national = boundaries["province_code"].astype(str).nunique() == PROVINCE_COUNT.get(vintage)
    partial = level == "province" and not national
    if context is None:
        context = neighbours(units, vintage) if partial else None
    elif context is True:
        context = neighbours(units, vintage)
    elif context is False:
        context = None
    if labels is None:
        labels = partial
    provenance = {
        "cdskit": __version__,
        "generated": _dt.date.today().isoformat(),
        "indicator": indicator,
        "period": period,
        "vintage": vintage,
        "level": level,
        "units": len(units),
        "no_data": int(units["class_index"].isna().sum()),
        "figures_outside_area": outside_area,
        "sources": list(titles),
        "source_titles": titles,
        "boundaries": {
            "credit": credit,
            "files": sorted(boundaries.attrs.get("sources", []))[:3],
            "file_count": len(boundaries.attrs.get("sources", [])),
        },
        "classes": {"scheme": classification.scheme, "bins": list(classification.bins)},
        "as_share": as_share,
        "undated_units": sorted(units.loc[undated, "unit_code"]),
        "context_units": [] if context is None else sorted(context["unit_code"]),
        "parameters": {
            "language": language,
            "scheme": scheme,
            "k": k,
            "bins": bins,
            "title": title,
            "allow_missing": allow_missing,
            "source": source,
            "include_undated": include_undated,
        },
    }
    if title is None:
        period_words = format_period(period, language)
        title = (
            _MIXED_TITLE[language].format(label=label, period=period_words, as_of=latest)
            if undated.any()
            else f"{label} — {period_words}"
        )
    return MapData(
        units=units,
        classification=classification,
        language=language,
        title=title,
        subtitle=subtitle,
        legend_title=f"{label} ({unit_of_measure})" if unit_of_measure else label,
        footer_lines=footer,
        outlines=_outlines(outlines, units, level, vintage),
        highlighted=_highlighted(highlight, units, level, vintage),
        provenance=provenance,
        coverage=coverage,
        warning=_MOSTLY_MISSING[language] if with_figure * 2 < len(units) else "",
        national=bool(national),
        places=[
            {"name": place[language], "lat": place["lat"], "lon": place["lon"]}
            for place in ARCHIPELAGOS
        ]
        if national
        else [],
        context=context,
        labels=unit_labels(units, values=classification.scheme == PLAIN) if labels else [],
        undated_label=UNDATED_LABEL[language].format(as_of=latest) if undated.any() else "",
    )


def generation_text(language: str, date: _dt.date | None = None) -> str:
    """Return the footer line naming the generation date and kit version.

    Parameters
    ----------
    language : {"vi", "en"}
        Reader's language.
    date : datetime.date, optional
        Generation date (default: today).

    Returns
    -------
    str
        E.g. ``"Tạo ngày 23/11/2026 bằng cdskit 0.1.0"``.
    """
    language = check_language(language)
    return _FOOTER[language]["made"].format(
        date=format_date(date or _dt.date.today(), language), version=__version__
    )


def _boundary_layer(boundaries: gpd.GeoDataFrame) -> tuple[str, int]:
    missing = [c for c in _BOUNDARY_COLUMNS if c not in boundaries.columns]
    if missing:
        raise ParameterError(
            f"boundaries lack the column(s) {', '.join(missing)}: load them with "
            "cdskit.geo.load_boundaries(level=..., vintage=...)."
        )
    levels = sorted(set(boundaries["level"]))
    vintages = sorted({int(v) for v in boundaries["vintage"]})
    if len(levels) != 1 or len(vintages) != 1:
        raise ParameterError(
            f"boundaries mix levels {levels} and/or vintages {vintages}: a map draws one level "
            "of one vintage. Load one layer with cdskit.geo.load_boundaries."
        )
    if boundaries["unit_code"].duplicated().any():
        codes = sorted(set(boundaries.loc[boundaries["unit_code"].duplicated(), "unit_code"]))
        raise ParameterError(f"boundaries hold unit codes more than once: {codes[:10]}.")
    return levels[0], vintages[0]


def _codebook_entry(indicator: str, codebook: pd.DataFrame | None) -> dict[str, Any]:
    from cdskit.dataset.codebook import indicator as codebook_indicator

    return codebook_indicator(indicator, codebook).to_dict()


def _join(figures: pd.DataFrame, boundaries: gpd.GeoDataFrame, *, allow_missing: bool):
    from cdskit.geo.join import join

    return join(figures, boundaries, allow_missing=allow_missing)


def _source_titles(ids: list[str], sources: Mapping[str, str] | None) -> dict[str, str]:
    if sources is None:
        sources = source_titles()
    return {key: str(sources.get(key, key)) for key in ids}


def _for_web(units: gpd.GeoDataFrame, max_bytes: int) -> gpd.GeoDataFrame:
    """Simplify the units' shapes to the size budget, cached by geometry and budget."""
    from cdskit.geo.geometry import cached_layer, simplify_coverage

    shapes = gpd.GeoDataFrame(
        {"unit_code": units["unit_code"]}, geometry=units.geometry.values, crs=units.crs
    )
    digest = hashlib.sha256("|".join(shapes["unit_code"]).encode())
    for wkb in shapely.to_wkb(shapes.geometry.values):
        digest.update(wkb)
    key = {"geometry": digest.hexdigest(), "max_bytes": int(max_bytes), "layout": 1}
    simplified = cached_layer(
        "map-web", key, lambda: simplify_coverage(shapes, max_bytes=int(max_bytes))
    )
    merged = units.drop(columns=units.geometry.name).merge(
        simplified[["unit_code", "geometry"]], on="unit_code", how="inner", validate="1:1"
    )
    if len(merged) != len(units):
        lost = sorted(set(units["unit_code"]) - set(merged["unit_code"]))
        raise ParameterError(f"Simplifying the boundaries lost unit(s) {lost[:10]}.")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=units.crs)


def _boundary_credit(boundaries: gpd.GeoDataFrame, vintage: int, language: str) -> str:
    from cdskit.geo.boundaries import attribution

    level = str(boundaries["level"].iloc[0])
    return " ".join(attribution(level, vintage, language=language).split())


def _outlines(outlines, units: gpd.GeoDataFrame, level: str, vintage: int):
    if outlines is False or (outlines is None and level == "province"):
        return None
    if outlines is None or outlines is True:
        from cdskit.geo.boundaries import province_outlines

        # Dissolved from the simplified units, so the borders lie exactly on their edges.
        return province_outlines(units.assign(vintage=vintage))
    return outlines


def _highlighted(highlight, units: gpd.GeoDataFrame, level: str, vintage: int):
    if highlight is None or level != "province":
        return None
    codes = highlight.get(vintage, ()) if isinstance(highlight, Mapping) else highlight
    chosen = units[units["unit_code"].isin({str(c) for c in codes})]
    if chosen.empty:
        return None
    # each focus province's own colour (None for another province: the map's highlight colour)
    own = chosen["unit_code"].map(FOCUS_COLOURS.get(vintage, {})).astype(object)
    own = own.where(own.notna(), None)
    return chosen[["unit_code", "unit_name", "geometry"]].assign(colour=own)

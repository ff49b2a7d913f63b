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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import geopandas as gpd
import pandas as pd
import shapely

from cdskit._version import __version__
from cdskit.dataset.citations import source_titles
from cdskit.errors import ParameterError, did_you_mean
from cdskit.formatting import (
    check_language,
    format_date,
    format_number,
    format_period,
)
from cdskit.maps._context import neighbours, unit_labels
from cdskit.maps._figures import as_shares, rank_denominator, select_figures
from cdskit.maps._labels import as_of_text, label_units
from cdskit.maps._text import TEXT
from cdskit.maps.classification import (
    FEW_UNITS,
    PLAIN,
    Classification,
    check_scheme,
    classify,
    plain,
    rank_bands,
)
from cdskit.terms import FOCUS_COLOURS, FOCUS_PROVINCES, PROVINCE_COUNT

_BOUNDARY_COLUMNS = ("unit_code", "unit_name", "province_code", "level", "vintage", "geometry")
#: Size budgets of the embedded boundaries (bytes of GeoJSON): communes as ``simplify="web"``
#: loads them; the 34 provinces of 2025 fit 350 kB at 0.005° (about 550 m), the 63 of 2008 at
#: 0.01°: under a pixel at the national view a page opens at, and still smooth two zoom levels
#: in. Another level (districts): 2 MB.
_PROVINCE_BYTES = 350_000
_OTHER_BYTES = 2_000_000
#: The archipelagos named on every map drawn at the national extent: names in both languages
#: and the approximate published position of the label (latitude, longitude).
ARCHIPELAGOS: tuple[dict[str, Any], ...] = (
    {"vi": "Quần đảo Hoàng Sa", "en": "Hoang Sa Archipelago", "lat": 16.5, "lon": 112.0},
    {"vi": "Quần đảo Trường Sa", "en": "Truong Sa Archipelago", "lat": 10.0, "lon": 114.0},
)


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


@dataclass(frozen=True)
class MapOptions:
    """How one map is drawn: the options of :func:`prepare` and :func:`~cdskit.maps.choropleth`.

    Both functions take these as keywords (``choropleth(..., language="en", k=4)``) or as one
    ``options=MapOptions(...)``; the defaults below are the only ones.

    Parameters
    ----------
    language : {"vi", "en"}, default "vi"
        Language of title, legend, tooltips and footer.
    scheme : {"auto", "quantiles", "natural_breaks", "fixed", "plain"}, default "auto"
        How class breaks are chosen (stated in the legend). ``"auto"`` draws ranks in bands
        of ten over the full scale of their denominator (1–10, 11–20, … of 63 or of 34),
        other figures without classes (``"plain"``: one colour, each value written on its
        unit) when at most :data:`~cdskit.maps.classification.FEW_UNITS` units have one, and
        by quantiles otherwise.
    k : int, default 5
        Number of classes for quantiles and natural breaks.
    bins : sequence of float, optional
        Upper bounds of the classes for ``scheme="fixed"``.
    title : str, optional
        Map title (default: the indicator's label and the period).
    allow_missing : bool, default False
        Draw units without a figure as "no data" instead of raising a
        :class:`~cdskit.errors.JoinError`.
    as_share : bool, default False
        Draw each count as a share of its published total (``denominator``), e.g. the share
        of villages with mobile coverage; figures without a published total show as no data.
    highlight : mapping or collection of str or None, default FOCUS_PROVINCES
        Provinces outlined in their own colour on a province map: codes, or codes by vintage
        (the default, :data:`cdskit.terms.FOCUS_PROVINCES`: the focus provinces of the map's
        vintage). ``None`` highlights nothing.
    outlines : GeoDataFrame or bool, optional
        Province borders drawn over a commune map. Default: dissolved from the communes on a
        commune map; ``False`` draws none.
    source : str, optional
        Source id to draw when several sources give different figures for the same unit.
    codebook : pandas.DataFrame, optional
        Codebook (default: :func:`cdskit.dataset.codebook.load_codebook`).
    sources : mapping of str to str, optional
        Source titles by id (default: the published ``data/processed/sources.csv``).
    max_bytes : int, optional
        Size budget of the embedded boundaries (default: 350 kB for province maps, 1 MB for
        commune maps).
    include_undated : bool, default False
        Where a unit has no figure of the period, draw its undated figure (one known to
        describe a time no later than a date, not superseded), hatched and labelled with that
        date; the title and legend say the map mixes them.
    context : GeoDataFrame or bool, optional
        Provinces drawn in grey around the units for orientation. Default: on a province map
        of some provinces, those of the same vintage sharing a border with them; ``False``
        draws none.
    labels : bool, optional
        Write each unit's name on the map (with its value on a map without classes). Default:
        on a province map of some provinces.

    Examples
    --------
    >>> MapOptions(language="en", k=4).scheme
    'auto'
    >>> MapOptions.build(None, {"lanugage": "en"})
    Traceback (most recent call last):
    ...
    cdskit.errors.ParameterError: lanugage= is not a map option. Did you mean 'language'?
    """

    language: str = "vi"
    scheme: str = "auto"
    k: int = 5
    bins: Sequence[float] | None = None
    title: str | None = None
    allow_missing: bool = False
    as_share: bool = False
    highlight: Mapping[int, Collection[str]] | Collection[str] | None = field(
        default_factory=lambda: FOCUS_PROVINCES
    )
    outlines: gpd.GeoDataFrame | bool | None = field(default=None, compare=False)
    source: str | None = None
    codebook: pd.DataFrame | None = field(default=None, compare=False)
    sources: Mapping[str, str] | None = field(default=None, compare=False)
    max_bytes: int | None = None
    include_undated: bool = False
    context: gpd.GeoDataFrame | bool | None = field(default=None, compare=False)
    labels: bool | None = None

    @classmethod
    def build(cls, options: MapOptions | None, overrides: Mapping[str, Any]) -> MapOptions:
        """Return ``options`` (default: all defaults) with ``overrides`` applied by name.

        Raises
        ------
        ParameterError
            For a name that is not a map option (with a suggestion).
        """
        names = [f.name for f in dataclasses.fields(cls)]
        for name in overrides:
            if name not in names:
                raise ParameterError(
                    f"{name}= is not a map option.{did_you_mean(name, names)}"
                    if did_you_mean(name, names)
                    else f"{name}= is not a map option: expected one of {', '.join(names)}."
                )
        if options is not None and not isinstance(options, MapOptions):
            raise ParameterError(
                f"options: expected a cdskit.maps.MapOptions, got {type(options).__name__}; "
                "pass the options as keywords or as options=MapOptions(...)."
            )
        return dataclasses.replace(options or cls(), **overrides)


def prepare(
    observations: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    indicator: str,
    period: str,
    options: MapOptions | None = None,
    **overrides: Any,
) -> MapData:
    """Select, join, classify and label the figures of one map.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observation table (columns of :data:`cdskit.dataset.observations.COLUMNS`), e.g. from
        :func:`cdskit.load`.
    boundaries : geopandas.GeoDataFrame
        Units to draw, from :func:`cdskit.geo.load_boundaries` (one level, one vintage).
    indicator : str
        Codebook id of the indicator to draw.
    period : str
        Period to draw, as in the observations (``"2022"``, ``"2023-H1"``…).
    options : MapOptions, optional
        How the map is drawn (default: :class:`MapOptions`'s defaults).
    **overrides
        Any field of :class:`MapOptions` by name (``language="en"``), applied over ``options``.

    Returns
    -------
    MapData
        Everything both renderers draw.

    Raises
    ------
    ParameterError
        For an unknown option, indicator, period, scheme or language (with suggestions), or
        when the figures do not fit one period and one vintage.
    JoinError
        When figures and boundaries do not match and ``allow_missing`` is False.
    """
    opts = MapOptions.build(options, overrides)
    language = check_language(opts.language)
    scheme = check_scheme(opts.scheme)
    level, vintage = _boundary_layer(boundaries)
    entry = _codebook_entry(indicator, opts.codebook)
    figures, outside_area, denominator = _figures(
        observations, boundaries, entry, opts, indicator=indicator, period=period
    )
    joined = _join(figures, boundaries, allow_missing=opts.allow_missing)
    higher_is_better = True if opts.as_share else bool(entry.get("higher_is_better", True))
    classification = _classification(
        joined["value"], opts, scheme, denominator=denominator, higher_is_better=higher_is_better
    )
    cited = {part.strip() for ids in figures["source_id"].dropna() for part in str(ids).split(",")}
    titles = _source_titles(sorted(cited), opts.sources)
    labelled = label_units(
        joined,
        titles,
        language,
        rank_of=denominator,
        as_share=opts.as_share,
        level=level,
        vintage=vintage,
    )
    units = _classified(
        _for_web(labelled, opts.max_bytes or _default_budget(level)),
        classification,
    )
    undated = units["undated"].astype(bool) & units["value"].notna()
    latest = _latest_date(figures, language) if undated.any() else ""
    national = boundaries["province_code"].astype(str).nunique() == PROVINCE_COUNT.get(vintage)
    partial = level == "province" and not national
    context = _context(opts.context, units, vintage, partial=partial)
    credit = _boundary_credit(boundaries, vintage, language)
    texts = _texts(
        units,
        entry,
        opts,
        indicator=indicator,
        period=period,
        level=level,
        vintage=vintage,
        denominator=denominator,
        titles=titles,
        credit=credit,
        latest=latest,
    )
    provenance = _provenance(
        opts,
        indicator=indicator,
        period=period,
        boundaries=boundaries,
        units=units,
        classification=classification,
        titles=titles,
        credit=credit,
        outside_area=outside_area,
        context=context,
    )
    labels = partial if opts.labels is None else opts.labels
    return MapData(
        units=units,
        classification=classification,
        language=language,
        **texts,
        outlines=_outlines(opts.outlines, units, level, vintage),
        highlighted=_highlighted(opts.highlight, units, level, vintage),
        provenance=provenance,
        national=bool(national),
        places=[
            {"name": place[language], "lat": place["lat"], "lon": place["lon"]}
            for place in ARCHIPELAGOS
        ]
        if national
        else [],
        context=context,
        labels=unit_labels(units, values=classification.scheme == PLAIN) if labels else [],
        undated_label=TEXT[language]["undated_label"].format(as_of=latest) if undated.any() else "",
    )


def _figures(
    observations: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    entry: Mapping[str, Any],
    opts: MapOptions,
    *,
    indicator: str,
    period: str,
) -> tuple[pd.DataFrame, Any, int | None]:
    """Return the figures drawn (shares when asked), those outside the area, the rank scale."""
    level, vintage = _boundary_layer(boundaries)
    figures, outside_area = select_figures(
        observations,
        indicator=indicator,
        period=period,
        level=level,
        vintage=vintage,
        boundaries=boundaries,
        source=opts.source,
        entry=entry,
        include_undated=opts.include_undated,
    )
    is_rank = str(entry.get("kind", "")) == "rank" and not opts.as_share
    if opts.as_share:
        figures = as_shares(figures, indicator, period)
    denominator = rank_denominator(figures, vintage, level) if is_rank else None
    return figures, outside_area, denominator


def _provenance(
    opts: MapOptions,
    *,
    indicator: str,
    period: str,
    boundaries: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    classification: Classification,
    titles: Mapping[str, str],
    credit: str,
    outside_area: Any,
    context: gpd.GeoDataFrame | None,
) -> dict[str, Any]:
    """Record which data, boundaries, kit version and parameters made the map."""
    level, vintage = _boundary_layer(boundaries)
    undated = units["undated"].astype(bool) & units["value"].notna()
    language = check_language(opts.language)
    scheme = check_scheme(opts.scheme)
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
        "as_share": opts.as_share,
        "undated_units": sorted(units.loc[undated, "unit_code"]),
        "context_units": [] if context is None else sorted(context["unit_code"]),
        "parameters": {
            "language": language,
            "scheme": scheme,
            "k": opts.k,
            "bins": opts.bins,
            "title": opts.title,
            "allow_missing": opts.allow_missing,
            "source": opts.source,
            "include_undated": opts.include_undated,
        },
    }
    return provenance


def _classified(units: gpd.GeoDataFrame, classification: Classification) -> gpd.GeoDataFrame:
    """Add each unit's class (``None`` without a figure) and fill colour."""
    units["class_index"] = pd.Series(
        [classification.class_of(v) for v in units["value"]], index=units.index, dtype=object
    )
    units["colour"] = [classification.colour_of(v) for v in units["value"]]
    return units


def _latest_date(figures: pd.DataFrame, language: str) -> str:
    """Return the latest date the undated figures drawn can describe, in words."""
    dates = sorted(set(figures.loc[figures["undated"].astype(bool), "as_of"].astype(str)))
    return as_of_text(dates[-1], language)


def _classification(
    values: pd.Series,
    opts: MapOptions,
    scheme: str,
    *,
    denominator: int | None,
    higher_is_better: bool,
) -> Classification:
    """Rank bands for ranks, no classes for a few figures, the chosen scheme otherwise."""
    few = int(values.notna().sum()) <= FEW_UNITS
    if scheme == "auto" and denominator:
        return rank_bands(denominator, higher_is_better=higher_is_better)
    if scheme == PLAIN or (scheme == "auto" and few and opts.bins is None):
        return plain(values, higher_is_better=higher_is_better)
    classification = classify(
        values,
        scheme="quantiles" if scheme == "auto" else scheme,
        k=opts.k,
        bins=opts.bins,
        higher_is_better=higher_is_better,
    )
    if opts.as_share:  # shares are computed: legends print them to one decimal, as published
        classification = dataclasses.replace(
            classification, decimals=min(classification.decimals, 1)
        )
    return classification


def _texts(
    units: gpd.GeoDataFrame,
    entry: Mapping[str, Any],
    opts: MapOptions,
    *,
    indicator: str,
    period: str,
    level: str,
    vintage: int,
    denominator: int | None,
    titles: Mapping[str, str],
    credit: str,
    latest: str,
) -> dict[str, Any]:
    """Title, subtitle, legend title, footer, coverage line and warning of a map."""
    language = check_language(opts.language)
    label = str(entry.get(f"label_{language}") or indicator)
    unit_of_measure = str(entry.get(f"unit_{language}") or "").strip()
    if opts.as_share:
        label = TEXT[language]["share"]["label"].format(label=label[:1].lower() + label[1:])
        unit_of_measure = "%"
    elif denominator:
        unit_of_measure = TEXT[language]["rank_unit"].format(of=denominator)
    footer = [
        TEXT[language]["footer"]["sources"] + ": " + "; ".join(titles.values()),
        credit,
        generation_text(language),
    ]
    if opts.as_share:
        footer.insert(1, TEXT[language]["share"]["note"] + ".")
    level_name = TEXT[language]["level_names"].get(level, level)
    undated = units["undated"].astype(bool) & units["value"].notna()
    with_figure = int((units["value"].notna() & ~undated).sum())
    coverage = TEXT[language]["coverage_undated" if undated.any() else "coverage"].format(
        shown=format_number(with_figure, language),
        total=format_number(len(units), language),
        units=level_name,
        undated=format_number(int(undated.sum()), language),
    )
    title = opts.title
    if title is None:
        period_words = format_period(period, language)
        title = (
            TEXT[language]["mixed_title"].format(label=label, period=period_words, as_of=latest)
            if undated.any()
            else f"{label} — {period_words}"
        )
    return {
        "title": title,
        "subtitle": f"{format_number(len(units), language)} {level_name}"
        + " · "
        + TEXT[language]["vintage_names"].get(vintage, str(vintage)),
        "legend_title": f"{label} ({unit_of_measure})" if unit_of_measure else label,
        "footer_lines": footer,
        "coverage": coverage,
        "warning": TEXT[language]["mostly_missing"] if with_figure * 2 < len(units) else "",
    }


def _context(context, units: gpd.GeoDataFrame, vintage: int, *, partial: bool):
    """Return the grey neighbours: by default only around a province map of some provinces."""
    if context is None:
        return neighbours(units, vintage) if partial else None
    if context is True:
        return neighbours(units, vintage)
    if context is False:
        return None
    return context


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
    return TEXT[language]["footer"]["made"].format(
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


def _default_budget(level: str) -> int:
    from cdskit.geo.boundaries import WEB_BYTES

    return {"province": _PROVINCE_BYTES, "commune": WEB_BYTES}.get(level, _OTHER_BYTES)


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

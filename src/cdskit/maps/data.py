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
import difflib
import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from cdskit._version import __version__
from cdskit.dataset.citations import source_titles
from cdskit.errors import ParameterError, did_you_mean
from cdskit.formatting import (
    NO_DATA,
    check_language,
    format_date,
    format_number,
    format_percent_value,
    format_period,
    format_rank,
)
from cdskit.maps.classes import Classification, check_scheme, classify, rank_bands
from cdskit.terms import PROVINCE_COUNT

_REQUIRED = ("unit_code", "vintage", "indicator", "period", "value", "value_as_published")
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

    @property
    def classes(self) -> dict[str, int | None]:
        """Class index by unit code (``None`` for units without a figure)."""
        return dict(zip(self.units["unit_code"], self.units["class_index"], strict=True))

    @property
    def class_counts(self) -> list[int]:
        """Number of units in each class."""
        counts = self.units["class_index"].dropna().astype(int).value_counts()
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
    figures, outside_area = _select(
        observations,
        indicator=indicator,
        period=period,
        level=level,
        vintage=vintage,
        boundaries=boundaries,
        source=source,
        entry=entry,
    )
    is_rank = str(entry.get("kind", "")) == "rank" and not as_share
    if as_share:
        figures = _as_share(figures, indicator, period)
    denominator = _rank_denominator(figures, vintage, level) if is_rank else None
    joined = _join(figures, boundaries, allow_missing=allow_missing)
    higher_is_better = True if as_share else bool(entry.get("higher_is_better", True))
    if scheme == "auto" and is_rank and denominator:
        classification = rank_bands(denominator, higher_is_better=higher_is_better)
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
    labelled = _label_units(
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
    with_figure = int(units["value"].notna().sum())
    coverage = _COVERAGE[language].format(
        shown=format_number(with_figure, language),
        total=format_number(len(units), language),
        units=level_name,
    )
    national = boundaries["province_code"].astype(str).nunique() == PROVINCE_COUNT.get(vintage)
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
        "parameters": {
            "language": language,
            "scheme": scheme,
            "k": k,
            "bins": bins,
            "title": title,
            "allow_missing": allow_missing,
            "source": source,
        },
    }
    return MapData(
        units=units,
        classification=classification,
        language=language,
        title=title or f"{label} — {format_period(period, language)}",
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
    )


_GAP_COLUMNS = {
    "vi": {
        "rank": "Thứ tự theo khoảng cách",
        "unit": "Đơn vị",
        "value": "Giá trị",
        "gap": "Cách đơn vị tốt nhất",
        "class": "Lớp",
        "period": "Kỳ",
        "source": "Nguồn",
    },
    "en": {
        "rank": "Order by gap",
        "unit": "Unit",
        "value": "Value",
        "gap": "Gap to the best unit",
        "class": "Class",
        "period": "Period",
        "source": "Source",
    },
}


def gap_table(data: MapData, top: int | None = None) -> pd.DataFrame:
    """Rank the units of a map from the widest gap to the best unit down to none.

    The gap is the distance between a unit's figure and the best figure on the map (the
    highest, or the lowest when lower is better, e.g. ranks), in the indicator's unit. Units
    without a figure are listed last, as "no data", never left out.

    Parameters
    ----------
    data : MapData
        The map's data (``Map.data``).
    top : int, optional
        Keep only the first ``top`` units with a figure (units without one are always listed).

    Returns
    -------
    pandas.DataFrame
        Columns in the map's language: order, unit, value as published, gap (formatted),
        class (1 = first legend row), period and source.
    """
    language = data.language
    names = _GAP_COLUMNS[language]
    units = data.units
    with_data = units[units["value"].notna()].copy()
    better_high = data.classification.higher_is_better
    best = with_data["value"].max() if better_high else with_data["value"].min()
    with_data["gap"] = (best - with_data["value"]).abs()
    with_data = with_data.sort_values(["gap", "unit_code"], ascending=[False, True])
    if top is not None:
        with_data = with_data.head(int(top))
    without = units[units["value"].isna()].sort_values("unit_code")
    decimals = data.classification.decimals
    rows = [
        {
            names["rank"]: position,
            names["unit"]: row.unit_name,
            names["value"]: row.value_text,
            names["gap"]: format_number(row.gap, language, decimals=decimals),
            names["class"]: int(row.class_index) + 1,
            names["period"]: row.period_text,
            names["source"]: row.source_text,
        }
        for position, row in enumerate(with_data.itertuples(index=False), start=1)
    ]
    rows += [
        {
            names["rank"]: None,
            names["unit"]: row.unit_name,
            names["value"]: NO_DATA[language],
            names["gap"]: "—",
            names["class"]: None,
            names["period"]: "—",
            names["source"]: "—",
        }
        for row in without.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=list(names.values())).astype(
        {names["rank"]: "Int64", names["class"]: "Int64"}
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


def _select(
    observations: pd.DataFrame,
    *,
    indicator: str,
    period: str,
    level: str,
    vintage: int,
    boundaries: gpd.GeoDataFrame,
    source: str | None,
    entry: Mapping[str, Any],
) -> tuple[pd.DataFrame, int]:
    missing = [c for c in _REQUIRED if c not in observations.columns]
    if missing:
        raise ParameterError(
            f"observations lack the column(s) {', '.join(missing)}: pass the observation table "
            "from cdskit.load() (columns in cdskit.dataset.observations.COLUMNS)."
        )
    rows = observations[observations["indicator"] == indicator]
    if rows.empty:
        raise ParameterError(
            f"indicator={indicator!r} has no figures in the observations."
            + did_you_mean(_close(indicator, observations["indicator"]))
        )
    periods = rows["period"].astype(str)
    if str(period) not in set(periods):
        raise ParameterError(
            f"period={period!r} has no figures of {indicator!r}; periods with figures: "
            f"{', '.join(sorted(set(periods)))}." + did_you_mean(_close(str(period), periods))
        )
    rows = rows[periods == str(period)]
    vintages = sorted({int(v) for v in rows["vintage"]})
    if vintage not in vintages:
        raise ParameterError(
            f"{indicator} {period} is published for vintage {vintages}, but the boundaries are "
            f"vintage {vintage}. Load boundaries with vintage={vintages[0]}; figures are never "
            "moved between vintages by a map (see cdskit.geo.join for declared aggregation)."
        )
    rows = rows[rows["vintage"].astype(int) == vintage]
    if "unit_level" in rows.columns:
        levels = sorted(set(rows["unit_level"]))
        rows = rows[rows["unit_level"] == level]
        if rows.empty:
            raise ParameterError(
                f"{indicator} {period} has no {level}-level figures (levels with figures: "
                f"{', '.join(levels)}). Load boundaries at one of those levels."
            )
    # Figures outside the area drawn (e.g. other provinces when only some are loaded) are not
    # part of this map; units inside the area that do not match still fail in the join.
    area = set(boundaries["province_code"].astype(str))
    before = rows["unit_code"].nunique()
    if level == "province":
        rows = rows[rows["unit_code"].astype(str).isin(area)]
    elif "province_code" in rows.columns:
        rows = rows[rows["province_code"].astype(str).isin(area)]
    outside = before - rows["unit_code"].nunique()  # units, not rows
    if rows.empty:
        raise ParameterError(
            f"{indicator} {period} has no figure for the area drawn (provinces "
            f"{', '.join(sorted(area)[:8])}). Load boundaries of other provinces."
        )
    if source is not None:
        known = sorted(set(rows["source_id"]))
        if source not in known:
            raise ParameterError(
                f"source={source!r} gives no figure of {indicator} {period}; sources that do: "
                f"{', '.join(known)}." + did_you_mean(_close(source, known))
            )
        rows = rows[rows["source_id"] == source]
    return _one_row_per_unit(rows, entry, indicator, period), outside


def _one_row_per_unit(
    rows: pd.DataFrame, entry: Mapping[str, Any], indicator: str, period: str
) -> pd.DataFrame:
    preferred = str(entry.get("preferred_source") or "")
    kept, conflicts = [], []
    for code, group in rows.groupby("unit_code", sort=True):
        if len(group) == 1:
            kept.append(group.iloc[0])
            continue
        if group["value"].nunique(dropna=False) == 1:
            first = group.iloc[0].copy()
            first["source_id"] = ", ".join(sorted(set(group["source_id"])))
            kept.append(first)
        elif preferred and preferred in set(group["source_id"]):
            kept.append(group[group["source_id"] == preferred].iloc[0])
        else:
            pairs = ", ".join(
                f"{row.value_as_published} [{row.source_id}]" for row in group.itertuples()
            )
            conflicts.append(f"{code}: {pairs}")
    if conflicts:
        raise ParameterError(
            f"Sources disagree on {indicator} {period} for {len(conflicts)} unit(s) "
            f"({'; '.join(conflicts[:5])}). Pick one with source=..., or set preferred_source "
            "in the codebook."
        )
    return pd.DataFrame(kept).reset_index(drop=True)


def _join(figures: pd.DataFrame, boundaries: gpd.GeoDataFrame, *, allow_missing: bool):
    from cdskit.geo.join import join

    return join(figures, boundaries, allow_missing=allow_missing)


def _source_titles(ids: list[str], sources: Mapping[str, str] | None) -> dict[str, str]:
    if sources is None:
        sources = source_titles()
    return {key: str(sources.get(key, key)) for key in ids}


def _label_units(
    joined: gpd.GeoDataFrame,
    titles: Mapping[str, str],
    language: str,
    *,
    rank_of: int | None = None,
    as_share: bool = False,
    level: str = "province",
    vintage: int = 2025,
) -> gpd.GeoDataFrame:
    codes = joined["unit_code"].astype(str)
    names = _own_vintage_names(level, vintage)
    units = gpd.GeoDataFrame(
        {
            "unit_code": codes,
            "unit_name": [
                names[code][1] if code in names and str(name) == names[code][0] else str(name)
                for code, name in zip(codes, joined["unit_name"], strict=True)
            ],
            "province_code": joined["province_code"].astype(str),
            "value": pd.to_numeric(joined["value"], errors="coerce"),
        },
        geometry=joined.geometry.values,
        crs=joined.crs,
    )
    units["value_text"] = [
        _value_text(row, language, rank_of=rank_of, as_share=as_share)
        for row in joined.itertuples(index=False)
    ]
    units["period_text"] = [
        "—" if pd.isna(period) else format_period(str(period), language)
        for period in joined["period"]
    ]
    units["source_text"] = [
        "; ".join(titles.get(s.strip(), s.strip()) for s in str(ids).split(","))
        if isinstance(ids, str) and ids
        else "—"
        for ids in joined["source_id"]
    ]
    return units


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
    return None if chosen.empty else chosen[["unit_code", "geometry"]]


def _value_text(row, language: str, *, rank_of: int | None, as_share: bool) -> str:
    """Return what a tooltip or table shows for one unit's figure."""
    value = getattr(row, "value", None)
    if value is None or pd.isna(value):
        return NO_DATA[language]
    if rank_of:
        return format_rank(value, rank_of, language)
    if as_share:
        count = format_number(row.share_count, language)
        total = format_number(row.share_total, language)
        return f"{format_percent_value(value, language)} ({count}/{total})"
    text = getattr(row, "value_as_published", None)
    return (
        NO_DATA[language] if text is None or pd.isna(text) or not str(text).strip() else str(text)
    )


def _rank_denominator(figures: pd.DataFrame, vintage: int, level: str) -> int | None:
    """Return the number of units a rank is out of (as published, else the vintage's count)."""
    if "denominator" in figures.columns:
        published = {
            int(d) for d in pd.to_numeric(figures["denominator"], errors="coerce").dropna()
        }
        if len(published) == 1:
            return published.pop()
    return PROVINCE_COUNT.get(vintage) if level == "province" else None


def _as_share(figures: pd.DataFrame, indicator: str, period: str) -> pd.DataFrame:
    """Turn published counts into shares of their published totals (percent)."""
    if "denominator" not in figures.columns:
        raise ParameterError(
            f"as_share=True needs the published total (column 'denominator') of {indicator} "
            f"{period}; the observations have none. Draw the count with as_share=False."
        )
    totals = pd.to_numeric(figures["denominator"], errors="coerce")
    counts = pd.to_numeric(figures["value"], errors="coerce")
    usable = totals.notna() & (totals > 0) & counts.notna()
    if not usable.any():
        raise ParameterError(
            f"No figure of {indicator} {period} has a published total, so no share can be "
            "drawn. Draw the count with as_share=False."
        )
    shares = figures[usable].copy()
    shares["share_count"] = counts[usable]
    shares["share_total"] = totals[usable]
    shares["value"] = counts[usable] / totals[usable] * 100
    return shares.reset_index(drop=True)


def _own_vintage_names(level: str, vintage: int) -> dict[str, tuple[str, str]]:
    """Return the short and the written name of each city of the vintage, by code.

    ``Hồ Chí Minh`` is written ``TP. Hồ Chí Minh``, as the resolver names it in that vintage.
    """
    if level != "province":
        return {}
    from cdskit.units import units as unit_table

    table = unit_table(level, vintage)
    return {
        str(row.code): (str(row.name), f"TP. {row.name}")
        for row in table.itertuples(index=False)
        if str(row.full_name).startswith("Thành phố ")
    }


def _close(value: str, options) -> list[str]:
    return difflib.get_close_matches(str(value), sorted({str(o) for o in options}), n=3)

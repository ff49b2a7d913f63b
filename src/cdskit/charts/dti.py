"""DTI comparison charts and tables for the focus provinces (matplotlib).

The provincial Digital Transformation Index (DTI) changed method twice and changed geography
once, so a chart must not draw a line where figures stop being comparable:

- 2020: the sum of three pillars (digital government, economy, society), ranks out of 63;
- 2021–2023: the sum of the main indices, ranks out of 63 (2008 vintage);
- 2024: 8 main / 47 component indices, published only for the 34 provinces of the 2025 vintage
  as the average of the pre-merger provinces' main indices, ranks out of 34.

Ranks are drawn in one panel per vintage (2020–2023 out of 63, 2024 out of 34) with no line
between panels; scores are drawn in one panel per method. A missing figure is a gap, never
interpolated. Bắc Giang's successor in 2024 is Bắc Ninh (merged), Lào Cai's is the merged Lào
Cai; the chart names them.
"""

from __future__ import annotations

import difflib
import os
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from cdskit._version import __version__
from cdskit.charts._dti_data import (
    DTI_YEARS,
    check_inputs,
    edition_of,
    select_figures,
    source_titles,
    split_panels,
    title_map,
)
from cdskit.errors import ParameterError, did_you_mean
from cdskit.files import write_atomically
from cdskit.formatting import check_language, format_number
from cdskit.terms import FOCUS_PROVINCE_NAMES, FONT_FAMILY

__all__ = [
    "COLOURS",
    "DTI_YEARS",
    "dti_ranks",
    "dti_scores",
    "dti_table",
    "save_figure",
    "source_titles",
]

#: The four focus provinces, by their 2008-vintage names.
#: Colours of the province series (colour-blind safe, Okabe–Ito).
COLOURS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
#: Font with full Vietnamese coverage that ships with matplotlib.

# DTI scores are published on a 0–1 scale with four decimals (0,4874).
_SCORE_DECIMALS = 4
_WRAP = 180  # characters per footnote line
_FORMATS = ("png", "svg", "pdf")


_TEXT = {
    "vi": {
        "lang": "vi",
        "rank_title": "Xếp hạng DTI cấp tỉnh {first}–{last}",
        "score_title": "Điểm DTI cấp tỉnh {first}–{last}",
        "rank_axis": "Thứ hạng trên {n} tỉnh, thành phố (1 = cao nhất)",
        "score_axis": "Điểm DTI",
        "year": "Năm",
        "vintage_2008": "63 tỉnh (trước 1/7/2025)",
        "vintage_2025": "34 tỉnh (sau sáp nhập)",
        "pillars": "2020: tổng 3 trụ cột",
        "main": "2021–2023: tổng các chỉ số chính",
        "main-2024": "2024: 8 chỉ số chính",
        "method_change": "đổi phương pháp",
        "break": "Không so sánh được: {a} xếp trên 63 tỉnh, {b} trên 34 tỉnh sau sáp nhập.",
        "score_break": "Điểm không so sánh được giữa các giai đoạn phương pháp khác nhau.",
        "merged": "{year}: {new} sau sáp nhập gồm {old} trước 1/7/2025.",
        "missing": "Không có số liệu: {items}",
        "conflict": "Nguồn khác nhau (vẽ cả hai, không nối): {items}",
        "sources": "Nguồn",
        "province": "Tỉnh",
        "unit": "Đơn vị (theo địa giới năm đó)",
        "rank": "Hạng DTI",
        "score": "Điểm DTI",
        "none": "—",
    },
    "en": {
        "lang": "en",
        "rank_title": "Provincial DTI rank {first}–{last}",
        "score_title": "Provincial DTI score {first}–{last}",
        "rank_axis": "Rank among {n} provinces (1 = best)",
        "score_axis": "DTI score",
        "year": "Year",
        "vintage_2008": "63 provinces (before 1 July 2025)",
        "vintage_2025": "34 provinces (after the merger)",
        "pillars": "2020: sum of 3 pillars",
        "main": "2021–2023: sum of the main indices",
        "main-2024": "2024: 8 main indices",
        "method_change": "method changed",
        "break": "Not comparable: {a} ranks out of 63, {b} out of 34 (after the merger).",
        "score_break": "Scores are not comparable across method periods.",
        "merged": "{year}: {new} after the merger includes {old} before 1 July 2025.",
        "missing": "No data: {items}",
        "conflict": "Sources disagree (both drawn, not joined): {items}",
        "sources": "Sources",
        "province": "Province",
        "unit": "Unit (boundaries of that year)",
        "rank": "DTI rank",
        "score": "DTI score",
        "none": "—",
    },
}


def dti_ranks(
    observations: pd.DataFrame,
    *,
    provinces: Sequence[str] = FOCUS_PROVINCE_NAMES,
    years: Sequence[int] | None = None,
    language: str = "vi",
    indicator: str = "dti_rank",
    sources: Mapping[str, str] | None = None,
) -> Figure:
    """Draw provincial DTI ranks over the years, one panel per administrative vintage.

    Lower is better, so the rank axis is inverted. Ranks out of 63 (2020–2023) and out of 34
    (2024) sit in separate panels and are never joined by a line; a method change inside a panel
    is marked. Missing years are gaps; sources that disagree are all drawn, unjoined.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations (columns of :data:`cdskit.dataset.observations.COLUMNS`), e.g. from
        ``cdskit.load()``. Other indicators and units are ignored.
    provinces : sequence of str, default FOCUS_PROVINCE_NAMES
        Provinces by 2008-vintage name or code; each is followed into its 2025 province.
    years : sequence of int, optional
        Years on the axis (default: every DTI edition, 2020–2024).
    language : {"vi", "en"}, default "vi"
        Language of titles, labels and notes.
    indicator : str, default "dti_rank"
        A rank indicator of the codebook (e.g. ``dti_digital_government_rank``).
    sources : mapping of str to str, optional
        Source id → title for the footnote (default: ``data/processed/sources.csv``).

    Returns
    -------
    matplotlib.figure.Figure
        The chart (not shown; display it in a notebook or ``savefig`` it).

    Raises
    ------
    ParameterError
        For an unknown language, empty province or year lists, or missing columns.
    UnknownUnitError
        For a province name that cannot be resolved (with suggestions).
    """
    return _chart(observations, "rank", provinces, years, language, indicator, sources)


def dti_scores(
    observations: pd.DataFrame,
    *,
    provinces: Sequence[str] = FOCUS_PROVINCE_NAMES,
    years: Sequence[int] | None = None,
    language: str = "vi",
    indicator: str = "dti_score",
    sources: Mapping[str, str] | None = None,
) -> Figure:
    """Draw provincial DTI scores, one panel per method period (2020 | 2021–2023 | 2024).

    Scores are not comparable across method changes, so no line crosses a panel border.
    Parameters are as in :func:`dti_ranks`.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.observations.COLUMNS`.
    provinces : sequence of str, default FOCUS_PROVINCE_NAMES
        Provinces by 2008-vintage name or code.
    years : sequence of int, optional
        Years on the axis (default 2020–2024).
    language : {"vi", "en"}, default "vi"
        Language of the chart.
    indicator : str, default "dti_score"
        A score indicator of the codebook.
    sources : mapping of str to str, optional
        Source id → title (default: ``data/processed/sources.csv``).

    Returns
    -------
    matplotlib.figure.Figure
        The chart.
    """
    return _chart(observations, "score", provinces, years, language, indicator, sources)


def dti_table(
    observations: pd.DataFrame,
    *,
    provinces: Sequence[str] = FOCUS_PROVINCE_NAMES,
    years: Sequence[int] | None = None,
    language: str = "vi",
    sources: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return a readable table of DTI rank and score by province × year, with sources.

    Every requested province × year is a row, so gaps stay visible (shown as "—"). Ranks read
    ``16/63``; scores use the reader's number format (``0,4874``); qualifiers as published are
    kept; disagreeing sources are listed side by side.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.observations.COLUMNS`.
    provinces : sequence of str, default FOCUS_PROVINCE_NAMES
        Provinces by 2008-vintage name or code.
    years : sequence of int, optional
        Years (default 2020–2024).
    language : {"vi", "en"}, default "vi"
        Language of headers and numbers.
    sources : mapping of str to str, optional
        Source id → title (default: ``data/processed/sources.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns: province, year, unit, rank, score, sources (headers in ``language``).
    """
    language = check_language(language)
    text = _TEXT[language]
    series, years = check_inputs(observations, provinces, years)
    figures = select_figures(observations, ("dti_rank", "dti_score"), series, years)
    titles = title_map(figures, sources)
    rows = []
    for item in series:
        for year in years:
            vintage = edition_of(year).vintage
            here = figures[(figures["series"] == item.label) & (figures["year"] == year)]
            cells = {}
            for indicator, kind in (("dti_rank", "rank"), ("dti_score", "score")):
                found = here[here["indicator"] == indicator]
                shown = sorted({_value_text(r, kind, language) for r in found.itertuples()})
                cells[kind] = "; ".join(shown) if shown else text["none"]
            used = sorted(set(here["source_id"].dropna()))
            rows.append(
                {
                    text["province"]: item.label,
                    text["year"]: year,
                    text["unit"]: item.names.get(vintage, text["none"]),
                    text["rank"]: cells["rank"],
                    text["score"]: cells["score"],
                    text["sources"]: "; ".join(titles[s] for s in used) or text["none"],
                }
            )
    return pd.DataFrame(rows)


def save_figure(
    figure: Figure,
    folder: str | os.PathLike[str],
    name: str,
    *,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = 200,
) -> list[Path]:
    """Write a chart as ``<folder>/<name>.<format>`` for each format, atomically.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A chart from this module.
    folder : path-like
        Target folder (created when missing).
    name : str
        File name without extension.
    formats : sequence of str, default ("png", "svg")
        Any of ``png``, ``svg``, ``pdf``.
    dpi : int, default 200
        Resolution of raster formats.

    Returns
    -------
    list of pathlib.Path
        The written files.
    """
    unknown = [f for f in formats if f not in _FORMATS]
    if unknown:
        raise ParameterError(
            f"formats: {unknown[0]!r} is not one of {', '.join(_FORMATS)}."
            + did_you_mean(difflib.get_close_matches(unknown[0], _FORMATS, n=1))
        )
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = target / f"{name}.{fmt}"
        metadata = {"Creator": f"cdskit {__version__}"} if fmt in ("svg", "pdf") else None
        write_atomically(
            path,
            lambda temp, fmt=fmt, metadata=metadata: figure.savefig(
                temp, format=fmt, dpi=dpi, metadata=metadata
            ),
        )
        written.append(path)
    return written


def _chart(
    observations: pd.DataFrame,
    kind: str,
    provinces: Sequence[str],
    years: Sequence[int] | None,
    language: str,
    indicator: str,
    sources: Mapping[str, str] | None,
) -> Figure:
    language = check_language(language)
    text = _TEXT[language]
    series, years = check_inputs(observations, provinces, years)
    figures = select_figures(observations, (indicator,), series, years)
    titles = title_map(figures, sources)
    panels = split_panels(years, kind)
    import matplotlib

    with matplotlib.rc_context({"font.family": FONT_FAMILY, "font.size": 10}):
        source_text = f"{text['sources']}: " + "; ".join(titles[s] for s in sorted(titles))
        # Room for the footnote: breaks, merged units, gaps, conflicts and the wrapped sources.
        foot = 0.13 * (5 + len(textwrap.wrap(source_text, _WRAP))) + 0.1
        figure = Figure(figsize=(11.7, 6.2 + foot), layout="constrained")
        top, bottom = figure.subfigures(2, 1, height_ratios=[6.2, foot])
        axes = top.subplots(
            1, len(panels), sharey=False, squeeze=False, width_ratios=[len(p) for p in panels]
        )[0]
        notes = _draw_panels(axes, panels, series, figures, kind, text)
        top.suptitle(_title(kind, indicator, years, text), fontsize=14, fontweight="bold")
        handles = [axes[0].plot([], [], "o-", color=_colour(i))[0] for i in range(len(series))]
        top.legend(
            handles,
            [s.label for s in series],
            loc="outside lower center",
            ncols=len(series),
            frameon=False,
        )
        notes.append(source_text)
        footnote = "\n".join(textwrap.fill(n, _WRAP, subsequent_indent="  ") for n in notes)
        bottom.text(0.01, 0.98, footnote, ha="left", va="top", fontsize=7, color="#333")
    return figure


def _title(kind: str, indicator: str, years: list[int], text: dict) -> str:
    """Return the chart title; indicators other than the DTI total use their codebook label."""
    if indicator in ("dti_rank", "dti_score"):
        key = "rank_title" if kind == "rank" else "score_title"
        return text[key].format(first=years[0], last=years[-1])
    from cdskit.dataset.codebook import indicator as codebook_indicator

    label = codebook_indicator(indicator)[f"label_{text['lang']}"]
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    return f"{label} {span}"


def _draw_panels(axes, panels, series, figures, kind, text) -> list[str]:
    missing: dict[str, list[int]] = {item.label: [] for item in series}
    conflicts: list[str] = []
    merged: list[str] = []
    for ax, panel in zip(axes, panels, strict=True):
        vintage = edition_of(panel[0]).vintage
        here = figures.loc[figures["year"].isin(panel), "value"].dropna()
        span = max(
            63.0 if kind == "rank" else 0.0, float(here.max() - here.min()) if len(here) else 0
        )
        labelled: dict[int, list[float]] = {}  # year -> values already labelled on the right
        for number, item in enumerate(series):
            points = figures[(figures["series"] == item.label) & figures["year"].isin(panel)]
            values = points.groupby("year")["value"].agg(lambda v: sorted(set(v.dropna())))
            line = [
                values[y][0] if y in values.index and len(values[y]) == 1 else float("nan")
                for y in panel
            ]
            connect = kind == "rank" or len({edition_of(y).method for y in panel}) == 1
            style = "o-" if connect else "o"
            ax.plot(panel, line, style, color=_colour(number), lw=2, ms=7, zorder=3)
            for year in panel:
                found = values.get(year, [])
                if not found:
                    missing.setdefault(item.label, []).append(year)
                for value in found:
                    hollow = len(found) > 1
                    ax.plot(
                        [year],
                        [value],
                        "o",
                        color=_colour(number),
                        ms=9 if hollow else 7,
                        mfc="white" if hollow else _colour(number),
                        mec=_colour(number),
                        zorder=4,
                    )
                    # A label close to one already on the right of this year goes left.
                    near = any(abs(value - v) <= 0.04 * span for v in labelled.get(year, []))
                    if not near:
                        labelled.setdefault(year, []).append(value)
                    ax.annotate(
                        _number(value, kind, text),
                        (year, value),
                        textcoords="offset points",
                        xytext=(-7, 0) if near else (7, 0),
                        ha="right" if near else "left",
                        va="center",
                        fontsize=8,
                        color=_colour(number),
                    )
                if len(found) > 1:
                    conflicts.append(f"{item.label} {year}")
            name = item.names.get(vintage)
            if name and name != item.label and not points.empty:
                last = points.sort_values("year").iloc[-1]
                ax.annotate(
                    name,
                    (last["year"], last["value"]),
                    textcoords="offset points",
                    xytext=(7, -11),
                    fontsize=8,
                    color=_colour(number),
                    fontstyle="italic",
                )
            if item.merged.get(vintage) and not points.empty:
                old = ", ".join(item.merged[vintage])
                merged.append(text["merged"].format(year=panel[0], new=name, old=old))
        _style_axis(ax, panel, figures, kind, text)
    notes = []
    if len(panels) > 1 and kind == "rank":
        first, second = panels[0], panels[1]
        a = f"{first[0]}–{first[-1]}" if len(first) > 1 else str(first[0])
        b = f"{second[0]}–{second[-1]}" if len(second) > 1 else str(second[0])
        notes.append(text["break"].format(a=a, b=b))
    if len(panels) > 1 and kind == "score":
        notes.append(text["score_break"])
    notes += sorted(set(merged))
    if any(missing.values()):
        items = "; ".join(f"{k} {', '.join(map(str, v))}" for k, v in missing.items() if v)
        notes.append(text["missing"].format(items=items))
    if conflicts:
        notes.append(text["conflict"].format(items=", ".join(conflicts)))
    return notes


def _style_axis(ax, panel: list[int], figures: pd.DataFrame, kind: str, text: dict) -> None:
    vintage = edition_of(panel[0]).vintage
    ax.set_xticks(panel, [str(y) for y in panel])
    ax.set_xlim(panel[0] - 0.5, panel[-1] + 0.7)
    ax.grid(axis="y", color="#ddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(text["year"])
    methods = [edition_of(y).method for y in panel]
    if kind == "rank":
        here = figures[figures["year"].isin(panel)]
        total = int(here["denominator"].max()) if here["denominator"].notna().any() else None
        total = total or (63 if vintage == 2008 else 34)
        ax.set_ylim(total + 0.5, 0.5)
        ax.set_yticks(sorted({1, *range(10, total - 3, 10), total}))
        ax.set_ylabel(text["rank_axis"].format(n=total))
        ax.set_title(text[f"vintage_{vintage}"], fontsize=10)
        for before, after, year in zip(methods, methods[1:], panel[1:], strict=False):
            if before != after:
                ax.axvline(year - 0.5, color="#888", ls=":", lw=1, gid="method-break")
                ax.text(year - 0.45, 1, text["method_change"], fontsize=7.5, color="#666")
    else:
        values = figures.loc[figures["year"].isin(panel), "value"].dropna()
        if not values.empty:
            pad = max(0.02, (values.max() - values.min()) * 0.15)
            ax.set_ylim(max(0, values.min() - pad), values.max() + pad)
        ax.set_ylabel(text["score_axis"])
        ax.set_title(text[methods[0]], fontsize=10)
        ax.yaxis.set_major_formatter(lambda v, _pos: format_number(round(v, 4), text["lang"]))


def _value_text(row, kind: str, language: str) -> str:
    qualifier = f"{row.qualifier} " if isinstance(getattr(row, "qualifier", None), str) else ""
    if pd.isna(row.value):
        return _TEXT[language]["none"]
    if kind == "rank":
        shown = f"{int(row.value)}" if float(row.value).is_integer() else str(row.value)
        if pd.notna(getattr(row, "denominator", float("nan"))):
            shown += f"/{int(row.denominator)}"
        return qualifier + shown
    return qualifier + format_number(row.value, language, decimals=_SCORE_DECIMALS)


def _number(value: float, kind: str, text: dict) -> str:
    if kind == "rank" and float(value).is_integer():
        return str(int(value))
    return format_number(value, text["lang"], decimals=_SCORE_DECIMALS)


def _colour(number: int) -> str:
    return COLOURS[number % len(COLOURS)]

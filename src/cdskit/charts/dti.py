"""DTI rank and score charts for the focus provinces (matplotlib).

The provincial Digital Transformation Index (DTI) changed method twice and changed geography
once, so a chart must not draw a line where figures stop being comparable:

- 2020: the sum of three pillars (digital government, economy, society), ranks out of 63;
- 2021–2023: the sum of the main indices, ranks out of 63 (2008 vintage);
- 2024: 8 main / 47 component indices, published for the 34 provinces of the 2025 vintage as
  the average of the pre-merger provinces' main indices, ranks out of 34.

Ranks are drawn in one panel per vintage with no line between panels; a rank read from the
order of a published list (†) or derived from a stated change (‡) has its own hollow marker and
footnote. Scores are drawn as bars on the whole 0–1 scale, one panel per method, with the
published average of the provinces for reference. A missing figure is a gap, never
interpolated. Bắc Giang's successor in 2024 is Bắc Ninh (merged), Lào Cai's is the merged Lào
Cai; the chart names them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from cdskit.charts._draw import (
    COLOURS,
    chart_style,
    draw_rank_series,
    kind_notes,
    layout,
    legend,
    score_text,
    series_colours,
    style_rank_axis,
)
from cdskit.charts._dti_data import (
    DTI_YEARS,
    Series,
    Shown,
    edition_of,
    national_means,
    rank_figures,
    select_figures,
    shown_values,
    split_panels,
    title_map,
)
from cdskit.charts._selection import Selection, choose
from cdskit.formatting import format_number
from cdskit.terms import PROVINCE_COUNT

__all__ = ["COLOURS", "DTI_YEARS", "dti_ranks", "dti_scores"]


def dti_ranks(
    observations: pd.DataFrame,
    selection: Selection | None = None,
    *,
    indicator: str = "dti_rank",
    **fields: Any,
) -> Figure:
    """Draw provincial DTI ranks over the years, one panel per administrative vintage.

    Lower is better, so the rank axis is inverted. Ranks out of 63 (2020–2023) and out of 34
    (2024) sit in separate panels and are never joined by a line; a method change inside a panel
    is marked. Every rank is labelled with its denominator (``15/63``). A position read from a
    published list (``4/63†``) or a rank derived from a stated change (``10/63‡``) is shown with
    a hollow marker and explained in a footnote; it is used only when no rank stated as such
    gives the same value. Missing years are gaps; sources that disagree are all drawn, unjoined.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations (columns of :data:`cdskit.dataset.observations.COLUMNS`), e.g. from
        ``cdskit.load()``. Other indicators and units are ignored.
    selection : Selection, optional
        Provinces, years on the axis, language and source titles (see :class:`Selection`).
    indicator : str, default "dti_rank"
        A rank indicator of the codebook (e.g. ``dti_digital_government_rank``); its list and
        derived twins (``<indicator>_in_top10_list``, ``_in_ordered_list``, ``_derived``) are
        drawn with it.
    **fields
        Fields of :class:`Selection` (``provinces``, ``years``, ``language``, ``sources``),
        replacing those of ``selection``.

    Returns
    -------
    matplotlib.figure.Figure
        The chart (not shown; pass it to :func:`figure_html` or :func:`save`).

    Raises
    ------
    ParameterError
        For a bad selection (:class:`Selection`) or missing columns.
    UnknownUnitError
        For a province name that cannot be resolved (with suggestions).

    Examples
    --------
    >>> from cdskit import load
    >>> figure = dti_ranks(load(indicators=["dti_rank", "dti_rank_in_ordered_list"]))
    >>> "4/63†" in [t.get_text() for ax in figure.get_axes() for t in ax.texts]
    True
    """
    chosen = choose(observations, selection, fields)
    language, text, series, years = chosen.language, chosen.text, chosen.series, chosen.years
    figures = rank_figures(observations, indicator, series, years)
    shown = {
        key: shown_values(rows) for key, rows in _by_series_year(figures, series, years).items()
    }
    panels = split_panels(years, "rank")
    kinds = {entry.kind for values in shown.values() for entry in values}
    tints = series_colours(series)
    notes = _rank_notes(series, panels, shown, figures, text)
    notes += kind_notes(kinds, text)
    notes.append(_source_note(figures, chosen.sources, text))
    with chart_style():
        title = _title(indicator, years, text, "rank_title")
        figure, axes, top = layout(title, [len(p) for p in panels], notes)
        for ax, panel in zip(axes, panels, strict=True):
            vintage = edition_of(panel[0]).vintage
            here = figures[figures["year"].isin(panel)]["denominator"].dropna()
            total = int(here.max()) if len(here) else PROVINCE_COUNT[vintage]
            placed: dict = {}
            for item, tint in zip(series, tints, strict=True):
                mine = {year: shown[(item.label, year)] for year in panel}
                draw_rank_series(ax, panel, mine, tint, language, placed, total)
                _name_successor(ax, item, vintage, mine, tint)
            style_rank_axis(
                ax,
                panel,
                total,
                text["rank_axis"].format(n=total),
                text[f"vintage_{vintage}"],
            )
            ax.set_xlabel(text["year"])
            _mark_method_changes(ax, panel, text)
        legend(top, [s.label for s in series], kinds, text, tints)
    return figure


def dti_scores(
    observations: pd.DataFrame,
    selection: Selection | None = None,
    *,
    indicator: str = "dti_score",
    **fields: Any,
) -> Figure:
    """Draw provincial DTI scores as bars on the 0–1 scale, one panel per method.

    The panels are 2020 (three pillars), 2021–2023 (main indices) and 2024 (8 main indices, 34
    provinces); scores are not comparable across them, but every panel shows the whole 0–1
    scale so no difference is magnified. The published average of the provinces
    (``dti_provincial_mean``) is drawn for each year where it exists.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.observations.COLUMNS`.
    selection : Selection, optional
        Provinces, years on the axis, language and source titles (see :class:`Selection`).
    indicator : str, default "dti_score"
        A score indicator of the codebook.
    **fields
        Fields of :class:`Selection`, replacing those of ``selection``.

    Returns
    -------
    matplotlib.figure.Figure
        The chart.

    Examples
    --------
    >>> from cdskit import load
    >>> figure = dti_scores(load(indicators=["dti_score", "dti_provincial_mean"]))
    >>> [tuple(map(float, ax.get_ylim())) for ax in figure.get_axes()]
    [(0.0, 1.0), (0.0, 1.0), (0.0, 1.0)]
    """
    chosen = choose(observations, selection, fields)
    language, text, series, years = chosen.language, chosen.text, chosen.series, chosen.years
    figures = select_figures(observations, (indicator,), series, years)
    shown = {
        key: shown_values(rows) for key, rows in _by_series_year(figures, series, years).items()
    }
    means = national_means(observations, years) if indicator == "dti_score" else {}
    panels = split_panels(years, "score")
    tints = series_colours(series)
    notes = [text["score_break"]] if len(panels) > 1 else []
    notes += _missing_and_conflicts(series, years, shown, text)
    for year, values in sorted(means.items()):
        if len(values) > 1:
            shown_means = ", ".join(format_number(v, language, decimals=4) for v in values)
            notes.append(text["mean_conflict"].format(year=year, values=shown_means))
    notes.append(_source_note(figures, chosen.sources, text, national=observations, years=years))
    with chart_style():
        title = _title(indicator, years, text, "score_title")
        figure, axes, top = layout(title, [len(p) for p in panels], notes)
        for ax, panel in zip(axes, panels, strict=True):
            _draw_score_panel(ax, panel, series, shown, means, language, tints)
            ax.set_title(text[edition_of(panel[0]).method], fontsize=10)
            ax.set_xlabel(text["year"])
        axes[0].set_ylabel(text["score_axis"])
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles: list[Patch | Line2D] = [Patch(color=tint) for tint in tints]
        names = [s.label for s in series]
        if means:
            handles.append(Line2D([], [], color="#222", ls="--", lw=1.4))
            names.append(text["mean_legend"])
        top.legend(handles, names, loc="outside lower center", ncols=len(names), frameon=False)
    return figure


def _by_series_year(
    figures: pd.DataFrame, series: list[Series], years: list[int]
) -> dict[tuple[str, int], pd.DataFrame]:
    empty = figures.iloc[0:0]
    groups = {key: rows for key, rows in figures.groupby(["series", "year"])}
    return {(s.label, y): groups.get((s.label, y), empty) for s in series for y in years}


def _missing_and_conflicts(
    series: list[Series], years: list[int], shown: dict, text: dict[str, str]
) -> list[str]:
    missing = {s.label: [y for y in years if not shown[(s.label, y)]] for s in series}
    conflicts = [f"{s.label} {y}" for s in series for y in years if len(shown[(s.label, y)]) > 1]
    notes = []
    if any(missing.values()):
        items = "; ".join(f"{k} {', '.join(map(str, v))}" for k, v in missing.items() if v)
        notes.append(text["missing"].format(items=items))
    if conflicts:
        notes.append(text["conflict"].format(items=", ".join(conflicts)))
    return notes


def _rank_notes(series, panels, shown, figures, text) -> list[str]:
    notes = []
    if len(panels) > 1:
        first, second = panels[0], panels[1]
        a = f"{first[0]}–{first[-1]}" if len(first) > 1 else str(first[0])
        b = f"{second[0]}–{second[-1]}" if len(second) > 1 else str(second[0])
        notes.append(text["break"].format(a=a, b=b))
    for panel in panels:
        vintage = edition_of(panel[0]).vintage
        for item in series:
            has = any(shown[(item.label, y)] for y in panel)
            if item.merged.get(vintage) and has:
                old = ", ".join(item.merged[vintage])
                new = item.names[vintage]
                notes.append(text["merged"].format(year=panel[0], new=new, old=old))
    years = [y for panel in panels for y in panel]
    return notes + _missing_and_conflicts(series, years, shown, text)


def _source_note(figures, sources, text, *, national=None, years=None) -> str:
    used = figures
    if national is not None:
        year = pd.to_numeric(national["year"], errors="coerce")
        means = national[(national["indicator"] == "dti_provincial_mean") & year.isin(years)]
        used = pd.concat([figures, means], ignore_index=True)
    titles = title_map(used, sources, text["lang"])
    return f"{text['sources']}: " + "; ".join(titles[key] for key in sorted(titles))


def _title(indicator: str, years: list[int], text: dict, key: str) -> str:
    """Return the chart title; indicators other than the DTI total use their codebook label."""
    if indicator in ("dti_rank", "dti_score"):
        return text[key].format(first=years[0], last=years[-1])
    from cdskit.dataset.codebook import indicator as codebook_indicator

    label = codebook_indicator(indicator)[f"label_{text['lang']}"]
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    return f"{label} {span}"


def _name_successor(ax, item: Series, vintage: int, mine: dict, tint: str) -> None:
    name = item.names.get(vintage)
    points = [(y, v[0].value) for y, v in sorted(mine.items()) if v]
    if name and name != item.label and points:
        ax.annotate(
            name,
            points[-1],
            textcoords="offset points",
            xytext=(8, -12),
            fontsize=8,
            color=tint,
            fontstyle="italic",
        )


def _mark_method_changes(ax, panel: list[int], text: dict) -> None:
    methods = [edition_of(y).method for y in panel]
    for before, after, year in zip(methods, methods[1:], panel[1:], strict=False):
        if before != after:
            ax.axvline(year - 0.5, color="#888", ls=":", lw=1, gid="method-break")
            ax.text(year - 0.45, 1, text["method_change"], fontsize=7.5, color="#666")


def _draw_score_panel(ax, panel, series, shown, means, language, tints) -> None:
    width = 0.8 / max(len(series), 1)
    for number, (item, tint) in enumerate(zip(series, tints, strict=True)):
        for year in panel:
            found: list[Shown] = shown[(item.label, year)]
            x = year - 0.4 + width * (number + 0.5)
            if not found:
                ax.text(x, 0.015, "—", ha="center", va="bottom", fontsize=8, color="#777")
                continue
            part = width / len(found)
            for k, entry in enumerate(found):
                xk = x - width / 2 + part * (k + 0.5)
                ax.bar(
                    xk,
                    entry.value,
                    width=part * 0.92,
                    color=tint if len(found) == 1 else "white",
                    edgecolor=tint,
                    hatch=None if len(found) == 1 else "//",
                    gid="score-bar",
                )
                ax.text(
                    xk,
                    entry.value + 0.012,
                    score_text(entry, language),
                    ha="center",
                    va="bottom",
                    rotation=90,
                    fontsize=7.5,
                    color=tint,
                )
    for year in panel:
        for value in means.get(year, []):
            ax.hlines(value, year - 0.45, year + 0.45, colors="#222", linestyles="--", lw=1.4)
            ax.text(
                year + 0.45,
                value,
                format_number(value, language, decimals=4),
                ha="right",
                va="bottom",
                fontsize=7,
                color="#222",
            )
    ax.set_xticks(panel, [str(y) for y in panel])
    ax.set_xlim(panel[0] - 0.55, panel[-1] + 0.55)
    ax.set_ylim(0.0, 1.0)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.yaxis.set_major_formatter(lambda v, _pos: format_number(round(v, 1), language))
    ax.grid(axis="y", color="#ddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)

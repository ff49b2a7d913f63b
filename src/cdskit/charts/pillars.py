"""Ranks of the three DTI pillars (digital government, economy, society) over the years.

One panel per pillar, ranks out of 63 provinces (2020–2023, 2008 vintage). Each province is a
line through the years where one rank is known; positions read from published lists and
derived ranks carry their own marker and footnote, as in :func:`cdskit.charts.dti_ranks`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from cdskit.charts._draw import (
    chart_style,
    draw_rank_series,
    kind_notes,
    layout,
    legend,
    rank_text,
    series_colours,
    style_rank_axis,
)
from cdskit.charts._dti_data import (
    PILLAR_RANKS,
    Series,
    edition_of,
    rank_figures,
    shown_values,
    title_map,
)
from cdskit.charts._selection import Selection, choose
from cdskit.terms import PROVINCE_COUNT

__all__ = ["dti_pillar_ranks", "pillar_cells"]


def pillar_cells(
    observations: pd.DataFrame,
    series: list[Series],
    years: list[int],
) -> tuple[dict[tuple[str, str, int], list], pd.DataFrame]:
    """Return the pillar ranks to show by (pillar, province, year) and the figures behind them.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.observations.COLUMNS`.
    series : list
        Provinces followed across vintages (from the charts' input checks).
    years : list of int
        Years wanted.

    Returns
    -------
    tuple
        ``{(pillar indicator, province label, year): [Shown, ...]}`` and the figures used.
    """
    cells: dict[tuple[str, str, int], list] = {}
    frames = []
    for pillar in PILLAR_RANKS:
        figures = rank_figures(observations, pillar, series, years)
        frames.append(figures)
        groups = {key: rows for key, rows in figures.groupby(["series", "year"])}
        for item in series:
            for year in years:
                rows = groups.get((item.label, year), figures.iloc[0:0])
                cells[(pillar, item.label, year)] = shown_values(rows)
    return cells, pd.concat(frames, ignore_index=True)


def dti_pillar_ranks(
    observations: pd.DataFrame, selection: Selection | None = None, **fields: Any
) -> Figure:
    """Draw the ranks of the three DTI pillars of each province, one panel per pillar.

    Only the years ranked out of 63 provinces (2008 vintage, 2020–2023) are drawn; pillar ranks
    of a later year out of 34 provinces are listed in a footnote instead of being drawn on the
    same axis.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations (columns of :data:`cdskit.dataset.observations.COLUMNS`).
    selection : Selection, optional
        Provinces, years, language and source titles (see :class:`Selection`).
    **fields
        Fields of :class:`Selection`, replacing those of ``selection``.

    Returns
    -------
    matplotlib.figure.Figure
        The chart.

    Examples
    --------
    >>> from cdskit import load
    >>> figure = dti_pillar_ranks(load(level="province"))
    >>> [ax.get_title() for ax in figure.get_axes()]
    ['Chính quyền số', 'Kinh tế số', 'Xã hội số']
    """
    choice = choose(observations, selection, fields)
    language, text, series, chosen = choice.language, choice.text, choice.series, choice.years
    cells, figures = pillar_cells(observations, series, chosen)
    drawn = [y for y in chosen if edition_of(y).vintage == 2008] or chosen[:1]
    later = [y for y in chosen if y not in drawn]
    kinds = {e.kind for (_p, _s, y), values in cells.items() if y in drawn for e in values}
    notes = _notes(series, drawn, later, cells, text, language)
    notes += kind_notes(kinds, text)
    titles = title_map(figures[figures["year"].isin(chosen)], choice.sources, language)
    notes.append(f"{text['sources']}: " + "; ".join(titles[k] for k in sorted(titles)))
    with chart_style():
        title = text["pillar_title"].format(first=drawn[0], last=drawn[-1])
        figure, axes, top = layout(title, [len(drawn)] * len(PILLAR_RANKS), notes)
        total = PROVINCE_COUNT[edition_of(drawn[0]).vintage]
        tints = series_colours(series)
        for ax, pillar in zip(axes, PILLAR_RANKS, strict=True):
            placed: dict = {}
            for item, tint in zip(series, tints, strict=True):
                mine = {year: cells[(pillar, item.label, year)] for year in drawn}
                draw_rank_series(ax, drawn, mine, tint, language, placed, total)
            style_rank_axis(ax, drawn, total, text["rank_axis"].format(n=total), text[pillar])
            ax.set_xlabel(text["year"])
        for ax in axes[1:]:
            ax.set_ylabel("")
        legend(top, [s.label for s in series], kinds, text, tints)
    return figure


def _notes(series, drawn, later, cells, text, language) -> list[str]:
    notes = []
    missing = []
    for item in series:
        empty = [y for y in drawn if not any(cells[(p, item.label, y)] for p in PILLAR_RANKS)]
        if empty:
            missing.append(f"{item.label} {', '.join(map(str, empty))}")
    if missing:
        notes.append(text["missing"].format(items="; ".join(missing)))
    conflicts = sorted(
        {f"{s} {y}" for (p, s, y), values in cells.items() if y in drawn and len(values) > 1}
    )
    if conflicts:
        notes.append(text["conflict"].format(items=", ".join(conflicts)))
    for year in later:
        listed = [
            f"{item.label} ({text[p]}) {rank_text(v, language)}"
            for item in series
            for p in PILLAR_RANKS
            for v in cells[(p, item.label, year)]
        ]
        key = "later_pillars" if listed else "later_pillars_none"
        notes.append(text[key].format(year=year, items="; ".join(listed)))
    return notes

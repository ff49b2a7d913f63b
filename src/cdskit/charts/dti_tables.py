"""DTI tables and report text as HTML a report page shows as it is (no notebook repr).

Every requested province × year is a row, so gaps stay visible as "—" (explained in a legend
under the table); ranks carry their denominator and the mark of their kind (``4/63†``); scores
use the reader's number format (``0,4874``); each row cites its sources by number, and the
numbered list of sources (titles as published) follows the table. A focus province's rows are
marked as in every ranked table of the kit (:mod:`cdskit.tables`): a left border in the
province's colour, the same as in the charts, and its name in bold. Text from the data is
escaped.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from cdskit.charts._draw import rank_text, score_text, series_colours
from cdskit.charts._dti_data import (
    PILLAR_RANKS,
    Shown,
    citations,
    edition_of,
    follow_province,
    rank_figures,
    select_figures,
    shown_values,
)
from cdskit.charts._selection import Chosen, Selection, choose, selection_of
from cdskit.charts._text import TEXT
from cdskit.charts.pillars import pillar_cells
from cdskit.errors import ParameterError, did_you_mean
from cdskit.tables import FOCUS_BORDER, FOCUS_NAME
from cdskit.terms import FOCUS_PROVINCES

__all__ = ["dti_pillar_table_html", "dti_section_html", "dti_table", "dti_table_html"]

_SECTIONS = ("intro", "ranks", "scores", "pillars", "table")


def dti_table(
    observations: pd.DataFrame, selection: Selection | None = None, **fields: Any
) -> pd.DataFrame:
    """Return a readable table of DTI rank and score by province × year, with sources.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.observations.COLUMNS`.
    selection : Selection, optional
        Provinces, years, language and source titles (see :class:`Selection`).
    **fields
        Fields of :class:`Selection`, replacing those of ``selection``.

    Returns
    -------
    pandas.DataFrame
        Text columns: province, year, unit, rank, score, sources (headers in ``language``);
        "—" where nothing is published.

    Examples
    --------
    >>> from cdskit import load
    >>> table = dti_table(load(level="province"), provinces=["Lạng Sơn"], years=[2023])
    >>> table.iloc[0]["Hạng DTI"]
    '4/63†'
    """
    chosen = choose(observations, selection, fields)
    text = chosen.text
    rows, titles = _dti_rows(observations, chosen)
    return pd.DataFrame(
        [
            {
                text["province"]: row["province"],
                text["year"]: row["year"],
                text["unit"]: row["unit"],
                text["rank"]: row["rank"],
                text["score"]: row["score"],
                text["sources"]: "; ".join(titles[s] for s in row["sources"]) or text["none"],
            }
            for row in rows
        ]
    )


def dti_table_html(
    observations: pd.DataFrame, selection: Selection | None = None, **fields: Any
) -> str:
    """Return the DTI rank and score table as HTML, with its legend and numbered sources.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.observations.COLUMNS`.
    selection : Selection, optional
        Provinces, years, language and source titles (see :class:`Selection`).
    **fields
        Fields of :class:`Selection`, replacing those of ``selection``.

    Returns
    -------
    str
        A ``<table>`` (no index column), a legend of the marks and the list of sources.

    Examples
    --------
    >>> from cdskit import load
    >>> page = dti_table_html(load(level="province"), provinces=["Bắc Giang"], years=[2023])
    >>> ">9/63†</td>" in page and "<th" in page
    True
    """
    chosen = choose(observations, selection, fields)
    text = chosen.text
    rows, titles = _dti_rows(observations, chosen)
    header = [text["province"], text["year"], text["unit"], text["rank"], text["score"]]
    cells = [
        [row["province"], str(row["year"]), row["unit"], row["rank"], row["score"]] for row in rows
    ]
    return _render(text["table_caption"], header, rows, cells, titles, text)


def dti_pillar_table_html(
    observations: pd.DataFrame, selection: Selection | None = None, **fields: Any
) -> str:
    """Return the ranks of the three DTI pillars by province × year as an HTML table.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.observations.COLUMNS`.
    selection : Selection, optional
        Provinces, years, language and source titles (see :class:`Selection`).
    **fields
        Fields of :class:`Selection`, replacing those of ``selection``.

    Returns
    -------
    str
        A ``<table>`` with one column per pillar, its legend and the list of sources.

    Examples
    --------
    >>> from cdskit import load
    >>> page = dti_pillar_table_html(load(level="province"), provinces=["Lạng Sơn"], years=[2020])
    >>> ">18/63</td>" in page
    True
    """
    chosen = choose(observations, selection, fields)
    language, text, series = chosen.language, chosen.text, chosen.series
    cells, _figures = pillar_cells(observations, series, chosen.years)
    rows = []
    for item, year, colour in _table_rows(series, chosen.years):
        shown = [cells[(p, item.label, year)] for p in PILLAR_RANKS]
        used = sorted({s for values in shown for v in values for s in v.sources})
        rows.append(
            {
                "cells": [item.label, str(year)] + [_ranks(v, language, text) for v in shown],
                "sources": used,
                "colour": colour,
            }
        )
    titles = citations({s for row in rows for s in row["sources"]}, chosen.sources, language)
    header = [text["province"], text["year"], *(text[p] for p in PILLAR_RANKS)]
    shown_rows = [row["cells"] for row in rows]
    return _render(text["pillar_table_caption"], header, rows, shown_rows, titles, text)


def dti_section_html(name: str, selection: Selection | None = None, **fields: Any) -> str:
    """Return the heading (and introduction) of one section of the DTI comparison report.

    Parameters
    ----------
    name : {"intro", "ranks", "scores", "pillars", "table"}
        The section.
    selection : Selection, optional
        Language, and the provinces and years the introduction names (see :class:`Selection`).
    **fields
        Fields of :class:`Selection`, replacing those of ``selection``.

    Returns
    -------
    str
        HTML (``<p>`` for the introduction, ``<h2>`` and sometimes ``<p>`` otherwise).

    Raises
    ------
    ParameterError
        For an unknown section or a bad selection.

    Examples
    --------
    >>> dti_section_html("ranks", language="en")
    '<h2>Ranks</h2>'
    """
    selection = selection_of(selection, fields)
    text = TEXT[selection.language]
    if name not in _SECTIONS:
        raise ParameterError(
            f"name={name!r} is not a section of the DTI report: expected one of "
            f"{', '.join(_SECTIONS)}." + did_you_mean(name, _SECTIONS)
        )
    if name == "intro":
        names = [follow_province(p).label for p in selection.provinces]
        joined = ", ".join(names[:-1]) + (f" {text['and']} " + names[-1])
        years = selection.years
        assert years  # Selection fills in every edition when none is named
        intro = text["intro"].format(
            provinces=joined if len(names) > 1 else names[0], first=years[0], last=years[-1]
        )
        return f"<p>{html.escape(intro)}</p>"
    heading = f"<h2>{html.escape(text[name + '_heading'])}</h2>"
    if name == "pillars":
        heading += f"<p>{html.escape(text['pillars_intro'])}</p>"
    return heading


def _dti_rows(observations: pd.DataFrame, chosen: Chosen, *, cite: bool = True):
    """Return the rows of the rank and score table and the citations of their sources.

    Without ``cite`` the citations are the bare source ids (the published sources unread).
    """
    language, text, series = chosen.language, chosen.text, chosen.series
    ranks = rank_figures(observations, "dti_rank", series, chosen.years)
    scores = select_figures(observations, ("dti_score",), series, chosen.years)
    rows = []
    for item, year, colour in _table_rows(series, chosen.years):
        vintage = edition_of(year).vintage
        rank = shown_values(ranks[(ranks["series"] == item.label) & (ranks["year"] == year)])
        score = shown_values(scores[(scores["series"] == item.label) & (scores["year"] == year)])
        used = sorted({s for entry in [*rank, *score] for s in entry.sources})
        rows.append(
            {
                "province": item.label,
                "year": year,
                "unit": item.names.get(vintage, text["none"]),
                "rank": _ranks(rank, language, text),
                "score": "; ".join(score_text(e, language) for e in score) or text["none"],
                "sources": used,
                "colour": colour,
            }
        )
    cited = {s for row in rows for s in row["sources"]}
    titles = citations(cited, chosen.sources if cite else {}, language)
    return rows, titles


def _table_rows(series, years: list[int]):
    """Yield each row of a table, province by province and year by year, with its colour."""
    colours = _focus_colours(series)
    for item in series:
        for year in years:
            yield item, year, colours[item.label]


def _focus_colours(series) -> dict[str, str]:
    """Return each province's row colour: its chart colour for a focus province, else ``""``."""
    return {
        item.label: colour if item.codes[2008] in FOCUS_PROVINCES[2008] else ""
        for item, colour in zip(series, series_colours(series), strict=True)
    }


def _ranks(shown: list[Shown], language: str, text: dict[str, str]) -> str:
    return "; ".join(rank_text(entry, language) for entry in shown) or text["none"]


def _numbering(rows: list[dict]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for row in rows:
        for key in row["sources"]:
            numbers.setdefault(key, len(numbers) + 1)
    return numbers


def _refs(used: list[str], numbers: dict[str, int], text: dict[str, str]) -> str:
    ordered = sorted(used, key=numbers.__getitem__)
    return ", ".join(f"[{numbers[key]}]" for key in ordered) or text["none"]


_TABLE_STYLE = "border-collapse:collapse;margin:0.5em 0"
_CELL_STYLE = "padding:2px 10px;border-bottom:1px solid #ddd;text-align:left"


def _render(caption, header, rows, cells, titles, text) -> str:
    """Return a table of ``cells`` (one list per row) with a column of numbered references.

    Each row of ``rows`` gives its ``sources`` (ids) and ``colour`` (a focus province's, or
    ``""``); the legend explains the marks the cells use and the numbered sources follow.
    """
    escape = html.escape
    numbers = _numbering(rows)
    body = [
        [*shown, _refs(row["sources"], numbers, text)]
        for row, shown in zip(rows, cells, strict=True)
    ]
    marks = {mark for shown in cells for cell in shown for mark in ("†", "‡") if mark in cell}
    head = "".join(
        f'<th scope="col" style="{_CELL_STYLE}">{escape(c)}</th>'
        for c in [*header, text["sources"]]
    )
    lines = "".join(
        (f'<tr class="cdskit-focus" data-colour="{row["colour"]}">' if row["colour"] else "<tr>")
        + "".join(
            f'<td style="{_cell_style(row["colour"], position)}">{escape(c)}</td>'
            for position, c in enumerate(shown)
        )
        + "</tr>"
        for shown, row in zip(body, rows, strict=True)
    )
    legend = [text["note_missing"], text["note_rank"]]
    legend += [text["note_list"]] if "†" in marks else []
    legend += [text["note_derived"]] if "‡" in marks else []
    notes = "".join(f"<li>{escape(note)}</li>" for note in legend)
    cited = "".join(f"<li>{escape(titles[key])}</li>" for key in numbers)  # numbered in order
    return (
        '<div class="cdskit-table-wrap" style="overflow-x:auto">'
        f'<table class="cdskit-table" style="{_TABLE_STYLE}">'
        f"<caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table></div>"
        f'<ul class="cdskit-legend">{notes}</ul>'
        f'<p class="cdskit-sources-title">{escape(text["sources"])}</p>'
        f'<ol class="cdskit-sources">{cited}</ol>'
    )


def _cell_style(colour: str, position: int) -> str:
    """Return a cell's style; the first cell (the province) of a focus province's row is marked."""
    if not colour or position:
        return _CELL_STYLE
    return ";".join([_CELL_STYLE, FOCUS_BORDER.format(colour=colour), FOCUS_NAME])


def dti_source_ids(
    observations: pd.DataFrame, selection: Selection | None = None, **fields: Any
) -> list[str]:
    """Return the ids of every source the DTI tables cite for these provinces and years.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.COLUMNS`.
    selection : Selection, optional
        Provinces and years (see :class:`Selection`).
    **fields
        Fields of :class:`Selection`, replacing those of ``selection``.

    Returns
    -------
    list of str
        Sorted source ids: those of the rank and score table and of the pillar table.

    Examples
    --------
    >>> from cdskit import load
    >>> len(dti_source_ids(load(level="province"), provinces=["Lạng Sơn"], years=[2020])) > 0
    True
    """
    chosen = choose(observations, selection, fields)
    rows, _titles = _dti_rows(observations, chosen, cite=False)
    cells, _figures = pillar_cells(observations, chosen.series, chosen.years)
    pillars = {s for values in cells.values() for v in values for s in v.sources}
    return sorted({s for row in rows for s in row["sources"]} | pillars)


def dti_summary(
    observations: pd.DataFrame, selection: Selection | None = None, **fields: Any
) -> str:
    """Return one sentence with the provinces' DTI ranks in the latest year that has any.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.COLUMNS`.
    selection : Selection, optional
        Provinces, years and language (see :class:`Selection`).
    **fields
        Fields of :class:`Selection`, replacing those of ``selection``.

    Returns
    -------
    str
        E.g. ``"Xếp hạng DTI năm 2024: Lào Cai 14/34; …"``; empty when no rank is published.

    Examples
    --------
    >>> from cdskit import load
    >>> dti_summary(load(level="province"), provinces=["Thanh Hóa"], years=[2022], language="en")
    'DTI rank in 2022: Thanh Hóa 15/63'
    """
    chosen = choose(observations, selection, fields)
    rows, _titles = _dti_rows(observations, chosen, cite=False)
    none = chosen.text["none"]
    for year in sorted({row["year"] for row in rows}, reverse=True):
        ranked = [row for row in rows if row["year"] == year and row["rank"] != none]
        if ranked:
            listed = "; ".join(f"{_unit_name(row, none)} {row['rank']}" for row in ranked)
            return f"{chosen.text['summary_label']} {year}: {listed}"
    return ""


def _unit_name(row: dict, none: str) -> str:
    """Name the province in the edition's vintage, with its 2008 name when that differs."""
    unit = row["unit"]
    if unit in (none, row["province"]):
        return row["province"]
    return f"{unit} ({row['province']})"

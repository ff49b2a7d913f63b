"""The steering committee's figures on a focus province's profile, chosen as the reports do.

A focus province's profile also lists its figures beyond the DTI (community digital technology
teams, online public services, e-documents, connectivity…), grouped by the topics of the
province reports (:data:`cdskit.narrative._topics.FIGURE_TOPICS`; figures of other indicators,
such as the infrastructure of a new province, under "other figures"). The figures are chosen
with the reports' own functions: one figure per unit, indicator and period from the preferred
(else the latest published) source, the others kept beside it
(:func:`cdskit.narrative._select.to_figures`); a figure is stated when a report of its year
states it (:func:`cdskit.narrative._topics.in_report`: its source gives the period and no later
figure supersedes it) or, without a period, when its source bounds its time (published no later
than, or the situation until, a month: the reports' reference list). Figures of unknown time,
superseded figures and figures found only on a copy site are counted, not stated. Values are
written as the reports write them, qualifiers in the reader's words
(:func:`cdskit.formatting.with_qualifier`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdskit.formatting import format_period
from cdskit.narrative import Figure
from cdskit.narrative._format import figure_value, has_denominator
from cdskit.narrative._select import province_across_reform, to_figures
from cdskit.narrative._templates import label, say
from cdskit.narrative._topic_context import Context
from cdskit.narrative._topics import FIGURE_TOPICS, in_report

#: Group of the figures whose indicator no report topic lists.
OTHER = "other"
#: Indicators that describe the province rather than its digital transformation.
BACKGROUND: frozenset[str] = frozenset(
    {
        "area_km2",
        "population",
        "population_rural",
        "population_urban",
        "commune_level_units",
        "district_level_units",
        "count_communes",
        "count_villages_and_urban_groups",
    }
)
#: Time bases of an undated figure whose latest possible date the source gives.
BOUNDED = ("no_later_than", "until")


@dataclass
class Steering:
    """The steering-committee figures of one province of one vintage.

    Parameters
    ----------
    groups : dict
        Topic → the figures stated, in the order the reports name them.
    unknown_time : int
        Figures left out because their time is unknown.
    superseded : int
        Figures left out because a later figure supersedes them.
    copy_only : int
        Figures left out because only a copy site gives them (no original was found).
    """

    groups: dict[str, list[Figure]] = field(default_factory=dict)
    unknown_time: int = 0
    superseded: int = 0
    copy_only: int = 0

    @property
    def count(self) -> int:
        """Number of figures stated."""
        return sum(len(figures) for figures in self.groups.values())


def select_steering(
    observations: pd.DataFrame,
    codebook: pd.DataFrame,
    sources: dict[str, Any],
    vintage: int,
    code: str,
) -> Steering:
    """Return the figures beyond the DTI a province's profile states, by report topic.

    Parameters
    ----------
    observations : pandas.DataFrame
        The dataset.
    codebook : pandas.DataFrame
        The codebook (preferred sources).
    sources : dict
        Source id → source (:func:`cdskit.dataset.citations.load_sources`).
    vintage : {2008, 2025}
        Vintage of the province.
    code : str
        Province code in that vintage.

    Returns
    -------
    Steering
        The figures stated, and how many were left out and why.

    Examples
    --------
    >>> from cdskit.dataset import load, load_codebook
    >>> from cdskit.dataset.citations import load_sources
    >>> found = select_steering(load(), load_codebook(), load_sources(), 2008, "20")
    >>> [(f.period, f.value, f.qualifier) for f in found.groups["community"]][:2]
    [('2022-06', 1680.0, 'hơn'), ('2023-H1', 1676.0, '')]
    """
    rows = observations[
        (observations["unit_level"] == "province")
        & (observations["vintage"].astype(int) == int(vintage))
        & (observations["unit_code"] == code)
        & ~observations["indicator"].str.startswith("dti_")
        & ~observations["indicator"].isin(BACKGROUND)
    ]
    preferred = {
        str(i): str(s)
        for i, s in zip(codebook["indicator"], codebook.get("preferred_source", ""), strict=False)
        if isinstance(s, str) and s.strip()
    }
    topic_of = {i: topic for topic, ids in FIGURE_TOPICS.items() for i in ids}
    order = {i: n for n, i in enumerate(i for ids in FIGURE_TOPICS.values() for i in ids)}
    steering = Steering()
    contexts: dict[int, Context] = {}
    chosen = to_figures(rows, preferred, sources)
    keys = rows[["indicator", "period"]].dropna().drop_duplicates()
    steering.copy_only = len(keys) - len(chosen)
    for figure in chosen:
        if figure.dated:
            year = int(figure.year or 0)
            if year not in contexts:
                contexts[year] = _context(figure.unit_name, year)
            if not in_report(figure, contexts[year]):
                steering.superseded += 1
                continue
        elif figure.superseded_by:
            steering.superseded += 1
            continue
        elif figure.time_basis not in BOUNDED or not figure.as_of[:4].isdigit():
            steering.unknown_time += 1
            continue
        steering.groups.setdefault(topic_of.get(figure.indicator, OTHER), []).append(figure)
    for figures in steering.groups.values():
        figures.sort(key=lambda f: (order.get(f.indicator, len(order)), f.indicator, f.period))
    return steering


def _context(name: str, year: int) -> Context:
    """Return the reports' context of a year, as :func:`in_report` reads it."""
    province = province_across_reform(name)
    return Context("vi", province, year, (), (), {}, {}, {})


def steering_rows(
    steering: Steering,
    language: str,
    kinds: dict[str, str],
    labels: dict[str, tuple[str, str]],
    cite,
) -> dict[str, Any]:
    """Return the template context of the steering-committee figures in one language.

    Parameters
    ----------
    steering : Steering
        From :func:`select_steering`.
    language : {"vi", "en"}
        Reader's language.
    kinds : dict
        Indicator → codebook kind.
    labels : dict
        Indicator → (label, unit) in ``language``.
    cite : callable
        Source ids → note numbers of the page.

    Returns
    -------
    dict
        ``groups`` (heading and rows: label, figures with notes, time; or none), ``halves``
        (the groups in two columns for the print), ``count`` and ``left_out`` (the words of
        what was not stated, or empty).
    """
    from cdskit.profiles._text import TEXT

    text = TEXT[language]
    groups = []
    for topic in (*FIGURE_TOPICS, OTHER):
        figures = steering.groups.get(topic, [])
        if topic == OTHER and not figures:
            continue
        heading = text["steering_other"] if topic == OTHER else label(language, f"heading_{topic}")
        rows = []
        for figure in figures:
            name, unit = labels.get(figure.indicator, (figure.indicator, ""))
            kind = kinds.get(figure.indicator, "count")
            values = [_value(figure, language, kind, cite)]
            values += [
                _value(other, language, kinds.get(other.indicator, "count"), cite)
                for other in figure.others
                if (other.value, other.denominator, other.qualifier)
                != (figure.value, figure.denominator, figure.qualifier)
            ]
            rows.append(
                {
                    "label": name + (f" ({unit})" if unit and kind == "count" else ""),
                    "figures": values,
                    "time": _time(figure, language),
                    "indicator": figure.indicator,
                    "period": figure.period,
                }
            )
        groups.append({"heading": heading, "rows": rows})
    left = []
    if steering.unknown_time:
        left.append(text["steering_unknown"].format(n=steering.unknown_time))
    if steering.superseded:
        left.append(text["steering_superseded"].format(n=steering.superseded))
    if steering.copy_only:
        left.append(text["steering_copy"].format(n=steering.copy_only))
    return {
        "groups": groups,
        "halves": _halves(groups),
        "count": steering.count,
        "left_out": " ".join(left),
    }


def _halves(groups: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split the groups in two, in order, with about as many lines on each side (print)."""
    sizes = [1 + max(1, len(g["rows"])) for g in groups]
    total, running = sum(sizes), 0
    for cut, size in enumerate(sizes):
        if running + size / 2 > total / 2:
            return [groups[:cut], groups[cut:]]
        running += size
    return [groups, []]


def _value(figure: Figure, language: str, kind: str, cite) -> dict[str, Any]:
    shown = figure_value(figure, language, kind)
    if kind == "rank" and not has_denominator(figure):
        shown = f"{shown} {say(language, 'report', 'no_denominator')}"
    return {"text": shown, "notes": cite((figure.source_id,))}


def _time(figure: Figure, language: str) -> str:
    """Return when a figure holds: its period, or the latest date its source gives."""
    from cdskit.profiles._text import TEXT

    if figure.dated:
        when = format_period(figure.period, language)
        return when[:1].upper() + when[1:]
    month = format_period(figure.as_of[:7], language)
    return TEXT[language][f"steering_{figure.time_basis}"].format(when=month)

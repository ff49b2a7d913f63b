"""Drawing helpers shared by the DTI charts: layout with a footnote, rank series and markers.

Private to :mod:`cdskit.charts`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from contextlib import AbstractContextManager
from itertools import cycle

from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D

from cdskit.charts._dti_data import Series, Shown
from cdskit.charts._text import KIND_MARKS
from cdskit.formatting import format_number, format_rank, with_qualifier
from cdskit.terms import FOCUS_COLOURS, FOCUS_PROVINCES, FONT_FAMILY, OTHER_COLOURS

#: Colours of the four focus provinces in the order of ``FOCUS_PROVINCE_NAMES`` (defined once,
#: in :data:`cdskit.terms.FOCUS_COLOURS`).
COLOURS: tuple[str, ...] = tuple(FOCUS_COLOURS[2008][code] for code in FOCUS_PROVINCES[2008])
#: Marker of each kind of rank: a filled dot for a stated rank, hollow shapes otherwise.
MARKERS: dict[str, str] = {"stated": "o", "list": "s", "derived": "^"}
#: DTI scores are published on a 0–1 scale with four decimals (0,4874).
SCORE_DECIMALS = 4
_WRAP = 170  # characters per footnote line
_LINE = 0.14  # inches per footnote line


def series_colours(series: Sequence[Series]) -> list[str]:
    """Return the colour of each province series, the same whatever the chart and its order.

    A province with a colour of its own (:data:`cdskit.terms.FOCUS_COLOURS`, by its 2008 code)
    keeps it; the other provinces take :data:`cdskit.terms.OTHER_COLOURS` in turn.

    Examples
    --------
    >>> from cdskit.charts._dti_data import follow_province
    >>> names = ["Lào Cai", "Hà Giang", "Lạng Sơn"]
    >>> series_colours([follow_province(name) for name in names])
    ['#009E73', '#4D4D4D', '#0072B2']
    """
    others = cycle(OTHER_COLOURS)
    own = FOCUS_COLOURS[2008]
    return [own.get(item.codes[2008]) or next(others) for item in series]


def rank_text(item: Shown, language: str) -> str:
    """Write a rank with its denominator and the mark of its kind (``4/63†``)."""
    of = int(item.denominator) if item.denominator else None
    text = format_rank(item.value, of, language) + KIND_MARKS[item.kind]
    return with_qualifier(text, item.qualifier, language)


def score_text(item: Shown, language: str) -> str:
    """Write a score with four decimals in the reader's format (``0,4874``)."""
    text = format_number(item.value, language, decimals=SCORE_DECIMALS)
    return with_qualifier(text, item.qualifier, language)


def chart_style() -> AbstractContextManager:
    """Return the matplotlib settings every chart is drawn in: the kit's font at 10 points."""
    import matplotlib

    return matplotlib.rc_context({"font.family": FONT_FAMILY, "font.size": 10})


def layout(
    title: str, widths: Sequence[int], notes: list[str], *, height: float = 6.0
) -> tuple[Figure, list, SubFigure]:
    """Create a figure with one panel per width, a title, and room for the wrapped notes."""
    lines = sum(len(textwrap.wrap(note, _WRAP)) or 1 for note in notes)
    foot = _LINE * lines + 0.25
    figure = Figure(figsize=(11.7, height + foot), layout="constrained")
    figure.set_label(title)
    top, bottom = figure.subfigures(2, 1, squeeze=False, height_ratios=[height, foot])[:, 0]
    axes = top.subplots(1, len(widths), squeeze=False, width_ratios=list(widths))[0]
    top.suptitle(title, fontsize=14, fontweight="bold")
    text = "\n".join(textwrap.fill(note, _WRAP, subsequent_indent="  ") for note in notes)
    bottom.text(0.01, 0.98, text, ha="left", va="top", fontsize=7.5, color="#333")
    return figure, list(axes), top


def draw_rank_series(
    ax,
    years: list[int],
    shown: dict[int, list[Shown]],
    tint: str,
    language: str,
    placed: dict[tuple[int, str], list[float]],
    total: int,
) -> None:
    """Draw one province's ranks: a line through years with one value, markers by kind.

    ``placed`` holds the labels already on the axes (year and side → ranks), shared by the
    provinces of one panel, so that a label close to another goes to the other side or below;
    ``total`` is the number of ranks on the axis; ``tint`` is the province's colour.
    """
    gap = 0.045 * total  # ranks closer than this would overlap their labels
    line = [shown[y][0].value if len(shown.get(y, [])) == 1 else float("nan") for y in years]
    ax.plot(years, line, "-", color=tint, lw=2, zorder=3)
    for year in years:
        found = shown.get(year, [])
        for item in found:
            hollow = item.kind != "stated" or len(found) > 1
            ax.plot(
                [year],
                [item.value],
                MARKERS[item.kind],
                linestyle="None",
                color=tint,
                ms=9 if hollow else 7,
                mfc="white" if hollow else tint,
                mec=tint,
                mew=1.8,
                zorder=4,
                gid=f"rank-{item.kind}",
            )
            side, dy = _free_side(placed, year, item.value, gap)
            ax.annotate(
                rank_text(item, language),
                (year, item.value),
                textcoords="offset points",
                xytext=(8 if side == "right" else -8, dy),
                ha="left" if side == "right" else "right",
                va="center",
                fontsize=8,
                color=tint,
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )


def _free_side(
    placed: dict[tuple[int, str], list[float]], year: int, value: float, gap: float
) -> tuple[str, float]:
    """Pick the side of a point whose labels are far enough; else shift below the right one."""
    for side in ("right", "left"):
        taken = placed.setdefault((year, side), [])
        if all(abs(value - other) > gap for other in taken):
            taken.append(value)
            return side, 0.0
    crowded = placed[(year, "right")]
    crowded.append(value)
    return "right", -9.0 * (len(crowded) - 1)


def style_rank_axis(ax, years: list[int], total: int, axis_label: str, title: str) -> None:
    """Put ranks 1 (top) to ``total`` (bottom) on the y axis and the years on the x axis."""
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.8)
    ax.set_ylim(total + 0.5, 0.5)
    ax.set_yticks(sorted({1, *range(10, total - 3, 10), total}))
    ax.grid(axis="y", color="#ddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylabel(axis_label)
    ax.set_title(title, fontsize=10)


def legend(
    top: SubFigure, labels: list[str], kinds: set[str], text: dict[str, str], tints: list[str]
) -> None:
    """Legend below the panels: one entry per province, then one per kind of rank shown."""
    handles: list[Line2D] = [Line2D([], [], color=tint, marker="o", lw=2) for tint in tints]
    names = list(labels)
    for kind in ("stated", "list", "derived"):
        if kind in kinds and kinds != {"stated"}:
            hollow = kind != "stated"
            handles.append(
                Line2D(
                    [],
                    [],
                    color="#555",
                    marker=MARKERS[kind],
                    linestyle="None",
                    mfc="white" if hollow else "#555",
                    ms=8,
                )
            )
            names.append(text[f"kind_{kind}"])
    top.legend(handles, names, loc="outside lower center", ncols=min(len(names), 7), frameon=False)


def kind_notes(kinds: set[str], text: dict[str, str]) -> list[str]:
    """Footnotes that explain the marks of list positions and derived ranks shown."""
    return [text[f"note_{kind}"] for kind in ("list", "derived") if kind in kinds]

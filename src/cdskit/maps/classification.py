"""Class breaks and every colour of a map, shared by the interactive and the static maps.

Both renderers ask the same :class:`Classification` for a unit's class, colour and legend
label, and take the colours of lines, hatches and context from this module, so the HTML map
and its PNG/SVG/PDF twin cannot disagree. It sits near the bottom of the maps stack: of the
maps modules it imports only the words (``_text``) and the break computations (``_breaks``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cdskit.errors import ParameterError, did_you_mean
from cdskit.formatting import NO_DATA, check_language, format_number
from cdskit.maps._breaks import natural_breaks, quantile_breaks
from cdskit.maps._text import TEXT

#: Classification schemes (their names in the legend are in :mod:`cdskit.maps._text`).
SCHEMES: tuple[str, ...] = ("quantiles", "natural_breaks", "fixed")

#: Fill of units without a figure: a neutral grey that no class colour uses (drawn hatched).
NO_DATA_FILL = "#e3e3e3"
#: Hatch and dashed-outline colour of units without a figure.
NO_DATA_LINE = "#7a7a7a"
#: Outline colour of highlighted provinces without a colour of their own.
HIGHLIGHT_COLOUR = "#d6336c"
#: Outline colour of province borders drawn over communes.
OUTLINE_COLOUR = "#343a40"
#: Stroke of the hatch and the dashed outline of units drawn with an undated figure.
UNDATED_LINE = "#1d3557"
#: Fill and border of the provinces drawn only for context.
CONTEXT_FILL = "#e9ecef"
CONTEXT_LINE = "#adb5bd"

#: Scheme of rank maps: bands of :data:`RANK_BAND` ranks over the full scale of the denominator.
RANK_BANDS = "rank_bands"
#: Width of a rank band (1–10, 11–20, …).
RANK_BAND = 10
#: The map-level scheme that picks rank bands for ranks and quantiles for other figures.
AUTO = "auto"
#: Scheme of a map with few figures: no classes, one colour, the value written on each unit.
PLAIN = "plain"
#: With at most this many units with a figure, ``"auto"`` draws a plain map (no classes).
FEW_UNITS = 6
#: Fill of every unit with a figure on a plain map.
PLAIN_COLOUR = "#2c7fb8"

_PALETTE = "YlGnBu"
_MAX_CLASSES = 9
_MAX_DECIMALS = 4


@dataclass(frozen=True)
class Classification:
    """Class breaks of one indicator's values and the colour of each class.

    Classes are right-closed: class ``i`` holds values in ``(bins[i-1], bins[i]]``; class 0
    holds everything up to ``bins[0]``.

    Parameters
    ----------
    scheme : str
        One of :data:`SCHEMES`.
    lows : tuple of float
        Lower end of each class as printed in the legend: the smallest value in the class for
        computed schemes, the previous break for ``fixed``.
    bins : tuple of float
        Upper bound of each class, increasing; the last one is the largest value.
    colours : tuple of str
        Hex colour of each class; the best class is the darkest.
    higher_is_better : bool
        Whether larger values are better (decides which end of the palette is dark).
    decimals : int
        Decimals used to print the breaks in legends.
    scale : int, optional
        For rank bands, the number of units ranked (the last rank of the scale).
    """

    scheme: str
    lows: tuple[float, ...]
    bins: tuple[float, ...]
    colours: tuple[str, ...]
    higher_is_better: bool = True
    decimals: int = 0
    scale: int | None = None

    @property
    def k(self) -> int:
        """Number of classes."""
        return len(self.bins)

    def class_of(self, value: float | None) -> int | None:
        """Return the class index of ``value``, or ``None`` when it is missing.

        Parameters
        ----------
        value : float or None
            A figure of the classified indicator.

        Returns
        -------
        int or None
            Index into :attr:`bins` and :attr:`colours`.
        """
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        index = int(np.searchsorted(np.asarray(self.bins), float(value), side="left"))
        return min(index, self.k - 1)

    def colour_of(self, value: float | None) -> str:
        """Return the fill colour of ``value`` (:data:`NO_DATA_FILL` when missing)."""
        index = self.class_of(value)
        return NO_DATA_FILL if index is None else self.colours[index]

    def labels(self, language: str = "vi") -> list[str]:
        """Return the legend label of each class, e.g. ``"0,4521 – 0,5873"``.

        Parameters
        ----------
        language : {"vi", "en"}, default "vi"
            Number format of the labels.

        Returns
        -------
        list of str
            One label per class, lowest values first.
        """
        if self.scheme == PLAIN:
            return [TEXT[check_language(language)]["plain_label"]]
        labels = []
        for low, high in zip(self.lows, self.bins, strict=True):
            low_text = format_number(low, language, decimals=self.decimals)
            high_text = format_number(high, language, decimals=self.decimals)
            labels.append(low_text if low_text == high_text else f"{low_text} – {high_text}")
        return labels

    def describe(self, language: str = "vi") -> str:
        """Return the scheme as stated in legends, e.g. ``"Phân loại: phân vị, 5 lớp"``."""
        language = check_language(language)
        if self.scheme == PLAIN:
            return ""  # no classes: nothing to state beside the values written on the map
        text = TEXT[language]
        if self.scheme == RANK_BANDS:
            return text["rank_bands"].format(band=RANK_BAND, scale=self.scale)
        return text["classes"].format(name=text["schemes"][self.scheme], k=self.k)

    def no_data_label(self, language: str = "vi") -> str:
        """Return the legend label of units without a figure."""
        return NO_DATA[check_language(language)]


def classify(
    values: Iterable[float],
    *,
    scheme: str = "quantiles",
    k: int = 5,
    bins: Sequence[float] | None = None,
    higher_is_better: bool = True,
) -> Classification:
    """Compute class breaks for ``values`` and pick a colour per class.

    Parameters
    ----------
    values : iterable of float
        Figures to classify; missing values (NaN/None) are ignored.
    scheme : {"quantiles", "natural_breaks", "fixed"}, default "quantiles"
        Quantiles (equal counts), natural breaks (Fisher–Jenks, deterministic) or the
        caller's ``bins``.
    k : int, default 5
        Number of classes (2–9) for quantiles and natural breaks; fewer distinct values give
        fewer classes.
    bins : sequence of float, optional
        Upper bounds of the classes, increasing; required for ``scheme="fixed"``. When the
        largest value lies above the last bound, a last class up to that value is added.
    higher_is_better : bool, default True
        Whether larger values are better; the best class gets the darkest colour.

    Returns
    -------
    Classification
        Breaks, colours and legend labels.

    Raises
    ------
    ParameterError
        For an unknown scheme (with a suggestion), a bad ``k`` or ``bins``, or no values.

    Examples
    --------
    >>> c = classify([1, 2, 3, 4, 5, 6], scheme="fixed", bins=[2, 4, 6])
    >>> [c.class_of(v) for v in (1, 2, 3, 6)]
    [0, 0, 1, 2]
    >>> c.labels()
    ['1 – 2', '2 – 4', '4 – 6']
    """
    scheme = check_scheme(scheme)
    if scheme == AUTO:
        scheme = "quantiles"
    if scheme == PLAIN:
        return plain(values, higher_is_better=higher_is_better)
    data = np.asarray([float(v) for v in values if not _missing(v)], dtype=float)
    if data.size == 0:
        raise ParameterError(
            "There are no figures to classify: every unit is missing its value. "
            "Check the indicator and period, or draw the map with allow_missing=True only "
            "when some units have figures."
        )
    if scheme == "fixed":
        upper = _fixed_bins(bins, data)
    else:
        if bins is not None:
            raise ParameterError(
                f"bins= is only used with scheme='fixed', not scheme={scheme!r}. "
                "Pass scheme='fixed' to use your own breaks, or drop bins=."
            )
        upper = _computed_bins(scheme, data, _check_k(k))
    colours = _palette(len(upper), higher_is_better=higher_is_better)
    if scheme == "fixed":
        lows = [float(data.min()), *upper[:-1]]
    else:
        lows = [float(data[data > previous].min()) for previous in (-np.inf, *upper[:-1])]
    return Classification(
        scheme=scheme,
        lows=tuple(lows),
        bins=tuple(float(b) for b in upper),
        colours=colours,
        higher_is_better=bool(higher_is_better),
        decimals=_decimals(data),
    )


def rank_bands(of: int, *, higher_is_better: bool = False) -> Classification:
    """Classes of ranks on the full scale of their denominator: 1–10, 11–20, … up to ``of``.

    A rank of 14 out of 34 is then drawn in the same colour whoever else is published, and the
    legend shows the whole scale, even where no unit falls in a band.

    Parameters
    ----------
    of : int
        Number of units ranked (63 provinces before July 2025, 34 after).
    higher_is_better : bool, default False
        Ranks: 1 is best, so the first band gets the darkest colour.

    Returns
    -------
    Classification
        One class per band.

    Raises
    ------
    ParameterError
        When ``of`` is not a whole number of at least 2.

    Examples
    --------
    >>> bands = rank_bands(34)
    >>> bands.labels()
    ['1 – 10', '11 – 20', '21 – 30', '31 – 34']
    >>> bands.class_of(14), bands.class_of(10)
    (1, 0)
    """
    if isinstance(of, bool) or not isinstance(of, int | np.integer) or of < 2:
        raise ParameterError(f"of={of!r} must be the whole number of units ranked (e.g. 63 or 34).")
    highs = [min(high, int(of)) for high in range(RANK_BAND, int(of) + RANK_BAND, RANK_BAND)]
    lows = [high - RANK_BAND + 1 for high in range(RANK_BAND, int(of) + RANK_BAND, RANK_BAND)]
    return Classification(
        scheme=RANK_BANDS,
        lows=tuple(float(low) for low in lows),
        bins=tuple(float(high) for high in highs),
        colours=_palette(len(highs), higher_is_better=higher_is_better),
        higher_is_better=higher_is_better,
        decimals=0,
        scale=int(of),
    )


def plain(values: Iterable[float], *, higher_is_better: bool = True) -> Classification:
    """No classes: every figure in one colour, for a map that writes each value on its unit.

    With only a few units (:data:`FEW_UNITS`), classes say nothing a reader cannot see from
    the values themselves; the legend then names the indicator and this single colour.

    Parameters
    ----------
    values : iterable of float
        Figures drawn (missing ones ignored).
    higher_is_better : bool, default True
        Kept for tables that order the units.

    Returns
    -------
    Classification
        One class holding every figure; :meth:`Classification.describe` is empty.

    Examples
    --------
    >>> c = plain([98.2, 93.6])
    >>> c.k, c.class_of(93.6), c.class_of(98.2), c.describe()
    (1, 0, 0, '')
    """
    data = np.asarray([float(v) for v in values if not _missing(v)], dtype=float)
    if data.size == 0:
        raise ParameterError("There are no figures to draw: every unit is missing its value.")
    return Classification(
        scheme=PLAIN,
        lows=(float(data.min()),),
        bins=(float(data.max()),),
        colours=(PLAIN_COLOUR,),
        higher_is_better=bool(higher_is_better),
        decimals=_decimals(data),
    )


def check_scheme(scheme: str) -> str:
    """Return ``scheme`` when known, or raise :class:`ParameterError` with a suggestion.

    ``"auto"`` (rank bands for ranks, no classes for a few figures, quantiles otherwise) and
    ``"plain"`` (no classes) are accepted too.

    Examples
    --------
    >>> check_scheme("Quantiles")
    'quantiles'
    """
    value = str(scheme).strip().lower().replace("-", "_").replace(" ", "_")
    if value in SCHEMES or value in (AUTO, PLAIN):
        return value
    raise ParameterError(
        f"scheme={scheme!r} is not a classification scheme: expected one of "
        f"{', '.join(repr(s) for s in SCHEMES)}.{did_you_mean(value, [*SCHEMES, AUTO, PLAIN])}"
    )


def _check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 2 <= k <= _MAX_CLASSES:
        raise ParameterError(
            f"k={k!r} must be a whole number of classes from 2 to {_MAX_CLASSES} "
            "(more classes cannot be told apart by colour)."
        )
    return int(k)


def _computed_bins(scheme: str, data: np.ndarray, k: int) -> list[float]:
    distinct = np.unique(data)
    if distinct.size <= k:
        return [float(v) for v in distinct]
    if scheme == "quantiles":
        upper = quantile_breaks(data, k)
    else:
        upper = natural_breaks(data, k)
    # Snap each break down to the largest figure it holds, so legends print real figures.
    return sorted({float(data[data <= b].max()) for b in upper})


def _fixed_bins(bins: Sequence[float] | None, data: np.ndarray) -> list[float]:
    if bins is None or len(bins) == 0:
        raise ParameterError(
            "scheme='fixed' needs bins=: the upper bound of each class, increasing, "
            "e.g. bins=[25, 50, 75, 100]."
        )
    try:
        upper = [float(b) for b in bins]
    except (TypeError, ValueError) as error:
        raise ParameterError(f"bins={list(bins)!r} must be numbers ({error}).") from error
    if any(math.isnan(b) for b in upper) or any(b >= c for b, c in itertools.pairwise(upper)):
        raise ParameterError(f"bins={upper!r} must be strictly increasing numbers.")
    if upper[-1] < data.max():
        upper.append(float(data.max()))
    if len(upper) > _MAX_CLASSES:
        raise ParameterError(
            f"bins= gives {len(upper)} classes; at most {_MAX_CLASSES} can be told apart."
        )
    return upper


def _palette(k: int, *, higher_is_better: bool) -> tuple[str, ...]:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[_PALETTE]
    positions = np.linspace(0.12, 0.92, k) if k > 1 else np.array([0.6])
    colours = [to_hex(cmap(float(p))) for p in positions]
    return tuple(colours if higher_is_better else reversed(colours))


def _decimals(data: np.ndarray) -> int:
    for decimals in range(_MAX_DECIMALS + 1):
        if np.allclose(data, np.round(data, decimals), rtol=0, atol=1e-9):
            return decimals
    return _MAX_DECIMALS


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True

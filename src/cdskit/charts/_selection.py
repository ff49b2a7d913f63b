"""What a DTI chart or table shows: :class:`Selection`, and the checks every chart starts with."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cdskit.charts._dti_data import DTI_YEARS, Series, check_columns, follow_province
from cdskit.charts._text import TEXT
from cdskit.dataset.citations import Source
from cdskit.errors import ParameterError, did_you_mean
from cdskit.formatting import check_language
from cdskit.terms import FOCUS_PROVINCE_NAMES

__all__ = ["Chosen", "Selection", "choose", "selection_of"]


@dataclass(frozen=True)
class Selection:
    """Which provinces and years a DTI chart or table shows, in which language, citing what.

    Every chart and table of :mod:`cdskit.charts` takes one selection; build it once and pass
    it to each (``charts.dti_ranks(observations, selection)``), or name its fields as keywords
    (``charts.dti_ranks(observations, years=[2023])``), which also override the fields of a
    selection passed with them.

    Parameters
    ----------
    provinces : sequence of str, default FOCUS_PROVINCE_NAMES
        Provinces by 2008-vintage name or code; each is followed into its 2025 province (a
        single name is one province).
    years : sequence of int, optional
        Years wanted, sorted and without repeats (default: every DTI edition, 2020–2024).
    language : {"vi", "en"}, default "vi"
        Language of titles, labels, notes, headers and numbers.
    sources : mapping of str to str or Source, optional
        Source id → title (or :class:`~cdskit.dataset.Source`) for footnotes and source lists
        (default: the published ``data/processed/sources.csv``).

    Raises
    ------
    ParameterError
        For an unknown language, or an empty province or year list.

    Examples
    --------
    >>> selection = Selection(provinces="Lạng Sơn", years=[2023, 2022, 2023], language=" EN ")
    >>> selection.provinces, selection.years, selection.language
    (('Lạng Sơn',), (2022, 2023), 'en')
    >>> Selection().years
    (2020, 2021, 2022, 2023, 2024)
    """

    provinces: Sequence[str] = FOCUS_PROVINCE_NAMES
    years: Sequence[int] | None = None
    language: str = "vi"
    sources: Mapping[str, str | Source] | None = None

    def __post_init__(self) -> None:
        """Check the fields and keep them in one form (tuples, a known language)."""
        language = check_language(self.language)
        provinces = [self.provinces] if isinstance(self.provinces, str) else self.provinces
        if not provinces:
            raise ParameterError("provinces is empty; name at least one province, e.g. 'Lạng Sơn'.")
        years = sorted({int(y) for y in (self.years if self.years is not None else DTI_YEARS)})
        if not years:
            raise ParameterError("years is empty; give at least one year, e.g. [2022, 2023].")
        object.__setattr__(self, "language", language)
        object.__setattr__(self, "provinces", tuple(provinces))
        object.__setattr__(self, "years", tuple(years))


_FIELDS = tuple(field.name for field in dataclasses.fields(Selection))


def selection_of(selection: Selection | None, fields: Mapping[str, Any]) -> Selection:
    """Return ``selection`` (default: a new one) with the fields named as keywords replaced.

    Parameters
    ----------
    selection : Selection, optional
        The selection passed to a chart.
    fields : mapping
        Keywords passed to the chart (fields of :class:`Selection`).

    Returns
    -------
    Selection
        The selection the chart shows.

    Raises
    ------
    ParameterError
        For a keyword that is not a field of :class:`Selection`, or a selection of another type.

    Examples
    --------
    >>> selection_of(Selection(years=[2021]), {"language": "en"}).years
    (2021,)
    >>> selection_of(None, {"year": [2021]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdskit.errors.ParameterError: year is not a field of charts.Selection: ... Did you mean 'years'?
    """
    unknown = [name for name in fields if name not in _FIELDS]
    if unknown:
        raise ParameterError(
            f"{unknown[0]} is not a field of charts.Selection: expected "
            f"{', '.join(_FIELDS[:-1])} or {_FIELDS[-1]}.{did_you_mean(unknown[0], _FIELDS)}"
        )
    if selection is None:
        return Selection(**fields)
    if not isinstance(selection, Selection):
        raise ParameterError(
            f"selection={selection!r} is not a charts.Selection; pass "
            "charts.Selection(provinces=..., years=..., language=...) or name them as keywords."
        )
    return dataclasses.replace(selection, **fields) if fields else selection


@dataclass(frozen=True)
class Chosen:
    """A selection checked against the observations: what a chart's preamble gives it."""

    selection: Selection
    text: dict[str, str]  # the words of the selection's language
    series: list[Series]  # the provinces, followed across vintages
    years: list[int]

    @property
    def language(self) -> str:
        """The reader's language."""
        return self.selection.language

    @property
    def sources(self) -> Mapping[str, str | Source] | None:
        """Source id → title, or ``None`` for the published sources."""
        return self.selection.sources


def choose(
    observations: pd.DataFrame, selection: Selection | None, fields: Mapping[str, Any]
) -> Chosen:
    """Check a chart's input and follow its provinces: the preamble of every chart and table.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the columns of :data:`cdskit.dataset.observations.COLUMNS`.
    selection : Selection, optional
        The selection passed to the chart.
    fields : mapping
        Fields of :class:`Selection` passed to the chart as keywords.

    Returns
    -------
    Chosen
        The selection, the words of its language, its provinces and its years.

    Raises
    ------
    ParameterError
        For a bad selection or observations without the schema's columns.
    UnknownUnitError
        For a province name that cannot be resolved (with suggestions).
    """
    selection = selection_of(selection, fields)
    check_columns(observations)
    series = [follow_province(name) for name in selection.provinces]
    years = list(selection.years or DTI_YEARS)  # Selection has already filled in missing years
    return Chosen(selection, TEXT[selection.language], series, years)

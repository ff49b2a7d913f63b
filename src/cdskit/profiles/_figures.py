"""Read the provincial DTI figures a profile or the peer picker shows, and how each is known.

Every province-level DTI figure of the dataset is read here: the overall rank and score, the
pillars (2020) and the main indices (from 2021) with their ranks. An indicator id says what a
figure is (``dti_<component>_rank``, ``_score`` or the main-index value itself), how a rank is
known (stated, a position in a published list †, derived from a stated change ‡, see
:mod:`cdskit.charts.dti`) and, for DTI 2024, which group it was published for: the 34
provinces (vintage 2025, ranks out of 34) or the 63 former provinces (``_group63``, vintage
2008, ranks out of 63).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from cdskit.terms import DTI_MAIN_INDICES, DTI_PILLARS, PROVINCE_COUNT

#: The component id of the overall index.
OVERALL = "overall"
#: Components in the order a profile lists them: the 2020 pillars, then the main indices.
COMPONENT_ORDER: tuple[str, ...] = (OVERALL, *DTI_PILLARS, *DTI_MAIN_INDICES)
#: Mark of a rank by how it is known (none for a stated rank).
MARKS: dict[str, str] = {"stated": "", "list": "†", "derived": "‡"}
_GROUP63 = "_group63"


@dataclass(frozen=True)
class Edition:
    """One DTI edition as a province of one vintage has it.

    Parameters
    ----------
    key : str
        ``"2022"``; ``"2024-63"`` for DTI 2024 published for the 63 former provinces.
    year : int
        Year assessed.
    vintage : int
        Administrative vintage of the provinces ranked (2008: 63, 2025: 34).
    """

    key: str
    year: int
    vintage: int

    @property
    def of(self) -> int:
        """Number of provinces ranked."""
        return PROVINCE_COUNT[self.vintage]

    @property
    def group63(self) -> bool:
        """Whether this is a later edition published for the 63 former provinces."""
        return self.key.endswith("-63")


@dataclass(frozen=True)
class Parsed:
    """What an indicator id says about a figure."""

    component: str
    what: str  # "rank" or "score"
    kind: str  # "stated", "list" or "derived"
    group63: bool


def parse_indicator(indicator: str) -> Parsed | None:
    """Return what a province-level DTI indicator holds, or None for another indicator.

    Parameters
    ----------
    indicator : str
        An indicator id of the codebook.

    Returns
    -------
    Parsed or None
        Component (``"overall"`` for the DTI itself), rank or score, how the rank is known and
        whether it belongs to the 2024 group of 63 former provinces.

    Examples
    --------
    >>> parse_indicator("dti_rank_in_ordered_list_group63")
    Parsed(component='overall', what='rank', kind='list', group63=True)
    >>> parse_indicator("dti_digital_government_rank_derived").kind
    'derived'
    >>> parse_indicator("dti_infrastructure").what
    'score'
    >>> parse_indicator("population") is None
    True
    """
    if not indicator.startswith("dti_"):
        return None
    group63 = indicator.endswith(_GROUP63)
    base = indicator[: -len(_GROUP63)] if group63 else indicator
    if base == "dti_rank" or "_rank_" in base + "_":
        head, _, rest = (base + "_").partition("_rank_")
        rest = rest.rstrip("_")
        kind = "stated" if not rest else "derived" if rest == "derived" else "list"
        what = "rank"
    elif base.endswith("_score"):
        head, kind, what = base[: -len("_score")], "stated", "score"
    else:
        head, kind, what = base, "stated", "score"
    component = head[len("dti") :].lstrip("_") or OVERALL
    return Parsed(component, what, kind, group63)


@dataclass(frozen=True)
class Value:
    """One value shown in a cell, with every indicator and source that gives it."""

    value: float
    kind: str
    of: int | None
    indicators: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass
class Figures:
    """The province-level DTI figures of a dataset, indexed for profiles and the picker.

    Parameters
    ----------
    cells : dict
        ``(vintage, code, component, what, edition key)`` → values shown, stated first.
    rows : dict
        ``(vintage, code)`` → the observation rows (a DataFrame) of that province.
    means : dict
        ``(vintage, edition key, component)`` → published national means (several when
        sources differ).
    editions : dict
        Vintage → its editions in order.
    """

    cells: dict[tuple, list[Value]] = field(default_factory=dict)
    rows: dict[tuple[int, str], pd.DataFrame] = field(default_factory=dict)
    means: dict[tuple, list[tuple[float, tuple[str, ...]]]] = field(default_factory=dict)
    editions: dict[int, list[Edition]] = field(default_factory=dict)

    def provinces(self, vintage: int) -> list[str]:
        """Return the codes of the provinces of ``vintage`` with at least one DTI figure."""
        return sorted(code for v, code in self.rows if v == vintage)

    def cell(self, vintage: int, code: str, component: str, what: str, key: str) -> list[Value]:
        """Return the values of one cell (empty when the dataset has no figure)."""
        return self.cells.get((vintage, code, component, what, key), [])

    def components(self, vintage: int, code: str) -> list[str]:
        """Return the components a province has figures for, overall first."""
        found = {k[2] for k in self.cells if k[0] == vintage and k[1] == code}
        return sorted(found, key=_component_order)

    def median(
        self, vintage: int, members: Iterable[str], component: str, what: str, key: str
    ) -> tuple[float | None, int]:
        """Return the median of a group's stated figures and how many provinces it covers.

        A province whose sources disagree (two stated values) is left out, as is a position in
        a list or a derived rank.
        """
        values = []
        for code in members:
            stated = [
                v for v in self.cell(vintage, code, component, what, key) if v.kind == "stated"
            ]
            if len(stated) == 1:
                values.append(stated[0].value)
        return (statistics.median(values) if values else None), len(values)


def _component_order(component: str) -> tuple[int, str]:
    known = component in COMPONENT_ORDER
    return (COMPONENT_ORDER.index(component) if known else len(COMPONENT_ORDER), component)


def read_figures(observations: pd.DataFrame) -> Figures:
    """Index the province-level DTI figures and national means of ``observations``.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations (columns of :data:`cdskit.dataset.observations.COLUMNS`), e.g. from
        :func:`cdskit.dataset.load`.

    Returns
    -------
    Figures
        The figures by province, component, rank or score and edition.

    Examples
    --------
    >>> from cdskit.dataset import load
    >>> figures = read_figures(load())
    >>> len(figures.provinces(2008))
    63
    >>> [v.value for v in figures.cell(2008, "20", "overall", "rank", "2022")]
    [6.0]
    """
    frame = observations.reset_index(drop=True)
    year = pd.to_numeric(frame["year"], errors="coerce")
    annual = frame["period"].astype(str) == year.map(lambda y: f"{y:.0f}" if pd.notna(y) else "")
    value = pd.to_numeric(frame["value"], errors="coerce")
    dti = frame["indicator"].astype(str).str.startswith("dti_") & annual & value.notna()
    frame = frame[dti].assign(year=year[dti].astype(int), value=value[dti])
    frame["vintage"] = pd.to_numeric(frame["vintage"], errors="coerce").astype(int)
    frame["unit_code"] = frame["unit_code"].astype(str)
    out = Figures()
    provincial = frame[frame["unit_level"] == "province"]
    parsed = {
        i: meaning
        for i in provincial["indicator"].unique()
        if (meaning := parse_indicator(i)) is not None
    }
    provincial = provincial[provincial["indicator"].map(lambda i: i in parsed)]
    groups: dict[tuple, list[pd.Series]] = {}
    keys: dict[int, set[tuple[int, str]]] = {}
    for row in provincial.itertuples(index=False):
        info = parsed[row.indicator]
        key = f"{row.year}-63" if info.group63 else str(row.year)
        keys.setdefault(row.vintage, set()).add((row.year, key))
        cell = (row.vintage, row.unit_code, info.component, info.what, key)
        groups.setdefault(cell, []).append(row)
    for cell, rows in groups.items():
        out.cells[cell] = _values(rows, cell[3], cell[0], parsed)
    for (vintage, code), rows in provincial.groupby(["vintage", "unit_code"]):
        out.rows[(int(vintage), str(code))] = rows
    for vintage in keys:
        out.editions[vintage] = [
            Edition(key, year, vintage) for year, key in sorted(keys[vintage], key=_edition_sort)
        ]
    national = frame[frame["unit_level"] == "national"]
    for row in national.itertuples(index=False):
        indicator = str(row.indicator)
        if indicator == "dti_provincial_mean":
            component = OVERALL
        elif indicator.endswith("_mean") and not indicator.startswith("dti_ministry"):
            component = indicator[len("dti_") : -len("_mean")]
        else:
            continue
        mean_key = (row.vintage, str(row.year), component)
        found = out.means.setdefault(mean_key, [])
        source = str(row.source_id) if pd.notna(row.source_id) else ""
        for i, (known, ids) in enumerate(found):
            if abs(known - row.value) < 1e-9:
                found[i] = (known, tuple(sorted({*ids, source} - {""})))
                break
        else:
            found.append((float(row.value), (source,) if source else ()))
    return out


def _edition_sort(item: tuple[int, str]) -> tuple[int, int]:
    year, key = item
    return (year, 0 if key.endswith("-63") else 1)


def _values(rows: list, what: str, vintage: int, parsed: dict[str, Parsed]) -> list[Value]:
    """Return the distinct values of one cell, stated first.

    A list position or a derived rank equal to a stated one joins it (its indicator and
    sources are kept). ``parsed`` holds what each indicator of the rows says.
    """
    out: list[Value] = []
    order = {"stated": 0, "list": 1, "derived": 2}
    for row in sorted(rows, key=lambda r: (order[parsed[r.indicator].kind], r.value)):
        kind = parsed[row.indicator].kind
        source = str(row.source_id) if pd.notna(row.source_id) else ""
        of = None
        if what == "rank":
            den = pd.to_numeric(pd.Series([row.denominator]), errors="coerce").iloc[0]
            of = int(den) if pd.notna(den) else PROVINCE_COUNT[vintage]
        for i, known in enumerate(out):
            if abs(known.value - row.value) < 1e-9 and known.of == of:
                out[i] = Value(
                    known.value,
                    known.kind,
                    of,
                    tuple(dict.fromkeys((*known.indicators, row.indicator))),
                    tuple(sorted({*known.sources, source} - {""})),
                )
                break
        else:
            out.append(
                Value(float(row.value), kind, of, (row.indicator,), (source,) if source else ())
            )
    return out

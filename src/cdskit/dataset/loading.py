"""Load the processed observations in a notebook, and see which figures exist.

>>> import cdskit.dataset.loading as ds
>>> frame = ds.load(provinces=["Lạng Sơn", "Thanh Hoa"], indicators="dti_rank")  # doctest: +SKIP
>>> print(ds.format_coverage())  # doctest: +SKIP

Provinces are matched in their vintage: ``"Lào Cai"`` selects code 10 in vintage 2008 and code 15
in vintage 2025 (the merged Lào Cai + Yên Bái), never code 15 of 2008 (Yên Bái). Gaps stay gaps:
:func:`coverage` marks a missing figure with ``—`` and never fills it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from cdskit import paths
from cdskit.dataset.codebook import default_path as codebook_path
from cdskit.dataset.codebook import load_codebook, suggest_indicators
from cdskit.errors import (
    InputError,
    ParameterError,
    UnknownUnitError,
    close_matches,
    did_you_mean,
)
from cdskit.terms import UNIT_LEVELS, VINTAGES
from cdskit.units import resolver as units

#: Indicators :func:`coverage` reports by default.
DTI_INDICATORS: tuple[str, ...] = (
    "dti_rank",
    "dti_score",
    "dti_rank_in_top10_list",
    "dti_rank_in_ordered_list",
)


_IN_CODEBOOK = "in the dataset or the codebook"

#: Marker of a province × year cell without any of the indicators.
GAP = "—"

_SHORT_LABELS = {
    "vi": {
        "dti_rank": "hạng",
        "dti_score": "điểm",
        "dti_rank_in_top10_list": "vị trí top 10",
        "dti_rank_in_ordered_list": "vị trí trong danh sách",
    },
    "en": {
        "dti_rank": "rank",
        "dti_score": "score",
        "dti_rank_in_top10_list": "top-10 position",
        "dti_rank_in_ordered_list": "position in a list",
    },
}
_HEADERS = {
    "vi": {"province": "tỉnh", "vintage": "thời kỳ", "code": "mã"},
    "en": {"province": "province", "vintage": "vintage", "code": "code"},
}


def default_path() -> Path:
    """Return the processed dataset's default location, ``data/processed/observations.parquet``."""
    return paths.processed_dir() / "observations.parquet"


def load(
    *,
    provinces: str | Iterable[str] | None = None,
    indicators: str | Iterable[str] | None = None,
    periods: str | Iterable[str] | None = None,
    years: int | Iterable[int] | None = None,
    vintage: int | None = None,
    level: str | Iterable[str] | None = None,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """Return the processed observations, optionally filtered.

    Parameters
    ----------
    provinces : str or iterable of str, optional
        Provinces by name in any spelling (``"Thanh Hoa"``, ``"TP. Hà Nội"``) or code
        (``"38"``). A name is matched in each vintage where it exists; a code in every vintage
        selected, and a code that names different provinces in the two vintages (``"24"``:
        Bắc Giang, then Bắc Ninh) needs ``vintage``. Rows of districts and agencies inside a
        selected province are kept too. A city or town written with its prefix
        (``"TP. Lào Cai"``) selects that unit's own rows.
    indicators : str or iterable of str, optional
        Indicator ids from the codebook (``"dti_rank"``).
    periods : str or iterable of str, optional
        Periods exactly as stored (``"2022"``, ``"2023-H1"``, ``"undated"``).
    years : int or iterable of int, optional
        Calendar years of the periods (undated figures have none).
    vintage : {2008, 2025}, optional
        Administrative vintage.
    level : str or iterable of str, optional
        Unit levels: ``national``, ``province``, ``district``, ``commune``, ``agency``.
    path : str or pathlib.Path, optional
        Parquet file to read (default: :func:`default_path`).

    Returns
    -------
    pandas.DataFrame
        The matching rows, columns as in :mod:`cdskit.dataset.observations`, index reset.

    Raises
    ------
    InputError
        The processed dataset does not exist (build it with ``cdskit build``).
    ParameterError
        An indicator, period, level or vintage is unknown (the message suggests close values,
        for indicators from the codebook's ids and labels), or a bare code is ambiguous.
    UnknownUnitError
        A province name matches no province of the vintages selected (a merged province says
        what it merged into and when).
    """
    frame = _read(path)
    vintages = _vintages(vintage)
    mask = frame["vintage"].isin(vintages)
    if level is not None:
        wanted = _choices("level", _as_list(level), UNIT_LEVELS, "a unit level")
        mask &= frame["unit_level"].isin(wanted)
    if indicators is not None:
        chosen = _indicators(frame, _as_list(indicators), path)
        mask &= frame["indicator"].isin(chosen)
    if periods is not None:
        known = sorted(set(frame["period"]))
        chosen = _choices("periods", _as_list(periods), known, "a period of the dataset")
        mask &= frame["period"].isin(chosen)
    if years is not None:
        mask &= frame["year"].isin([_year(item) for item in _as_list(years)])
    if provinces is not None:
        mask &= _province_mask(frame, _as_list(provinces), vintages)
    return frame[mask].reset_index(drop=True)


def coverage(
    df: pd.DataFrame | None = None,
    *,
    provinces: str | Iterable[str] | None = None,
    indicators: Iterable[str] = DTI_INDICATORS,
    language: str = "vi",
    path: str | Path | None = None,
) -> pd.DataFrame:
    """Return a province × year table of which indicators have a figure.

    Parameters
    ----------
    df : pandas.DataFrame, optional
        Observations (default: :func:`load` with ``path``).
    provinces : str or iterable of str, optional
        Limit to these provinces (names or codes, see :func:`load`).
    indicators : iterable of str
        Indicators to look for (default: :data:`DTI_INDICATORS`).
    language : {"vi", "en"}
        Language of the headers and cell labels.
    path : str or pathlib.Path, optional
        Parquet file read when ``df`` is not given.

    Returns
    -------
    pandas.DataFrame
        One row per province and vintage (columns province, vintage, code), one column per
        year found for these indicators; a cell lists the indicators present
        (``"hạng, điểm"``) or holds :data:`GAP` when there is none. Nothing is filled in.

    Raises
    ------
    ParameterError
        ``language`` is not ``vi`` or ``en``, or an indicator is unknown.
    """
    if language not in _SHORT_LABELS:
        raise ParameterError(
            f"language={language!r} is not supported: expected 'vi' or 'en'."
            + did_you_mean(language, ["vi"], ranked=True)
        )
    frame = _read(path) if df is None else df
    wanted = _indicators(frame, list(indicators), path)
    rows = frame[(frame["unit_level"] == "province") & frame["indicator"].isin(wanted)]
    if provinces is not None:
        # Each vintage is its own row of the table, so a code of both vintages mixes nothing.
        rows = rows[_province_mask(rows, _as_list(provinces), _vintages(None), by_vintage=True)]
    years = sorted({int(year) for year in rows["year"].dropna()})
    labels = _SHORT_LABELS[language]
    headers = _HEADERS[language]
    dated = rows.dropna(subset=["year"]).astype({"year": int})
    present = dated.groupby(["vintage", "unit_code", "year"])["indicator"].agg(set).to_dict()
    records = []
    keys = rows[["unit_name", "vintage", "unit_code"]].drop_duplicates()
    for name, vintage, code in keys.sort_values(["unit_name", "vintage"]).itertuples(index=False):
        record = {
            headers["province"]: name,
            headers["vintage"]: int(vintage),
            headers["code"]: code,
        }
        for year in years:
            have = present.get((vintage, code, year), set())
            found = [labels.get(item, item) for item in wanted if item in have]
            record[str(year)] = ", ".join(found) if found else GAP
        records.append(record)
    columns = [headers["province"], headers["vintage"], headers["code"], *map(str, years)]
    return pd.DataFrame.from_records(records, columns=columns)


def format_coverage(
    df: pd.DataFrame | None = None,
    *,
    provinces: str | Iterable[str] | None = None,
    indicators: Iterable[str] = DTI_INDICATORS,
    language: str = "vi",
    path: str | Path | None = None,
) -> str:
    """Return :func:`coverage` as plain text for the command line.

    Parameters
    ----------
    df, provinces, indicators, language, path
        As in :func:`coverage`.

    Returns
    -------
    str
        A title line, the table, and a legend explaining the gap marker.
    """
    table = coverage(df, provinces=provinces, indicators=indicators, language=language, path=path)
    if language == "vi":
        title = "Số liệu DTI theo tỉnh và năm (thời kỳ 2008: 63 tỉnh; 2025: 34 tỉnh)"
        legend = f"{GAP} = không có số liệu (không điền bù)."
        empty = "Không có số liệu nào cho lựa chọn này."
    else:
        title = "DTI figures by province and year (vintage 2008: 63 provinces; 2025: 34)"
        legend = f"{GAP} = no figure (never filled in)."
        empty = "No figures for this selection."
    body = table.to_string(index=False) if len(table) else empty
    return f"{title}\n{body}\n{legend}"


def _read(path: str | Path | None) -> pd.DataFrame:
    target = Path(path) if path is not None else default_path()
    if not target.is_file():
        raise InputError(
            f"No processed dataset at {target}. Build it from data/raw with 'cdskit build' "
            "(or 'make data'), then load again."
        )
    return pd.read_parquet(target)


def _indicators(frame: pd.DataFrame, wanted: list, path: str | Path | None) -> list:
    """Check indicator ids against the data and the codebook; suggest ids for unknown ones.

    The codebook is the one beside the dataset, else the project's. Suggestions come from
    the ids and the Vietnamese and English labels (``DTI rank`` → ``dti_rank``).
    """
    beside = (Path(path) if path is not None else default_path()).parent / "codebook.csv"
    book_path = beside if beside.is_file() else codebook_path()
    book = load_codebook(book_path) if book_path.is_file() else None
    known = set(frame["indicator"]) | (set(book["indicator"]) if book is not None else set())
    for value in wanted:
        if value in known:
            continue
        close = (
            suggest_indicators(str(value), book)
            if book is not None
            else close_matches(value, sorted(known))
        )
        raise ParameterError(
            f"Parameter indicators: {value!r} is not {_IN_CODEBOOK} ({len(known)} known "
            "ids); use an indicator id of data/codebook.csv."
            + did_you_mean(value, close, ranked=True)
        )
    return wanted


def _as_list(value: object) -> list:
    if isinstance(value, (str, int)):
        return [value]
    return list(value)  # type: ignore[call-overload]


def _choices(name: str, values: list, known: Iterable[str], what: str) -> list:
    known = list(known)
    for value in values:
        if value not in known:
            raise ParameterError(
                f"Parameter {name}: {value!r} is not {what} "
                f"({len(known)} known values).{did_you_mean(value, known)}"
            )
    return values


def _vintages(vintage: object) -> list[int]:
    if vintage is None:
        return list(VINTAGES)
    try:
        number = int(vintage)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = None
    if number not in VINTAGES:
        raise ParameterError(
            f"Parameter vintage: {vintage!r} is not a vintage; expected 2008 (63 provinces, "
            "before 1 July 2025) or 2025 (34 provinces)."
        )
    return [number]


def _year(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ParameterError(
            f"Parameter years: {value!r} is not a year; expected a number such as 2022."
        ) from None


def _province_mask(
    frame: pd.DataFrame, provinces: list, vintages: list[int], *, by_vintage: bool = False
) -> pd.Series:
    """Rows whose unit or province is one of ``provinces`` in the row's own vintage."""
    pairs: set[tuple[int, str]] = set()
    for item in provinces:
        pairs |= _province_codes(str(item), vintages, by_vintage=by_vintage)
    vintage = frame["vintage"].astype(int)
    units_in = pd.MultiIndex.from_arrays([vintage, frame["unit_code"].astype(str)]).isin(pairs)
    owners_in = pd.MultiIndex.from_arrays([vintage, frame["province_code"].astype(str)]).isin(pairs)
    return pd.Series(units_in | owners_in, index=frame.index, dtype=bool)


def _province_codes(
    text: str, vintages: list[int], *, by_vintage: bool = False
) -> set[tuple[int, str]]:
    stripped = text.strip()
    if stripped.upper() == units.NATIONAL_CODE:
        return {(vintage, units.NATIONAL_CODE) for vintage in vintages}
    if stripped.isdigit():
        if by_vintage:
            return {(vintage, stripped.zfill(2)) for vintage in vintages}
        return _bare_code(stripped.zfill(2), vintages)
    found: set[tuple[int, str]] = set()
    errors: list[UnknownUnitError] = []
    for vintage in vintages:
        try:
            found.add((vintage, units.resolve(stripped, level="province", vintage=vintage).code))
        except UnknownUnitError as exc:
            errors.append(exc)
    if found:
        return found
    found = _unit_below_province(stripped, vintages) if _LOWER_PREFIX.match(stripped) else set()
    if found:
        return found
    if len(errors) == 1:  # one vintage: the resolver says why (merged, renamed, misspelt)
        raise UnknownUnitError(f"Parameter provinces: {errors[0]}", errors[0].suggestions)
    suggestions = list(dict.fromkeys(s for exc in errors for s in exc.suggestions))
    raise UnknownUnitError(
        f"Parameter provinces: {text!r} is not a province in vintage "
        f"{' or '.join(map(str, vintages))}.{did_you_mean(text, suggestions[:3], ranked=True)}",
        suggestions,
    )


# A prefix naming a unit below a province: "TP. Lào Cai" is the city, not the province.
_LOWER_PREFIX = re.compile(
    r"^(?:tp|tx|tt|h|q|p|thành phố|thị xã|thị trấn|huyện|quận|xã|phường|thanh pho|thi xa|"
    r"thi tran|huyen|quan|xa|phuong)(?:\.\s*|\s+)",
    re.IGNORECASE,
)


def _bare_code(code: str, vintages: list[int]) -> set[tuple[int, str]]:
    """Refuse a code alone when it names different provinces in the vintages asked for."""
    if len(vintages) == 1:
        return {(vintages[0], code)}
    units.resolve_in_vintages(code, parameter="Parameter provinces")  # the units' one rule
    return {(vintage, code) for vintage in vintages}


def _unit_below_province(text: str, vintages: list[int]) -> set[tuple[int, str]]:
    """Resolve a city or town written with its prefix (``TP. Lào Cai``) to its unit code."""
    found: set[tuple[int, str]] = set()
    for vintage in vintages:
        for level in ("district", "commune"):
            if level == "district" and vintage != 2008:
                continue
            try:
                found.add((vintage, units.resolve(text, level=level, vintage=vintage).code))
            except UnknownUnitError:
                continue
            break
    return found

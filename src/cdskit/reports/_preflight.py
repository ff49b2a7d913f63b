"""Pre-flight: check every report's parameters against the data before any kernel starts.

Provinces must resolve in the report's vintage (:mod:`cdskit.units`), indicators must be in the
codebook, periods and years must have figures in ``data/processed``. The problems of all
reports are returned together so one run lists everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cdskit import paths
from cdskit.errors import CdskitError, ParameterError, did_you_mean
from cdskit.periods import parse_period
from cdskit.reports.config import Report, notebook_parameters
from cdskit.terms import VINTAGES

#: Parameter names the pre-flight understands, by what they hold.
PROVINCE_PARAMETERS = ("province", "provinces")
INDICATOR_PARAMETERS = ("indicator", "indicators")
PERIOD_PARAMETERS = ("period", "periods")
YEAR_PARAMETERS = ("year", "years")


def effective_parameters(report: Report) -> dict[str, Any]:
    """Return the values a report's notebook will run with: its defaults, then the report's.

    Defaults that are not literals (computed in the cell) are left out.
    """
    declared = notebook_parameters(report.notebook)
    values = {name: info["value"] for name, info in declared.items() if "value" in info}
    values.update(report.parameters)
    if "language" in declared:
        values["language"] = report.language
    return values


def check_data(reports: Iterable[Report], config_name: str = "reports.toml") -> list[str]:
    """Return the problems of every report's provinces, indicators, periods and years.

    Parameters
    ----------
    reports : iterable of Report
        Reports whose parameters passed the configuration checks.
    config_name : str
        File name used in the messages.

    Returns
    -------
    list of str
        One sentence per problem, naming the report, the parameter and what to do.
    """
    data = _Data()
    problems: list[str] = []
    for report in reports:
        label = f"{config_name}, report '{report.name}'"
        values = effective_parameters(report)
        vintage = values.get("vintage", report.vintage)
        vintage = vintage if vintage in VINTAGES else None
        for key in PROVINCE_PARAMETERS:
            for name in _as_list(values.get(key)):
                problem = data.province_problem(name, vintage)
                if problem:
                    problems.append(f"{label}: {key}: {problem}")
        indicators = [i for key in INDICATOR_PARAMETERS for i in _as_list(values.get(key))]
        known = []
        for indicator in indicators:
            problem = data.indicator_problem(str(indicator))
            if problem:
                problems.append(f"{label}: {problem}")
            else:
                known.append(str(indicator))
        for key in PERIOD_PARAMETERS:
            for period in _as_list(values.get(key)):
                try:  # the one period parser: 2023-13 or 2023-H3 never reach a title
                    parse_period(period, parameter="period")
                except ParameterError as exc:
                    problems.append(f"{label}: {key}: {exc}")
                    continue
                problem = data.period_problem(str(period), known, vintage)
                if problem:
                    problems.append(f"{label}: {key}: {problem}")
        for key in YEAR_PARAMETERS:
            for year in _as_list(values.get(key)):
                problem = data.year_problem(year, known)
                if problem:
                    problems.append(f"{label}: {key}: {problem}")
    return problems


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class _Data:
    """The codebook and the keys of the processed figures, read once, on first need."""

    def __init__(self) -> None:
        self._codebook: Any = None
        self._keys: Any = None
        self._resolved: dict[tuple[str, int | None], str | None] = {}

    def province_problem(self, name: Any, vintage: int | None) -> str | None:
        key = (str(name), vintage)
        if key not in self._resolved:
            self._resolved[key] = _resolve_problem(str(name), vintage)
        return self._resolved[key]

    def indicator_problem(self, indicator: str) -> str | None:
        from cdskit.dataset import load_codebook, unknown_indicator_message

        if self._codebook is None:
            try:
                self._codebook = load_codebook()
            except CdskitError:
                try:
                    self._codebook = load_codebook(paths.processed_dir() / "codebook.csv")
                except CdskitError as exc:
                    return f"indicator '{indicator}' cannot be checked: {exc}"
        if indicator in self._codebook.index:
            return None
        return unknown_indicator_message(indicator, self._codebook)

    def _observations(self) -> Any:
        if self._keys is None:
            self._keys = _read_keys()
        return self._keys

    def period_problem(self, period: str, indicators: list[str], vintage: int | None) -> str | None:
        keys = self._observations()
        if isinstance(keys, str):
            return f"period '{period}' cannot be checked: {keys}"
        rows = keys[keys["indicator"].isin(indicators)] if indicators else keys
        if vintage is not None:
            rows = rows[rows["vintage"] == vintage]
        periods = sorted(set(rows["period"].astype(str)))
        if period in periods:
            return None
        scope = f" for {', '.join(indicators)}" if indicators else ""
        scope += f" in vintage {vintage}" if vintage is not None else ""
        return (
            f"no figure for period '{period}'{scope} in data/processed (periods with figures: "
            f"{', '.join(periods) or 'none'}); choose one of them or rebuild the data."
            + did_you_mean(period, periods)
        )

    def year_problem(self, year: Any, indicators: list[str]) -> str | None:
        keys = self._observations()
        if isinstance(keys, str):
            return f"year {year!r} cannot be checked: {keys}"
        rows = keys[keys["indicator"].isin(indicators)] if indicators else keys
        years = sorted({int(y) for y in rows["year"].dropna()})
        if isinstance(year, int) and year in years:
            return None
        return (
            f"no figure for year {year!r} in data/processed (years with figures: "
            f"{', '.join(map(str, years)) or 'none'}); remove it or rebuild the data."
        )


def _resolve_problem(name: str, vintage: int | None) -> str | None:
    """Return why a province name does not resolve (in ``vintage``, or in either vintage)."""
    from cdskit.errors import UnknownUnitError
    from cdskit.units import resolve, resolve_in_vintages

    if vintage is None:  # the units' rule: a code or name of two units needs the vintage
        try:
            resolve_in_vintages(
                name,
                parameter="province",
                how="set vintage = 2008 or 2025 for the report, or write the province's name",
            )
        except (ParameterError, UnknownUnitError) as exc:
            return str(exc).removeprefix("province: ")
        return None
    try:
        resolve(name, level="province", vintage=vintage)
    except UnknownUnitError as exc:
        return str(exc)
    return None


def _read_keys() -> Any:
    """Return indicator, period, year and vintage of every processed figure, or why not."""
    import pandas as pd

    columns = ["indicator", "period", "year", "vintage"]
    processed = paths.processed_dir()
    parquet, csv = processed / "observations.parquet", processed / "observations.csv"
    try:
        if parquet.is_file():
            return pd.read_parquet(parquet, columns=columns)
        if csv.is_file():
            return pd.read_csv(csv, usecols=columns, dtype={"period": str}, encoding="utf-8-sig")
    except (OSError, ValueError, KeyError) as exc:
        return f"data/processed/{parquet.name} cannot be read ({exc}); run 'cdskit build'"
    return "there is no processed data in data/processed; run 'cdskit build' first"

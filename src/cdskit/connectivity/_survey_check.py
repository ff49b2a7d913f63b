"""Checking a filled survey template and adding it to the raw data."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from cdskit import paths
from cdskit.connectivity._register import upsert_entries
from cdskit.connectivity._survey import (
    _BY_LETTER,
    _COUNTS,
    COLUMNS,
    FIRST_SURVEY_DATE,
    SURVEY_SHEET,
)
from cdskit.errors import InputError, ParameterError
from cdskit.files import file_sha256
from cdskit.units import resolve, units

#: Problems listed in full in one error message (the rest are counted).
SHOWN_PROBLEMS = 20
_PERIOD = re.compile(r"^\d{4}(-\d{2})?$")
_WHOLE = re.compile(r"^\s*\d+\s*$")


def check_survey(path: str | Path, province: str) -> pd.DataFrame:
    """Read a filled survey template and check every cell.

    Parameters
    ----------
    path : str or pathlib.Path
        The filled workbook.
    province : str
        The province it was written for (name or 2025 code).

    Returns
    -------
    pandas.DataFrame
        One row per commune: ``unit_code``, ``unit_name``, the counts under their indicator
        ids (missing where the cell is empty), ``survey_date`` and ``row``.

    Raises
    ------
    InputError
        Listing every problem with its cell, row and commune: a sheet or header that is not
        the template's, a commune missing, repeated or not of the province, a count that is
        not a whole number ≥ 0, a part larger than its total, a date before 1 July 2025 or in
        the future.
    """
    path = Path(path)
    unit = resolve(province, level="province", vintage=2025)
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise InputError(f"{path} is not a readable XLSX workbook ({error}).") from error
    if SURVEY_SHEET not in book.sheetnames:
        raise InputError(
            f"{path} has no sheet '{SURVEY_SHEET}' (sheets: {', '.join(book.sheetnames)}). "
            f"Fill in the template from `cdskit connectivity template --province {unit.code}`."
        )
    sheet = book[SURVEY_SHEET]
    for column in COLUMNS:
        found = sheet[f"{column.letter}1"].value
        if str(found or "").strip() != column.header:
            raise InputError(
                f"{path}: {SURVEY_SHEET}!{column.letter}1 holds {found!r}, expected "
                f"'{column.header}'. Do not rename, move or delete the template's columns."
            )
    communes = units("commune", 2025, province=unit.code).set_index("code")["full_name"]
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number in range(2, sheet.max_row + 1):
        values = {c.letter: sheet[f"{c.letter}{number}"].value for c in COLUMNS}
        if all(value in (None, "") for value in values.values()):
            continue
        code = str(values["A"] or "").strip()
        where = f"{SURVEY_SHEET}!A{number}"
        if code not in communes.index:
            problems.append(
                f"{where}: code {code!r} is not a 2025 commune of {unit.full_name}; "
                "restore the code the template was written with."
            )
            continue
        label = f"{communes[code]}, mã {code}, dòng {number}"
        if code in seen:
            problems.append(f"{where} ({label}): commune already on row {seen[code]}.")
            continue
        seen[code] = number
        row = {"unit_code": code, "unit_name": communes[code], "row": number}
        for column in _COUNTS:
            row[column.indicator] = _count(values[column.letter], column, number, label, problems)
        for column in _COUNTS:
            if column.total and row[column.indicator] is not None:
                total = row[_BY_LETTER[column.total].indicator]
                if total is not None and row[column.indicator] > total:
                    problems.append(
                        f"{SURVEY_SHEET}!{column.letter}{number} ({label}): "
                        f"'{column.header}' is {row[column.indicator]}, more than the "
                        f"{total} of {column.total}{number} ('{_BY_LETTER[column.total].header}')."
                    )
        row["survey_date"] = _date(values["H"], number, label, problems)
        rows.append(row)
    for code in communes.index.difference(list(seen)):
        problems.append(
            f"{SURVEY_SHEET}: the row of {communes[code]} (mã {code}) is missing; keep one row "
            "per commune, with empty cells where there is no figure."
        )
    if problems:
        shown = "\n".join(f"- {problem}" for problem in problems[:SHOWN_PROBLEMS])
        more = len(problems) - SHOWN_PROBLEMS
        raise InputError(
            f"{path}: {len(problems)} problem(s) in the survey of {unit.full_name}:\n{shown}"
            + (f"\n- ... and {more} more." if more > 0 else "")
            + "\nCorrect these cells and check the file again."
        )
    return pd.DataFrame(rows)


def add_survey(
    path: str | Path,
    *,
    province: str,
    period: str,
    source: dict[str, str],
    raw_dir: str | Path | None = None,
) -> Path:
    """Check a filled survey, copy it into the raw data and record it in ``sources.yml``.

    Parameters
    ----------
    path : str or pathlib.Path
        The filled workbook.
    province : str
        Its province (name or 2025 code).
    period : str
        Period of the figures: a year or a month (``2025``, ``2025-09``).
    source : dict
        The publication entry: ``id``, ``title`` (as the survey report is titled),
        ``publisher``, ``date`` and optionally ``url`` and ``licence``.
    raw_dir : str or pathlib.Path, optional
        Raw folder (default: the project's ``data/raw``).

    Returns
    -------
    pathlib.Path
        The copy in ``data/raw/connectivity/surveys/``.

    Raises
    ------
    InputError
        When the survey has problems (see :func:`check_survey`); nothing is copied.
    ParameterError
        For a malformed period or an incomplete source entry.
    """
    if not _PERIOD.match(period):
        raise ParameterError(f"Period {period!r} must be a year or a month (2025, 2025-09).")
    missing = [key for key in ("id", "title", "publisher", "date") if not source.get(key)]
    if missing:
        raise ParameterError(f"The survey's source entry needs {', '.join(missing)}.")
    check_survey(path, province)
    unit = resolve(province, level="province", vintage=2025)
    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    relative = f"connectivity/surveys/survey_{unit.code}_{period}.xlsx"
    target = raw / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    entry = {
        "path": relative,
        "sha256": file_sha256(target),
        "description": f"village survey of {unit.name}'s 2025 communes (cdskit template)",
        "layout": "wide",
        "number_locale": "vi",
        "source": source["id"],
        "sheet": SURVEY_SHEET,
        "unit_column": COLUMNS[0].header,
        "unit_level": "commune",
        "vintage": 2025,
        "period": period,
        "province": unit.code,
        "indicators": {column.header: column.indicator for column in _COUNTS},
        "ignore_columns": [column.header for column in COLUMNS if not column.indicator][1:],
    }
    record = {"url": "", "licence": "not stated", **source}
    upsert_entries(raw / "sources.yml", source=record, file=entry)
    return target


def _count(value: Any, column: Any, number: int, label: str, problems: list[str]) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        pass
    elif isinstance(value, int | float) and float(value).is_integer() and value >= 0:
        return int(value)
    elif isinstance(value, str) and _WHOLE.match(value):
        return int(value)
    problems.append(
        f"{SURVEY_SHEET}!{column.letter}{number} ({label}): '{column.header}' holds {value!r}; "
        "expected a whole number ≥ 0, or an empty cell when there is no figure."
    )
    return None


def _date(value: Any, number: int, label: str, problems: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        problems.append(
            f"{SURVEY_SHEET}!H{number} ({label}): survey date {value!r} is not a date; enter "
            "it as a date (dd/mm/yyyy)."
        )
        return None
    if not FIRST_SURVEY_DATE <= value <= dt.date.today():
        problems.append(
            f"{SURVEY_SHEET}!H{number} ({label}): survey date {value:%d/%m/%Y} is outside "
            f"{FIRST_SURVEY_DATE:%d/%m/%Y} (the 2025 communes' first day) to today."
        )
    return value

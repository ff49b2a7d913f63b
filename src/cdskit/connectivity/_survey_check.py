"""Checking a filled survey template and adding it to the raw data."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from cdskit import paths
from cdskit.connectivity._survey import (
    _BY_LETTER,
    _COUNTS,
    _INDICATORS,
    COLUMNS,
    FIRST_SURVEY_DATE,
    INSTRUCTIONS_SHEET,
    SURVEY_SHEET,
)
from cdskit.errors import InputError, ParameterError
from cdskit.files import FILE_MODE, file_sha256
from cdskit.periods import Period, parse_period
from cdskit.raw import edited_register
from cdskit.raw._xlsx import is_percent_format
from cdskit.units import resolve, units

#: Problems listed in full in one error message (the rest are counted).
SHOWN_PROBLEMS = 20
#: Folder (inside ``data/raw``) of the surveys; superseded submissions are kept in its
#: ``.superseded`` folder (a hidden folder, which ``cdskit check`` and ``build`` do not read).
SURVEY_FOLDER = "connectivity/surveys"
SUPERSEDED_FOLDER = f"{SURVEY_FOLDER}/.superseded"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE = re.compile(r"^\s*\d+\s*$")


def check_survey(path: str | Path, province: str, period: str | None = None) -> pd.DataFrame:
    """Read a filled survey template and check every cell.

    Parameters
    ----------
    path : str or pathlib.Path
        The filled workbook.
    province : str
        The province it was written for (name or 2025 code).
    period : str, optional
        The period the figures describe (``2025``, ``2025-09``, ``2025-H2``…): survey dates
        must fall within it.

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
        not a whole number ≥ 0 (``100%`` typed, or a percent-formatted cell), a merged cell
        or a formula without a saved result among the figures, a part larger than its total,
        a date before 1 July 2025, in the future or outside ``period``, figures typed on
        another sheet (a copy of the template), or no figure at all.
    ParameterError
        For a malformed ``period``.
    """
    path = Path(path)
    unit = resolve(province, level="province", vintage=2025)
    checked = None if period is None else _survey_period(period)
    book, formulas = _open_survey(path, unit.code)
    sheet = book[SURVEY_SHEET]
    communes = units("commune", 2025, province=unit.code).set_index("code")["full_name"]
    problems: list[str] = [*_other_sheets(book), *_merged_cells(sheet)]
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
        problems += _unsaved_formulas(formulas[SURVEY_SHEET], values, number, label)
        row = {"unit_code": code, "unit_name": communes[code], "row": number}
        row |= _counts(sheet, values, number, label, problems)
        row["survey_date"] = _date(values["H"], number, label, problems, checked)
        rows.append(row)
    for code in communes.index.difference(list(seen)):
        problems.append(
            f"{SURVEY_SHEET}: the row of {communes[code]} (mã {code}) is missing; keep one row "
            "per commune, with empty cells where there is no figure."
        )
    figures = sum(row[indicator] is not None for row in rows for indicator in _INDICATORS.values())
    if not figures and not problems:
        problems.append(
            f"{SURVEY_SHEET}: no commune has a figure in columns C-G: the sheet is the empty "
            "template. Fill in the figures on this sheet (not on a copy of it) and check again."
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


def _open_survey(path: Path, province_code: str) -> tuple[Any, Any]:
    """Open a filled template twice (saved results, formulas) and check its sheet and header."""
    try:
        book = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except Exception as error:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise InputError(f"{path} is not a readable XLSX workbook ({error}).") from error
    if SURVEY_SHEET not in book.sheetnames:
        raise InputError(
            f"{path} has no sheet '{SURVEY_SHEET}' (sheets: {', '.join(book.sheetnames)}). "
            "Fill in the template from "
            f"`cdskit connectivity template --province {province_code}`."
        )
    sheet = book[SURVEY_SHEET]
    for column in COLUMNS:
        found = sheet[f"{column.letter}1"].value
        if str(found or "").strip() != column.header:
            raise InputError(
                f"{path}: {SURVEY_SHEET}!{column.letter}1 holds {found!r}, expected "
                f"'{column.header}'. Do not rename, move or delete the template's columns."
            )
    return book, formulas


def _unsaved_formulas(formulas: Any, values: dict[str, Any], number: int, label: str) -> list[str]:
    """Problems for formulas among a row's figures that have no saved result."""
    problems = []
    for column in (*_COUNTS, _BY_LETTER["H"]):
        cell = f"{column.letter}{number}"
        formula = formulas[cell].value
        if isinstance(formula, str) and formula.startswith("=") and values[column.letter] is None:
            problems.append(
                f"{SURVEY_SHEET}!{cell} ({label}): the formula {formula!r} has no saved "
                "result (the file was not saved by Excel after it was calculated); open "
                "the file in Excel, save it, or type the figure itself."
            )
    return problems


def _counts(
    sheet: Any, values: dict[str, Any], number: int, label: str, problems: list[str]
) -> dict[str, int | None]:
    """Return a row's counts by indicator (None when empty or wrong), adding its problems."""
    counts: dict[str, int | None] = {}
    for column in _COUNTS:
        cell = sheet[f"{column.letter}{number}"]
        if values[column.letter] is not None and is_percent_format(cell.number_format):
            problems.append(
                f"{SURVEY_SHEET}!{column.letter}{number} ({label}): '{column.header}' is "
                f"formatted as a percentage ({cell.number_format!r}, shown as "
                f"{values[column.letter]!r} × 100%); a count is a whole number of villages "
                "or households: format the cell as Number and type the count."
            )
            values[column.letter] = None
        counts[_INDICATORS[column.letter]] = _count(
            values[column.letter], column, number, label, problems
        )
    for column in _COUNTS:
        count = counts[_INDICATORS[column.letter]]
        if column.total and count is not None:
            total = counts[_INDICATORS[column.total]]
            if total is not None and count > total:
                problems.append(
                    f"{SURVEY_SHEET}!{column.letter}{number} ({label}): "
                    f"'{column.header}' is {count}, more than the "
                    f"{total} of {column.total}{number} ('{_BY_LETTER[column.total].header}')."
                )
    return counts


def _other_sheets(book: Any) -> list[str]:
    """Problems for values typed on sheets other than the survey and its instructions."""
    problems = []
    for name in book.sheetnames:
        if name in (SURVEY_SHEET, INSTRUCTIONS_SHEET):
            continue
        filled = [
            cell.coordinate
            for line in book[name].iter_rows()
            for cell in line
            if cell.value not in (None, "")
        ]
        if filled:
            problems.append(
                f"sheet '{name}' holds {len(filled)} filled cell(s) (first {filled[0]}), but "
                f"only '{SURVEY_SHEET}' is read: copy the figures into '{SURVEY_SHEET}' and "
                "delete the other sheet."
            )
    return problems


def _merged_cells(sheet: Any) -> list[str]:
    """Problems for merged ranges among the communes' rows (a merged count is one commune's)."""
    return [
        f"{SURVEY_SHEET}!{merged.coord}: merged cells; each commune's figure must be in its own "
        "cell (a merged count would belong to the first commune only). Unmerge the cells and "
        "type each commune's figure."
        for merged in sheet.merged_cells.ranges
        if merged.max_row >= 2
    ]


def _survey_period(period: str) -> Period:
    """Check a survey's period: a dated period that can describe 2025 communes."""
    checked = parse_period(period, parameter="--period", undated=False)
    # A dated period (undated=False refuses the undated one) has its year and months.
    assert checked.year is not None
    assert checked.first_month is not None and checked.last_month is not None
    last = dt.date(checked.year, checked.last_month, 1)
    first = dt.date(checked.year, checked.first_month, 1)
    if last < FIRST_SURVEY_DATE.replace(day=1):
        raise ParameterError(
            f"--period={period!r} ends before {FIRST_SURVEY_DATE:%d/%m/%Y}, when the 2025 "
            "communes the template lists came into being; give the period the survey "
            "describes (e.g. 2025-09 or 2025-H2)."
        )
    if first > dt.date.today():
        raise ParameterError(
            f"--period={period!r} starts in the future; give the period the survey describes."
        )
    return checked


def add_survey(
    path: str | Path,
    *,
    province: str,
    period: str,
    source: dict[str, str],
    raw_dir: str | Path | None = None,
    replace: bool = False,
) -> Path:
    """Check a filled survey, then add it to the raw data and ``sources.yml`` together.

    Everything is checked before anything is written: the period (a dated period, read by
    the kit's one period parser, that can describe 2025 communes), the source entry (id,
    title, publisher, ISO date), ``sources.yml`` itself and every cell (:func:`check_survey`).
    The copy in ``data/raw`` and the new ``sources.yml`` are written to temporary files and
    moved into place together: when one move fails, both stay as they were.

    A survey for a province and period that was already added is refused with nothing
    changed, unless ``replace`` is True: then the corrected file replaces it (file and
    sha256), and the earlier file is kept in ``connectivity/surveys/.superseded/`` and listed
    under ``superseded:`` in ``sources.yml`` (the validation report lists it). Adding the
    very same file again changes nothing.

    Parameters
    ----------
    path : str or pathlib.Path
        The filled workbook.
    province : str
        Its province (name or 2025 code).
    period : str
        Period of the figures (``2025``, ``2025-09``, ``2025-H2``…).
    source : dict
        The publication entry: ``id``, ``title`` (as the survey report is titled),
        ``publisher``, ``date`` and optionally ``url`` and ``licence``.
    raw_dir : str or pathlib.Path, optional
        Raw folder (default: the project's ``data/raw``).
    replace : bool, default False
        Replace a survey already added for the same province and period.

    Returns
    -------
    pathlib.Path
        The copy in ``data/raw/connectivity/surveys/``.

    Raises
    ------
    InputError
        When the survey has problems (see :func:`check_survey`), ``sources.yml`` cannot take
        the entries, or a survey of the province and period exists and ``replace`` is False;
        nothing is written.
    ParameterError
        For a malformed period or source entry; nothing is written.
    """
    checked = _survey_period(period)
    record = _source_record(source)
    unit = resolve(province, level="province", vintage=2025)
    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    register = raw / "sources.yml"
    relative = f"{SURVEY_FOLDER}/survey_{unit.code}_{checked.text}.xlsx"
    _check_source_id(register, record, relative)
    check_survey(path, unit.code, checked.text)
    target = raw / relative
    payload = Path(path).read_bytes()
    new_sha = hashlib.sha256(payload).hexdigest()
    superseded = None
    if target.is_file():
        old_sha = file_sha256(target)
        if old_sha == new_sha:
            return target  # the same file again: nothing to change
        if not replace:
            raise InputError(
                f"A survey of {unit.full_name} for {checked.text} was already added "
                f"({relative}, sha256 {old_sha[:12]}…); nothing was changed. To replace it "
                "with this corrected file, run the command again with --replace (the earlier "
                f"file is kept in data/raw/{SUPERSEDED_FOLDER}/ and listed as superseded)."
            )
        superseded = {
            "path": f"{SUPERSEDED_FOLDER}/survey_{unit.code}_{checked.text}.{old_sha[:12]}.xlsx",
            "sha256": old_sha,
            "superseded_by": relative,
            "superseded_by_sha256": new_sha,
            "source": record["id"],
            "replaced_on": dt.date.today().isoformat(),
        }
    entry = {
        "path": relative,
        "sha256": new_sha,
        "description": f"village survey of {unit.name}'s 2025 communes (cdskit template)",
        "layout": "wide",
        "number_locale": "vi",
        "source": record["id"],
        "sheet": SURVEY_SHEET,
        "unit_column": COLUMNS[0].header,
        "unit_level": "commune",
        "vintage": 2025,
        "period": checked.text,
        "province": unit.code,
        "indicators": {column.header: column.indicator for column in _COUNTS},
        "ignore_columns": [column.header for column in COLUMNS if not column.indicator][1:],
    }
    text = edited_register(register, source=record, file=entry, superseded=superseded)
    _commit(raw, target, payload, register, text, superseded)
    return target


def _source_record(source: dict[str, str]) -> dict[str, str]:
    """Check the survey's publication entry as ``sources.yml`` will, before anything is added."""
    missing = [key for key in ("id", "title", "publisher", "date") if not source.get(key)]
    if missing:
        raise ParameterError(f"The survey's source entry needs {', '.join(missing)}.")
    given = {key: str(value) for key, value in source.items()}
    record = {"id": given.pop("id"), "url": "", "licence": "not stated", **given}  # id first
    if not _ID.match(record["id"]):
        raise ParameterError(
            f"--source-id={record['id']!r}: an id is lowercase letters, digits and single "
            "dashes (e.g. survey-langson-2025-09)."
        )
    try:
        valid = bool(_ISO_DATE.match(record["date"])) and bool(
            dt.date.fromisoformat(record["date"])
        )
    except ValueError:
        valid = False
    if not valid:
        raise ParameterError(
            f"--date={record['date']!r} is not a calendar date written yyyy-mm-dd (the date of "
            "the survey report, e.g. 2025-10-01)."
        )
    return record


def _check_source_id(register: Path, record: dict[str, str], relative: str) -> None:
    """Refuse an unreadable register, or a source id another raw file already cites."""
    from cdskit.raw.sources import load_register

    existing = load_register(register.parent)
    other = existing.sources.get(record["id"])
    users = [e.path for e in existing.files if e.source == record["id"] and e.path != relative]
    if other is not None and users:
        raise ParameterError(
            f"--source-id={record['id']!r} already names '{other.title}' in {register}, cited "
            f"by {', '.join(users)}; choose an id of this survey's own (e.g. with the province "
            "and period)."
        )


def _commit(
    raw: Path,
    target: Path,
    payload: bytes,
    register: Path,
    text: str,
    superseded: dict[str, Any] | None,
) -> None:
    """Move the survey copy and the register into place together, or leave both as they were."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged_file = _staged(target, payload)
    try:
        staged_register = _staged(register, text.encode("utf-8"))
    except BaseException:
        staged_file.unlink(missing_ok=True)
        raise
    kept = raw / superseded["path"] if superseded else None
    moved = False
    try:
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            if not kept.exists():
                os.link(target, kept)  # the earlier survey, byte for byte, beside the new one
        os.replace(staged_file, target)
        moved = True
        os.replace(staged_register, register)
    except BaseException:
        if moved and kept is not None:
            os.link(kept, staged_file)
            os.replace(staged_file, target)  # the earlier survey back in place
        elif moved:
            target.unlink(missing_ok=True)
        if kept is not None:
            kept.unlink(missing_ok=True)
        staged_file.unlink(missing_ok=True)
        staged_register.unlink(missing_ok=True)
        raise


def _staged(target: Path, payload: bytes) -> Path:
    """Write ``payload`` to a temporary file beside ``target`` and return its path."""
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(name, FILE_MODE)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


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


def _date(
    value: Any, number: int, label: str, problems: list[str], period: Period | None = None
) -> dt.date | None:
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
    elif period is not None and not (
        (period.year, period.first_month) <= (value.year, value.month)
        and (value.year, value.month) <= (period.year, period.last_month)
    ):
        problems.append(
            f"{SURVEY_SHEET}!H{number} ({label}): survey date {value:%d/%m/%Y} is outside the "
            f"period {period.text}; check the date, or give the period the survey describes."
        )
    return value

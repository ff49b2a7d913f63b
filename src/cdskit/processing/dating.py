"""The time of every figure: its period, or the latest date it can describe.

A figure published with a period (``2023-H1``) describes that period. A figure published
without one ("hiện nay", "đến nay") describes no later than the date its source was published,
or than what the source's text states ("until 5/2022"); when nothing bounds it, its time is
unknown. ``data/raw/dating.csv`` records, with its evidence, what is known of each undated
figure beyond its source's date: the bound, a period the text states, and the later figure
that shows the situation changed. Every row of that register must match a published figure.

Columns added to the observations (see :data:`cdskit.dataset.observations.COLUMNS`):

``time_basis``
    ``period`` (the source states the period), ``no_later_than`` (the figure describes a time
    no later than ``as_of``), ``until`` (the source says the situation held until ``as_of``,
    and changed then), ``unknown`` (nothing bounds it).
``as_of``
    The latest date the figure can describe (``YYYY-MM`` or ``YYYY-MM-DD``), for undated
    figures.
``not_before``
    The earliest date the figure can describe, when the text gives one.
``superseded_by``
    The later published figure or fact that shows the situation changed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cdskit.errors import InputError

#: File of the dating register, inside ``data/raw``.
DATING_FILE = "dating.csv"
#: Values of ``time_basis``.
TIME_BASES: tuple[str, ...] = ("period", "no_later_than", "until", "unknown")
#: Columns of the register.
REGISTER_COLUMNS: tuple[str, ...] = (
    "source_id",
    "unit",
    "indicator",
    "period",
    "time_basis",
    "as_of",
    "not_before",
    "superseded_by",
    "evidence",
)
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|H[12]|Q[1-4]))?$")
_KEY = ("source_id", "unit_name_as_published", "indicator")


def read_dating(raw_dir: str | Path) -> pd.DataFrame:
    """Read and check the dating register of a raw folder (empty when there is none).

    Parameters
    ----------
    raw_dir : str or pathlib.Path
        The raw folder (``data/raw``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`REGISTER_COLUMNS` (text) and ``line`` (line number in the file).

    Raises
    ------
    InputError
        A column is missing, a ``time_basis`` is unknown, a date is not ``YYYY-MM[-DD]``, a
        row states ``no_later_than``/``until`` without ``as_of``, or a key repeats; the message
        names the line.

    Examples
    --------
    >>> from cdskit import paths
    >>> register = read_dating(paths.raw_dir())
    >>> set(register["time_basis"]) <= set(TIME_BASES)
    True
    """
    file = Path(raw_dir) / DATING_FILE
    if not file.is_file():
        return pd.DataFrame(columns=[*REGISTER_COLUMNS, "line"], dtype=str)
    table = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in REGISTER_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(
            f"{file}: column(s) {', '.join(missing)} missing; the dating register has the "
            f"columns {', '.join(REGISTER_COLUMNS)}."
        )
    table = table[list(REGISTER_COLUMNS)].apply(lambda column: column.str.strip())
    table["line"] = (table.index + 2).astype(str)
    for row in table.to_dict("records"):
        _check_row(row, file)
    repeated = table[table.duplicated(["source_id", "unit", "indicator"], keep=False)]
    if len(repeated):
        lines = ", ".join(repeated["line"])
        raise InputError(
            f"{file}, lines {lines}: one figure (source_id, unit, indicator) is dated twice; "
            "keep one row per undated figure."
        )
    return table


def _check_row(row: dict, file: Path) -> None:
    where = f"{file}, line {row['line']}"
    if row["time_basis"] not in TIME_BASES:
        raise InputError(
            f"{where}: time_basis {row['time_basis']!r} is not one of {', '.join(TIME_BASES)}."
        )
    for column in ("as_of", "not_before"):
        if row[column] and not _DATE.match(row[column]):
            raise InputError(
                f"{where}: {column} {row[column]!r} is not a date; write YYYY-MM or YYYY-MM-DD."
            )
    if row["time_basis"] in ("no_later_than", "until") and not row["as_of"]:
        raise InputError(f"{where}: time_basis {row['time_basis']} needs the date in as_of.")
    if row["time_basis"] == "period" and not _PERIOD.match(row["period"]):
        raise InputError(
            f"{where}: time_basis period needs the period the text states in column period "
            f"(YYYY, YYYY-MM, YYYY-H1, YYYY-Q1), got {row['period']!r}."
        )
    if not row["evidence"]:
        raise InputError(f"{where}: evidence is empty; say what the dating rests on.")


def date_observations(
    observations: pd.DataFrame, register: pd.DataFrame, source_dates: dict[str, str]
) -> pd.DataFrame:
    """Add the time columns to observations, from their period, the register and source dates.

    Parameters
    ----------
    observations : pandas.DataFrame
        Cleaned observations (with ``period``, ``source_id``, ``unit_name_as_published``,
        ``indicator``).
    register : pandas.DataFrame
        From :func:`read_dating`.
    source_dates : dict of str to str
        Source id → publication date (``YYYY-MM-DD``, ``YYYY-MM`` or ``undated``).

    Returns
    -------
    pandas.DataFrame
        A copy with ``time_basis``, ``as_of``, ``not_before`` and ``superseded_by``; a row
        the register gives a period takes that period (and its year).

    Raises
    ------
    InputError
        A register row matches no undated figure (naming the line), so a stale row never
        passes silently.

    Examples
    --------
    >>> rows = pd.DataFrame({"source_id": ["s", "s"], "unit_name_as_published": ["A", "B"],
    ...                      "indicator": ["x", "x"], "period": ["2023", "undated"],
    ...                      "year": [2023, None]})
    >>> dated = date_observations(rows, read_dating("/nonexistent"), {"s": "2024-05-02"})
    >>> dated[["time_basis", "as_of"]].values.tolist()
    [['period', ''], ['no_later_than', '2024-05-02']]
    """
    out = observations.copy(deep=False)  # copy on write: only the columns set are copied
    undated = out["period"].astype(str).eq("undated")
    published = out["source_id"].map(source_dates).fillna("").astype(str)
    known = published.str.match(r"^\d{4}-\d{2}")
    out["time_basis"] = "period"
    out.loc[undated, "time_basis"] = "unknown"
    out.loc[undated & known, "time_basis"] = "no_later_than"
    out["as_of"] = ""
    out.loc[undated & known, "as_of"] = published[undated & known]
    out["not_before"] = ""
    out["superseded_by"] = ""
    keys = out[list(_KEY)].astype(str)
    for row in register.to_dict("records"):
        match = undated.copy()
        for column, name in zip(_KEY, ("source_id", "unit", "indicator"), strict=True):
            match &= keys[column].eq(row[name])
        if not match.any():
            raise InputError(
                f"{DATING_FILE}, line {row['line']}: no undated figure of source "
                f"{row['source_id']!r}, unit {row['unit']!r}, indicator {row['indicator']!r} "
                "in data/raw; correct the row or remove it."
            )
        out.loc[match, "time_basis"] = row["time_basis"]
        out.loc[match, "as_of"] = row["as_of"]
        out.loc[match, "not_before"] = row["not_before"]
        out.loc[match, "superseded_by"] = row["superseded_by"]
        if row["time_basis"] == "period":
            out.loc[match, "period"] = row["period"]
            out.loc[match, "year"] = int(row["period"][:4])
    if "year" in out:
        out["year"] = out["year"].astype("Int64")
    return out

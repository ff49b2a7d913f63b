"""Periods: the one grammar of a figure's time, read the same way by every stage.

A period is written ``2023`` (a year), ``2023-H1`` / ``2023-H2`` (a half), ``2023-06`` (a
month), ``2023-Q1`` (a quarter), ``2024-Q1-Q3`` (quarters 1 to 3) or ``undated``; years run
from 1990 to 2100. The command line, the reports' parameters, the survey check and the clean
step of raw files all call :func:`parse_period` (or use :data:`PERIOD_PATTERN` on a whole
column), so ``2023-13``, ``2023-H3`` or ``2023-Q5`` is refused everywhere with the forms that
are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdskit.errors import ParameterError

__all__ = ["PERIOD_FORMS", "PERIOD_PATTERN", "UNDATED_PERIOD", "Period", "parse_period"]

#: Regular expression of a dated period (groups ``year``, ``suffix``, ``q1``, ``q2``); the
#: quarter range must also be increasing and the year within 1990-2100 (:func:`parse_period`).
PERIOD_PATTERN = (
    r"(?P<year>\d{4})(?:-(?P<suffix>H[12]|0[1-9]|1[0-2]|Q(?P<q1>[1-4])(?:-Q(?P<q2>[1-4]))?))?"
)
#: The accepted forms, as a message shows them.
PERIOD_FORMS = "2023, 2023-H1, 2023-06, 2023-Q1, 2024-Q1-Q3 or undated (years 1990-2100)"
#: The period of a figure whose source gives no time.
UNDATED_PERIOD = "undated"
FIRST_YEAR, LAST_YEAR = 1990, 2100
_COMPILED = re.compile(rf"^{PERIOD_PATTERN}$")


@dataclass(frozen=True)
class Period:
    """A checked period.

    Parameters
    ----------
    text : str
        The period as stored (``"2023-H1"``).
    year : int or None
        Its year (``None`` for ``undated``).
    first_month, last_month : int or None
        The months it covers (1-12; ``None`` for ``undated``).
    """

    text: str
    year: int | None
    first_month: int | None
    last_month: int | None


def parse_period(value: object, *, parameter: str = "period", undated: bool = True) -> Period:
    """Check a period and return what it covers; refuse anything else with the accepted forms.

    Parameters
    ----------
    value : str or int
        The period (``2023``, ``"2023-H1"``, ``"2023-06"``, ``"2024-Q1-Q3"``, ``"undated"``).
    parameter : str
        Name shown in the message (``"--period"``, ``"reports.toml period"``...).
    undated : bool, default True
        Whether ``undated`` is accepted.

    Returns
    -------
    Period
        The period with its year and months.

    Raises
    ------
    ParameterError
        Naming the value, the parameter and the accepted forms.

    Examples
    --------
    >>> parse_period("2023-H2")
    Period(text='2023-H2', year=2023, first_month=7, last_month=12)
    >>> parse_period("2024-Q1-Q3").last_month
    9
    >>> parse_period("2023-13")
    Traceback (most recent call last):
    ...
    cdskit.errors.ParameterError: period='2023-13' is not a period: ...
    """
    text = str(value).strip() if value is not None else ""
    if text == UNDATED_PERIOD and undated:
        return Period(UNDATED_PERIOD, None, None, None)
    found = _COMPILED.match(text)
    problem = None
    if found is not None:
        year = int(found["year"])
        q1, q2 = found["q1"], found["q2"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            problem = f"outside the years {FIRST_YEAR}-{LAST_YEAR}"
        elif q2 is not None and int(q2) <= int(q1):
            problem = "a quarter range that does not go forward"
    if found is None or problem is not None:
        problem = problem or "not a period"
        forms = PERIOD_FORMS if undated else PERIOD_FORMS.replace(" or undated", "")
        raise ParameterError(
            f"{parameter}={text!r} is {problem}: expected one of the forms {forms}. Months "
            "are 01-12, halves H1-H2, quarters Q1-Q4."
        )
    return Period(text, year, *_months(found["suffix"] or "", q1, q2))


def _months(suffix: str, q1: str | None, q2: str | None) -> tuple[int, int]:
    if not suffix:
        return 1, 12
    if suffix in ("H1", "H2"):
        return (1, 6) if suffix == "H1" else (7, 12)
    if q1 is not None:
        last = int(q2 or q1)
        return int(q1) * 3 - 2, last * 3
    return int(suffix), int(suffix)

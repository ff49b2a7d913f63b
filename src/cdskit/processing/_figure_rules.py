"""Rules a figure's cells must follow before its unit is resolved (for the clean step).

Each rule rejects the figures that break it through a :class:`RuleCheck`, with the cell and a
message in Vietnamese and English: control characters in any cell, periods (their form, and
no 2008-vintage figure after the reform of 1 July 2025), values (numbers, denominators, a
number that reads two ways when the file declares no ``number_locale``) and the unit a value
is written in (it must fit the indicator's unit in the codebook).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cdskit.errors import InputError
from cdskit.periods import FIRST_YEAR, LAST_YEAR, PERIOD_FORMS, PERIOD_PATTERN
from cdskit.processing._measure_units import unit_mismatch
from cdskit.processing.reshape import FIELDS
from cdskit.processing.validate import RuleCheck
from cdskit.raw.sources import FileEntry
from cdskit.values import ambiguous_numbers, detect_locale, parse_values
from cdskit.vietnamese import CONTROL_CHARACTERS, printable

_PERIOD = PERIOD_PATTERN  # the one grammar of periods (cdskit.periods)
_REFORM_MONTH = 2025 * 12 + 7  # July 2025, as year * 12 + month
_FIRST_YEAR, _LAST_YEAR = FIRST_YEAR, LAST_YEAR


def check_periods(check: RuleCheck, figures: pd.DataFrame) -> pd.Series:
    """Reject malformed periods and 2008-vintage periods after the reform; return the years."""
    year, start = _periods(check, figures["period"])
    _check_reform_dates(check, figures, start)
    return year


def parse_figures(
    check: RuleCheck, figures: pd.DataFrame, entry: FileEntry
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse values and denominators; reject numbers that read two ways in an undeclared file."""
    values, denominators, ambiguous = _parse(figures, entry)
    check.reject(
        ambiguous,
        "ambiguous_number",
        figures["value"],
        lambda t: (
            f"'{t}' đọc được theo hai cách (dấu '.' phân cách hàng nghìn theo vi, là dấu thập "
            f"phân theo en) và không ô nào trong tệp {entry.path} cho biết định dạng số; khai "
            "báo number_locale: vi (hoặc en) cho tệp này trong data/raw/sources.yml."
        ),
        lambda t: (
            f"'{t}' reads two ways (in vi-VN the dot groups thousands, in English it marks "
            f"decimals) and no cell of {entry.path} shows which format the file uses; declare "
            "number_locale: vi (or en) for this file in data/raw/sources.yml."
        ),
    )
    return values, denominators


def check_values(
    check: RuleCheck,
    figures: pd.DataFrame,
    values: pd.DataFrame,
    denominators: pd.DataFrame,
    codebook: pd.DataFrame,
    codes: dict[str, np.ndarray],
) -> None:
    """Reject values that are not numbers, wrong denominators and units that do not fit."""
    _numbers(check, figures, values, denominators)
    written_in = unit_mismatch(
        figures["indicator"], values["unit_text"], values["percent"], codebook, codes=codes
    )
    check.reject(
        written_in,
        "unit_mismatch",
        figures["value"],
        lambda t: _unit_message(t, figures, codebook, "vi"),
        lambda t: _unit_message(t, figures, codebook, "en"),
    )


def check_cells(check: RuleCheck, figures: pd.DataFrame, codes: dict[str, np.ndarray]) -> None:
    """Reject figures with a control character (NUL, ESC…) in any of their cells.

    Each distinct text is looked at once: through ``codes`` (each row's code of its cleaned
    text, per field) for the cleaned fields, through Arrow for the value column.
    """
    for name in FIELDS:
        column = figures[name]
        if name in codes:
            row_codes = codes[name]
            uniques = np.empty(int(row_codes.max(initial=-1)) + 1, dtype=object)
            uniques[row_codes] = column.to_numpy(dtype=object)
        else:
            if not _may_hold_controls(column):
                continue
            row_codes, found = pd.factorize(column, use_na_sentinel=True)
            uniques = np.asarray(found, dtype=object)
        texts = pd.Series(uniques, dtype=object).astype(str)
        bad = np.append(texts.str.contains(CONTROL_CHARACTERS).to_numpy(dtype=bool), False)
        if not bad.any():
            continue
        labels = [printable(str(u)) if b else "" for u, b in zip(uniques, bad[:-1], strict=True)]
        shown = np.array([*labels, ""], dtype=object)
        check.reject(
            pd.Series(bad[row_codes], index=figures.index),
            "bad_cell",
            pd.Series(shown[row_codes], index=figures.index, dtype=object),
            functools.partial(_control_message_vi, name),
            functools.partial(_control_message_en, name),
            origins=figures["at"] if name in ("unit", "province") else None,
        )


def _control_message_vi(column: str, text: str) -> str:
    return f"Ô ở cột '{column}' chứa ký tự điều khiển ({text}); gõ lại ô này trong tệp gốc."


def _control_message_en(column: str, text: str) -> str:
    return (
        f"The cell of column '{column}' holds a control character ({text}); it is not "
        "published. Retype the cell in the raw file."
    )


def _may_hold_controls(column: pd.Series) -> bool:
    """Whether a text column may hold a control character (False when Arrow shows it cannot)."""
    try:
        texts = pa.array(column, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return True
    return bool(pc.any(pc.match_substring_regex(texts, _CONTROL_RE2)).as_py())


_CONTROL_RE2 = (  # CONTROL_CHARACTERS in RE2 syntax
    r"[\x00-\x1f\x7f-\x{9f}\x{61c}\x{200e}\x{200f}\x{202a}-\x{202e}\x{2066}-\x{2069}]"
)


def _unit_message(text: str, figures: pd.DataFrame, codebook: pd.DataFrame, lang: str) -> str:
    indicator = figures.loc[figures["value"] == text, "indicator"].iloc[0]
    unit = codebook.at[indicator, "unit_vi" if lang == "vi" else "unit_en"]
    kind = codebook.at[indicator, "kind"]
    if lang == "vi":
        return (
            f"Giá trị '{text}' ghi đơn vị khác với đơn vị của chỉ tiêu '{indicator}' "
            f"({unit}, loại {kind}); kiểm tra lại nguồn hoặc chọn đúng chỉ tiêu."
        )
    return (
        f"Value '{text}' is written in a unit that does not fit indicator '{indicator}' "
        f"(unit {unit}, kind {kind}); check the source, or map the figure to the indicator "
        "that is counted in that unit."
    )


def _check_reform_dates(check: RuleCheck, figures: pd.DataFrame, start: pd.Series) -> None:
    """Reject 2008-vintage figures whose period starts on or after 1 July 2025.

    The reverse is not a rule: figures for the 34 provinces can cover earlier periods when
    recomputed for the new geography (DTI 2024, published for the 34 provinces) or assigned
    to it by location (connectivity tiles of earlier quarters).
    """
    after = (figures["vintage"] == "2008") & (start >= _REFORM_MONTH)
    check.reject(
        after,
        "period_after_reform",
        figures["period"],
        lambda t: (
            f"Kỳ {t} bắt đầu từ sau 1/7/2025 (sáp nhập tỉnh) nên không thể thuộc giai đoạn "
            "2008 (63 tỉnh); ghi vintage 2025 và đơn vị sau sắp xếp."
        ),
        lambda t: (
            f"Period {t} starts after 1 July 2025, when the provinces merged, so it cannot "
            "be in vintage 2008 (63 provinces); write vintage 2025 and the unit as it is now."
        ),
    )


def _periods(check: RuleCheck, period: pd.Series) -> tuple[pd.Series, pd.Series]:
    codes, uniques = pd.factorize(period)
    parts = pd.Series(uniques, dtype=object).str.extract(f"^{_PERIOD}$")
    ordered = parts["q2"].isna() | (parts["q1"].fillna("0") < parts["q2"].fillna("9"))
    years = pd.to_numeric(parts["year"], errors="coerce")
    fine = (pd.Series(uniques, dtype=object) == "undated") | (
        years.between(_FIRST_YEAR, _LAST_YEAR) & ordered
    )
    year = pd.Series(years.to_numpy()[codes], index=period.index)
    start = pd.Series((years * 12 + _first_month(parts)).to_numpy()[codes], index=period.index)
    good = pd.Series(fine.to_numpy()[codes], index=period.index)
    check.reject(
        ~good,
        "bad_period",
        period,
        lambda t: f"Kỳ '{t}' không hợp lệ; dùng 2022, 2023-H1, 2022-06, 2024-Q1-Q3 hoặc undated.",
        lambda t: f"Period '{t}' is not one of the forms {PERIOD_FORMS}.",
    )
    return year, start


def _first_month(parts: pd.DataFrame) -> pd.Series:
    """First month (1-12) of each period's parts: a bare year or H1 starts in January."""
    suffix = parts["suffix"].fillna("")
    month = pd.to_numeric(suffix.where(suffix.str.fullmatch(r"\d\d"), None), errors="coerce")
    quarter = pd.to_numeric(parts["q1"], errors="coerce")
    first = pd.Series(1.0, index=parts.index).mask(suffix == "H2", 7)
    return first.mask(month.notna(), month).mask(quarter.notna(), quarter * 3 - 2)


def _parse(figures: pd.DataFrame, entry: FileEntry) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Parse values and denominators; also flag cells no declared or found locale can read."""
    texts = figures["value"]
    try:
        locale = entry.number_locale or detect_locale(texts.rename("value"), default=None)
    except InputError as exc:
        raise InputError(f"{entry.path}: {exc}") from None
    ambiguous = pd.Series(False, index=texts.index)
    if locale is None:  # nothing decides: refuse the cells that read two ways, never guess
        ambiguous = ambiguous_numbers(texts) | ambiguous_numbers(figures["denominator"])
        locale = "vi"  # the other cells read the same in both locales
    given = figures["denominator"]
    written = given[given != ""]  # most tables give no separate denominator
    denominators = parse_values(written, locale=locale)[["value", "error"]]
    denominators = denominators.reindex(given.index)
    return parse_values(texts, locale=locale), denominators, ambiguous


def _numbers(
    check: RuleCheck, figures: pd.DataFrame, values: pd.DataFrame, denominators: pd.DataFrame
) -> None:
    failed = values["error"].notna()
    if failed.any():  # messages split only for the cells that failed
        errors = values.loc[failed, "error"].astype(object).astype(str).str.partition(" / ")
        vietnamese = errors[2].where(errors[2] != "", errors[0])
        check.reject(failed, "bad_value", figures["value"], vietnamese, errors[0])
    twice = (
        denominators["value"].notna()
        & values["denominator"].notna()
        & (denominators["value"] != values["denominator"])
    )
    check.reject(
        denominators["error"].notna() | twice,
        "bad_denominator",
        figures["denominator"],
        lambda t: f"Mẫu số '{t}' không phải là số hoặc khác mẫu số ghi trong giá trị.",
        lambda t: f"Denominator '{t}' is not a number or differs from the one in the value.",
    )

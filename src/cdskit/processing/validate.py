"""Check observations against the schema and the codebook; split them into accepted and rejects.

Every row ends up in exactly one of the two tables (accepted + rejected = input, asserted on
every call). A reject names the file, sheet and cell it came from, the rule it broke and a
message in Vietnamese and English.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from cdskit.dataset.codebook import suggest_indicators
from cdskit.dataset.observations import COLUMNS, FIGURE_KEY
from cdskit.errors import ValidationError, did_you_mean
from cdskit.processing._rejects import REJECT_COLUMNS as REJECT_COLUMNS
from cdskit.processing._rejects import RuleCheck as RuleCheck
from cdskit.processing._rejects import empty_rejects as empty_rejects
from cdskit.processing._rejects import split_origin as split_origin
from cdskit.terms import PROVINCE_COUNT, UNIT_LEVELS, VINTAGES
from cdskit.units import resolver as units

#: Range each codebook kind implies (``None``: no bound from the kind).
KIND_RANGES: dict[str, tuple[float | None, float | None]] = {
    "index": (0.0, 1.0),
    "percent": (0.0, 100.0),
    "rank": (1.0, None),
    "count": (0.0, None),
    "measure": (0.0, None),
    "points": (0.0, None),
}

#: Every rule a reject can name, with what it means in Vietnamese and English.
RULES: dict[str, tuple[str, str]] = {
    "missing_field": ("Ô bắt buộc trong bảng gốc bị trống", "A cell the layout needs is empty"),
    "bad_unit_level": ("Cấp đơn vị không hợp lệ", "Unit level is not a known level"),
    "bad_vintage": ("Giai đoạn hành chính không phải 2008/2025", "Vintage is not 2008 or 2025"),
    "unknown_indicator": ("Chỉ tiêu không có trong codebook", "Indicator is not in the codebook"),
    "unknown_source": ("Nguồn không có trong sources.yml", "Source is not in sources.yml"),
    "bad_period": ("Kỳ số liệu viết sai dạng", "Period is not in a known form"),
    "bad_value": ("Giá trị không đọc được thành số", "Value cannot be read as a number"),
    "bad_denominator": ("Mẫu số sai hoặc mâu thuẫn", "Denominator is wrong or contradicts"),
    "unknown_unit": ("Không tìm thấy đơn vị hành chính", "Administrative unit not found"),
    "ambiguous_unit": ("Tên đơn vị trùng nhiều nơi", "Unit name matches several units"),
    "unexpected_column": ("Cột không được khai báo nên chưa đọc", "Undeclared column not read"),
    "required": ("Thiếu giá trị bắt buộc", "A required value is missing"),
    "wrong_vintage": ("Mã đơn vị không thuộc giai đoạn", "Unit code not in the row's vintage"),
    "out_of_range": ("Giá trị ngoài khoảng hợp lệ", "Value outside the valid range"),
    "not_whole_rank": ("Thứ hạng không phải số nguyên", "Rank is not a whole number"),
    "duplicate": ("Trùng số liệu cùng nguồn", "Same figure twice from one source"),
    "bad_cell": ("Ô chứa ký tự điều khiển", "A cell holds a control character"),
    "ambiguous_number": (
        "Số đọc được hai cách, tệp chưa khai báo number_locale",
        "Number reads two ways and the file declares no number_locale",
    ),
    "unit_mismatch": (
        "Đơn vị ghi kèm không khớp đơn vị của chỉ tiêu",
        "Written unit does not fit the indicator's unit",
    ),
    "period_after_reform": (
        "Kỳ sau 1/7/2025 nhưng ghi giai đoạn 2008",
        "Period after 1 July 2025 in vintage 2008",
    ),
    "not_whole_count": ("Số đếm không phải số nguyên", "Count is not a whole number"),
}

#: Units of ``count`` indicators that measure rather than count (their figures may have
#: decimals): areas and lengths.
MEASURE_UNITS: frozenset[str] = frozenset({"km²", "km2", "km", "ha", "m²"})


@dataclass
class ValidationResult:
    """Accepted observations and rejected rows of one validation."""

    accepted: pd.DataFrame
    rejects: pd.DataFrame


def validate(observations: pd.DataFrame, codebook: pd.DataFrame) -> ValidationResult:
    """Split observations into accepted rows and rejects.

    Checks: required columns and values; vintage 2008 or 2025; unit level; indicator in the
    codebook; the unit (or its province) exists in the row's vintage; value in the range of the
    indicator's kind (index 0–1, percent 0–100, rank 1–denominator, counts and points ≥ 0,
    points ≤ denominator) and the codebook's min/max; one figure per unit, indicator, period and
    source.

    Parameters
    ----------
    observations : pandas.DataFrame
        Columns of :data:`cdskit.dataset.observations.COLUMN_NAMES`.
    codebook : pandas.DataFrame
        From :func:`cdskit.dataset.codebook.load_codebook`.

    Returns
    -------
    ValidationResult
        ``accepted`` (same columns) and ``rejects`` (:data:`REJECT_COLUMNS`).

    Raises
    ------
    ValidationError
        A column of the schema is missing altogether.
    """
    return _validate_handed([observations], codebook)


def _validate_handed(handed: list[pd.DataFrame], codebook: pd.DataFrame) -> ValidationResult:
    """Validate observations handed over in a list (see :func:`validate`).

    The caller gives up its reference: the list's one frame is taken out of it, so when rows
    are rejected each column is released as soon as its accepted rows are copied
    (:func:`_kept_rows`) and the table is never held twice. A caller that keeps its own
    reference (as :func:`validate` does) gets the same result; its frame is left unchanged.

    Parameters
    ----------
    handed : list of pandas.DataFrame
        One frame of observations; the list is left empty.
    codebook : pandas.DataFrame
        As in :func:`validate`.

    Returns
    -------
    ValidationResult
        As :func:`validate` returns.

    Raises
    ------
    ValidationError
        As :func:`validate` raises.
    """
    observations = handed.pop()
    # The text columns the clean step let go were Arrow's; its pool keeps freed pages for its own
    # later use, and the checks below allocate NumPy arrays: give those pages back first.
    pa.default_memory_pool().release_unused()
    missing = [column.name for column in COLUMNS if column.name not in observations.columns]
    if missing:
        raise ValidationError(
            f"Observations lack the column(s) {', '.join(missing)}; every column of "
            "cdskit.dataset.COLUMNS is needed (fill optional ones with missing values)."
        )
    n_input = len(observations)
    rows = observations.reset_index(drop=True)  # a new frame over the same columns
    del observations
    check = RuleCheck(rows["origin"])
    for column in COLUMNS:
        if column.required:
            empty = rows[column.name].isna()
            if column.name != "value_as_published":  # an empty cell is published as ""
                empty |= rows[column.name] == ""  # only a text can be empty
            check.reject(
                empty,
                "required",
                rows[column.name],
                functools.partial(_required_message_vi, column.name),
                functools.partial(_required_message_en, column.name),
            )
    vintage = pd.to_numeric(rows["vintage"], errors="coerce")
    check.reject(
        ~vintage.isin(VINTAGES),
        "bad_vintage",
        rows["vintage"],
        lambda t: f"Giai đoạn '{t}' phải là 2008 hoặc 2025.",
        lambda t: f"Vintage '{t}' must be 2008 or 2025.",
    )
    check.reject(
        ~rows["unit_level"].isin(UNIT_LEVELS),
        "bad_unit_level",
        rows["unit_level"],
        lambda t: f"Cấp đơn vị '{t}' phải là một trong {', '.join(UNIT_LEVELS)}.",
        lambda t: f"Unit level '{t}' must be one of {', '.join(UNIT_LEVELS)}.",
    )
    check.reject(
        ~rows["indicator"].isin(codebook.index),
        "unknown_indicator",
        rows["indicator"],
        lambda t: (
            f"Chỉ tiêu '{t}' không có trong codebook."
            + did_you_mean(t, suggest_indicators(t, codebook), ranked=True).replace(
                "Did you mean", "Có phải là"
            )
        ),
        lambda t: (
            f"Indicator '{t}' is not in the codebook."
            + did_you_mean(t, suggest_indicators(t, codebook), ranked=True)
        ),
    )
    _check_vintage_units(check, rows, vintage)
    _check_ranges(check, rows, codebook)
    _check_duplicates(check, rows)
    del vintage
    rejects = check.frame()
    ok = check.ok.to_numpy()
    del check  # it holds the origins
    # Without a reject every row is accepted as it is: no copy of the table.
    accepted = rows if ok.all() else _kept_rows(rows, ok)
    if len(accepted) + len(rejects) != n_input:
        raise AssertionError("validate: accepted + rejected != input rows")
    return ValidationResult(accepted=accepted, rejects=rejects)


def _kept_rows(rows: pd.DataFrame, ok: np.ndarray) -> pd.DataFrame:
    """Return the rows where ``ok`` holds, taking the columns out of ``rows`` one at a time.

    Each column of ``rows`` is released once its kept rows are copied, so a table handed over
    (:func:`_validate_handed`) is never held twice; the columns, their order and dtypes are
    those of ``rows[ok]``.
    """
    kept = {name: rows.pop(name)[ok].reset_index(drop=True) for name in list(rows.columns)}
    # copy=False: the frame takes the kept columns as they are (inserting would copy each).
    return pd.DataFrame(kept, index=pd.RangeIndex(int(ok.sum())), copy=False)


def _check_vintage_units(check: RuleCheck, rows: pd.DataFrame, vintage: pd.Series) -> None:
    level = rows["unit_level"]
    own = level == "province"
    code = rows["unit_code"].where(own, rows["province_code"]).astype(object)
    wrong = np.zeros(len(rows), dtype=bool)
    placed = level.isin(["province", "district", "commune", "agency"]).to_numpy()
    for year in VINTAGES:
        table = units.units("province", year)
        names = dict(zip(table["code"].astype(str), table["name"].astype(str), strict=True))
        in_year = (vintage == year).to_numpy() & placed
        at = np.flatnonzero(in_year)
        wrong[at] |= ~code.iloc[at].isin(list(names)).to_numpy()
        # A code reused across vintages (24 was Bắc Giang, is Bắc Ninh) shows in the name.
        at = np.flatnonzero(in_year & own.to_numpy())
        named = rows["unit_code"].iloc[at].map(names).to_numpy(dtype=object)
        wrong[at] |= named != rows["unit_name"].iloc[at].to_numpy(dtype=object)
    wrong |= ((level == "national") & (rows["unit_code"] != units.NATIONAL_CODE)).to_numpy()
    wrong = pd.Series(wrong, index=rows.index)
    check.reject(
        wrong,
        "wrong_vintage",
        code.where(code.notna(), rows["unit_code"]).astype(object),
        lambda t: f"Mã tỉnh '{t}' không thuộc giai đoạn hành chính của dòng này.",
        lambda t: (
            f"Province code '{t}' does not exist in this row's vintage; convert the "
            "unit explicitly (cdskit.units.resolver) instead of reusing a code across vintages."
        ),
    )


def _check_ranges(check: RuleCheck, rows: pd.DataFrame, codebook: pd.DataFrame) -> None:
    indicator_codes, indicators = pd.factorize(rows["indicator"], use_na_sentinel=True)
    # The codebook's entry of each distinct indicator (last: rows without an indicator).
    meta = codebook.reindex([*np.asarray(indicators, dtype=object), None])
    indicator_codes = np.where(indicator_codes < 0, len(indicators), indicator_codes)
    kinds = meta["kind"].to_numpy(dtype=object)  # one per distinct indicator

    def of_kind(*names: str) -> np.ndarray:
        return np.isin(kinds, names)[indicator_codes]

    known = np.append(np.asarray(pd.Index(indicators).isin(codebook.index)), False)
    value = rows["value"].to_numpy(dtype="float64", na_value=np.nan)
    present = ~np.isnan(value) & known[indicator_codes]
    denominator = rows["denominator"].to_numpy(dtype="float64", na_value=np.nan)
    lows = np.full(len(kinds), float("-inf"))
    highs = np.full(len(kinds), float("inf"))
    for kind_name, (kind_low, kind_high) in KIND_RANGES.items():
        is_kind = kinds == kind_name
        if kind_low is not None:
            lows[is_kind] = kind_low
        if kind_high is not None:
            highs[is_kind] = kind_high
    low, high = lows[indicator_codes], highs[indicator_codes]
    bounded = of_kind("rank", "points") & ~np.isnan(denominator)
    high = np.where(bounded, denominator, high)
    # A province rank without a written denominator is out of the provinces of its vintage.
    vintage = pd.to_numeric(rows["vintage"], errors="coerce")
    provinces = vintage.map(PROVINCE_COUNT).to_numpy(dtype="float64", na_value=np.nan)
    of_provinces = of_kind("rank") & np.isnan(denominator)
    of_provinces &= (rows["unit_level"] == "province").to_numpy(dtype=bool)
    high = np.where(of_provinces & ~np.isnan(provinces), provinces, high)
    del provinces, of_provinces, bounded
    lowest = meta["min"].astype("float64").fillna(float("-inf")).to_numpy()[indicator_codes]
    low = np.maximum(low, lowest)
    highest = meta["max"].astype("float64").fillna(float("inf")).to_numpy()[indicator_codes]
    high = np.minimum(high, highest)
    del lowest, highest
    outside = pd.Series(present & ((value < low) | (value > high)), index=rows.index)
    if outside.any():
        low, high = pd.Series(low, index=rows.index), pd.Series(high, index=rows.index)
        check.reject(
            outside,
            "out_of_range",
            rows["value_as_published"],
            _range_messages(rows[outside], low[outside], high[outside], "vi"),
            _range_messages(rows[outside], low[outside], high[outside], "en"),
        )
    del low, high, outside
    measured = meta["unit_en"].isin(MEASURE_UNITS).to_numpy(dtype=bool)
    counted = of_kind("count") & ~measured[indicator_codes]
    fraction = value % 1 != 0
    check.reject(
        pd.Series(present & counted & fraction, index=rows.index),
        "not_whole_count",
        rows["value_as_published"],
        lambda t: f"Số đếm '{t}' phải là số nguyên; kiểm tra dấu thập phân và number_locale.",
        lambda t: (
            f"Count '{t}' must be a whole number; check the decimal mark and the file's "
            "number_locale."
        ),
    )
    check.reject(
        pd.Series(present & of_kind("rank") & fraction, index=rows.index),
        "not_whole_rank",
        rows["value_as_published"],
        lambda t: f"Thứ hạng '{t}' phải là số nguyên.",
        lambda t: f"Rank '{t}' must be a whole number.",
    )


def _range_messages(rows: pd.DataFrame, low: pd.Series, high: pd.Series, lang: str) -> pd.Series:
    def bound(number: float) -> str:
        return "∞" if abs(number) == float("inf") else f"{number:g}"

    out = []
    for text, indicator, lo, hi in zip(
        rows["value_as_published"], rows["indicator"], low, high, strict=True
    ):
        span = f"[{bound(lo)}, {bound(hi)}]"
        if lang == "vi":
            out.append(f"Giá trị '{text}' của chỉ tiêu '{indicator}' nằm ngoài khoảng {span}.")
        else:
            out.append(
                f"Value '{text}' of indicator '{indicator}' is outside {span} (kind and "
                "codebook range); check the source or the codebook."
            )
    return pd.Series(out, index=rows.index, dtype=object)


def _check_duplicates(check: RuleCheck, rows: pd.DataFrame) -> None:
    keys = [*FIGURE_KEY, "source_id"]
    at = np.flatnonzero(check.ok.to_numpy(dtype=bool))
    combined = _key_codes(rows, keys, at)  # equal codes, equal keys (missing equal too)
    duplicated = pd.Series(combined).duplicated(keep="first").to_numpy()
    if not duplicated.any():
        return
    first = np.full(int(combined.max()) + 1, -1, dtype=np.int64)
    first[combined[::-1]] = at[::-1]  # the first row of each key
    twice = at[duplicated]
    # Messages for the duplicates alone: the first row's cell of each (no text for every row).
    origins = rows["origin"].iloc[first[combined[duplicated]]].to_numpy(dtype=object)
    where = pd.Series(origins, index=rows.index[twice], dtype=object)
    mask = np.zeros(len(rows), dtype=bool)
    mask[twice] = True
    check.reject(
        pd.Series(mask, index=rows.index),
        "duplicate",
        rows["value_as_published"],
        "Trùng số liệu (cùng đơn vị, chỉ tiêu, kỳ và nguồn) với " + where.astype(str) + ".",
        "Same unit, indicator, period and source as " + where.astype(str) + "; keep one.",
    )


def flag_conflicts(observations: pd.DataFrame) -> pd.Series:
    """Return True for figures that another source gives a different value for.

    Parameters
    ----------
    observations : pandas.DataFrame
        Observations with the :data:`~cdskit.dataset.observations.FIGURE_KEY` columns, ``value``
        and ``source_id``.

    Returns
    -------
    pandas.Series
        Boolean, same index. Missing values never conflict.
    """
    keys = list(FIGURE_KEY)
    at = np.flatnonzero(observations["value"].notna().to_numpy(dtype=bool))
    repeated = _repeated_keys(observations, keys, at)  # a key given once cannot conflict
    present = observations.iloc[at[repeated]][[*keys, "value", "source_id"]]
    if present.empty:
        return pd.Series(False, index=observations.index)
    rounded = present.assign(_v=present["value"].round(9))
    grouped = rounded.groupby(keys, dropna=False)
    disagree = (grouped["_v"].transform("nunique") > 1) & (
        grouped["source_id"].transform("nunique") > 1
    )
    return disagree.reindex(observations.index, fill_value=False).astype(bool)


def _repeated_keys(rows: pd.DataFrame, keys: list[str], at: np.ndarray) -> np.ndarray:
    """Return, for the rows at positions ``at``, whether another of them has the same keys."""
    combined = _key_codes(rows, keys, at)
    return np.bincount(combined, minlength=1)[combined] > 1


def _key_codes(rows: pd.DataFrame, keys: list[str], at: np.ndarray) -> np.ndarray:
    """Return one integer per row at positions ``at``: equal integers, equal keys.

    Missing values equal each other, as in :meth:`pandas.DataFrame.duplicated`; no copy of
    the key columns is hashed as a whole.
    """
    combined = np.zeros(len(at), dtype=np.int64)
    for name in keys:  # one id per distinct combination, kept small by refactorising
        codes, uniques = pd.factorize(rows[name].iloc[at], use_na_sentinel=False)
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + codes)
    return combined


def register_sections(register) -> list[tuple[str, pd.DataFrame]]:
    """Return the validation report's sections about how raw files were taken in.

    Three tables, each empty when there is nothing to say: the sheets of every workbook with
    more than one sheet or a hidden one, read or not and why (the reader's rule,
    :func:`cdskit.raw.read.workbook_sheets`); the Ookla tiles left out as impossible
    measurements, by rule (recorded with each quarter's source); the survey submissions
    superseded by a corrected file (``superseded:`` in ``sources.yml``).

    Parameters
    ----------
    register : cdskit.raw.sources.Register
        The checked register.

    Returns
    -------
    list of (str, pandas.DataFrame)
        Section title and table.
    """
    import yaml

    from cdskit.raw.read import workbook_sheets

    sheets = []
    for entry in register.files:
        if not entry.path.lower().endswith((".xlsx", ".xlsm")):
            continue
        if entry.pinned or entry.layout in ("hierarchy", "lookup"):
            continue  # pinned statistics tables: read by their own layout, outside data/raw
        hint = (
            ("unit", "indicator", "value")
            if entry.layout == "long"
            else (entry.unit_column or "", *entry.indicators)
        )
        listing = workbook_sheets(
            register.raw_dir / entry.path,
            sheet=entry.sheet,
            header_hint=hint,
            number_locale=entry.number_locale or "vi",
        )
        if len(listing) > 1 or (listing["state"] != "visible").any():
            sheets.append(listing.assign(file=entry.path))
    columns = ["file", "sheet", "state", "read", "why"]
    sheet_table = pd.concat(sheets, ignore_index=True)[columns] if sheets else None
    document = yaml.safe_load(register.path.read_text(encoding="utf-8")) or {}
    tiles = [
        {"source": item.get("id"), "rule": rule, "tiles": int(count)}
        for item in document.get("sources") or []
        for rule, count in (item.get("tiles_rejected") or {}).items()
    ]
    superseded = [
        {key: item.get(key) for key in ("path", "sha256", "superseded_by", "replaced_on")}
        for item in document.get("superseded") or []
    ]
    return [
        (
            "Trang tính đã đọc hoặc bỏ qua / Workbook sheets read or left out",
            sheet_table if sheet_table is not None else pd.DataFrame(columns=columns),
        ),
        (
            "Ô lưới Ookla bị loại theo quy tắc / Ookla tiles rejected by rule",
            pd.DataFrame(tiles, columns=["source", "rule", "tiles"]),
        ),
        (
            "Bản khảo sát đã được thay thế / Survey submissions superseded",
            pd.DataFrame(superseded, columns=["path", "sha256", "superseded_by", "replaced_on"]),
        ),
    ]


def _required_message_vi(column: str, _text: str) -> str:
    return f"Thiếu giá trị bắt buộc ở cột '{column}'."


def _required_message_en(column: str, _text: str) -> str:
    return f"Required column '{column}' is empty."

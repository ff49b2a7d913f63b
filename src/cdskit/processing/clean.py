"""Turn raw tables into tidy observations: one row per unit × indicator × period × source.

Each file listed in ``sources.yml`` is read (:func:`cdskit.raw.read.read_tables`), reshaped from its
long or wide layout into figures, and every figure is parsed: its value (vi-VN or English
numbers, qualifiers, fractions, missing markers), its unit (resolved in its vintage), its
period, indicator and source. A figure that fails a rule becomes a reject naming the file,
sheet and cell; nothing is dropped silently.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from cdskit.dataset.codebook import suggest_indicators
from cdskit.dataset.observations import COLUMN_NAMES, TIME_COLUMNS
from cdskit.errors import did_you_mean
from cdskit.processing._figure_rules import (
    check_cells,
    check_periods,
    check_values,
    parse_figures,
)
from cdskit.processing._unit_resolution import resolve_figure_units, unit_messages_vi
from cdskit.processing.reshape import FIELDS, empty_figures, long_figures, wide_figures
from cdskit.processing.validate import RuleCheck, empty_rejects, flag_conflicts
from cdskit.raw.read import Table, read_tables
from cdskit.raw.sources import FileEntry, Register
from cdskit.terms import UNIT_LEVELS
from cdskit.vietnamese import CONTROL_CHARACTERS, clean_text


@dataclass
class CleanResult:
    """Observations, rejects and bookkeeping from cleaning one or more raw files.

    Attributes
    ----------
    observations : pandas.DataFrame
        Columns of :data:`cdskit.dataset.observations.COLUMN_NAMES`.
    rejects : pandas.DataFrame
        Columns of :data:`cdskit.processing.validate.REJECT_COLUMNS`.
    set_aside : pandas.DataFrame
        Note, total and title rows the reader kept out of the data (file, sheet, row, kind,
        text): reported, not rejected.
    counts : pandas.DataFrame
        Per file: ``input`` items (figures, plus columns that could not be read), ``cleaned``
        and ``rejected``; ``input == cleaned + rejected``.
    """

    observations: pd.DataFrame
    rejects: pd.DataFrame
    set_aside: pd.DataFrame
    counts: pd.DataFrame


def clean_all(register: Register, codebook: pd.DataFrame) -> CleanResult:
    """Clean every file of a register and flag conflicting sources.

    Parameters
    ----------
    register : Register
        From :func:`cdskit.raw.sources.check_sources` (hashes already verified).
    codebook : pandas.DataFrame
        From :func:`cdskit.dataset.codebook.load_codebook`.

    Returns
    -------
    CleanResult
        All files' observations (``conflict`` set across files), rejects and counts.
    """
    results = [clean_file(entry, register, codebook) for entry in register.files]
    if not results:
        return CleanResult(_empty_observations(), empty_rejects(), _empty_set_aside(), _counts())
    filled = [r.observations for r in results if len(r.observations)]
    observations = pd.concat(filled, ignore_index=True) if filled else _empty_observations()
    observations["conflict"] = flag_conflicts(observations)
    return CleanResult(
        observations=observations,
        rejects=pd.concat([r.rejects for r in results], ignore_index=True),
        set_aside=pd.concat([r.set_aside for r in results], ignore_index=True),
        counts=pd.concat([r.counts for r in results], ignore_index=True),
    )


def clean_file(entry: FileEntry, register: Register, codebook: pd.DataFrame) -> CleanResult:
    """Clean one raw file into observations and rejects.

    Parameters
    ----------
    entry : FileEntry
        The file's entry in ``sources.yml``.
    register : Register
        The register (for the raw folder and the known source ids).
    codebook : pandas.DataFrame
        From :func:`cdskit.dataset.codebook.load_codebook`.

    Returns
    -------
    CleanResult
        Observations (``conflict`` False; see :func:`clean_all`), rejects and counts.

    Raises
    ------
    InputError
        The file cannot be read, or lacks a column the layout needs.
    """
    if entry.layout == "lookup":  # read by the entries that name it; no figures of its own
        return CleanResult(
            _empty_observations(), empty_rejects(), _empty_set_aside(), _counts(entry.path)
        )
    if entry.layout == "hierarchy":  # a statistics table with subtotal rows (the census)
        from cdskit.processing.census import census_observations

        found = census_observations(entry, register)
        counts = _counts(entry.path, len(found), len(found), 0)
        return CleanResult(found, empty_rejects(), _empty_set_aside(), counts)
    hint = (
        ("unit", "indicator", "value")
        if entry.layout == "long"
        else (entry.unit_column or "", *entry.indicators)
    )
    # The tables are handed over, not kept here: their columns are released once cleaned.
    return clean_tables(
        read_tables(
            register.raw_dir / entry.path,
            sheet=entry.sheet,
            header_hint=hint,
            display_root=register.raw_dir,
            number_locale=entry.number_locale or "vi",
        ),
        entry,
        register,
        codebook,
    )


def clean_tables(
    tables: list[Table], entry: FileEntry, register: Register, codebook: pd.DataFrame
) -> CleanResult:
    """Clean the tables read from one raw file into observations and rejects.

    Parameters
    ----------
    tables : list of Table
        From :func:`cdskit.raw.read.read_tables` on the file ``entry`` describes.
    entry : FileEntry
        The file's entry in ``sources.yml``.
    register : Register
        The register (for the known source ids).
    codebook : pandas.DataFrame
        From :func:`cdskit.dataset.codebook.load_codebook`.

    Returns
    -------
    CleanResult
        Observations (``conflict`` False; see :func:`clean_all`), rejects and counts.

    Raises
    ------
    InputError
        A table lacks a column the layout needs.
    """
    figures, rejects, set_aside, n_input = [], [], [], 0
    for table in tables:
        shape = long_figures if entry.layout == "long" else wide_figures
        table_figures, unread = shape(table, entry)
        figures.append(table_figures)
        rejects.append(unread)
        n_input += len(table_figures) + len(unread)
        aside = table.set_aside.copy()
        aside["text"] = (
            aside["text"]
            .astype(object)
            .str.replace(CONTROL_CHARACTERS, lambda m: f"\\x{ord(m.group()):02x}", regex=True)
        )
        aside.insert(0, "sheet", table.sheet or "")
        aside.insert(0, "file", entry.path)
        set_aside.append(aside)
        del table, table_figures
    # A caller that does not keep the tables lets their columns go once cleaned.
    tables = []
    # Handed over from a list, so no name here keeps the raw columns alive while they are cleaned.
    merged = [pd.concat(figures, ignore_index=True) if figures else empty_figures()]
    figures.clear()
    observations, bad = _observations(merged.pop(), entry, register, codebook)
    all_rejects = pd.concat([*rejects, bad], ignore_index=True)
    if len(observations) + len(all_rejects) != n_input:
        raise AssertionError(f"{entry.path}: cleaned + rejected != input")
    counts = _counts(entry.path, n_input, len(observations), len(all_rejects))
    aside = pd.concat(set_aside, ignore_index=True) if set_aside else _empty_set_aside()
    return CleanResult(observations, all_rejects, aside, counts)


def _counts(file: str | None = None, n_input: int = 0, cleaned: int = 0, rejected: int = 0):
    if file is None:
        return pd.DataFrame(columns=["file", "input", "cleaned", "rejected"])
    return pd.DataFrame(
        [{"file": file, "input": n_input, "cleaned": cleaned, "rejected": rejected}]
    )


def _empty_set_aside() -> pd.DataFrame:
    return pd.DataFrame(columns=["file", "sheet", "row", "kind", "text"])


def _empty_observations() -> pd.DataFrame:
    dtypes = {"vintage": "int64", "year": "Int64", "value": "float64", "denominator": "float64"}
    dtypes["conflict"] = "bool"
    return pd.DataFrame({name: pd.Series(dtype=dtypes.get(name, object)) for name in COLUMN_NAMES})


def _clean_column(column: pd.Series) -> tuple[pd.Series, np.ndarray, pd.Series]:
    """Clean a column of texts once per distinct text.

    Returns the NFC, whitespace-cleaned object column ('' for missing), each row's code of
    its cleaned text (equal codes, equal texts) and whether the row's text is empty.
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    cleaned = np.array([clean_text(str(u)) for u in uniques] + [""], dtype=object)
    text_codes, texts = pd.factorize(cleaned)
    texts = np.asarray(texts, dtype=object)
    row_codes = text_codes.astype(np.int32)[codes]  # half the memory of int64 codes
    del codes
    blank = row_codes == int(np.flatnonzero(texts == "")[0])  # '' is always among the texts
    return (
        pd.Series(texts[row_codes], index=column.index, dtype=object, copy=False),
        row_codes,
        pd.Series(blank, index=column.index, copy=False),
    )


def _as_published(texts: pd.Series) -> pd.Series:
    """Return the cells as ``str`` text ('' for missing), built once per distinct text."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    distinct = pd.array([*(str(u) for u in np.asarray(uniques, dtype=object)), ""], dtype=str)
    return pd.Series(distinct.take(np.where(codes < 0, len(distinct) - 1, codes)))


def _observations(
    figures: pd.DataFrame, entry: FileEntry, register: Register, codebook: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply every rule of the clean step to the figures; return observations and rejects."""
    if figures.empty:
        return _empty_observations(), empty_rejects()
    figures, codes, blank = _cleaned_fields(figures)
    check = RuleCheck(figures["origin"])
    check_cells(check, figures, codes)
    _check_fields(check, figures, blank)
    del blank
    _check_names(check, figures, register, codebook)
    year = check_periods(check, figures)
    values, denominators = parse_figures(check, figures, entry)
    check_values(check, figures, values, denominators, codebook, codes)
    resolved = resolve_figure_units(figures, check.ok, codes)
    del codes
    _check_units(check, figures, resolved)
    keep = check.ok.to_numpy(dtype=bool)
    rejects = check.frame()
    del check  # its origins and messages are in the rejects now
    parts = {"figures": figures, "values": values, "resolved": resolved}
    parts["denominators"], parts["year"] = denominators, year
    del figures, values, resolved, denominators, year
    return _assemble(parts, keep), rejects


def _cleaned_fields(
    figures: pd.DataFrame,
) -> tuple[pd.DataFrame, dict[str, np.ndarray], dict[str, pd.Series]]:
    """Return the figures with every field but ``value`` cleaned, their text codes and blanks.

    The frame is built without copying or consolidating its columns: each column stays its own
    array, so the assembly of the observations can release them one by one.
    """
    columns, codes, blank = {}, {}, {}
    for name in figures.columns:
        if name in FIELDS and name != "value":
            columns[name], codes[name], blank[name] = _clean_column(figures[name])
        else:
            columns[name] = figures[name]
    cleaned = pd.DataFrame(columns, index=pd.RangeIndex(len(figures)), copy=False)
    return cleaned, codes, blank


def _check_fields(check: RuleCheck, figures: pd.DataFrame, blank: dict[str, pd.Series]) -> None:
    """Reject figures with an empty required field, and agency rows without a province."""
    for name in ("unit", "unit_level", "vintage", "indicator", "period", "source_id"):
        check.reject(
            blank[name],
            "missing_field",
            figures[name],
            functools.partial(_missing_message_vi, name),
            functools.partial(_missing_message_en, name),
        )
    check.reject(
        (figures["unit_level"] == "agency") & blank["province"],
        "missing_field",
        figures["province"],
        lambda _t: "Cơ quan cần ghi rõ tỉnh ở cột 'province'.",
        lambda _t: "An agency row needs its province in column 'province'.",
    )


def _missing_message_vi(column: str, _text: str) -> str:
    return f"Thiếu giá trị ở cột '{column}'; điền vào tệp gốc hoặc bỏ dòng."


def _missing_message_en(column: str, _text: str) -> str:
    return f"Column '{column}' is empty; fill it in the raw file or drop the row."


def _check_names(
    check: RuleCheck, figures: pd.DataFrame, register: Register, codebook: pd.DataFrame
) -> None:
    """Reject unknown indicators, unit levels, vintages and sources (with suggestions)."""
    hint = {
        t: did_you_mean(t, suggest_indicators(t, codebook), ranked=True)
        for t in figures["indicator"].unique()
    }
    check.reject(
        ~figures["indicator"].isin(codebook.index),
        "unknown_indicator",
        figures["indicator"],
        lambda t: f"Chỉ tiêu '{t}' không có trong data/codebook.csv.{hint[t]}".replace(
            "Did you mean", "Có phải là"
        ),
        lambda t: f"Indicator '{t}' is not in data/codebook.csv; add it or fix the id.{hint[t]}",
    )
    check.reject(
        ~figures["unit_level"].isin(UNIT_LEVELS),
        "bad_unit_level",
        figures["unit_level"],
        lambda t: f"Cấp đơn vị '{t}' không hợp lệ; dùng một trong {', '.join(UNIT_LEVELS)}.",
        lambda t: (
            f"Unit level '{t}' is not one of {', '.join(UNIT_LEVELS)}."
            + did_you_mean(t, UNIT_LEVELS)
        ),
    )
    check.reject(
        ~figures["vintage"].isin(["2008", "2025"]),
        "bad_vintage",
        figures["vintage"],
        lambda t: f"Giai đoạn hành chính '{t}' không hợp lệ; chỉ dùng 2008 hoặc 2025.",
        lambda t: f"Vintage '{t}' must be 2008 (63 provinces) or 2025 (34 provinces).",
    )
    known = list(register.sources)
    check.reject(
        ~figures["source_id"].isin(known),
        "unknown_source",
        figures["source_id"],
        lambda t: f"Nguồn '{t}' không có trong data/raw/sources.yml.",
        lambda t: (
            f"Source '{t}' is not listed in data/raw/sources.yml; add it or correct the "
            f"id.{did_you_mean(t, known)}"
        ),
    )


def _check_units(check: RuleCheck, figures: pd.DataFrame, resolved: pd.DataFrame) -> None:
    """Reject figures whose unit is unknown or matches several units (at the unit's cell)."""
    for status in ("unknown", "ambiguous"):
        check.reject(
            resolved["status"] == status,
            f"{status}_unit",
            figures["unit"],
            unit_messages_vi(figures, resolved, status),
            resolved["message"].astype(object),
            origins=figures["at"],
        )


def _assemble(parts: dict[str, pd.DataFrame | pd.Series], keep: np.ndarray) -> pd.DataFrame:
    """Build the observations of the rows in ``keep`` from the parts of the clean step.

    ``parts`` holds ``figures``, ``values``, ``denominators``, ``resolved`` and ``year``. Each
    column is taken out of its part as the observations' column is built, so its memory is
    released as soon as it has been used; the columns are not copied into one block.
    """
    # The raw text columns let go while cleaning were Arrow's, whose pool keeps freed pages for
    # its own later use; the columns below are NumPy's: give those pages back first.
    pa.default_memory_pool().release_unused()
    at = np.flatnonzero(keep)
    figures, values, resolved = parts["figures"], parts["values"], parts["resolved"]

    def take(frame: pd.DataFrame, name: str) -> pd.Series:
        column = frame.pop(name)
        if column.dtype == object:  # cleaned texts and resolved units: never NA, None kept
            return pd.Series(column.to_numpy()[at], dtype=object, copy=False)
        texts = column.to_numpy(dtype=object, na_value=None)[at]
        return pd.Series(texts, dtype=object, copy=False)

    data: dict[str, pd.Series] = {}
    data["unit_code"] = take(resolved, "unit_code")
    data["unit_name"] = take(resolved, "unit_name")
    data["province_code"] = take(resolved, "province_code")
    parts.pop("resolved")
    del resolved
    value = values.pop("value").to_numpy(dtype="float64")[at]
    denominator = values.pop("denominator").to_numpy(dtype="float64")[at]
    given = parts.pop("denominators")["value"].to_numpy(dtype="float64")[at]
    reason = values.pop("missing_reason").to_numpy(dtype=object, na_value=None)[at]
    reason = np.where(reason == "", "empty", reason)
    data["value"] = pd.Series(value, copy=False)
    data["denominator"] = pd.Series(np.where(np.isnan(denominator), given, denominator))
    del denominator, given
    reason[~np.isnan(value)] = None  # a reason only where the value is missing
    data["missing_reason"] = pd.Series(reason, dtype=object)
    del value, reason
    data["qualifier"] = take(values, "qualifier")
    parts.pop("values")
    del values
    year = parts.pop("year").to_numpy(dtype="float64")[at]
    data["year"] = pd.Series(pd.array(year, dtype="Int64"), copy=False)
    data["value_as_published"] = _as_published(figures.pop("value").iloc[at])
    vintage_codes, vintages = pd.factorize(figures.pop("vintage").to_numpy(dtype=object)[at])
    data["vintage"] = pd.Series(np.asarray(vintages, dtype="int64")[vintage_codes], copy=False)
    del vintage_codes
    for name, field in (("unit_name_as_published", "unit"), ("unit_level", "unit_level")):
        data[name] = take(figures, field)
    for name in ("indicator", "period", "source_id"):
        data[name] = take(figures, name)
    note = figures.pop("note").to_numpy(dtype=object)[at]
    data["note"] = pd.Series(np.where(note == "", None, note), dtype=object)
    del note
    data["origin"] = pd.Series(figures.pop("origin").array.take(at), copy=False)
    parts.pop("figures")
    del figures
    data["conflict"] = pd.Series(np.zeros(len(at), dtype=bool), copy=False)
    # The time columns are completed by cdskit.processing.dating once every source is known;
    # until then they share one array of None (copied on write).
    unknown = pd.Series(np.full(len(at), None), dtype=object, copy=False)
    for name in TIME_COLUMNS:
        data[name] = unknown
    basis = np.full(len(at), "period", dtype=object)  # one str object, not one per row
    basis[data["period"].to_numpy() == "undated"] = "unknown"
    data["time_basis"] = pd.Series(basis, dtype=object, copy=False)
    ordered = {name: data.pop(name) for name in COLUMN_NAMES}
    return pd.DataFrame(ordered, index=pd.RangeIndex(len(at)), copy=False)

"""The indicator codebook: what each indicator id means, its unit, kind and valid range.

The codebook is a data file (``data/codebook.csv``, columns in ``docs/raw-data.md``); this
module loads it into a typed table and checks the file itself, so a typo in the codebook is
reported once, with its line, rather than as a thousand rejected observations.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from cdskit import paths
from cdskit.errors import InputError, ParameterError, close_matches, did_you_mean
from cdskit.vietnamese import clean_text, name_key

#: Columns of ``data/codebook.csv``, in order.
CODEBOOK_COLUMNS: tuple[str, ...] = (
    "indicator",
    "label_vi",
    "label_en",
    "unit_vi",
    "unit_en",
    "kind",
    "min",
    "max",
    "higher_is_better",
    "aggregation",
    "preferred_source",
    "notes_vi",
    "notes_en",
)

#: Allowed values of ``kind`` and the range each implies.
KINDS: tuple[str, ...] = ("index", "points", "rank", "count", "measure", "percent")

#: Allowed values of ``aggregation`` (how to combine units merged on 1 July 2025).
AGGREGATIONS: tuple[str, ...] = ("sum", "mean", "not_aggregable")

#: Indicators of the connectivity topic, in the order a sentence names them: the narrative's
#: connectivity section states them, and the connectivity-gaps page shows those published below
#: province level.
CONNECTIVITY_INDICATORS: tuple[str, ...] = (
    "villages_with_mobile_coverage",
    "villages_with_3g4g",
    "villages_without_mobile_broadband",
    "villages_with_fibre",
    "villages_without_fibre",
    "share_villages_with_fibre",
    "villages_newly_covered_3g4g",
    "villages_mobile_gap_closed",
    "villages_without_mobile_signal",
    "villages_weak_mobile_signal",
    "villages_without_telecom",
    "share_villages_without_mobile_signal",
    "share_villages_without_mobile_broadband",
    "share_villages_without_fibre",
    "named_villages_without_mobile_signal",
    "named_villages_without_3g4g",
    "named_villages_weak_mobile_signal",
    "named_villages_newly_covered_mobile",
    "households_newly_covered_mobile",
    "bts_stations",
    "schools_without_internet_coverage",
    "villages_in_public_telecom_program",
    "households_with_fibre",
    "share_households_with_fibre",
    "fixed_internet_subscriptions",
    "mobile_internet_subscriptions",
    "vnpt_4g_area_coverage",
    "vnpt_3g_area_coverage",
    "vnpt_2g_area_coverage",
    "vnpt_fibre_villages",
    "specialised_network_connection_points",
    "specialised_network_services_configured",
    "villages_without_electricity",
)

_REQUIRED = ("indicator", "label_vi", "label_en", "kind", "higher_is_better", "aggregation")
_BOOLEANS = {"true": True, "false": False}


def default_path() -> Path:
    """Return the codebook's default location, ``<project>/data/codebook.csv``."""
    return paths.project_root() / "data" / "codebook.csv"


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """Load and check the indicator codebook.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        CSV file to read (default: :func:`default_path`).

    Returns
    -------
    pandas.DataFrame
        One row per indicator, indexed by ``indicator`` (also kept as a column), with the
        columns of :data:`CODEBOOK_COLUMNS`; ``min``/``max`` are floats (NaN = unbounded),
        ``higher_is_better`` is a bool, every text is NFC-normalised.

    Raises
    ------
    InputError
        The file is missing, lacks a column, or a line breaks a rule (duplicate id, unknown
        kind or aggregation, a bound that is not a number, ``min`` above ``max``).
    """
    path = Path(path) if path is not None else default_path()
    if not path.is_file():
        raise InputError(
            f"Codebook {path} not found. Create it with the columns "
            f"{', '.join(CODEBOOK_COLUMNS)} (see docs/raw-data.md)."
        )
    try:
        raw = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", na_filter=False
        )
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(
            f"Codebook {path} cannot be read as UTF-8 CSV ({exc}). Save it as CSV UTF-8."
        ) from exc
    raw.columns = [clean_text(str(name)) for name in raw.columns]
    missing = [name for name in CODEBOOK_COLUMNS if name not in raw.columns]
    if missing:
        extra = [name for name in raw.columns if name not in CODEBOOK_COLUMNS]
        hint = "".join(
            f" Column '{name}':{did_you_mean(name, extra)}"
            for name in missing
            if did_you_mean(name, extra)
        )
        raise InputError(
            f"Codebook {path} lacks the column(s) {', '.join(missing)}; expected "
            f"{', '.join(CODEBOOK_COLUMNS)}.{hint}"
        )
    raw = raw.loc[:, list(CODEBOOK_COLUMNS)].map(clean_text)
    seen: dict[str, int] = {}
    rows = []
    for index, row in enumerate(raw.to_dict("records")):
        line = index + 2
        if row["indicator"] in seen:
            raise InputError(
                f"Codebook {path}, line {line}: indicator '{row['indicator']}' is already "
                f"defined on line {seen[row['indicator']]}. Ids must be unique; rename or "
                "remove one."
            )
        seen[row["indicator"]] = line
        rows.append(_check_row(path, line, row))
    table = pd.DataFrame(rows, columns=list(CODEBOOK_COLUMNS))
    table["min"] = table["min"].astype("float64")
    table["max"] = table["max"].astype("float64")
    table["higher_is_better"] = table["higher_is_better"].astype(bool)
    table.index = pd.Index(table["indicator"], name=None)
    return table


def _check_row(path: Path, line: int, row: dict[str, str]) -> dict[str, object]:
    where = f"Codebook {path}, line {line}"
    for name in _REQUIRED:
        if not row[name]:
            raise InputError(f"{where}: column '{name}' is empty. Fill it in.")
    for name, allowed in (("kind", KINDS), ("aggregation", AGGREGATIONS)):
        if row[name] not in allowed:
            raise InputError(
                f"{where}: {name} '{row[name]}' is not one of {', '.join(allowed)}."
                f"{did_you_mean(row[name], allowed)}"
            )
    flag = row["higher_is_better"].casefold()
    if flag not in _BOOLEANS:
        raise InputError(
            f"{where}: higher_is_better '{row['higher_is_better']}' must be 'true' or 'false'."
        )
    bounds = {name: _bound(where, name, row[name]) for name in ("min", "max")}
    if bounds["min"] > bounds["max"]:
        raise InputError(
            f"{where}: min {row['min']} is above max {row['max']}. Swap or correct them."
        )
    return {**row, **bounds, "higher_is_better": _BOOLEANS[flag]}


def _bound(where: str, name: str, text: str) -> float:
    if not text:
        return -math.inf if name == "min" else math.inf
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"{where}: {name} '{text}' is not a number. Write it with a dot decimal "
            "(e.g. 0.5) or leave it empty for no bound."
        ) from None
    if math.isnan(value):
        raise InputError(f"{where}: {name} must be a number or empty, not NaN.")
    return value


def indicator(indicator_id: str, codebook: pd.DataFrame | None = None) -> pd.Series:
    """Return one indicator's codebook row.

    Parameters
    ----------
    indicator_id : str
        Id as used in raw tables, e.g. ``dti_score``.
    codebook : pandas.DataFrame, optional
        A table from :func:`load_codebook` (default: load the project's codebook).

    Returns
    -------
    pandas.Series
        The row, indexed by :data:`CODEBOOK_COLUMNS`.

    Raises
    ------
    ParameterError
        The id is not in the codebook; the message suggests close ids.
    """
    table = load_codebook() if codebook is None else codebook
    if indicator_id in table.index:
        return table.loc[indicator_id]
    raise ParameterError(unknown_indicator_message(indicator_id, table))


def unknown_indicator_message(indicator_id: str, codebook: pd.DataFrame) -> str:
    """Return the English message for an indicator id missing from the codebook.

    Parameters
    ----------
    indicator_id : str
        The id that was not found.
    codebook : pandas.DataFrame
        The codebook searched.

    Returns
    -------
    str
        A sentence naming the id, what to do, and close ids when there are some.
    """
    close = suggest_indicators(indicator_id, codebook)
    return (
        f"Indicator '{indicator_id}' is not in the codebook; add it to data/codebook.csv "
        f"or correct the id.{did_you_mean(indicator_id, close, ranked=True)}"
    )


def suggest_indicators(indicator_id: str, codebook: pd.DataFrame) -> list[str]:
    """Return up to three codebook ids close to ``indicator_id``, best first.

    An id is close when it differs by a typo, or when its words (or the words of its
    Vietnamese or English label) hold every word written: ``dti`` and ``DTI rank`` find
    ``dti_rank``, ``xếp hạng DTI`` too. Shorter, more general ids come first.

    Parameters
    ----------
    indicator_id : str
        An id, a label or a few words that may contain a typo.
    codebook : pandas.DataFrame
        The codebook to search.

    Returns
    -------
    list of str
        Close ids (possibly empty).

    Examples
    --------
    >>> book = load_codebook()  # doctest: +SKIP
    >>> suggest_indicators("DTI rank", book)[0]  # doctest: +SKIP
    'dti_rank'
    """
    ids = [str(item) for item in codebook.index]
    folded = {item.casefold(): item for item in ids}
    if indicator_id.casefold() in folded:
        return [folded[indicator_id.casefold()]]
    typos = close_matches(indicator_id, ids)
    words = set(_words(indicator_id))
    if not words:
        return typos
    labelled = []
    for item, label_vi, label_en in zip(
        ids, codebook["label_vi"], codebook["label_en"], strict=True
    ):
        texts = (_words(item), _words(str(label_vi)), _words(str(label_en)))
        if any(words <= set(text) for text in texts):
            exact_id = words == set(texts[0])
            labelled.append((not exact_id, len(item), item))
    found = [item for *_, item in sorted(labelled)]
    return list(dict.fromkeys([*typos[:1], *found, *typos]))[:3]


def _words(text: str) -> list[str]:
    return name_key(text).replace("_", " ").replace("-", " ").split()

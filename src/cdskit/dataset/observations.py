"""The tidy observation table: one row per unit × indicator × period × source.

This module is the single definition of its columns; cleaning, validation, publishing
(Parquet/CSV/Frictionless schema) and the notebook loader all use :data:`COLUMNS`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of the observation table.

    Parameters
    ----------
    name : str
        Column name.
    type : str
        Frictionless field type (``string``, ``number``, ``integer``, ``boolean``).
    description : str
        What the column holds, in English.
    required : bool
        Whether every row must have a value.
    """

    name: str
    type: str
    description: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "unit_code",
        "string",
        "Unit code in its vintage: 2-digit province, 3-digit district, "
        "5-digit commune (NSO codes), 'VN' for the country, '<province>-<slug>' for agencies.",
        required=True,
    ),
    Column(
        "unit_name",
        "string",
        "Canonical Vietnamese name of the unit in its vintage.",
        required=True,
    ),
    Column("unit_name_as_published", "string", "The unit's name exactly as the source wrote it."),
    Column(
        "unit_level", "string", "national, province, district, commune or agency.", required=True
    ),
    Column(
        "vintage",
        "integer",
        "Administrative vintage: 2008 (63 provinces, before 1 July 2025) "
        "or 2025 (34 provinces, from 1 July 2025).",
        required=True,
    ),
    Column(
        "province_code", "string", "Code of the province holding the unit, in the same vintage."
    ),
    Column("indicator", "string", "Indicator id from the codebook.", required=True),
    Column(
        "period",
        "string",
        "Period as published: '2022', '2023-H1', '2022-06', '2024-Q1-Q3', 'undated'.",
        required=True,
    ),
    Column("year", "integer", "Calendar year of the period (empty when undated)."),
    Column(
        "time_basis",
        "string",
        "What is known of the figure's time: 'period' (the source states it), 'no_later_than' "
        "(it describes a time no later than as_of: the source's publication date or what its "
        "text says), 'until' (the source says the situation held until as_of and changed "
        "then), 'unknown' (nothing bounds it). Set by the build for every published row.",
    ),
    Column(
        "as_of",
        "string",
        "For a figure without a period: the latest date it can describe (YYYY-MM or "
        "YYYY-MM-DD); empty when unknown or when the period says it.",
    ),
    Column(
        "not_before",
        "string",
        "For a figure without a period: the earliest date it can describe, when known.",
    ),
    Column(
        "superseded_by",
        "string",
        "The later published figure or fact showing the situation changed (empty: none known).",
    ),
    Column("value", "number", "The figure as a number (empty when missing)."),
    Column(
        "qualifier", "string", "Qualifier kept from the source: hơn, trên, gần, khoảng, >, <, ≥, ≤."
    ),
    Column("denominator", "number", "Denominator of a rank or fraction (e.g. 63 in '10/63')."),
    Column("value_as_published", "string", "The value's exact text in the source.", required=True),
    Column("missing_reason", "string", "Why the value is missing (marker as published)."),
    Column("source_id", "string", "Id of the source in data/raw/sources.yml.", required=True),
    Column(
        "conflict",
        "boolean",
        "True when another source gives a different value for the same unit, indicator and period.",
        required=True,
    ),
    Column(
        "origin",
        "string",
        "Where the value was read: 'file:line N' or 'file:Sheet!A1'.",
        required=True,
    ),
    Column("note", "string", "Note from the source or the transcriber."),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)

#: Columns on the time a figure describes, set from its period, its source's date and the
#: dating register (:mod:`cdskit.processing.dating`).
TIME_COLUMNS: tuple[str, ...] = ("time_basis", "as_of", "not_before", "superseded_by")

#: Keys that identify one published figure (a conflict is several sources on one such key).
FIGURE_KEY: tuple[str, ...] = ("vintage", "unit_code", "indicator", "period")

#: Text a spreadsheet would read as a formula when a cell starts with it: published CSV cells
#: that start so are written with a leading apostrophe.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

"""Tables as documents: a DataFrame rendered for a reader, not as a pandas dump.

:func:`document_table` formats every number with :mod:`cdskit.formatting` (vi-VN or English),
writes "—" where a figure is missing and explains it in a legend line, shows no index column,
and either every row or an honest "top N" in which chosen rows (the focus provinces) always
appear. Maps, charts and report notebooks all display their tables through it. The focus
provinces' rows of a ranked table are marked: a left border in the province's colour
(:data:`cdskit.terms.FOCUS_COLOURS`) and the name in bold.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real

import pandas as pd

from cdskit.errors import ParameterError
from cdskit.formatting import check_language, format_number
from cdskit.safe_text import safe_text
from cdskit.terms import FOCUS_COLOURS, FOCUS_PROVINCES, VINTAGES

#: What a table cell shows for a missing figure.
MISSING = "—"
#: A colour a marked row may take (``#0072B2``).
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: Style of a marked row's first cell and of its name: ``{colour}`` is the province's colour.
FOCUS_BORDER = "border-left:4px solid {colour}"
FOCUS_NAME = "font-weight:700"

_TEXT = {
    "vi": {
        "missing": "— : không có số liệu",
        "top": "Hiển thị {shown} trên {total} dòng: {top} dòng đầu",
        "kept": " và {names}",
    },
    "en": {
        "missing": "— : no data",
        "top": "Showing {shown} of {total} rows: the first {top}",
        "kept": " and {names}",
    },
}


@dataclass(frozen=True)
class DocumentTable:
    """A table ready for a report page: formatted cells, caption and notes.

    Attributes
    ----------
    columns : tuple of str
        Column headings, in the reader's language.
    rows : tuple of tuple of str
        Formatted cells.
    numeric : tuple of bool
        Whether each column holds numbers (right-aligned).
    caption : str
        Title of the table.
    notes : tuple of str
        Lines under the table: the legend of "—", what was left out, the caller's notes.
    language : str
        ``"vi"`` or ``"en"``.
    marks : tuple of str
        Colour of each marked row (a focus province), ``""`` for the others; may be shorter
        than ``rows``.
    name_column : int
        Position of the column holding the marked rows' names (shown in bold).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    caption: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    language: str = "vi"
    marks: tuple[str, ...] = field(default_factory=tuple)
    name_column: int = 0

    def to_html(self) -> str:
        """Return the table as an HTML fragment (every text escaped).

        Returns
        -------
        str
            A ``<figure class="cdskit-table">`` holding the table and its notes.
        """

        def esc(text: str) -> str:  # escaped, without bidi controls or invisible characters
            return html.escape(safe_text(text))

        align = [' class="num"' if flag else "" for flag in self.numeric]
        head = "".join(
            f'<th scope="col"{a}>{esc(c)}</th>' for c, a in zip(self.columns, align, strict=True)
        )
        marks = list(self.marks) + [""] * (len(self.rows) - len(self.marks))
        body = "".join(
            (f'<tr class="cdskit-focus" data-colour="{mark}">' if mark else "<tr>")
            + "".join(
                f"<td{a}{_mark_style(mark, i, self.name_column)}>{esc(v)}</td>"
                for i, (v, a) in enumerate(zip(row, align, strict=True))
            )
            + "</tr>"
            for row, mark in zip(self.rows, marks, strict=True)
        )
        caption = f"<caption>{esc(self.caption)}</caption>" if self.caption else ""
        notes = "".join(f"<p>{esc(note)}</p>" for note in self.notes)
        notes = f'<figcaption class="cdskit-table-notes">{notes}</figcaption>' if notes else ""
        return (
            f'<figure class="cdskit-table" lang="{self.language}"><div class="cdskit-table-scroll">'
            f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"</div>{notes}</figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        """Return the table as plain text: caption, rows separated by bars, notes."""
        lines = [self.caption] if self.caption else []
        lines.append(" | ".join(self.columns))
        lines += [" | ".join(row) for row in self.rows]
        lines += list(self.notes)
        return safe_text("\n".join(lines))


def document_table(
    frame: pd.DataFrame,
    language: str = "vi",
    *,
    caption: str = "",
    top: int | None = None,
    keep: Collection[str] = (),
    keep_column: str | None = None,
    decimals: Mapping[str, int] | None = None,
    notes: Sequence[str] = (),
    highlight: Mapping[str, str] | None = None,
) -> DocumentTable:
    """Render ``frame`` as a table for readers: formatted numbers, "—" for missing figures.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows, in the order to show; its index is never shown.
    language : {"vi", "en"}, default "vi"
        Number format and the language of the notes.
    caption : str, optional
        Title of the table, in the reader's language.
    top : int, optional
        Show only the first ``top`` rows, plus every row whose ``keep_column`` is in ``keep``;
        a note says how many rows are shown of how many. Default: every row.
    keep : collection of str, optional
        Values of ``keep_column`` whose rows are always shown (e.g. the focus provinces).
    keep_column : str, optional
        Column looked up for ``keep`` (default: the first column).
    decimals : mapping of str to int, optional
        Exact decimals of numeric columns; others show whole numbers without decimals and
        other numbers as published.
    notes : sequence of str, optional
        Further lines under the table (sources, how to read it).
    highlight : mapping of str to str, optional
        Values of ``keep_column`` whose rows are marked, with their colour (``#0072B2``): a
        left border in that colour and the value in bold. Default: the focus provinces among
        ``keep``, in their colours (:data:`cdskit.terms.FOCUS_COLOURS`).

    Returns
    -------
    DocumentTable
        Displays as HTML in a notebook and a report page.

    Raises
    ------
    ParameterError
        When ``top`` is not a positive whole number, ``keep_column`` is not a column or a
        ``highlight`` colour is not ``#`` and six hexadecimal digits.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"Tỉnh": ["Lạng Sơn", "Lào Cai"], "Thôn": [2314, None]})
    >>> table = document_table(frame)
    >>> table.rows
    (('Lạng Sơn', '2.314'), ('Lào Cai', '—'))
    >>> table.notes
    ('— : không có số liệu',)
    >>> ranked = document_table(frame, keep=["Lạng Sơn"])
    >>> ranked.marks
    ('#0072B2', '')
    >>> cell = '<td style="border-left:4px solid #0072B2;font-weight:700">Lạng Sơn</td>'
    >>> cell in ranked.to_html()
    True
    """
    language = check_language(language)
    text = _TEXT[language]
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ParameterError(f"top={top!r} must be a positive whole number of rows (or None).")
    columns = [str(c) for c in frame.columns]
    column = keep_column if keep_column is not None else (columns[0] if columns else None)
    if (keep or highlight) and column not in columns:
        raise ParameterError(
            f"keep_column={keep_column!r} is not a column of the table (columns: "
            f"{', '.join(columns)})."
        )
    total = len(frame)
    shown = frame.reset_index(drop=True)
    extra: list[str] = []
    if top is not None and total > top:
        wanted = {str(k) for k in keep}
        first = shown.index < top
        kept = ~first & shown[column].astype(str).isin(wanted).to_numpy()
        names = [str(v) for v in shown.loc[kept, column]]
        shown = shown[first | kept]
        line = text["top"].format(shown=len(shown), total=total, top=top)
        if names:
            line += text["kept"].format(names=", ".join(names))
        extra.append(line + ".")
    if highlight is None:
        highlight = {str(k): _focus_colours()[str(k)] for k in keep if str(k) in _focus_colours()}
    for value, colour in highlight.items():
        if not _COLOUR.match(str(colour)):
            raise ParameterError(
                f"highlight[{value!r}]={colour!r} is not a colour: write '#' and six hexadecimal "
                "digits, e.g. '#0072B2'."
            )
    marks = tuple(str(highlight.get(str(v), "")) for v in shown[column]) if highlight else ()
    decimals = dict(decimals or {})
    numeric = tuple(_is_numeric(frame[c]) for c in frame.columns)
    rows = []
    any_missing = False
    for record in shown.itertuples(index=False, name=None):
        cells = []
        for name, value, is_number in zip(columns, record, numeric, strict=True):
            cell = _cell(value, language, decimals.get(name) if is_number else None)
            any_missing = any_missing or cell == MISSING
            cells.append(cell)
        rows.append(tuple(cells))
    lines = ([text["missing"]] if any_missing else []) + extra + [str(n) for n in notes]
    return DocumentTable(
        columns=tuple(columns),
        rows=tuple(rows),
        numeric=numeric,
        caption=caption,
        notes=tuple(lines),
        language=language,
        marks=marks,
        name_column=columns.index(column) if marks and column is not None else 0,
    )


@functools.cache
def _focus_colours() -> dict[str, str]:
    """Return the focus provinces' colours by name, in both vintages (Bắc Giang, Bắc Ninh…)."""
    from cdskit import units

    colours: dict[str, str] = {}
    for vintage in VINTAGES:
        for code in FOCUS_PROVINCES[vintage]:
            name = units.resolve(code, level="province", vintage=vintage).name
            colours.setdefault(name, FOCUS_COLOURS[vintage][code])
    return colours


def _mark_style(colour: str, position: int, name_column: int) -> str:
    """Return the style attribute of a cell of a marked row (nothing for other rows)."""
    if not colour:
        return ""
    rules = [FOCUS_BORDER.format(colour=colour)] if position == 0 else []
    rules += [FOCUS_NAME] if position == name_column else []
    return f' style="{";".join(rules)}"' if rules else ""


def _is_numeric(column: pd.Series) -> bool:
    """Whether a column holds numbers (missing cells aside), whatever its dtype."""
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    present = [v for v in column if not (v is None or v is pd.NA or _nan(v))]
    return bool(present) and all(isinstance(v, Real) and not isinstance(v, bool) for v in present)


def _nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _cell(value: object, language: str, decimals: int | None) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Real):
        if math.isnan(float(value)):
            return MISSING
        return format_number(float(value), language, decimals=decimals)
    text = safe_text(value).strip()
    return text if text and text not in {"nan", "NaN", "<NA>", "None"} else MISSING

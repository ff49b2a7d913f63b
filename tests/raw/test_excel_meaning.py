"""Read what Excel means, or refuse: number formats, magnitude words, hidden and extra sheets.

Property tests over generated (synthetic) workbooks and cell texts: every workbook is made in
a temporary folder; the figures and sheet names are made up.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdskit.errors import InputError
from cdskit.raw.read import read_tables, workbook_sheets
from cdskit.values import MAGNITUDES, parse_values

pytestmark = pytest.mark.synthetic
SLOW = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PERCENT_FORMATS = ("0%", "0.0%", "0.00%", "#,##0.0%;[Red]-#,##0.0%", "0.0%;-0.0%;0%")


def _vi(number: Decimal) -> str:
    """A decimal in vi-VN as a person types it (thousands dots, decimal comma)."""
    whole, _, fraction = format(number, "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    fraction = fraction.rstrip("0")
    return grouped + ("," + fraction if fraction else "")


def _save(book: openpyxl.Workbook) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="cdskit-synthetic-"))
    path = folder / "synthetic.xlsx"
    book.save(path)
    return path


shares = st.decimals(min_value=0, max_value=2, places=4, allow_nan=False, allow_infinity=False)


@SLOW
@given(
    values=st.lists(shares, min_size=1, max_size=6),
    formats=st.lists(st.sampled_from(PERCENT_FORMATS), min_size=6, max_size=6),
)
def test_a_percent_formatted_cell_reads_as_the_percentage_typed_in_a_cell(values, formats) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Tỷ lệ", "Tỷ lệ gõ tay"])
    for number, (share, form) in enumerate(zip(values, formats, strict=False), start=2):
        typed = f"{_vi(share * 100)}%"
        sheet.append([f"Xã {number}", float(share), typed])
        sheet[f"B{number}"].number_format = form  # "0%" and "0.00%" are Excel's built-in 9, 10
    table = read_tables(_save(book))[0]
    read = parse_values(table.data["Tỷ lệ"])
    typed = parse_values(table.data["Tỷ lệ gõ tay"])
    assert table.data["Tỷ lệ"].str.endswith("%").all()
    assert read["percent"].all()
    assert read["value"].tolist() == typed["value"].tolist()
    assert read["value"].tolist() == [float(share * 100) for share in values]


def test_a_percent_formatted_cell_is_published_as_excel_shows_it(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Đơn vị", "Tỷ lệ"])
    book.active.append(["Xã A", 0.95])
    book.active["B2"].number_format = "0%"
    book.active.append(["Xã B", 0.25])
    book.active["B3"].number_format = '0.0"%"'  # a quoted % is text: the number stays 0,25
    book.save(tmp_path / "p.xlsx")
    table = read_tables(tmp_path / "p.xlsx")[0]
    assert table.data["Tỷ lệ"].tolist() == ["95%", "0,25"]


numbers = st.decimals(min_value=Decimal("0.1"), max_value=999, places=1, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    number=numbers,
    word=st.sampled_from(sorted(MAGNITUDES)),
    case=st.sampled_from([str.lower, str.upper, str.title]),
    qualifier=st.sampled_from(["", "hơn ", "khoảng ", "gần "]),
    unit=st.sampled_from(["", " hộ", " người", " thuê bao"]),
    space=st.sampled_from([" ", "  ", "\u00a0"]),
)
def test_a_magnitude_word_multiplies_its_number_never_cuts_it(
    number, word, case, qualifier, unit, space
) -> None:
    text = f"{qualifier}{_vi(number)}{space}{case(word)}{unit}"
    parsed = parse_values(pd.Series([text])).iloc[0]
    assert pd.isna(parsed["error"])
    assert parsed["value"] == float(number * MAGNITUDES[word])
    assert parsed["value"] != float(number)
    assert (parsed["qualifier"] if pd.notna(parsed["qualifier"]) else "") == qualifier.strip()
    assert (parsed["unit_text"] if pd.notna(parsed["unit_text"]) else "") == unit.strip()


@settings(max_examples=60, deadline=None)
@given(
    number=numbers,
    word=st.sampled_from(sorted(MAGNITUDES)),
    form=st.sampled_from(["{n}% {w}", "{n} {w} %", "{n}/30 {w}"]),
)
def test_a_magnitude_word_with_a_percent_or_fraction_is_refused(number, word, form) -> None:
    text = form.format(n=_vi(number), w=word)
    parsed = parse_values(pd.Series([text])).iloc[0]
    assert pd.isna(parsed["value"])
    assert parsed["error"].startswith(f"'{text}'")


def test_the_magnitude_examples_of_the_issue() -> None:
    parsed = parse_values(pd.Series(["3 nghìn", "1,5 triệu", "15 triệu", "2 tỷ đồng"]))
    assert parsed["value"].tolist() == [3_000.0, 1_500_000.0, 15_000_000.0, 2e9]


dates = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31))


@SLOW
@given(day=dates, form=st.sampled_from(["dd/mm/yyyy", "d-mmm", "mm/yy", "yyyy-mm-dd"]))
def test_a_date_formatted_cell_in_a_value_column_is_refused_naming_its_cell(day, form) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append(["Đơn vị", "Số thôn"])
    sheet.append(["Xã A", 12])
    sheet.append(["Xã B", day])
    sheet["B3"].number_format = form
    path = _save(book)
    table = read_tables(path, header_hint=["Đơn vị", "Số thôn"])[0]
    parsed = parse_values(table.data["Số thôn"])
    assert parsed["value"].iloc[0] == 12
    assert pd.isna(parsed["value"].iloc[1])
    assert "is a date, not a number" in parsed["error"].iloc[1]
    assert table.origin("Số thôn").iloc[1] == f"{path.as_posix()}:Số liệu!B3"


sheet_kinds = st.lists(
    st.tuples(st.sampled_from(["visible", "hidden", "veryHidden"]), st.booleans()),
    min_size=1,
    max_size=5,
)


def _workbook(kinds: list[tuple[str, bool]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for number, (state, table) in enumerate(kinds):
        sheet = book.create_sheet(f"Trang {number}")
        if table:
            sheet.append(["Đơn vị", "Giá trị"])
            sheet.append([f"Xã {number}", number])
        else:
            sheet.append(["BÁO CÁO TỔNG HỢP (synthetic cover sheet)"])
            sheet.append(["Ngày 01/10/2025"])
        sheet.sheet_state = state
    if all(state != "visible" for state, _ in kinds):  # Excel keeps one sheet visible
        book.worksheets[0].sheet_state = "visible"
        kinds[0] = ("visible", kinds[0][1])
    return _save(book)


@SLOW
@given(kinds=sheet_kinds)
def test_only_visible_sheets_with_the_header_are_read_and_the_rest_listed(kinds) -> None:
    path = _workbook(kinds)
    hint = ["Đơn vị", "Giá trị"]
    expected = [f"Trang {i}" for i, (state, table) in enumerate(kinds) if state == "visible"]
    with_header = [f"Trang {i}" for i, (s, table) in enumerate(kinds) if s == "visible" and table]
    listing = workbook_sheets(path, header_hint=hint)
    assert listing["sheet"].tolist() == [f"Trang {i}" for i in range(len(kinds))]
    assert listing["state"].tolist() == [state for state, _ in kinds]
    if with_header:
        tables = read_tables(path, header_hint=hint)
        assert [t.sheet for t in tables] == with_header
        assert listing.loc[listing["read"], "sheet"].tolist() == with_header
        left = listing[~listing["read"]]
        assert left["why"].str.startswith("not read").all()
    elif len(kinds) > 1:
        with pytest.raises(InputError, match="sheet: <name>") as error:
            read_tables(path, header_hint=hint)
        for i, (state, _) in enumerate(kinds):
            assert f"'Trang {i}' ({state})" in str(error.value)
    else:
        with pytest.raises(InputError, match="no header row"):
            read_tables(path, header_hint=hint)
    assert set(expected) >= set(listing.loc[listing["read"], "sheet"])


@SLOW
@given(kinds=sheet_kinds, data=st.data())
def test_a_sheet_named_in_sources_yml_is_read_whatever_its_state(kinds, data) -> None:
    kinds = [(state, True) for state, _ in kinds]
    path = _workbook(kinds)
    number = data.draw(st.integers(0, len(kinds) - 1))
    tables = read_tables(path, sheet=f"Trang {number}", header_hint=["Đơn vị"])
    assert [t.sheet for t in tables] == [f"Trang {number}"]
    listing = workbook_sheets(path, sheet=f"Trang {number}")
    assert listing.loc[listing["read"], "sheet"].tolist() == [f"Trang {number}"]
    assert (listing.loc[~listing["read"], "why"].str.contains("names another sheet")).all()

"""Hostile raw files are read within bounds or refused naming the file, cell or line.

Every file here is synthetic test data built in tmp_path: stray cells far out in a workbook,
oversized cells, unbalanced quotes, two tables pasted together, control characters.
"""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from cdskit.errors import InputError
from cdskit.raw import read_tables
from cdskit.raw._table_grid import MAX_CELL_CHARS

HEADER = ["unit", "unit_level", "vintage", "indicator", "period", "value"]
ROW = ["Lạng Sơn", "province", "2025", "dti_score", "2024", "0,61"]  # synthetic


def _workbook(path: Path, extra=None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Bảng 1"
    sheet.append(HEADER)
    sheet.append(ROW)
    if extra is not None:
        extra(sheet)
    workbook.save(path)
    return path


def _read(path: Path):
    return read_tables(path, display_root=path.parent)


def test_a_formatted_empty_cell_at_excels_last_cell_costs_nothing(tmp_path):
    def far_format(sheet):  # synthetic: one styled, empty cell at XFD1048576
        sheet.cell(row=1_048_576, column=16_384).font = Font(bold=True)

    path = _workbook(tmp_path / "far.xlsx", far_format)
    assert path.stat().st_size < 10_000
    tracemalloc.start()
    try:
        tables = _read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000  # the stated 17 billion cells are never laid out
    assert tables[0].data.values.tolist() == [ROW]
    assert tables[0].rows.tolist() == [2]


def test_a_real_value_far_from_the_table_is_refused_naming_its_cell(tmp_path):
    def far_value(sheet):
        sheet.cell(row=1_048_576, column=16_384, value="x")

    path = _workbook(tmp_path / "stray.xlsx", far_value)
    with pytest.raises(InputError) as caught:
        _read(path)
    message = str(caught.value)
    assert message.startswith("stray.xlsx:Bảng 1!XFD1048576: the filled cells span")
    assert "Delete stray cells far from the table" in message


def _replace_in_sheet(path: Path, old: str, new: str) -> None:
    """Edit the sheet XML directly (openpyxl itself cuts texts at Excel's limit)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].decode("utf-8").replace(old, new).encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_an_xlsx_cell_over_the_excel_limit_is_refused_with_its_cell(tmp_path):
    def long_note(sheet):
        sheet["G2"] = "PLACEHOLDER"

    path = _workbook(tmp_path / "long.xlsx", long_note)
    _replace_in_sheet(path, "PLACEHOLDER", "ghi chú " * 5_000)  # synthetic: 40,000 characters
    with pytest.raises(InputError) as caught:
        _read(path)
    message = str(caught.value)
    assert message.startswith("long.xlsx:Bảng 1!G2: the cell holds 40,000 characters")
    assert f"at most {MAX_CELL_CHARS:,}" in message


@pytest.mark.parametrize("quoted_break", [False, True])
def test_a_million_character_csv_cell_is_a_clear_error(tmp_path, quoted_break):
    # quoted_break: a cell with a line break makes the reader go record by record
    note = '"dòng 1\ndòng 2"' if quoted_break else "ghi chú"
    text = (
        "unit,unit_level,vintage,indicator,period,value,note\n"
        f'Lạng Sơn,province,2025,dti_score,2024,"0,61",{note}\n'
        f'Thanh Hóa,province,2025,dti_score,2024,"0,5",{"x" * 1_000_000}\n'
    )
    path = tmp_path / "huge.csv"
    path.write_text(text, encoding="utf-8")  # synthetic test data
    with pytest.raises(InputError) as caught:
        _read(path)
    message = str(caught.value)
    line = 4 if quoted_break else 3
    assert message.startswith(f"huge.csv:line {line}")
    assert "a cell may hold at most 32,767" in message
    if not quoted_break:
        assert "column G" in message and "1,000,000 characters" in message


def test_an_unclosed_quote_is_an_error_naming_the_file_and_line(tmp_path):
    text = (
        "unit,unit_level,vintage,indicator,period,value\n"
        'Lạng Sơn,province,2025,dti_score,2024,"0,61\n'  # synthetic: the quote never closes
        'Thanh Hóa,province,2025,dti_score,2024,"0,5"\n'
        'Lào Cai,province,2025,dti_score,2024,"0,4"\n'
    )
    path = tmp_path / "quote.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _read(path)
    message = str(caught.value)
    assert message.startswith("quote.csv:line 2: a quote opened in the record starting on this")
    assert "Close the quote" in message


def test_a_quote_left_open_at_the_end_of_the_file_is_an_error(tmp_path):
    text = 'unit,value\nLạng Sơn,"0,61\nThanh Hóa,0.5\n'  # synthetic
    path = tmp_path / "tail.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"^tail\.csv:line 2: a quote opened"):
        _read(path)


def test_quoted_line_breaks_inside_a_cell_are_still_read(tmp_path):
    text = 'unit,value,note\nLạng Sơn,"0,61","dòng 1\ndòng 2"\nThanh Hóa,"0,5",\n'  # synthetic
    path = tmp_path / "breaks.csv"
    path.write_text(text, encoding="utf-8")
    table = _read(path)[0]
    assert table.data["note"].tolist()[0] == "dòng 1 dòng 2"
    assert table.rows.tolist() == [2, 4]


def test_data_rows_above_the_header_refuse_the_file(tmp_path):
    text = (  # synthetic: two exports pasted together, the first without its header
        'Lạng Sơn,province,2025,dti_score,2024,"0,61"\n'
        'Thanh Hóa,province,2025,dti_score,2024,"0,5"\n'
        "unit,unit_level,vintage,indicator,period,value\n"
        'Lào Cai,province,2025,dti_score,2024,"0,4"\n'
    )
    path = tmp_path / "pasted.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_tables(path, display_root=tmp_path, header_hint=("unit", "indicator", "value"))
    message = str(caught.value)
    assert message.startswith("pasted.csv: row(s) 1, 2 above the header (row 3) look like data")
    assert "'Lạng Sơn | province | 2025 | dti_score | 2024 | 0,61'" in message
    assert "Give each table its own header" in message


def test_title_rows_above_the_header_are_still_set_aside(tmp_path):
    text = (  # synthetic
        "BÁO CÁO CHỈ SỐ DTI NĂM 2024\n"
        "Đơn vị tính: điểm,,,,,\n"
        "unit,unit_level,vintage,indicator,period,value\n"
        'Lào Cai,province,2025,dti_score,2024,"0,4"\n'
    )
    path = tmp_path / "titled.csv"
    path.write_text(text, encoding="utf-8")
    table = _read(path)[0]
    assert table.set_aside["kind"].tolist() == ["title", "title"]


def test_a_control_character_in_a_header_is_refused(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_text("unit,va\x00lue\nLạng Sơn,1\n", encoding="utf-8")  # synthetic
    with pytest.raises(InputError, match=r"header cell of column 2 .*'va\\x00lue'"):
        _read(path)


def test_a_long_digit_string_in_the_first_data_row_does_not_stall_the_header_search(tmp_path):
    digits = "9" * 30_000 + "x"  # synthetic: under the cell limit, a worst case for a regex
    text = f"unit,value,note\nLạng Sơn,1,{digits}\nThanh Hóa,2,\n"
    path = tmp_path / "digits.csv"
    path.write_text(text, encoding="utf-8")
    table = _read(path)[0]
    assert table.data["note"].iat[0] == digits


def test_a_workbook_that_unpacks_beyond_the_budget_is_refused_before_reading(tmp_path, monkeypatch):
    from cdskit.raw import _xlsx

    path = _workbook(tmp_path / "bomb.xlsx")
    monkeypatch.setattr(_xlsx, "ARCHIVE_BUDGET", 1_000)  # a budget this small workbook exceeds
    with pytest.raises(InputError, match=r"^bomb\.xlsx: the workbook unpacks to [\d,]+ bytes"):
        _read(path)


@pytest.mark.parametrize("quoted_break", [False, True])
def test_a_csv_over_the_cell_budget_is_refused(tmp_path, monkeypatch, quoted_break):
    from cdskit.raw import _csv

    note = '"a\nb"' if quoted_break else "c"  # a quoted break: read record by record
    rows = "".join(f"Lạng Sơn,{i},{note}\n" for i in range(50))  # synthetic
    path = tmp_path / "many.csv"
    path.write_text("unit,value,note\n" + rows, encoding="utf-8")
    monkeypatch.setattr(_csv, "CELL_BUDGET", 100)  # a budget these 150 cells exceed
    with pytest.raises(InputError, match=r"^many\.csv: [\d,]+ rows × 3 columns are more than"):
        _read(path)


def test_a_csv_over_the_byte_budget_is_refused_before_reading(tmp_path, monkeypatch):
    from cdskit.raw import _csv

    path = tmp_path / "big.csv"
    path.write_text("unit,value\nLạng Sơn,1\n", encoding="utf-8")  # synthetic
    monkeypatch.setattr(_csv, "BYTES_BUDGET", 10)
    with pytest.raises(InputError, match=r"^big\.csv: the file has \d+ bytes, more than the 10"):
        _read(path)


def test_a_workbook_over_the_cell_budget_is_refused_naming_the_cell(tmp_path, monkeypatch):
    from cdskit.raw import _xlsx

    def more_rows(sheet):
        for _ in range(20):
            sheet.append(ROW)

    path = _workbook(tmp_path / "many.xlsx", more_rows)
    monkeypatch.setattr(_xlsx, "CELL_BUDGET", 50)  # the 51st filled cell is C9 (six a row)
    with pytest.raises(InputError, match=r"^many\.xlsx:Bảng 1!C9: the workbook holds more than"):
        _read(path)

"""Tests of reading raw CSV and XLSX tables; every file is synthetic test data made in tmp_path."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cdskit.errors import InputError, ParameterError
from cdskit.raw import _csv
from cdskit.raw.read import Table, read_tables
from cdskit.values import parse_values

TITLED_CSV = (
    "# synthetic test data\n"
    "BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM 2023\n"
    "Đơn vị tính: điểm\n"
    "\n"
    "Đơn vị;Điểm DTI;Hạng\n"
    "Lạng Sơn;0,4874;16/63\n"
    "Thanh Hoá;625,30;10/63\n"
    "Toàn tỉnh;hơn 1.100;-\n"
    "\n"
    "Tổng cộng;1.000;\n"
    "Ghi chú: số liệu tạm tính\n"
    "- Xã A sáp nhập vào xã B\n"
)

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258(text: str) -> bytes:
    """Encode like Windows-1258: base letters precomposed, tone marks as combining characters."""
    clusters: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and ch not in _TONES:
            clusters[-1][0] = unicodedata.normalize("NFC", clusters[-1][0] + ch)
        elif unicodedata.combining(ch):
            clusters[-1][1] += ch
        else:
            clusters.append([ch, ""])
    return "".join(base + tones for base, tones in clusters).encode("cp1258")


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: t.encode("utf-8-sig"),
    "utf-16-le": lambda t: t.encode("utf-16"),  # Python writes a little-endian BOM
    "utf-16-be": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "utf-32-le": lambda t: t.encode("utf-32"),  # little-endian BOM
    "cp1258": _cp1258,
}


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(ENCODINGS[encoding](text))
    return path


def _read_one(path: Path, **kwargs) -> Table:
    tables = read_tables(path, display_root=path.parent, **kwargs)
    assert len(tables) == 1
    return tables[0]


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_csv_in_every_encoding_reads_the_same_nfc_cells(tmp_path, encoding):
    table = _read_one(_write(tmp_path / "dti.csv", TITLED_CSV, encoding))
    assert table.encoding == encoding
    assert list(table.data.columns) == ["Đơn vị", "Điểm DTI", "Hạng"]
    assert table.data["Đơn vị"].tolist() == ["Lạng Sơn", "Thanh Hoá", "Toàn tỉnh"]
    assert table.data["Điểm DTI"].tolist() == ["0,4874", "625,30", "hơn 1.100"]
    assert all(unicodedata.is_normalized("NFC", c) for c in table.data["Đơn vị"])


def test_utf16_without_bom_is_recognised(tmp_path):
    path = tmp_path / "dti.csv"
    path.write_bytes(TITLED_CSV.encode("utf-16-le"))
    assert _read_one(path).encoding == "utf-16-le"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("block", [1, 2, 3, 7])
def test_a_utf8_csv_checked_in_small_blocks_reads_like_the_text_decoded_whole(
    tmp_path, monkeypatch, ending, block
):
    # UTF-8 is checked block by block and split from the file; UTF-16 is decoded whole. Small
    # blocks cut line endings and multi-byte letters (ạ, ồ) in two.
    monkeypatch.setattr(_csv, "_BLOCK_BYTES", block)
    text = TITLED_CSV.replace("\n", ending)
    whole = _read_one(_write(tmp_path / "whole.csv", text, "utf-16-le"))
    for encoding in ("utf-8", "utf-8-sig"):
        table = _read_one(_write(tmp_path / f"{encoding}.csv", text, encoding))
        assert table.encoding == encoding
        pd.testing.assert_frame_equal(table.data, whole.data)
        assert table.rows.tolist() == whole.rows.tolist() == [6, 7, 8]
        pd.testing.assert_frame_equal(table.set_aside, whole.set_aside)


def test_csv_title_notes_totals_and_blank_rows_are_set_aside_with_their_lines(tmp_path):
    table = _read_one(_write(tmp_path / "dti.csv", TITLED_CSV))
    assert table.sheet is None
    assert table.rows.tolist() == [6, 7, 8]
    assert table.columns == {"Đơn vị": 0, "Điểm DTI": 1, "Hạng": 2}
    aside = table.set_aside
    assert aside["row"].tolist() == [1, 2, 3, 4, 9, 10, 11, 12]
    assert aside["kind"].tolist() == [
        "title",
        "title",
        "title",
        "blank",
        "blank",
        "total",
        "note",
        "note",
    ]
    assert aside["text"].tolist()[5] == "Tổng cộng | 1.000"
    assert aside["text"].tolist()[7] == "- Xã A sáp nhập vào xã B"


def test_toan_tinh_is_a_unit_and_stays_in_the_data(tmp_path):
    table = _read_one(_write(tmp_path / "dti.csv", TITLED_CSV))
    assert "Toàn tỉnh" in table.data["Đơn vị"].tolist()
    assert "Toàn tỉnh" not in " ".join(table.set_aside["text"])


def test_origins_name_the_file_relative_to_the_display_root_and_the_line(tmp_path):
    folder = tmp_path / "dti"
    folder.mkdir()
    path = _write(folder / "ranks.csv", TITLED_CSV)
    (table,) = read_tables(path, display_root=tmp_path)
    assert table.origin("Hạng").tolist() == [
        "dti/ranks.csv:line 6",
        "dti/ranks.csv:line 7",
        "dti/ranks.csv:line 8",
    ]
    assert table.origin("Hạng").index.equals(table.data.index)


def test_origin_of_an_unknown_column_suggests_the_closest(tmp_path):
    table = _read_one(_write(tmp_path / "dti.csv", TITLED_CSV))
    with pytest.raises(InputError, match=r"dti.csv has no column 'Hang'.*Did you mean 'Hạng'"):
        table.origin("Hang")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(tmp_path, delimiter):
    rows = [
        ["Báo cáo (synthetic test data)"],
        ["unit", "indicator", "value"],
        ["Lạng Sơn", "dti_score", "0,4874"],
        ["Thanh Hóa", "dti_rank", "10/63"],
    ]
    quoted = [[f'"{c}"' if "," in c else c for c in row] for row in rows]
    text = "\n".join(delimiter.join(row) for row in quoted) + "\n"
    table = _read_one(_write(tmp_path / "long.csv", text))
    assert list(table.data.columns) == ["unit", "indicator", "value"]
    assert table.data["value"].tolist() == ["0,4874", "10/63"]


def test_quoted_cells_spanning_lines_keep_the_starting_line_of_each_row(tmp_path):
    text = (
        'unit,value,note\nLạng Sơn,"0,4874","synthetic test data,\nsecond line"\nThanh Hóa,10/63,\n'
    )
    table = _read_one(_write(tmp_path / "multi.csv", text))
    assert table.rows.tolist() == [2, 4]
    assert table.data["note"].tolist() == ["synthetic test data, second line", pd.NA]


def test_two_row_csv_header_is_joined(tmp_path):
    text = (
        'synthetic test data\nĐơn vị,Chỉ số DTI,,Ghi chú\n,Điểm,Hạng,\nLạng Sơn,"0,4874",16/63,\n'
    )
    table = _read_one(_write(tmp_path / "two.csv", text))
    assert list(table.columns) == ["Đơn vị", "Chỉ số DTI / Điểm", "Chỉ số DTI / Hạng", "Ghi chú"]
    assert table.rows.tolist() == [4]
    assert table.data.iloc[0].tolist()[:3] == ["Lạng Sơn", "0,4874", "16/63"]


def test_decomposed_text_and_nbsp_are_cleaned_in_headers_and_cells(tmp_path):
    nfd = unicodedata.normalize("NFD", "Đơn\u00a0vị ;Giá trị\nThanh  Hóa\u202f;99,8\u00a0%\n")
    table = _read_one(_write(tmp_path / "nfd.csv", "synthetic test data\n" + nfd))
    assert list(table.columns) == ["Đơn vị", "Giá trị"]
    assert table.data.iloc[0].tolist() == ["Thanh Hóa", "99,8 %"]


def test_header_hint_finds_the_header_below_a_title_that_looks_like_one(tmp_path):
    text = 'Biểu 01,Kết quả (synthetic test data)\nđơn vị,giá trị\nLạng Sơn,"0,4874"\n'
    path = _write(tmp_path / "hint.csv", text)
    assert list(_read_one(path).columns) == ["Biểu 01", "Kết quả (synthetic test data)"]
    table = _read_one(path, header_hint=["Don vi", "GIÁ TRỊ"])
    assert list(table.columns) == ["đơn vị", "giá trị"]
    assert table.set_aside["kind"].tolist() == ["title"]


def test_a_missing_header_hint_is_reported_with_suggestions(tmp_path):
    path = _write(tmp_path / "hint.csv", "synthetic test data\nunit,indicatr,value\nA,b,1\n")
    with pytest.raises(InputError, match=r"hint.csv: no header row.*not found: 'indicator'") as err:
        read_tables(path, header_hint=["unit", "indicator"], display_root=tmp_path)
    assert "Did you mean 'indicatr'" in str(err.value)


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x","y")',
        "<script>alert(1)</script>",
        "+84 912 345 678",
        "@SUM(A1)",
        "-1+2",
    ],
)
def test_hostile_csv_cells_are_read_verbatim_as_text(tmp_path, cell):
    quoted = '"' + cell.replace('"', '""') + '"'
    text = f"synthetic test data\nunit,value\n{quoted},1\n"
    table = _read_one(_write(tmp_path / "hostile.csv", text))
    assert table.data["unit"].tolist() == [cell]


def _dti_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Bảng 1"
    sheet["A1"] = "KẾT QUẢ DTI (synthetic test data)"
    sheet.merge_cells("A1:E1")
    sheet["A3"], sheet["B3"], sheet["C3"], sheet["E3"] = "STT", "Đơn vị", "Chỉ số DTI", "Nhóm"
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("C3:D3")
    sheet.merge_cells("E3:E4")
    sheet["C4"], sheet["D4"] = "Điểm", "Hạng"
    sheet.append([1, "Lạng Sơn", 0.4874, 16, "Miền núi"])
    sheet.append([2, '=HYPERLINK("http://x","y")', "<script>alert(1)</script>", None, None])
    sheet.merge_cells("E5:E6")  # a label merged down two data rows
    sheet.append([3, "Thanh Hóa", "625,30", 10, None])
    sheet.append([4, "Bắc Giang", 0.5, None, None])
    sheet.merge_cells("C8:D8")  # a figure merged across: must not be duplicated
    sheet.append(["Tổng", None, None, None, None])
    sheet.merge_cells("A9:B9")
    sheet.append(["Nguồn: Bộ Thông tin và Truyền thông"])
    sheet.merge_cells("A10:E10")
    other = workbook.create_sheet("Số liệu 2024")
    other.append(["unit", "value"])
    other.append(["Lào Cai", "hơn 1.100"])
    workbook.create_sheet("Trống")
    workbook.save(path)
    return path


def test_xlsx_merged_two_row_header_is_filled_across_and_joined(tmp_path):
    table = _read_one(_dti_workbook(tmp_path / "dti.xlsx"), sheet="Bảng 1")
    assert table.sheet == "Bảng 1" and table.encoding is None
    assert table.columns == {
        "STT": 0,
        "Đơn vị": 1,
        "Chỉ số DTI / Điểm": 2,
        "Chỉ số DTI / Hạng": 3,
        "Nhóm": 4,
    }
    assert table.rows.tolist() == [5, 6, 7, 8]


def test_xlsx_cells_are_text_with_native_numbers_in_the_number_locale(tmp_path):
    path = _dti_workbook(tmp_path / "dti.xlsx")
    vi = _read_one(path, sheet="Bảng 1")
    assert vi.data["Chỉ số DTI / Điểm"].tolist() == [
        "0,4874",
        "<script>alert(1)</script>",
        "625,30",
        "0,5",
    ]
    assert vi.data["STT"].tolist() == ["1", "2", "3", "4"]
    en = _read_one(path, sheet="Bảng 1", number_locale="en")
    assert en.data["Chỉ số DTI / Điểm"].tolist()[0] == "0.4874"


@pytest.mark.parametrize(
    ("number", "vi", "en"),
    [
        (12.345, "12,3450", "12.3450"),
        (0.125, "0,1250", "0.1250"),
        (1902270.0, "1902270", "1902270"),
        (1e20, "100000000000000000000", "100000000000000000000"),
        (99.8, "99,8", "99.8"),
    ],
)
def test_native_numbers_never_read_as_thousands_in_the_other_locale(tmp_path, number, vi, en):
    path = tmp_path / "n.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["unit", "value"])  # synthetic test data
    workbook.active.append(["A", number])
    workbook.save(path)
    assert _read_one(path).data["value"].tolist() == [vi]
    assert _read_one(path, number_locale="en").data["value"].tolist() == [en]
    wrong = parse_values(pd.Series([vi]), locale="en").iloc[0]
    assert math.isnan(wrong["value"]) or wrong["value"] == pytest.approx(number)


def test_xlsx_formula_without_a_cached_result_is_kept_verbatim(tmp_path):
    table = _read_one(_dti_workbook(tmp_path / "dti.xlsx"), sheet="Bảng 1")
    assert table.data["Đơn vị"].tolist()[1] == '=HYPERLINK("http://x","y")'


def test_xlsx_merged_labels_fill_down_but_merged_figures_are_not_copied(tmp_path):
    table = _read_one(_dti_workbook(tmp_path / "dti.xlsx"), sheet="Bảng 1")
    assert table.data["Nhóm"].tolist() == ["Miền núi", "Miền núi", pd.NA, pd.NA]
    assert table.data["Chỉ số DTI / Hạng"].tolist()[3] is pd.NA


def test_xlsx_totals_notes_and_titles_are_set_aside_with_their_rows(tmp_path):
    table = _read_one(_dti_workbook(tmp_path / "dti.xlsx"), sheet="Bảng 1")
    aside = table.set_aside
    assert aside["row"].tolist() == [1, 2, 9, 10]
    assert aside["kind"].tolist() == ["title", "blank", "total", "note"]
    assert aside["text"].tolist()[3] == "Nguồn: Bộ Thông tin và Truyền thông"


def test_xlsx_origins_name_sheet_and_cell(tmp_path):
    table = _read_one(_dti_workbook(tmp_path / "dti.xlsx"), sheet="Bảng 1")
    assert table.origin("Chỉ số DTI / Hạng").tolist() == [
        "dti.xlsx:Bảng 1!D5",
        "dti.xlsx:Bảng 1!D6",
        "dti.xlsx:Bảng 1!D7",
        "dti.xlsx:Bảng 1!D8",
    ]


def test_xlsx_gives_one_table_per_sheet_and_skips_empty_sheets(tmp_path):
    tables = read_tables(_dti_workbook(tmp_path / "dti.xlsx"))
    assert [t.sheet for t in tables] == ["Bảng 1", "Số liệu 2024"]
    assert tables[1].data.to_dict("list") == {"unit": ["Lào Cai"], "value": ["hơn 1.100"]}


def test_asking_for_an_empty_sheet_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"dti.xlsx, sheet 'Trống' is empty"):
        read_tables(_dti_workbook(tmp_path / "dti.xlsx"), sheet="Trống", display_root=tmp_path)


def test_unknown_sheet_lists_the_sheets_and_suggests_one(tmp_path):
    path = _dti_workbook(tmp_path / "dti.xlsx")
    with pytest.raises(InputError, match=r"no sheet named 'Bang 1'.*'Bảng 1', 'Số liệu 2024'") as e:
        read_tables(path, sheet="Bang 1")
    assert "Did you mean 'Bảng 1'" in str(e.value)


def test_a_file_that_does_not_exist_is_named_with_a_suggestion(tmp_path):
    _write(tmp_path / "ranks_2022.csv", TITLED_CSV)
    with pytest.raises(InputError, match=r"ranks_2021.csv: file not found.*'ranks_2022.csv'"):
        read_tables(tmp_path / "ranks_2021.csv", display_root=tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        (
            "broken.xlsx",
            b"synthetic test data: not a zip archive",
            "cannot open the file as an Excel",
        ),
        ("truncated.xlsx", None, "cannot open the file as an Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0", r"cannot read '.xls' files.*Save older .xls"),
        ("empty.csv", b"", "empty.csv is empty"),
        ("blank.csv", b"\n ; \n\n", "blank.csv is empty"),
    ],
)
def test_unreadable_files_raise_a_clear_error(tmp_path, name, content, match):
    if content is None:  # a real workbook cut in half
        content = _dti_workbook(tmp_path / "whole.xlsx").read_bytes()[:700]
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError, match=match):
        read_tables(tmp_path / name, display_root=tmp_path)


def test_undecodable_bytes_name_the_line_and_byte(tmp_path):
    text = "synthetic test data\nĐơn vị,Giá trị\nLạng Sơn,1\nThanh Hóa,2\n"
    raw = text.encode("utf-8").replace(b"Thanh", b"Th\xffnh")
    (tmp_path / "bad.csv").write_bytes(raw)
    with pytest.raises(InputError, match=r"bad.csv:line 4: byte 0xff at offset \d+ is not valid"):
        read_tables(tmp_path / "bad.csv", display_root=tmp_path)


def test_no_header_row_is_an_error(tmp_path):
    path = _write(tmp_path / "numbers.csv", "1,2,3\n4,5,6\n")
    with pytest.raises(InputError, match=r"numbers.csv: no header row found in the first 2 rows"):
        read_tables(path, display_root=tmp_path)


def test_duplicate_header_names_are_an_error(tmp_path):
    path = _write(tmp_path / "dup.csv", "synthetic test data\nunit,value,value\nA,1,2\n")
    with pytest.raises(InputError, match=r"header names 'value' twice \(columns 2 and 3, row 2\)"):
        read_tables(path, display_root=tmp_path)


def test_a_column_without_header_but_with_data_is_kept_under_its_position(tmp_path):
    path = _write(tmp_path / "extra.csv", "synthetic test data\nunit,value,\nA,1,ghi chú\nB,2,\n")
    table = _read_one(path)
    assert table.columns == {"unit": 0, "value": 1, "column 3": 2}
    assert table.data["column 3"].tolist() == ["ghi chú", pd.NA]


def test_sheet_argument_for_a_csv_file_is_a_parameter_error(tmp_path):
    path = _write(tmp_path / "dti.csv", TITLED_CSV)
    with pytest.raises(ParameterError, match=r"sheet='Bảng 1' was given but .*dti.csv is a CSV"):
        read_tables(path, sheet="Bảng 1")


def test_unknown_number_locale_is_a_parameter_error(tmp_path):
    with pytest.raises(ParameterError, match=r"number_locale='fr' is not supported"):
        read_tables(_write(tmp_path / "dti.csv", TITLED_CSV), number_locale="fr")


def _with_cached_result(path: Path, cell: str, result: str) -> None:
    """Write a formula's cached result into the sheet XML, as Excel does when it saves."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    # openpyxl writes an empty cached value as <v/> or (3.1.5) as <v></v>.
    sheet = re.sub(
        rf'(<c r="{cell}"[^>]*>)(<f>.*?</f>)(?:<v ?/>|<v></v>)', rf"\1\2<v>{result}</v>", sheet
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_xlsx_formula_with_a_cached_result_reads_the_result(tmp_path):
    path = tmp_path / "formula.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["unit", "value"])  # synthetic test data
    workbook.active.append(["Lạng Sơn", "=0.4+0.0874"])
    workbook.active.append(["Thanh Hóa", "=10+6"])
    workbook.save(path)
    _with_cached_result(path, "B2", "0.4874")
    table = _read_one(path)
    assert table.data["value"].tolist() == ["0,4874", "=10+6"]


def test_sparse_first_header_row_in_csv_is_joined_with_the_row_below(tmp_path):
    text = (
        "synthetic test data\n"
        "Đơn vị,Chỉ số DTI,,,,\n"
        ",Điểm,Hạng,Chính quyền số,Kinh tế số,Xã hội số\n"
        'Lạng Sơn,"0,4874",16/63,"0,5","0,4","0,3"\n'
    )
    table = _read_one(_write(tmp_path / "wide.csv", text))
    assert list(table.columns) == [
        "Đơn vị",
        "Chỉ số DTI / Điểm",
        "Chỉ số DTI / Hạng",
        "Chỉ số DTI / Chính quyền số",
        "Chỉ số DTI / Kinh tế số",
        "Chỉ số DTI / Xã hội số",
    ]
    assert table.rows.tolist() == [4]
    assert table.set_aside["kind"].tolist() == ["title"]


def test_xlsx_header_merged_across_many_columns_is_found(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "DTI"
    sheet.append(["BẢNG XẾP HẠNG (synthetic test data)"])
    sheet.merge_cells("A1:H1")
    sheet.append(["Đơn vị", "Năm 2023"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:H2")
    sheet.append([None, "Điểm", "Hạng", "CQS", "KTS", "XHS", "Nhóm", "Ghi chú"])
    sheet.append(["Lạng Sơn", 0.4874, 16, 0.5, 0.4, 0.3, "I", None])
    workbook.save(tmp_path / "wide.xlsx")
    table = _read_one(tmp_path / "wide.xlsx")
    assert list(table.columns)[:3] == ["Đơn vị", "Năm 2023 / Điểm", "Năm 2023 / Hạng"]
    assert table.columns["Năm 2023 / Ghi chú"] == 7
    assert table.rows.tolist() == [4]


@pytest.mark.parametrize(
    "numbering", [["(1)", "(2)", "(3)"], ["A", "B", "1"], ["(A)", "(B)", "(1)"]]
)
def test_a_column_numbering_row_below_the_header_is_set_aside(tmp_path, numbering):
    text = "synthetic test data\nĐơn vị,Điểm,Hạng\n" + ",".join(numbering) + "\nLạng Sơn,1,16\n"
    table = _read_one(_write(tmp_path / "numbered.csv", text))
    assert table.rows.tolist() == [4]
    assert table.set_aside["kind"].tolist() == ["title", "numbering"]


def test_a_first_data_row_of_plain_numbers_is_data(tmp_path):
    text = "synthetic test data\nSTT,Điểm,Hạng\n1,2,3\n"
    table = _read_one(_write(tmp_path / "plain.csv", text))
    assert table.data.iloc[0].tolist() == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        ("Ghi chú: số liệu tạm tính", "note"),
        ("Ghi chú", "note"),
        ("NGUỒN: Sở TT&TT", "note"),
        ("Nguồn - báo cáo tỉnh", "note"),
        ("* Số liệu ước tính", "note"),
        ("(*) Số liệu ước tính", "note"),
        ("(1) Theo báo cáo tháng 6", "note"),
        ("Source: provincial report", "note"),
        ("Nguồn Thành", None),
        ("Tổng;1.000", "total"),
        ("Tổng cộng:;1.000", "total"),
        ("Cộng;1.000", "total"),
        (";Tổng số;1.000", "total"),
        ("Tổng điểm DTI;1.000", None),
        ("Toàn tỉnh;1.000", None),
        ("Cả nước;1.000", None),
    ],
)
def test_note_and_total_rows_are_recognised_but_units_are_not(tmp_path, row, kind):
    text = f"synthetic test data\nSTT;Đơn vị;Giá trị\n1;Lạng Sơn;5\n{row}\n"
    table = _read_one(_write(tmp_path / "rows.csv", text))
    kinds = table.set_aside["kind"].tolist()[1:]
    assert kinds == ([kind] if kind else [])
    assert len(table.data) == (1 if kind else 2)


def test_a_folder_is_not_a_table(tmp_path):
    with pytest.raises(InputError, match=r"is a folder; expected a CSV or XLSX file"):
        read_tables(tmp_path)


def test_old_mac_line_endings_are_read(tmp_path):
    text = "synthetic test data\rĐơn vị;Giá trị\rLạng Sơn;1\r"
    table = _read_one(_write(tmp_path / "mac.csv", text))
    assert table.data.to_dict("list") == {"Đơn vị": ["Lạng Sơn"], "Giá trị": ["1"]}
    assert table.rows.tolist() == [3]


def test_duplicate_xlsx_header_names_the_column_letters(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "S"
    workbook.active.append(["unit", "Điểm", "Hạng", "Điểm"])  # synthetic test data
    workbook.active.append(["A", 1, 2, 3])
    workbook.save(tmp_path / "dup.xlsx")
    with pytest.raises(InputError, match=r"dup.xlsx, sheet 'S': the header names 'Điểm' twice"):
        read_tables(tmp_path / "dup.xlsx", display_root=tmp_path)
    with pytest.raises(InputError, match=r"columns B and D, row 1"):
        read_tables(tmp_path / "dup.xlsx")


def test_a_workbook_with_only_empty_sheets_is_an_error(tmp_path):
    workbook = openpyxl.Workbook()  # synthetic test data: nothing in it
    workbook.create_sheet("Trống")
    workbook.save(tmp_path / "empty.xlsx")
    with pytest.raises(InputError, match=r"empty.xlsx: every sheet is empty"):
        read_tables(tmp_path / "empty.xlsx", display_root=tmp_path)


def _same_table(a: Table, b: Table) -> None:
    pd.testing.assert_frame_equal(a.data, b.data)
    pd.testing.assert_frame_equal(a.set_aside, b.set_aside)
    assert a.rows.tolist() == b.rows.tolist()
    assert a.columns == b.columns


def test_a_large_csv_reads_the_same_column_by_column_as_record_by_record(tmp_path):
    # Line-per-record files are split column by column; old Mac line ends ("\r") make the
    # reader split record by record. Both must give the same table.
    body = TITLED_CSV.splitlines()
    data = body[5:8] * 1_000  # 3,000 data rows between the header and the totals and notes
    lines = [*body[:5], *data, "", "Tổng cộng;1.000;", *body[10:], "(*) số liệu năm 2023"]
    by_column = _read_one(_write(tmp_path / "lf.csv", "\n".join(lines) + "\n"))
    by_record = _read_one(_write(tmp_path / "cr.csv", "\r".join(lines) + "\r"))
    _same_table(by_column, by_record)
    assert len(by_column.data) == 3_000
    kinds = ["blank", "total", "note", "note", "note"]
    assert by_column.set_aside["kind"].tolist()[-5:] == kinds


def test_a_row_wider_than_the_first_thousand_lines_keeps_its_extra_cell(tmp_path):
    rows = [f"Xã {i},{i}" for i in range(1_200)]
    rows[1_100] += ",ghi chú"
    table = _read_one(_write(tmp_path / "wide.csv", "unit,value\n" + "\n".join(rows) + "\n"))
    assert list(table.data.columns) == ["unit", "value", "column 3"]
    assert table.data["column 3"].count() == 1
    assert table.origin("column 3")[table.data["column 3"].notna()].tolist() == [
        "wide.csv:line 1102"
    ]


def test_a_csv_longer_than_one_read_chunk_keeps_every_row_and_line(tmp_path):
    # synthetic test data: the same spellings recur in every chunk of rows read
    names = ["Lạng Sơn", "Thanh Hoa\u0301", "Lào\u00a0Cai"]
    rows = [f"{names[i % 3]};{i % 7},5" for i in range(450_001)]
    table = _read_one(_write(tmp_path / "long.csv", "unit;value\n" + "\n".join(rows) + "\n"))
    assert len(table.data) == 450_001
    assert table.rows[[0, -1]].tolist() == [2, 450_002]
    assert set(table.data["unit"]) == {"Lạng Sơn", "Thanh Hoá", "Lào Cai"}
    assert table.data["value"].iat[-1] == f"{450_000 % 7},5"

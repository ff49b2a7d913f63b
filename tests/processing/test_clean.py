"""Cleaning raw tables into observations: layouts, formats, names, periods (synthetic test data)."""

from __future__ import annotations

import hashlib
import math

import openpyxl
import pandas as pd
import pytest
from synthetic import write_project

from cdskit.dataset.codebook import load_codebook
from cdskit.errors import InputError
from cdskit.processing.clean import clean_all
from cdskit.raw.sources import check_sources

HEADER = (
    "synthetic test data\n\nunit,unit_level,province,vintage,indicator,period,value,source_id\n"
)


def clean_text_table(tmp_path, rows: str, *, locale: str = "vi"):
    raw = write_project(tmp_path, {"t.csv": HEADER + rows})
    if locale != "vi":
        register = raw / "sources.yml"
        register.write_text(
            register.read_text("utf-8").replace("number_locale: vi", f"number_locale: {locale}"),
            encoding="utf-8",
        )
    return clean_all(check_sources(raw), load_codebook(raw.parent / "codebook.csv"))


@pytest.mark.parametrize(
    ("published", "value", "qualifier", "denominator"),
    [
        ("1.902.270", 1902270.0, None, None),
        ("625,30", 625.3, None, None),
        ("hơn 1.100", 1100.0, "hơn", None),
        ("trên 14.000", 14000.0, "trên", None),
        ("19/30", 19.0, None, 30.0),
        ("1.234", 1234.0, None, None),
    ],
)
def test_vietnamese_numbers_are_parsed_and_kept_as_published(
    tmp_path, published, value, qualifier, denominator
):
    rows = f'Lạng Sơn,province,,2025,fiber_villages,2024,"{published}",pub-a\n'
    row = clean_text_table(tmp_path, rows).observations.iloc[0]
    assert row["value"] == value
    assert row["qualifier"] == qualifier or (qualifier is None and row["qualifier"] is None)
    assert (row["denominator"] == denominator) or (
        denominator is None and math.isnan(row["denominator"])
    )
    assert row["value_as_published"] == published


def test_an_english_locale_file_reads_dot_decimals(tmp_path):
    rows = (
        "Lạng Sơn,province,,2025,dti_score,2024,0.4874,pub-a\n"
        'Lạng Sơn,province,,2025,fiber_villages,2024,"1,234.5",pub-a\n'
    )
    values = clean_text_table(tmp_path, rows, locale="en").observations["value"].tolist()
    assert values == [0.4874, 1234.5]


@pytest.mark.parametrize("marker", ["-", "—", "…", "x", "n/a", "chưa có số liệu", ""])
def test_missing_markers_become_missing_values_with_a_reason(tmp_path, marker):
    rows = f'Lạng Sơn,province,,2025,fiber_villages,2024,"{marker}",pub-a\n'
    result = clean_text_table(tmp_path, rows)
    assert result.rejects.empty
    row = result.observations.iloc[0]
    assert math.isnan(row["value"])
    assert row["missing_reason"] == (marker or "empty")


@pytest.mark.parametrize(
    "name",
    [
        "Thanh Hóa",
        "Thanh Hoá",
        "THANH HÓA",
        "Thanh Hoa",
        "Tỉnh Thanh Hóa",
        "Thanh\u00a0Hoa\u0301",
        "38",
    ],
)
def test_province_name_variants_resolve_to_one_code(tmp_path, name):
    rows = f'"{name}",province,,2008,dti_score,2022,"0,4874",pub-a\n'
    row = clean_text_table(tmp_path, rows).observations.iloc[0]
    assert (row["unit_code"], row["unit_name"]) == ("38", "Thanh Hóa")


@pytest.mark.parametrize("name", ["TP. Lào Cai", "Thành phố Lào Cai", "tp lao cai"])
def test_district_variants_resolve_within_their_province(tmp_path, name):
    rows = f'"{name}",district,Lào Cai,2008,fiber_villages,2022,12,pub-a\n'
    row = clean_text_table(tmp_path, rows).observations.iloc[0]
    assert (row["unit_code"], row["province_code"], row["unit_level"]) == ("080", "10", "district")


def test_an_agency_gets_a_code_under_its_province(tmp_path):
    rows = 'Sở Giáo dục và Đào tạo,agency,Lạng Sơn,2025,online_share,2024,"99,8%",pub-a\n'
    row = clean_text_table(tmp_path, rows).observations.iloc[0]
    assert (row["unit_code"], row["province_code"], row["value"]) == (
        "20-so-giao-duc-va-dao-tao",
        "20",
        99.8,
    )


@pytest.mark.parametrize(
    ("period", "year"),
    [("2022", 2022), ("2023-H1", 2023), ("2022-06", 2022), ("2024-Q1-Q3", 2024), ("undated", None)],
)
def test_published_periods_are_kept_with_their_year(tmp_path, period, year):
    rows = f"Lạng Sơn,province,,2025,fiber_villages,{period},12,pub-a\n"
    row = clean_text_table(tmp_path, rows).observations.iloc[0]
    assert row["period"] == period
    assert (pd.isna(row["year"]) and year is None) or row["year"] == year


@pytest.mark.parametrize(
    ("field", "row", "rule", "message"),
    [
        (
            "period",
            "Lạng Sơn,province,,2025,fiber_villages,2024-Q3-Q1,12,pub-a",
            "bad_period",
            "2024-Q3-Q1",
        ),
        (
            "period",
            "Lạng Sơn,province,,2025,fiber_villages,22/2024,12,pub-a",
            "bad_period",
            "22/2024",
        ),
        ("vintage", "Lạng Sơn,province,,2020,fiber_villages,2024,12,pub-a", "bad_vintage", "2008"),
        (
            "level",
            "Lạng Sơn,provinse,,2025,fiber_villages,2024,12,pub-a",
            "bad_unit_level",
            "'province'",
        ),
        (
            "source",
            "Lạng Sơn,province,,2025,fiber_villages,2024,12,pub-c",
            "unknown_source",
            "'pub-a'",
        ),
        (
            "value",
            'Lạng Sơn,province,,2025,fiber_villages,2024,"12,3,4",pub-a',
            "bad_value",
            "1.902.270",
        ),
        ("unit", "Bắc Giang,province,,2025,fiber_villages,2024,12,pub-a", "unknown_unit", "2025"),
        ("empty", ",province,,2025,fiber_villages,2024,12,pub-a", "missing_field", "'unit'"),
    ],
)
def test_a_failing_row_is_rejected_with_its_cell_and_rule(tmp_path, field, row, rule, message):
    result = clean_text_table(tmp_path, row + "\n")
    assert result.observations.empty
    reject = result.rejects.iloc[0]
    assert (reject["file"], reject["cell"], reject["rule"]) == ("t.csv", "line 4", rule)
    assert message in reject["message_en"]
    assert reject["message_vi"] and reject["message_vi"] != reject["message_en"]


def test_conflicting_sources_are_flagged_but_agreeing_ones_are_not(tmp_path):
    rows = (
        "Lạng Sơn,province,,2025,dti_rank,2024,3,pub-a\n"
        "Lạng Sơn,province,,2025,dti_rank,2024,4,pub-b\n"
        "Thanh Hóa,province,,2025,dti_rank,2024,5,pub-a\n"
        "Thanh Hoá,province,,2025,dti_rank,2024,5,pub-b\n"
    )
    obs = clean_text_table(tmp_path, rows).observations
    assert obs.groupby("unit_code")["conflict"].all().to_dict() == {"20": True, "38": False}


def write_wide_workbook(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Hạ tầng"
    sheet.append(["Số liệu hạ tầng số năm 2024 (synthetic test data)"])
    sheet.append([])
    sheet.append(["Đơn vị", "Số thôn có cáp quang", "Tỷ lệ (%)", "Ghi chú", "Người nhập"])
    sheet.append(["TP. Lào Cai", "1.234", "99,8%", "", "A"])
    sheet.append(["H. Bát Xát", "-", "gần 100%", "đang cập nhật", "B"])
    book.save(path)


def test_a_wide_sheet_becomes_one_row_per_cell_and_unread_columns_are_reported(tmp_path):
    raw = write_project(tmp_path, {})
    write_wide_workbook(raw / "hatang.xlsx")
    digest = hashlib.sha256((raw / "hatang.xlsx").read_bytes()).hexdigest()
    entry = (
        f'  - path: hatang.xlsx\n    sha256: "{digest}"\n    layout: wide\n'
        "    number_locale: vi\n    source: pub-a\n    unit_column: Đơn vị\n"
        "    unit_level: district\n    province: Lào Cai\n    vintage: 2008\n    period: 2024\n"
        "    indicators:\n      Số thôn có cáp quang: fiber_villages\n"
        "      Tỷ lệ (%): online_share\n"
        "    ignore_columns: [Ghi chú]\n"
    )
    with (raw / "sources.yml").open("a", encoding="utf-8") as handle:
        handle.write(entry)
    result = clean_all(check_sources(raw), load_codebook(raw.parent / "codebook.csv"))
    obs = result.observations.sort_values("origin")
    assert obs["origin"].tolist() == [
        "hatang.xlsx:Hạ tầng!B4",
        "hatang.xlsx:Hạ tầng!B5",
        "hatang.xlsx:Hạ tầng!C4",
        "hatang.xlsx:Hạ tầng!C5",
    ]
    assert obs["unit_code"].tolist() == ["080", "082", "080", "082"]
    assert obs["qualifier"].tolist()[3] == "gần"
    assert result.rejects[["sheet", "rule", "value"]].values.tolist() == [
        ["Hạ tầng", "unexpected_column", "Người nhập"]
    ]
    assert result.counts[["input", "cleaned", "rejected"]].values.tolist() == [[5, 4, 1]]


def test_a_wide_entry_naming_a_missing_column_suggests_the_header(tmp_path):
    raw = write_project(tmp_path, {})
    write_wide_workbook(raw / "hatang.xlsx")
    digest = hashlib.sha256((raw / "hatang.xlsx").read_bytes()).hexdigest()
    entry = (
        f'  - path: hatang.xlsx\n    sha256: "{digest}"\n    layout: wide\n    source: pub-a\n'
        "    unit_column: Don vi\n    unit_level: district\n    vintage: 2008\n    period: 2024\n"
        "    indicators: {Số thôn có cáp quang: fiber_villages}\n"
    )
    with (raw / "sources.yml").open("a", encoding="utf-8") as handle:
        handle.write(entry)
    with pytest.raises(InputError, match=r"hatang\.xlsx.*'Don vi'.*Did you mean 'Đơn vị'"):
        clean_all(check_sources(raw), load_codebook(raw.parent / "codebook.csv"))


def test_a_long_workbook_is_read_sheet_by_sheet_with_cell_origins(tmp_path):
    raw = write_project(tmp_path, {})
    book = openpyxl.Workbook()
    for title, unit in (("2022", "Thanh Hoá"), ("2023", "LẠNG SƠN")):
        sheet = book.create_sheet(title)
        sheet.append(["Kết quả DTI (synthetic test data)"])
        sheet.append([])
        sheet.append(["unit", "unit_level", "vintage", "indicator", "period", "value"])
        sheet.append([unit, "province", 2008, "dti_score", title, 0.4874])
        sheet.append(["Tổng cộng", None, None, None, None, None])
    book.remove(book["Sheet"])
    book.save(raw / "dti.xlsx")
    digest = hashlib.sha256((raw / "dti.xlsx").read_bytes()).hexdigest()
    with (raw / "sources.yml").open("a", encoding="utf-8") as handle:
        handle.write(f'  - path: dti.xlsx\n    sha256: "{digest}"\n    source: pub-b\n')
    result = clean_all(check_sources(raw), load_codebook(raw.parent / "codebook.csv"))
    obs = result.observations
    assert obs[["unit_code", "origin", "value", "source_id"]].values.tolist() == [
        ["38", "dti.xlsx:2022!F4", 0.4874, "pub-b"],
        ["20", "dti.xlsx:2023!F4", 0.4874, "pub-b"],
    ]
    assert result.rejects.empty
    totals = result.set_aside[result.set_aside["text"].str.contains("Tổng cộng")]
    assert totals["sheet"].tolist() == ["2022", "2023"]

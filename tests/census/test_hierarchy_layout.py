"""The hierarchical-table reader on small synthetic tables (made up here, not census figures)."""

from __future__ import annotations

import openpyxl
import pytest

from cdskit.errors import InputError
from cdskit.raw._hierarchy import (
    HierarchyLayout,
    SubtotalError,
    check_subtotals,
    read_hierarchy,
)

LAYOUT = HierarchyLayout.from_config(
    {"levels": ["province", "district", "commune"], "subtotal_marker": "(Tổng số)"},
    {"Tổng số": "population", "Thành thị": "urban"},
)


def _synthetic_table(path, rows):
    """Write a synthetic GSO-style export: title, header, then ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cube"
    sheet.append(["Dân số (synthetic)"])
    sheet.append([])
    sheet.append([None, None, None, "Tổng số", "Thành thị"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GOOD = [
    ["Tổng số", None, None, "170", "60"],
    [" Tỉnh A (Tổng số)", None, None, "150", "60"],
    [" Tỉnh A", "Huyện B (Tổng số)", None, "100", "60"],
    [None, "Huyện B", " Xã C", "40", "40"],
    [None, None, " Xã D", "60", "20"],
    [" Tỉnh A", "Huyện E (Tổng số)", None, "50", ""],
    [None, "Huyện E", " Xã F", "50", ""],
    [" Tỉnh G (Tổng số)", None, None, "20", ""],
    [" Tỉnh G", "Huyện H", " Huyện H", "20", ""],
]


@pytest.mark.synthetic
def test_a_synthetic_hierarchy_is_read_with_parents_cells_and_zeros(tmp_path):
    table = read_hierarchy(
        _synthetic_table(tmp_path / "synthetic.xlsx", GOOD), LAYOUT, display_root=tmp_path
    )
    units = table.units
    assert units["name"].tolist() == ["Xã C", "Xã D", "Xã F", "Huyện H"]
    assert units["district"].tolist() == ["Huyện B", "Huyện B", "Huyện E", "Huyện H"]
    assert units["province"].tolist() == ["Tỉnh A", "Tỉnh A", "Tỉnh A", "Tỉnh G"]
    assert units["urban"].tolist() == [40, 20, 0, 0]  # empty cells are 0
    assert units["population_origin"].iloc[2] == "synthetic.xlsx:Cube!D10"
    checks = check_subtotals(table)
    assert (checks["subtotal"] == checks["sum"]).all()
    # a district without communes (named in both columns, no subtotal row) counts in its province
    assert checks.query("level == 'province' and name == 'Tỉnh G'")["units"].tolist() == [1, 1]


@pytest.mark.synthetic
def test_a_planted_subtotal_mismatch_is_an_error_naming_the_row_and_cell(tmp_path):
    rows = [list(row) for row in GOOD]
    rows[2][3] = "101"  # Huyện B's subtotal one person too many
    table = read_hierarchy(
        _synthetic_table(tmp_path / "synthetic.xlsx", rows), LAYOUT, display_root=tmp_path
    )
    with pytest.raises(
        SubtotalError, match=r"row 6 \(district 'Huyện B', cell synthetic\.xlsx:Cube!D6\)"
    ):
        check_subtotals(table)


@pytest.mark.synthetic
def test_a_unit_under_the_wrong_parent_is_refused_with_its_cell(tmp_path):
    rows = [list(row) for row in GOOD]
    rows[6][1] = "Huyện X"  # a commune row naming a district whose subtotal row is not above it
    with pytest.raises(InputError, match=r"Cube!B10: row 10 names district 'Huyện X'"):
        read_hierarchy(
            _synthetic_table(tmp_path / "synthetic.xlsx", rows), LAYOUT, display_root=tmp_path
        )


@pytest.mark.synthetic
def test_a_value_that_is_not_a_number_is_refused_with_its_cell(tmp_path):
    rows = [list(row) for row in GOOD]
    rows[3][3] = "40 người?"
    with pytest.raises(InputError, match=r"Cube!D7: '40 người\?' is not a number"):
        read_hierarchy(
            _synthetic_table(tmp_path / "synthetic.xlsx", rows), LAYOUT, display_root=tmp_path
        )


def test_a_layout_without_levels_is_refused():
    with pytest.raises(InputError, match=r"hierarchy\.levels"):
        HierarchyLayout.from_config({}, {"Tổng số": "population"}, "sources.yml")

"""The GSO census table read from the mirror: every commune, every subtotal reproduced."""

from __future__ import annotations

from cdskit.raw._hierarchy import check_subtotals
from cdskit.raw.pinned import pinned_files
from cdskit.raw.sources import load_register

#: Province totals the census table prints (population, 1 April 2019).
PROVINCE_TOTALS = {
    "Tỉnh Lạng Sơn": 781_655,
    "Tỉnh Bắc Giang": 1_803_950,
    "Tỉnh Lào Cai": 730_420,
    "Tỉnh Yên Bái": 821_030,
    "Tỉnh Bắc Ninh": 1_368_840,
    "Tỉnh Thanh Hoá": 3_640_128,
}


def test_the_census_table_holds_every_commune_and_the_national_total(census_table):
    units = census_table.units
    assert len(units) == 11_165
    assert units["population"].sum() == 96_208_984
    total = census_table.rows[census_table.rows["kind"] == "total"]
    assert total["population"].tolist() == [96_208_984]
    assert (units["population_urban"] + units["population_rural"] == units["population"]).all()


def test_every_province_and_district_subtotal_is_reproduced_from_its_communes(census_table):
    checks = check_subtotals(census_table)
    rows = census_table.rows
    subtotals = int((rows["kind"] == "subtotal").sum())
    assert subtotals == 63 + 709  # provinces and districts of 2019 with communes under them
    assert len(checks) == 3 * (subtotals + 1)  # three value columns, plus the national total
    assert (checks["subtotal"] == checks["sum"]).all()
    provinces = checks[(checks["level"] == "province") & (checks["value"] == "population")]
    printed = provinces.set_index("name")["subtotal"]
    assert {name: printed[name] for name in PROVINCE_TOTALS} == PROVINCE_TOTALS


def test_every_value_keeps_its_sheet_and_cell(census_table):
    first = census_table.units.iloc[0]
    assert first["population_origin"] == (
        "vn-census-2019/population_by_urban_ward_2019.xlsx:Cube1a_DansoChung!D7"
    )
    assert first["name"] == "Phường Phúc Xá"
    assert first["population_rural_text"] == ""  # an empty cell, read as 0
    assert first["population_rural"] == 0


def test_both_census_files_are_pinned_and_cited_in_the_register():
    register = load_register()
    pinned = {e.path: e for e in register.files if e.pinned}
    registry = pinned_files()
    assert set(pinned) == set(registry)
    for name, entry in pinned.items():
        assert entry.sha256 == registry[name].sha256
        assert registry[name].url.startswith("https://")
    census = register.sources[pinned[next(iter(p for p in pinned if "population" in p))].source]
    assert census.publisher.startswith("Tổng cục Thống kê")
    assert "Tổng điều tra dân số và nhà ở năm 2019" in census.title

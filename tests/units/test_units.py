"""Administrative-unit resolver: names and codes in both vintages, crosswalk, agency ids.

Expected codes are the official NSO codes; the names below are written the ways they appear
in real tables and boundary files (a few inputs are synthetic test data: deliberately mangled
spellings such as extra spaces, NBSP and decomposed Unicode).
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from cdskit.errors import ParameterError, UnknownUnitError
from cdskit.units import resolver as u


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ----------------------------------------------------------------------------- provinces

PROVINCE_VARIANTS = [
    # (name as written, vintage, expected code, expected status)
    ("Lạng Sơn", 2008, "20", "exact"),
    ("Tỉnh Lạng Sơn", 2008, "20", "exact"),
    ("LẠNG SƠN", 2025, "20", "exact"),
    ("lạng sơn", 2025, "20", "exact"),
    ("  Lạng\u00a0 Sơn ", 2025, "20", "exact"),
    (nfd("Lạng Sơn"), 2025, "20", "exact"),
    ("Lang Son", 2025, "20", "corrected"),
    ("20", 2025, "20", "exact"),
    ("Bắc Giang", 2008, "24", "exact"),
    ("Tỉnh Bắc Giang", 2008, "24", "exact"),
    ("BAC GIANG", 2008, "24", "corrected"),
    ("24", 2008, "24", "exact"),
    ("Bắc Ninh", 2008, "27", "exact"),
    ("Bắc Ninh", 2025, "24", "exact"),
    ("Tỉnh Bắc Ninh", 2025, "24", "exact"),
    ("Bac Ninh", 2025, "24", "corrected"),
    ("24", 2025, "24", "exact"),
    ("Lào Cai", 2008, "10", "exact"),
    ("Tỉnh Lào Cai", 2008, "10", "exact"),
    ("Lao Cai", 2008, "10", "corrected"),
    ("10", 2008, "10", "exact"),
    ("Lào Cai", 2025, "15", "exact"),
    (nfd("Tỉnh Lào Cai"), 2025, "15", "exact"),
    ("LAO CAI", 2025, "15", "corrected"),
    ("Lao Cai Province", 2025, "15", "corrected"),
    ("15", 2025, "15", "exact"),
    ("15", 2008, "15", "exact"),  # Yên Bái in the old numbering
    ("Yên Bái", 2008, "15", "exact"),
    ("Thanh Hóa", 2008, "38", "exact"),
    ("Thanh Hoá", 2008, "38", "exact"),
    ("Tỉnh Thanh Hoá", 2025, "38", "exact"),
    ("THANH HÓA", 2025, "38", "exact"),
    ("THANH HOÁ", 2025, "38", "exact"),
    (nfd("Thanh Hoá"), 2025, "38", "exact"),
    ("Thanh Hoa", 2025, "38", "corrected"),
    ("thanh  hoa", 2025, "38", "corrected"),
    ("38", 2025, "38", "exact"),
    # other provinces: accent placement, hyphens, abbreviations, codes as numbers, variants
    ("Hòa Bình", 2008, "17", "exact"),
    ("Hoà Bình", 2008, "17", "exact"),
    ("Khánh Hoà", 2025, "56", "exact"),
    ("Bà Rịa - Vũng Tàu", 2008, "77", "exact"),
    ("Bà Rịa -Vũng Tàu", 2008, "77", "exact"),
    ("Ba Ria Vung Tau", 2008, "77", "corrected"),
    ("TP. Hồ Chí Minh", 2025, "79", "exact"),
    ("Thành phố Hồ Chí Minh", 2025, "79", "exact"),
    ("TP HCM", 2025, "79", "corrected"),
    ("TP.HCM", 2008, "79", "corrected"),
    ("Sài Gòn", 2025, "79", "corrected"),
    ("Ho Chi Minh City", 2025, "79", "corrected"),
    ("Thừa Thiên Huế", 2008, "46", "exact"),  # its name in the 63-province era
    ("Huế", 2008, "46", "corrected"),  # renamed on 1 January 2025, before the reform
    ("Thừa Thiên Huế", 2025, "46", "corrected"),
    ("Huế", 2025, "46", "exact"),
    ("Tp. Đà Nẵng", 2025, "48", "exact"),
    ("Hà Nội", 2025, "01", "exact"),
    ("Hanoi", 2025, "01", "corrected"),
    ("1", 2025, "01", "exact"),
    ("01", 2008, "01", "exact"),
    ("Tỉnh Cần Thơ", 2025, "92", "corrected"),  # wrong prefix of the right level
    # real-world misspellings of the pre-2025 province boundary layer
    ("Cần Thơn", 2008, "92", "corrected"),
    ("Quản Bình", 2008, "44", "corrected"),
    ("Kien Giang", 2008, "91", "corrected"),
    ("Đăk Lăk", 2008, "66", "corrected"),
    ("Đăk Nông", 2008, "67", "corrected"),
]


@pytest.mark.parametrize(("text", "vintage", "code", "status"), PROVINCE_VARIANTS)
def test_province_name_variants_resolve_to_their_code(text, vintage, code, status):
    assert u.resolve(text, vintage=vintage).code == code
    out = u.resolve_many(pd.Series([text]), level="province", vintage=vintage)
    assert out.loc[0, "unit_code"] == code
    assert out.loc[0, "status"] == status
    assert pd.isna(out.loc[0, "message"])


@pytest.mark.parametrize(
    ("code", "vintage", "name"),
    [
        ("24", 2008, "Bắc Giang"),
        ("24", 2025, "Bắc Ninh"),
        ("27", 2008, "Bắc Ninh"),
        ("15", 2008, "Yên Bái"),
        ("15", 2025, "Lào Cai"),
        ("10", 2008, "Lào Cai"),
        ("20", 2025, "Lạng Sơn"),
        ("38", 2008, "Thanh Hóa"),
    ],
)
def test_reused_codes_resolve_in_their_own_vintage(code, vintage, name):
    assert u.resolve(code, vintage=vintage).name == name


@pytest.mark.parametrize("code", ["10", "27", "17", "99", "100"])
def test_codes_that_do_not_exist_in_2025_are_unknown(code):
    with pytest.raises(UnknownUnitError, match=r"Unknown province code .*vintage 2025"):
        u.resolve(code, vintage=2025)


def test_codes_may_be_given_as_integers():
    assert u.resolve(1).name == "Hà Nội"
    assert u.resolve(2683, level="commune").name == "Bát Xát"


def test_resolved_province_carries_canonical_names():
    unit = u.resolve("thanh hoá", vintage=2025)
    assert unit == u.Unit(
        code="38",
        name="Thanh Hóa",
        full_name="Tỉnh Thanh Hóa",
        name_en="Thanh Hoa",
        level="province",
        vintage=2025,
        province_code="38",
    )
    assert u.resolve("Hồ Chí Minh").full_name == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("Hà Tây", "Hà Tĩnh"), ("Thanh", "Thanh Hóa"), ("Bắc", "Bắc Ninh"), ("Sơn", "Lạng Sơn")],
)
def test_unknown_province_is_an_error_with_suggestions(text, suggestion):
    with pytest.raises(UnknownUnitError, match=r"Unknown province name .*Did you mean") as info:
        u.resolve(text)
    assert suggestion in info.value.suggestions


def test_unknown_province_without_any_close_name_says_so_without_guessing():
    with pytest.raises(UnknownUnitError, match=r"Unknown province name 'Xyzzy'") as info:
        u.resolve("Xyzzy")
    assert info.value.suggestions == []


@pytest.mark.parametrize(
    ("text", "vintage"),
    [("Thành phố Lào Cai", 2008), ("TP. Thanh Hóa", 2025), ("Huyện Thanh Hóa", 2008)],
)
def test_a_prefix_naming_a_smaller_unit_is_not_taken_for_the_province(text, vintage):
    with pytest.raises(UnknownUnitError, match="prefix names a smaller unit"):
        u.resolve(text, vintage=vintage)


def test_every_province_of_the_2008_boundary_layer_resolves_to_a_distinct_code(mirror):
    kml = mirror / "vn-provinces-2008-odm" / "Maps" / "KML" / "diaphantinhvn.kml"
    names = [
        element.text
        for element in ET.parse(kml).iter()
        if element.tag.endswith("SimpleData") and element.get("name") == "ten_tinh"
    ]
    assert len(names) == 63
    out = u.resolve_many(pd.Series(names), level="province", vintage=2008)
    assert out["status"].isin(["exact", "corrected"]).all(), out[out["unit_code"].isna()]
    assert set(out["unit_code"]) == set(u.units("province", 2008)["code"])
    by_name = dict(zip(names, out["unit_code"], strict=True))
    expected = {
        "Cần Thơn": "92",
        "Quản Bình": "44",
        "Kien Giang": "91",
        "Bà Rịa -Vũng Tàu": "77",
        "TP. Hồ Chí Minh": "79",
        "Thừa Thiên Huế": "46",
        "Đăk Lăk": "66",
        "Lạng Sơn": "20",
        "Bắc Giang": "24",
        "Lào Cai": "10",
        "Thanh Hóa": "38",
    }
    assert {name: by_name[name] for name in expected} == expected


def test_every_2025_province_and_focus_commune_file_resolves_to_its_own_code(mirror):
    rows = []
    for path in sorted((mirror / "vn-units-2025" / "json" / "geojson").glob("*/**/*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        props = (data["features"][0] if "features" in data else data)["properties"]
        is_commune = path.parent.name == "wards"
        folder = path.parent.parent if is_commune else path.parent
        rows.append((is_commune, folder.name[:2], props["code"], props["name"], props["nameEn"]))
    frame = pd.DataFrame(rows, columns=["is_commune", "province", "code", "name", "name_en"])
    provinces, communes = frame[~frame["is_commune"]], frame[frame["is_commune"]]
    assert len(provinces) == 34 and len(communes) == 429
    out = u.resolve_many(provinces["name"], level="province", vintage=2025)
    assert out["unit_code"].tolist() == provinces["code"].tolist()
    for column, statuses in [("name", {"exact"}), ("name_en", {"exact", "corrected", "ambiguous"})]:
        out = u.resolve_many(
            communes[column], level="commune", vintage=2025, province=communes["province"]
        )
        assert set(out["status"]) <= statuses
        resolved = out["unit_code"].notna()
        assert out.loc[resolved, "unit_code"].tolist() == communes.loc[resolved, "code"].tolist()
        assert resolved.sum() >= len(communes) - 2  # 'Dong Tien': Xã Đồng Tiến / Phường Đông Tiến


# ----------------------------------------------------------------------------- districts (2008)

DISTRICT_VARIANTS = [
    ("TP. Lào Cai", "080"),
    ("Thành phố Lào Cai", "080"),
    ("TP Lào Cai", "080"),
    ("Tp. Lào Cai", "080"),
    ("tp.lào cai", "080"),
    ("Lào Cai", "080"),
    ("Lao Cai City", "080"),
    ("H. Bát Xát", "082"),
    ("Huyện Bát Xát", "082"),
    ("huyen Bat Xat", "082"),
    ("Bát Xát", "082"),
    ("TX. Sa Pa", "088"),
    ("Thị xã Sa Pa", "088"),
    ("Huyện Sa Pa", "088"),  # the type changed, the unit did not
    ("Thị xã Phúc Yên", "244"),
    ("Sapa", "088"),
    ("TP. Lạng Sơn", "178"),
    ("Thành phố Bắc Giang", "213"),
    ("TX Chũ", "224"),
    ("TP. Thanh Hoá", "380"),
    ("Thị xã Nghi Sơn", "407"),
    ("Q.1", "760"),
    ("Quận 1", "760"),
    ("1", "001"),
]


@pytest.mark.parametrize(("text", "code"), DISTRICT_VARIANTS)
def test_district_name_variants_resolve_to_their_code(text, code):
    assert u.resolve(text, level="district", vintage=2008).code == code


def test_a_city_and_its_province_share_a_name_but_not_a_level():
    city = u.resolve("TP. Lào Cai", level="district", vintage=2008)
    province = u.resolve("Lào Cai", level="province", vintage=2008)
    assert (city.code, city.full_name, city.province_code) == ("080", "Thành phố Lào Cai", "10")
    assert (province.code, province.full_name) == ("10", "Tỉnh Lào Cai")


@pytest.mark.parametrize(
    ("text", "now"),
    [("Huyện Thông Nông", "Huyện Hà Quảng (045, Cao Bằng)"), ("Tĩnh Gia", "Thị xã Nghi Sơn")],
)
def test_a_former_district_name_is_explained_not_mapped_to_the_unit_that_absorbed_it(text, now):
    with pytest.raises(
        UnknownUnitError, match=f"former name of a unit that is now {re.escape(now)}"
    ):
        u.resolve(text, level="district", vintage=2008)


def test_a_commune_prefix_is_not_taken_for_a_district():
    with pytest.raises(UnknownUnitError, match=r"prefix names a smaller unit.*Thị xã Sa Pa"):
        u.resolve("Thị trấn Sa Pa", level="district", vintage=2008)


def test_districts_do_not_exist_in_vintage_2025():
    with pytest.raises(ParameterError, match="districts were abolished on 1 July 2025"):
        u.resolve("Bát Xát", level="district", vintage=2025)


# ----------------------------------------------------------------------------- communes

COMMUNE_VARIANTS = [
    # (name, vintage, province, expected code)
    ("Xã Bát Xát", 2025, None, "02683"),
    ("Bát Xát", 2025, "Lào Cai", "02683"),
    ("Bat Xat Commune", 2025, "15", "02683"),
    ("Phường Lào Cai", 2025, None, "02647"),
    ("P. Lào Cai", 2025, "Lào Cai", "02647"),
    ("Xã Cốc San", 2025, None, "02746"),
    ("Tân Tiến", 2025, "Lạng Sơn", "06019"),
    ("Xã Tân Tiến", 2025, "20", "06019"),
    ("Tân Tiến", 2025, "Bắc Ninh", "07699"),
    ("Tân Tiến", 2025, "Thanh Hoá", "16108"),
    ("Xã Cẩm Thuỷ", 2025, "Thanh Hóa", "15127"),
    ("Hiệp Hoà", 2025, "Bắc Ninh", "07840"),
    ("TT. Bát Xát", 2008, None, "02683"),
    ("Thị trấn Bát Xát", 2008, "Lào Cai", "02683"),
    ("Phường 1", 2008, "Cà Mau", "32005"),
    ("P.1", 2008, "96", "32005"),
    ("1", 2008, None, "00001"),
    ("Phường Quán Thánh", 2008, None, "00013"),
    ("Quán Thánh", 2008, "Hà Nội", "00013"),
    ("Quán Thánh", 2025, "Nghệ An", "17569"),  # other diacritics, accepted inside the province
]


@pytest.mark.parametrize(("text", "vintage", "province", "code"), COMMUNE_VARIANTS)
def test_commune_name_variants_resolve_to_their_code(text, vintage, province, code):
    unit = u.resolve(text, level="commune", vintage=vintage, province=province)
    assert unit.code == code
    assert unit.level == "commune"


def test_a_numeric_commune_name_is_not_taken_for_a_code():
    ward = u.resolve("Phường 1", level="commune", vintage=2008, province="Cà Mau")
    by_code = u.resolve("1", level="commune", vintage=2008)
    assert (ward.code, ward.name) == ("32005", "Phường 1")
    assert (by_code.code, by_code.name) == ("00001", "Phúc Xá")


def test_an_ambiguous_commune_without_province_is_an_error_listing_candidates():
    with pytest.raises(
        UnknownUnitError, match=r"Ambiguous commune name 'Tân Tiến'.*province="
    ) as e:
        u.resolve("Tân Tiến", level="commune", vintage=2025)
    assert len(e.value.suggestions) == 8
    assert "Xã Tân Tiến (06019, Lạng Sơn)" in e.value.suggestions


def test_numbered_wards_across_the_country_are_ambiguous():
    with pytest.raises(UnknownUnitError, match=r"Ambiguous commune name 'P\.1'.*units have"):
        u.resolve("P.1", level="commune", vintage=2008)


def test_conflicting_diacritics_are_not_corrected_across_the_whole_country():
    # synthetic test data: a wrong tone mark on a real commune name
    with pytest.raises(UnknownUnitError, match=r"other diacritics.*Xã Bát Xát") as info:
        u.resolve("Bạt Xát", level="commune", vintage=2025)
    assert info.value.suggestions == ["Xã Bát Xát (02683, Lào Cai)"]
    assert u.resolve("Bạt Xát", level="commune", vintage=2025, province="15").code == "02683"


@pytest.mark.parametrize(
    ("text", "province", "match"),
    [
        (
            "Quán Thánh",
            None,
            r"names Phường Quán Thánh \(00013, Quận Ba Đình, Hà Nội\) in vintage 2008",
        ),
        ("Quán Thánh", "Hà Nội", r"within Thành phố Hà Nội: it names Phường Quán Thánh"),
        ("Phường Phúc Xá", "01", r"Use vintage=2008 for figures of that period"),
    ],
)
def test_a_pre_reform_commune_in_2025_data_is_explained_not_corrected(text, province, match):
    with pytest.raises(UnknownUnitError, match=match):
        u.resolve(text, level="commune", vintage=2025, province=province)


@pytest.mark.parametrize(
    ("text", "new_name"),
    [
        ("Bắc Giang", "Bắc Ninh"),
        ("Yên Bái", "Lào Cai"),
        ("Quảng Bình", "Quảng Trị"),  # one letter from 2025 "Quảng Ninh": never a fuzzy match
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ],
)
def test_a_pre_reform_province_in_2025_data_points_to_its_successor(text, new_name):
    with pytest.raises(
        UnknownUnitError, match=rf"vintage 2008.*merged into {new_name} \(\d\d\) on 1 July 2025"
    ) as info:
        u.resolve(text, vintage=2025)
    assert info.value.suggestions == [new_name]


def test_a_misspelt_commune_is_corrected_only_inside_a_given_province():
    with pytest.raises(UnknownUnitError, match=r"Did you mean 'Xã Bát Xát \(02683, Lào Cai\)'"):
        u.resolve("Xã Bát Xátt", level="commune", vintage=2025)
    out = u.resolve_many(
        pd.Series(["Xã Bát Xátt"]), level="commune", vintage=2025, province="Lào Cai"
    )
    assert (out.loc[0, "unit_code"], out.loc[0, "status"]) == ("02683", "corrected")


def test_a_commune_outside_the_given_province_is_unknown_with_suggestions():
    with pytest.raises(UnknownUnitError, match=r"within Tỉnh Thanh Hóa.*Did you mean"):
        u.resolve("Bát Xát", level="commune", vintage=2025, province="Thanh Hóa")


def test_an_unknown_province_argument_is_an_error():
    with pytest.raises(UnknownUnitError, match="Unknown province name 'Hà Tây'"):
        u.resolve("Tân Tiến", level="commune", province="Hà Tây")


# ----------------------------------------------------------------------------- resolve_many


def test_resolve_many_keeps_the_index_and_reports_each_row():
    names = pd.Series(
        ["Thanh Hoá", "Lang Son", None, "Hà Tây", "Cần Thơn", "Thanh Hoá"],
        index=[10, 11, 12, 13, 14, 15],
    )
    out = u.resolve_many(names, level="province", vintage=2025)
    assert out.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert out.columns.tolist() == ["unit_code", "unit_name", "province_code", "status", "message"]
    assert out["status"].tolist() == [
        "exact",
        "corrected",
        "unknown",
        "unknown",
        "corrected",
        "exact",
    ]
    assert out.loc[10, "unit_name"] == "Thanh Hóa"
    assert out.loc[14, "unit_code"] == "92"
    assert pd.isna(out.loc[13, "unit_code"])
    assert "Did you mean 'Hà Tĩnh'" in out.loc[13, "message"]
    assert "Missing province name" in out.loc[12, "message"]


def test_resolve_many_accepts_codes_given_as_numbers():
    out = u.resolve_many(pd.Series([1, 38, 20, 24]), level="province", vintage=2025)
    assert out["unit_code"].tolist() == ["01", "38", "20", "24"]
    out = u.resolve_many(pd.Series([1.0, 38.0]), level="province", vintage=2008)
    assert out["unit_code"].tolist() == ["01", "38"]


def test_resolve_many_uses_one_province_per_row():
    names = pd.Series(["Tân Tiến", "Tân Tiến", "Tân Tiến", "Tân Tiến", "Tân Tiến"])
    provinces = pd.Series(["Lạng Sơn", "24", "Thanh Hoa", None, "Hà Tây"])
    out = u.resolve_many(names, level="commune", vintage=2025, province=provinces)
    assert out["unit_code"].tolist()[:3] == ["06019", "07699", "16108"]
    assert out["province_code"].tolist()[:3] == ["20", "24", "38"]
    assert out["status"].tolist()[3:] == ["ambiguous", "unknown"]
    assert "Unknown province name 'Hà Tây'" in out.loc[4, "message"]


def test_resolve_many_with_one_province_for_all_rows():
    names = pd.Series(["TP. Lào Cai", "H. Bát Xát", "Sa Pa"])
    out = u.resolve_many(names, level="district", vintage=2008, province="Lào Cai")
    assert out["unit_code"].tolist() == ["080", "082", "088"]
    assert set(out["province_code"]) == {"10"}


def test_resolve_many_on_a_long_column_matches_resolving_each_distinct_name():
    communes = u.units("commune", 2025, province="Lạng Sơn")["full_name"].tolist()
    names = pd.Series(communes * 1000 + ["Xã Không Có"] * 10)
    out = u.resolve_many(names, level="commune", vintage=2025, province="20")
    assert len(out) == len(names)
    expected = {name: u.resolve(name, level="commune", province="20").code for name in communes}
    assert out["unit_code"].iloc[: len(communes)].tolist() == [expected[n] for n in communes]
    assert (out["unit_code"].iloc[:-10] == names.iloc[:-10].map(expected)).all()
    assert out["status"].iloc[-10:].eq("unknown").all()


def test_resolve_many_of_an_empty_column_is_empty():
    out = u.resolve_many(pd.Series([], dtype=object), level="province", vintage=2025)
    assert len(out) == 0
    assert out.columns.tolist() == ["unit_code", "unit_name", "province_code", "status", "message"]


def test_resolve_many_refuses_a_province_column_for_provinces():
    with pytest.raises(ParameterError, match="cannot be used with level='province'"):
        u.resolve_many(
            pd.Series(["Lào Cai"]), level="province", vintage=2025, province=pd.Series(["15"])
        )


def test_resolve_many_needs_a_series_and_aligned_provinces():
    with pytest.raises(ParameterError, match="must be a pandas Series"):
        u.resolve_many(["Lạng Sơn"], level="province", vintage=2025)
    with pytest.raises(ParameterError, match="same index as names"):
        u.resolve_many(
            pd.Series(["Bát Xát"]),
            level="commune",
            vintage=2025,
            province=pd.Series(["Lào Cai"], index=[5]),
        )


# ----------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"level": "provinces"}, r"level='provinces' is not a unit level.*Did you mean 'province'"),
        ({"level": "ward"}, r"level='ward' is not a unit level"),
        ({"vintage": 2020}, r"vintage=2020 is not an administrative vintage"),
        ({"level": "province", "province": "Lào Cai"}, r"province= narrows districts and communes"),
    ],
)
def test_bad_parameters_are_errors_naming_the_parameter(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        u.resolve("Lào Cai", **kwargs)


# ----------------------------------------------------------------------------- unit lists


@pytest.mark.parametrize(
    ("level", "vintage", "count"),
    [("province", 2008, 63), ("province", 2025, 34), ("commune", 2025, 3321)],
)
def test_unit_counts_match_the_official_lists(level, vintage, count):
    frame = u.units(level, vintage)
    assert len(frame) == count
    assert frame["code"].is_unique


def test_about_seven_hundred_districts_and_ten_thousand_communes_before_2025():
    districts = u.units("district", 2008)
    communes = u.units("commune", 2008)
    assert 690 <= len(districts) <= 710
    assert 10_000 <= len(communes) <= 10_100
    assert set(communes["district_code"]) <= set(districts["code"])


def test_unit_lists_have_the_documented_columns_and_forms():
    frame = u.units("commune", 2008)
    assert frame.columns.tolist() == [
        "code",
        "name",
        "full_name",
        "name_en",
        "level",
        "vintage",
        "province_code",
        "district_code",
    ]
    for level, vintage, width in [
        ("province", 2025, 2),
        ("district", 2008, 3),
        ("commune", 2025, 5),
    ]:
        table = u.units(level, vintage)
        assert table["code"].str.fullmatch(rf"\d{{{width}}}").all()
        assert table["province_code"].str.fullmatch(r"\d{2}").all()
        assert all(unicodedata.is_normalized("NFC", name) for name in table["full_name"])
        assert all(name.isascii() for name in table["name_en"])
        # one tone placement everywhere: "Hóa", "Hòa", "Thủy", never "Hoá", "Hoà", "Thuỷ"
        assert not table["name"].str.contains(r"(?:o[áàảãạ]|(?<![qQ])u[ýỳỷỹỵ])\b").any()


def test_units_of_one_province():
    frame = u.units("district", 2008, province="Lào Cai")
    assert frame["province_code"].eq("10").all()
    assert {"080", "082", "088"} <= set(frame["code"])
    assert len(u.units("commune", 2025, province="Lạng Sơn")) == 65


# ----------------------------------------------------------------------------- crosswalk


def test_crosswalk_maps_every_old_province_to_exactly_one_new_one():
    crosswalk = u.province_crosswalk()
    assert crosswalk.columns.tolist() == ["old_code", "old_name", "new_code", "new_name"]
    assert len(crosswalk) == 63
    assert crosswalk["old_code"].is_unique
    assert set(crosswalk["old_code"]) == set(u.units("province", 2008)["code"])
    assert set(crosswalk["new_code"]) == set(u.units("province", 2025)["code"])
    assert crosswalk["new_code"].nunique() == 34


@pytest.mark.parametrize(
    ("old_code", "old_name", "new_code", "new_name"),
    [
        ("20", "Lạng Sơn", "20", "Lạng Sơn"),
        ("24", "Bắc Giang", "24", "Bắc Ninh"),
        ("27", "Bắc Ninh", "24", "Bắc Ninh"),
        ("10", "Lào Cai", "15", "Lào Cai"),
        ("15", "Yên Bái", "15", "Lào Cai"),
        ("38", "Thanh Hóa", "38", "Thanh Hóa"),
    ],
)
def test_crosswalk_rows_of_the_focus_provinces(old_code, old_name, new_code, new_name):
    crosswalk = u.province_crosswalk().set_index("old_code")
    assert tuple(crosswalk.loc[old_code]) == (old_name, new_code, new_name)
    assert u.new_province_of(old_code).code == new_code
    assert u.new_province_of(old_name).name == new_name


@pytest.mark.parametrize(
    ("new", "old_names"),
    [
        ("24", ["Bắc Giang", "Bắc Ninh"]),
        ("Bắc Ninh", ["Bắc Giang", "Bắc Ninh"]),
        ("15", ["Lào Cai", "Yên Bái"]),
        ("20", ["Lạng Sơn"]),
        ("Thanh Hoá", ["Thanh Hóa"]),
    ],
)
def test_old_provinces_in_a_new_province(new, old_names):
    frame = u.old_provinces_in(new)
    assert frame["name"].tolist() == old_names
    assert frame["vintage"].eq(2008).all()


# ----------------------------------------------------------------------------- agency ids


@pytest.mark.parametrize(
    ("province_code", "name", "expected"),
    [
        ("10", "Sở Giáo dục và Đào tạo", "10-so-giao-duc-va-dao-tao"),
        ("20", nfd("Sở Thông tin và Truyền thông"), "20-so-thong-tin-va-truyen-thong"),
        ("38", "  UBND  huyện Bá Thước ", "38-ubnd-huyen-ba-thuoc"),
        ("24", "Sở Khoa học & Công nghệ (KH&CN)", "24-so-khoa-hoc-cong-nghe-kh-cn"),
        ("1", "Văn phòng UBND", "01-van-phong-ubnd"),
    ],
)
def test_agency_code_is_a_stable_slug_under_the_province(province_code, name, expected):
    assert u.agency_code(province_code, name) == expected


@pytest.mark.parametrize(
    ("province_code", "name"), [("", "Sở Y tế"), ("10", "  "), ("LC", "Sở Y tế")]
)
def test_agency_code_refuses_an_empty_name_or_a_bad_province_code(province_code, name):
    with pytest.raises(ParameterError, match="agency_code needs a numeric province code"):
        u.agency_code(province_code, name)


def test_2008_units_keep_their_2008_names():
    old = u.units("province", 2008).set_index("code")
    new = u.units("province", 2025).set_index("code")
    assert old.loc["46", ["name", "full_name", "name_en"]].tolist() == [
        "Thừa Thiên Huế",
        "Tỉnh Thừa Thiên Huế",
        "Thua Thien Hue",
    ]
    assert new.loc["46", "name"] == "Huế"
    crosswalk = u.province_crosswalk().set_index("old_code")
    assert crosswalk.loc["46", ["old_name", "new_name"]].tolist() == ["Thừa Thiên Huế", "Huế"]


@pytest.mark.parametrize(
    ("code", "vintage", "shown"),
    [
        ("79", 2025, "TP. Hồ Chí Minh"),
        ("01", 2008, "TP. Hà Nội"),
        ("46", 2008, "Thừa Thiên Huế"),
        ("46", 2025, "TP. Huế"),
        ("38", 2025, "Thanh Hóa"),
    ],
)
def test_a_city_displays_with_its_prefix(code, vintage, shown):
    assert u.resolve(code, vintage=vintage).display_name == shown

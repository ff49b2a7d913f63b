"""Notebook loader and coverage summary on a small processed table the tests write.

synthetic test data: every figure below is made up for the tests and is not a published value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cdskit.dataset import loading as dataset
from cdskit.dataset.observations import COLUMN_NAMES
from cdskit.errors import InputError, ParameterError, UnknownUnitError

# (unit_code, unit_name, level, vintage, province_code, indicator, period, value)
_ROWS = [
    ("20", "Lạng Sơn", "province", 2008, "20", "dti_rank", "2020", 3.0),
    ("20", "Lạng Sơn", "province", 2008, "dti_score_placeholder", "dti_score", "2020", 0.5),
    ("20", "Lạng Sơn", "province", 2008, "20", "dti_rank", "2022", 4.0),
    ("20", "Lạng Sơn", "province", 2025, "20", "dti_rank", "2024", 2.0),
    ("189", "Đình Lập", "district", 2008, "20", "villages_without_mobile_signal", "2021-09", 7.0),
    ("10", "Lào Cai", "province", 2008, "10", "dti_rank", "2022", 9.0),
    ("15", "Yên Bái", "province", 2008, "15", "dti_rank", "2022", 8.0),
    ("15", "Lào Cai", "province", 2025, "15", "dti_rank", "2024", 5.0),
    ("15", "Lào Cai", "province", 2025, "15", "dti_score", "2024", 0.6),
    (
        "10-so-giao-duc-va-dao-tao",
        "Sở Giáo dục và Đào tạo",
        "agency",
        2008,
        "10",
        "dti_local_score",
        "2022",
        600.0,
    ),
    ("38", "Thanh Hóa", "province", 2008, "38", "villages_with_fibre", "undated", 11.0),
    ("VN", "Việt Nam", "national", 2008, None, "dti_provincial_mean", "2021", 0.4),
]
# More synthetic rows for the analyst-error tests: a city, and a code reused in 2025.
_CITY_AND_REUSED_CODE = [
    ("080", "Lào Cai", "district", 2008, "10", "villages_with_fibre", "2022", 12.0),
    ("24", "Bắc Giang", "province", 2008, "24", "dti_rank", "2022", 40.0),
    ("24", "Bắc Ninh", "province", 2025, "24", "dti_rank", "2024", 6.0),
]


@pytest.fixture()
def processed(tmp_path: Path) -> Path:
    return _write(tmp_path, _ROWS)


@pytest.fixture()
def analyst(tmp_path: Path) -> Path:
    return _write(tmp_path, _ROWS + _CITY_AND_REUSED_CODE)


def _write(tmp_path: Path, rows: list[tuple]) -> Path:
    records = []
    for number, (code, name, level, vintage, province, indicator, period, value) in enumerate(
        rows, start=2
    ):
        province = "20" if province == "dti_score_placeholder" else province
        records.append(
            {
                "unit_code": code,
                "unit_name": name,
                "unit_name_as_published": name,
                "unit_level": level,
                "vintage": vintage,
                "province_code": province,
                "indicator": indicator,
                "period": period,
                "year": None if period == "undated" else int(period[:4]),
                "value": value,
                "qualifier": None,
                "denominator": None,
                "value_as_published": str(value),
                "missing_reason": None,
                "source_id": "synthetic",
                "conflict": False,
                "origin": f"synthetic.csv:line {number}",
                "note": None,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(COLUMN_NAMES))
    frame["year"] = frame["year"].astype("Int64")
    path = tmp_path / "observations.parquet"
    frame.to_parquet(path, index=False)
    return path


def test_load_without_filters_returns_every_row(processed):
    frame = dataset.load(path=processed)
    assert len(frame) == len(_ROWS)
    assert list(frame.columns) == list(COLUMN_NAMES)


@pytest.mark.parametrize("spelling", ["Lạng Sơn", "LANG SON", "Tỉnh Lạng Sơn", "lang son", "20"])
def test_load_matches_a_province_in_any_spelling_with_its_districts(processed, spelling):
    frame = dataset.load(provinces=spelling, path=processed)
    assert set(frame["unit_name"]) == {"Lạng Sơn", "Đình Lập"}
    assert len(frame) == 5


def test_load_matches_each_province_in_its_own_vintage(processed):
    frame = dataset.load(provinces="Lào Cai", path=processed)
    assert set(zip(frame["vintage"], frame["unit_code"], strict=True)) == {
        (2008, "10"),
        (2008, "10-so-giao-duc-va-dao-tao"),
        (2025, "15"),
    }
    assert "Yên Bái" not in set(frame["unit_name"])


def test_load_with_a_reused_code_and_a_vintage_picks_one_unit(processed):
    assert dataset.load(provinces="15", vintage=2008, path=processed)["unit_name"].tolist() == [
        "Yên Bái"
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"indicators": "dti_rank"}, 6),
        ({"indicators": ["dti_rank", "dti_score"]}, 8),
        ({"indicators": "dti_awareness"}, 0),
        ({"periods": "2024"}, 3),
        ({"periods": ["undated"]}, 1),
        ({"years": 2022}, 4),
        ({"years": [2020, 2021]}, 4),
        ({"vintage": 2025}, 3),
        ({"vintage": "2008"}, 9),
        ({"level": "agency"}, 1),
        ({"level": ["national", "district"]}, 2),
        ({"indicators": "dti_rank", "vintage": 2008, "provinces": ["Lạng Sơn", "Yên Bái"]}, 3),
    ],
)
def test_load_filters_combine(processed, filters, expected):
    assert len(dataset.load(path=processed, **filters)) == expected


def test_undated_rows_are_not_matched_by_any_year(processed):
    years = dataset.load(years=list(range(2000, 2030)), path=processed)
    assert "undated" not in set(years["period"])


def test_load_names_the_missing_file_and_the_build_command(tmp_path):
    missing = tmp_path / "nothing" / "observations.parquet"
    with pytest.raises(
        InputError, match=r"No processed dataset at .*observations\.parquet.*cdskit build"
    ):
        dataset.load(path=missing)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (
            {"indicators": "dti_rnak"},
            r"indicators: 'dti_rnak' is not in the dataset or the codebook.*'dti_rank'",
        ),
        ({"periods": "2023H1"}, r"periods: '2023H1' is not a period of the dataset"),
        (
            {"level": "provinces"},
            r"level: 'provinces' is not a unit level.*Did you mean 'province'",
        ),
        ({"vintage": 2019}, r"vintage: 2019 is not a vintage; expected 2008"),
        ({"years": "last"}, r"years: 'last' is not a year"),
    ],
)
def test_bad_parameters_are_named_with_suggestions(processed, filters, message):
    with pytest.raises(ParameterError, match=message):
        dataset.load(path=processed, **filters)


def test_unknown_province_is_an_error_with_suggestions(processed):
    with pytest.raises(UnknownUnitError, match=r"'Lạng Sơnxyz qwerty' is not a province"):
        dataset.load(provinces="Lạng Sơnxyz qwerty", path=processed)


def test_coverage_shows_gaps_as_gaps_and_never_fills_them(processed):
    table = dataset.coverage(path=processed)
    assert list(table.columns) == ["tỉnh", "thời kỳ", "mã", "2020", "2022", "2024"]
    rows = {(row["tỉnh"], row["thời kỳ"]): row for row in table.to_dict("records")}
    assert set(rows) == {
        ("Lạng Sơn", 2008),
        ("Lạng Sơn", 2025),
        ("Lào Cai", 2008),
        ("Lào Cai", 2025),
        ("Yên Bái", 2008),
    }
    assert rows[("Lạng Sơn", 2008)]["2020"] == "hạng, điểm"
    assert rows[("Lạng Sơn", 2008)]["2022"] == "hạng"
    assert rows[("Lạng Sơn", 2008)]["2024"] == dataset.GAP
    assert rows[("Lào Cai", 2008)]["2020"] == dataset.GAP
    assert rows[("Lào Cai", 2025)]["2024"] == "hạng, điểm"


def test_coverage_in_english_for_selected_provinces(processed):
    table = dataset.coverage(provinces=["Lào Cai"], language="en", path=processed)
    assert table.columns[:3].tolist() == ["province", "vintage", "code"]
    assert table["2024"].tolist() == [dataset.GAP, "rank, score"]


def test_coverage_of_a_given_table_and_other_indicators(processed):
    frame = dataset.load(path=processed)
    table = dataset.coverage(frame, indicators=["dti_score"])
    assert table.to_dict("records") == [
        {"tỉnh": "Lào Cai", "thời kỳ": 2025, "mã": "15", "2020": dataset.GAP, "2024": "điểm"},
        {"tỉnh": "Lạng Sơn", "thời kỳ": 2008, "mã": "20", "2020": "điểm", "2024": dataset.GAP},
    ]


def test_coverage_keeps_a_province_with_only_undated_figures_as_all_gaps(processed):
    table = dataset.coverage(path=processed, indicators=["villages_with_fibre", "dti_rank"])
    thanh_hoa = table[table["tỉnh"] == "Thanh Hóa"].iloc[0]
    assert thanh_hoa[["2020", "2022", "2024"]].tolist() == [dataset.GAP] * 3


def test_coverage_rejects_an_unknown_language(processed):
    with pytest.raises(ParameterError, match="language='fr' is not supported"):
        dataset.coverage(path=processed, language="fr")


def test_format_coverage_prints_title_table_and_gap_legend(processed):
    text = dataset.format_coverage(path=processed)
    lines = text.splitlines()
    assert lines[0].startswith("Số liệu DTI theo tỉnh và năm")
    assert "Yên Bái" in text and "hạng, điểm" in text
    assert lines[-1] == "— = không có số liệu (không điền bù)."


def test_format_coverage_says_so_when_nothing_matches(processed):
    text = dataset.format_coverage(path=processed, provinces="Thanh Hóa", language="en")
    assert "No figures for this selection." in text


# --- analyst errors (synthetic test data above) -------------------------------------------


@pytest.mark.parametrize(
    "spelling", ["TP. Lào Cai", "Thành phố Lào Cai", "TP Lào Cai", "tp. lao cai"]
)
def test_the_city_spellings_the_readme_lists_select_the_city(analyst, spelling):
    frame = dataset.load(provinces=[spelling], path=analyst)
    assert frame[["unit_code", "unit_level"]].values.tolist() == [["080", "district"]]


@pytest.mark.parametrize("spelling", ["Lạng Sơn", "Thanh Hoá", "THANH HÓA", "Thanh Hoa", "20"])
def test_the_province_spellings_the_readme_lists_work(analyst, spelling):
    assert len(dataset.load(provinces=[spelling], path=analyst)) > 0


def test_a_bare_code_of_two_provinces_without_a_vintage_asks_for_the_vintage(analyst):
    with pytest.raises(ParameterError) as caught:
        dataset.load(provinces="24", path=analyst)
    message = str(caught.value)
    assert "code '24' names Bắc Giang in vintage 2008 and Bắc Ninh in vintage 2025" in message
    assert "pass vintage=2008 or vintage=2025" in message
    only_2025 = dataset.load(provinces="24", vintage=2025, path=analyst)
    assert only_2025["unit_name"].tolist() == ["Bắc Ninh"]


def test_a_merged_province_in_the_new_vintage_says_what_it_merged_into_and_when(analyst):
    with pytest.raises(UnknownUnitError) as caught:
        dataset.load(provinces="Bắc Giang", vintage=2025, path=analyst)
    message = str(caught.value)
    assert "merged into Bắc Ninh (24) on 1 July 2025" in message
    assert "Use vintage=2008" in message
    assert "Did you mean" not in message
    assert caught.value.suggestions == ["Bắc Ninh"]


@pytest.mark.parametrize(
    ("written", "first"),
    [("dti", "dti_rank"), ("DTI rank", "dti_rank"), ("xếp hạng DTI", "dti_rank")],
)
def test_an_unknown_indicator_gets_suggestions_from_ids_and_labels(analyst, written, first):
    with pytest.raises(ParameterError) as caught:
        dataset.load(indicators=written, path=analyst)
    message = str(caught.value)
    assert f"'{written}' is not in the dataset or the codebook" in message
    assert f"Did you mean '{first}'" in message


def test_coverage_shows_a_reused_code_once_per_vintage(analyst):
    table = dataset.coverage(provinces=["24"], path=analyst)
    assert table[["tỉnh", "thời kỳ"]].values.tolist() == [["Bắc Giang", 2008], ["Bắc Ninh", 2025]]

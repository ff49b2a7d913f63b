"""Schema and codebook checks on observations (synthetic test data)."""

from __future__ import annotations

import pandas as pd
import pytest
from synthetic import CODEBOOK

from cdskit.dataset.codebook import load_codebook
from cdskit.dataset.observations import COLUMN_NAMES
from cdskit.errors import ValidationError
from cdskit.processing.validate import REJECT_COLUMNS, split_origin, validate


@pytest.fixture
def codebook(tmp_path):
    path = tmp_path / "codebook.csv"
    path.write_text(CODEBOOK, encoding="utf-8")
    return load_codebook(path)


def observation(**changes) -> dict:
    """One synthetic observation of Lạng Sơn (2025 vintage), changed as asked."""
    row = {
        "unit_code": "20",
        "unit_name": "Lạng Sơn",
        "unit_name_as_published": "Lạng Sơn",
        "unit_level": "province",
        "vintage": 2025,
        "province_code": "20",
        "indicator": "dti_score",
        "period": "2024",
        "year": 2024,
        "value": 0.5,
        "qualifier": None,
        "denominator": float("nan"),
        "value_as_published": "0,5",
        "missing_reason": None,
        "source_id": "pub-a",
        "conflict": False,
        "origin": "t.csv:line 4",
        "note": None,
    }
    row.update(changes)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(COLUMN_NAMES))


def test_a_valid_observation_is_accepted(codebook):
    result = validate(frame(observation()), codebook)
    assert len(result.accepted) == 1
    assert result.rejects.empty
    assert list(result.rejects.columns) == list(REJECT_COLUMNS)


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"value": 1.2}, "out_of_range"),
        ({"value": -0.1}, "out_of_range"),
        ({"indicator": "online_share", "value": 100.5}, "out_of_range"),
        ({"indicator": "fiber_villages", "value": -3.0}, "out_of_range"),
        ({"indicator": "dti_rank", "value": 0.0, "denominator": 63.0}, "out_of_range"),
        ({"indicator": "dti_rank", "value": 40.0, "denominator": 34.0}, "out_of_range"),
        ({"indicator": "dti_rank", "value": 64.0}, "out_of_range"),
        ({"indicator": "dti_rank", "value": 3.5, "denominator": 63.0}, "not_whole_rank"),
        ({"vintage": 2020}, "bad_vintage"),
        ({"unit_level": "ward"}, "bad_unit_level"),
        ({"indicator": "dti_scor"}, "unknown_indicator"),
        ({"unit_code": None}, "required"),
        ({"origin": ""}, "required"),
        ({"vintage": 2008, "unit_code": "99", "province_code": "99"}, "wrong_vintage"),
        ({"vintage": 2008, "unit_code": "15", "unit_name": "Lào Cai"}, "wrong_vintage"),
        ({"unit_code": "24", "province_code": "24", "unit_name": "Bắc Giang"}, "wrong_vintage"),
        ({"unit_level": "national", "unit_code": "20"}, "wrong_vintage"),
    ],
)
def test_a_row_breaking_a_rule_is_rejected(codebook, changes, rule):
    result = validate(frame(observation(), observation(**changes, source_id="pub-b")), codebook)
    assert len(result.accepted) == 1
    assert result.rejects["rule"].tolist() == [rule]
    assert result.rejects[["file", "cell"]].values.tolist() in ([["t.csv", "line 4"]], [["", ""]])


@pytest.mark.parametrize(
    "changes",
    [
        {"indicator": "dti_rank", "value": 34.0, "denominator": 34.0},
        {"indicator": "online_share", "value": 100.0},
        {"indicator": "fiber_villages", "value": 0.0},
        {"value": float("nan"), "missing_reason": "-", "value_as_published": "-"},
        {"unit_level": "national", "unit_code": "VN", "province_code": None},
        {"vintage": 2008, "unit_code": "24", "province_code": "24", "unit_name": "Bắc Giang"},
    ],
)
def test_values_at_the_edge_of_their_range_are_accepted(codebook, changes):
    result = validate(frame(observation(**changes)), codebook)
    assert result.rejects.empty, result.rejects.to_dict("records")


def test_a_second_figure_for_the_same_key_and_source_is_a_duplicate(codebook):
    rows = frame(observation(), observation(value=0.6, origin="t.csv:line 9"))
    result = validate(rows, codebook)
    assert result.rejects[["cell", "rule"]].values.tolist() == [["line 9", "duplicate"]]
    assert "t.csv:line 4" in result.rejects["message_en"].iat[0]


def test_accepted_plus_rejected_always_equals_the_input(codebook):
    rows = frame(
        observation(),
        observation(value=3.0, source_id="pub-b"),
        observation(indicator="nope"),
        observation(vintage=1999),
        observation(origin="t.csv:line 7"),
        observation(period="2023", value=float("nan")),
    )
    result = validate(rows, codebook)
    assert len(result.accepted) + len(result.rejects) == len(rows) == 6
    assert len(result.rejects) == 4


def test_rejecting_rows_leaves_the_callers_table_as_it_was(codebook):
    rows = frame(
        observation(),
        observation(value=1.2, origin="t.csv:line 5"),
        observation(period="2023", year=2023, origin="t.csv:line 6"),
    ).astype({"year": "Int64"})
    before = rows.copy()
    result = validate(rows, codebook)
    pd.testing.assert_frame_equal(rows, before)
    # the accepted rows, built column by column, are the boolean selection of the input
    expected = before[[True, False, True]].reset_index(drop=True)
    pd.testing.assert_frame_equal(result.accepted, expected)
    assert result.rejects["cell"].tolist() == ["line 5"]


def test_messages_come_in_vietnamese_and_english(codebook):
    result = validate(frame(observation(), observation(value=7.0, source_id="pub-b")), codebook)
    reject = result.rejects.iloc[0]
    assert "nằm ngoài khoảng [0, 1]" in reject["message_vi"]
    assert "is outside [0, 1]" in reject["message_en"]


def test_observations_without_a_schema_column_are_refused(codebook):
    with pytest.raises(ValidationError, match=r"lack the column.*conflict"):
        validate(frame(observation()).drop(columns=["conflict"]), codebook)


def test_origins_split_into_file_sheet_and_cell():
    origins = pd.Series(["dti/a.xlsx:Bảng 1!C12", "b.csv:line 3", "c.csv:header"])
    assert split_origin(origins).values.tolist() == [
        ["dti/a.xlsx", "Bảng 1", "C12"],
        ["b.csv", "", "line 3"],
        ["c.csv", "", "header"],
    ]


def test_an_empty_required_column_is_named_in_both_languages(codebook):
    result = validate(frame(observation(), observation(unit_code=None)), codebook)
    reject = result.rejects.iloc[0]
    texts = " | ".join(str(value) for value in reject.to_numpy())
    assert "Thiếu giá trị bắt buộc ở cột 'unit_code'." in texts
    assert "Required column 'unit_code' is empty." in texts

"""The indicator codebook file and its checks (synthetic test data)."""

from __future__ import annotations

import math

import pytest
from synthetic import CODEBOOK

from cdskit.dataset.codebook import indicator, load_codebook
from cdskit.errors import InputError, ParameterError


@pytest.fixture
def codebook_path(tmp_path):
    path = tmp_path / "codebook.csv"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


def test_the_codebook_loads_into_a_typed_table_indexed_by_id(codebook_path):
    book = load_codebook(codebook_path)
    assert list(book.index) == ["dti_score", "dti_rank", "fiber_villages", "online_share"]
    assert book.loc["dti_score", "max"] == 1.0
    assert book.loc["fiber_villages", "max"] == math.inf
    assert not book.loc["dti_rank", "higher_is_better"]
    assert book["min"].dtype == "float64"


def test_a_codebook_saved_by_excel_with_a_bom_and_decomposed_text_loads(tmp_path):
    path = tmp_path / "codebook.csv"
    text = CODEBOOK.replace("Điểm DTI", "Đie\u0302\u0309m DTI")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_codebook(path).loc["dti_score", "label_vi"] == "Điểm DTI"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("dti_rank,Xếp hạng", "dti_score,Xếp hạng", r"line 3: indicator 'dti_score' is already"),
        (",rank,1,63,", ",ranking,1,63,", r"line 3: kind 'ranking'.*Did you mean 'rank'"),
        (",sum,", ",total,", r"line 4: aggregation 'total' is not one of"),
        (",rank,1,63,", ",rank,63,1,", "min 63 is above max 1"),
        (",rank,1,63,", ",rank,một,63,", "min 'một' is not a number"),
        (",count,0,,true,", ",count,0,,yes,", "higher_is_better 'yes' must be"),
        ("fiber_villages,Số thôn có cáp quang,", "fiber_villages,,", "'label_vi' is empty"),
    ],
)
def test_a_broken_codebook_line_is_reported_with_its_line(tmp_path, old, new, message):
    path = tmp_path / "codebook.csv"
    assert old in CODEBOOK
    path.write_text(CODEBOOK.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_codebook(path)


def test_a_codebook_without_a_column_names_it(tmp_path):
    path = tmp_path / "codebook.csv"
    path.write_text(CODEBOOK.replace("aggregation", "aggregate", 1), encoding="utf-8")
    with pytest.raises(
        InputError, match=r"lacks the column.*aggregation.*Did you mean 'aggregate'"
    ):
        load_codebook(path)


def test_a_missing_codebook_says_where_it_was_expected(tmp_path):
    with pytest.raises(InputError, match=r"codebook\.csv not found"):
        load_codebook(tmp_path / "codebook.csv")


def test_indicator_returns_one_row(codebook_path):
    row = indicator("online_share", load_codebook(codebook_path))
    assert (row["kind"], row["label_en"]) == ("percent", "Share of applications online")


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("dti_scor", "dti_score"), ("DTI_RANK", "dti_rank"), ("fibre_villages", "fiber_villages")],
)
def test_an_unknown_indicator_suggests_close_ids(codebook_path, typed, suggestion):
    with pytest.raises(ParameterError, match=f"'{typed}' is not in the codebook.*'{suggestion}'"):
        indicator(typed, load_codebook(codebook_path))

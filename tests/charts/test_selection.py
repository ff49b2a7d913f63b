"""One selection for every DTI chart and table: built once, or named as keywords.

The observations are synthetic (see ``tests/synthetic.py``).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from synthetic import SOURCES, observation, table

from cdskit import charts
from cdskit.errors import ParameterError


@pytest.fixture
def ranks() -> pd.DataFrame:
    """Synthetic ranks and scores of two provinces in 2022 and 2024."""
    return table(
        [
            observation("Lạng Sơn", 2022, 6),
            observation("Lạng Sơn", 2024, 9),
            observation("Thanh Hóa", 2022, 15, source="src-b"),
            observation("Thanh Hóa", 2022, 0.5, indicator="dti_score"),
        ]
    )


def test_a_selection_keeps_its_fields_in_one_form() -> None:
    selection = charts.Selection(provinces="Lạng Sơn", years=[2024, 2022, 2024], language="EN")
    assert (selection.provinces, selection.years, selection.language) == (
        ("Lạng Sơn",),
        (2022, 2024),
        "en",
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        selection.language = "vi"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"language": "fr"}, r"language='fr' is not supported"),
        ({"provinces": []}, r"provinces is empty"),
        ({"years": []}, r"years is empty"),
    ],
)
def test_a_bad_selection_is_refused_when_it_is_built(fields: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        charts.Selection(**fields)


@pytest.mark.parametrize(
    "show",
    [
        charts.dti_table_html,
        charts.dti_pillar_table_html,
        lambda rows, *args, **kw: charts.dti_table(rows, *args, **kw).to_html(),
        charts.dti_summary,
        lambda rows, *args, **kw: repr(charts.dti_source_ids(rows, *args, **kw)),
    ],
    ids=["table_html", "pillar_table_html", "table", "summary", "source_ids"],
)
def test_a_selection_and_the_same_fields_as_keywords_show_the_same(ranks, show) -> None:
    fields = {"provinces": ["Thanh Hóa"], "years": [2022], "language": "en", "sources": SOURCES}
    by_keywords = show(ranks, **fields)
    assert show(ranks, charts.Selection(**fields)) == by_keywords
    assert show(ranks, selection=charts.Selection(**fields)) == by_keywords
    assert "Thanh Hóa" in by_keywords or "src-" in by_keywords


def test_keywords_replace_the_fields_of_a_selection(ranks) -> None:
    english = charts.Selection(provinces=["Lạng Sơn"], language="en", sources=SOURCES)
    vietnamese = charts.dti_summary(ranks, english, language="vi")
    assert vietnamese == "Xếp hạng DTI năm 2024: Lạng Sơn 9/34"
    assert charts.dti_summary(ranks, english) == "DTI rank in 2024: Lạng Sơn 9/34"
    assert charts.dti_section_html("ranks", english) == "<h2>Ranks</h2>"


def test_a_chart_draws_what_its_selection_chooses(ranks) -> None:
    selection = charts.Selection(provinces=["Lạng Sơn"], years=[2022], sources=SOURCES)
    figure = charts.dti_ranks(ranks, selection)
    labels = [t.get_text() for ax in figure.get_axes() for t in ax.texts]
    assert "6/63" in labels and "15/63" not in labels


def test_an_unknown_keyword_is_refused_with_the_field_it_may_mean(ranks) -> None:
    with pytest.raises(ParameterError, match=r"year is not a field .* Did you mean 'years'\?"):
        charts.dti_table_html(ranks, year=[2022], sources=SOURCES)


def test_a_selection_of_another_type_is_refused(ranks) -> None:
    with pytest.raises(ParameterError, match=r"is not a charts.Selection"):
        charts.dti_ranks(ranks, {"provinces": ["Lạng Sơn"]})

"""Crosswalk of 2008-vintage province observations to the 2025 provinces.

All values and the small codebook below are synthetic test data.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cdskit.dataset.crosswalk import NOT_AGGREGABLE, components, to_2025
from cdskit.errors import InputError

# synthetic test data: one indicator per aggregation rule
CODEBOOK = pd.DataFrame(
    {
        "indicator": ["villages_without_signal", "coverage_share", "dti_rank"],
        "aggregation": ["sum", "mean", "not_aggregable"],
    }
)


def _obs(rows: list[tuple[str, str, str, float | None]]) -> pd.DataFrame:
    """Synthetic test data: (old code, indicator, period, value)."""
    frame = pd.DataFrame(rows, columns=["unit_code", "indicator", "period", "value"])
    return frame.assign(
        vintage=2008,
        unit_level="province",
        source_id="synthetic",
        origin=[f"synthetic.csv:line {i + 2}" for i in range(len(frame))],
        value_as_published=frame["value"].astype(str),
    )


def _one(out: pd.DataFrame, code: str, indicator: str, period: str = "2023") -> pd.Series:
    rows = out[
        (out["unit_code"] == code) & (out["indicator"] == indicator) & (out["period"] == period)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("new_code", "old_names"),
    [
        ("24", ["Bắc Giang", "Bắc Ninh"]),
        ("Lào Cai", ["Lào Cai", "Yên Bái"]),
        ("20", ["Lạng Sơn"]),
        ("38", ["Thanh Hóa"]),
    ],
)
def test_components_list_the_old_provinces_inside_a_new_one(new_code, old_names) -> None:
    assert components(new_code)["name"].tolist() == old_names


def test_counts_are_summed_when_every_merged_province_has_a_value() -> None:
    out = to_2025(
        _obs(
            [
                ("24", "villages_without_signal", "2023", 12),
                ("27", "villages_without_signal", "2023", 5),
            ]
        ),
        codebook=CODEBOOK,
    )
    row = _one(out, "24", "villages_without_signal")
    assert row["value"] == 17
    assert row["unit_name"] == "Bắc Ninh" and row["vintage"] == 2025
    assert row["aggregation"] == "sum" and row["components"] == "24+27"
    assert "synthetic.csv:line 2" in row["origin"] and "synthetic.csv:line 3" in row["origin"]


def test_a_sum_with_an_absent_province_stays_missing_and_names_it() -> None:
    out = to_2025(_obs([("10", "villages_without_signal", "2023", 40)]), codebook=CODEBOOK)
    row = _one(out, "15", "villages_without_signal")
    assert math.isnan(row["value"])
    assert row["missing_reason"] == "not aggregated (sum): no value for Yên Bái (15)"


def test_a_sum_with_a_missing_value_stays_missing() -> None:
    out = to_2025(
        _obs(
            [
                ("10", "villages_without_signal", "2023", 40),
                ("15", "villages_without_signal", "2023", None),
            ]
        ),
        codebook=CODEBOOK,
    )
    assert "Yên Bái (15)" in _one(out, "15", "villages_without_signal")["missing_reason"]


def test_means_average_the_merged_provinces() -> None:
    out = to_2025(
        _obs([("24", "coverage_share", "2023", 90.0), ("27", "coverage_share", "2023", 99.0)]),
        codebook=CODEBOOK,
    )
    assert _one(out, "24", "coverage_share")["value"] == pytest.approx(94.5)


def test_ranks_of_merged_provinces_are_never_turned_into_a_number() -> None:
    out = to_2025(
        _obs([("24", "dti_rank", "2023", 20), ("27", "dti_rank", "2023", 8)]), codebook=CODEBOOK
    )
    row = _one(out, "24", "dti_rank")
    assert math.isnan(row["value"])
    assert row["missing_reason"] == NOT_AGGREGABLE
    assert NOT_AGGREGABLE.startswith("not aggregable: ranks and scores")


def test_unchanged_provinces_carry_over_as_published() -> None:
    obs = _obs([("20", "dti_rank", "2023", 10), ("38", "villages_without_signal", "2022", 7)])
    obs["value_as_published"] = ["10/63", "7"]
    out = to_2025(obs, codebook=CODEBOOK)
    lang_son = _one(out, "20", "dti_rank")
    assert lang_son["value"] == 10 and lang_son["aggregation"] == "unchanged"
    assert lang_son["value_as_published"] == "10/63"
    assert lang_son["origin"] == "synthetic.csv:line 2"
    assert _one(out, "38", "villages_without_signal", "2022")["value"] == 7


def test_periods_are_aggregated_separately() -> None:
    rows = [
        ("24", "villages_without_signal", "2022", 1),
        ("27", "villages_without_signal", "2022", 2),
        ("24", "villages_without_signal", "2023", 3),
    ]
    out = to_2025(_obs(rows), codebook=CODEBOOK)
    assert _one(out, "24", "villages_without_signal", "2022")["value"] == 3
    assert math.isnan(_one(out, "24", "villages_without_signal", "2023")["value"])


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"vintage": 2025}, "2008-vintage province rows only"),
        ({"unit_level": "district"}, "2008-vintage province rows only"),
        (
            {"indicator": "unknown_indicator"},
            r"Indicators \['unknown_indicator'\] are not in the codebook",
        ),
        ({"unit_code": "99"}, r"Unit codes \['99'\] are not 2008-vintage provinces"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(change: dict, match: str) -> None:
    obs = _obs([("24", "villages_without_signal", "2023", 1)]).assign(**change)
    with pytest.raises(InputError, match=match):
        to_2025(obs, codebook=CODEBOOK)


def test_several_sources_for_one_province_must_be_narrowed_first() -> None:
    rows = [
        ("24", "villages_without_signal", "2023", 1),
        ("24", "villages_without_signal", "2023", 2),
    ]
    with pytest.raises(InputError, match="pick one source"):
        to_2025(_obs(rows), codebook=CODEBOOK)


def test_the_project_codebook_is_used_by_default() -> None:
    out = to_2025(_obs([("24", "dti_rank", "2023", 20), ("27", "dti_rank", "2023", 8)]))
    assert _one(out, "24", "dti_rank")["missing_reason"] == NOT_AGGREGABLE

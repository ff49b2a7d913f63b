"""Gap flags and their thresholds (synthetic units)."""

from __future__ import annotations

import pandas as pd
import pytest

from cdskit.connectivity import GapThresholds
from cdskit.connectivity._gaps import flag_gaps
from cdskit.errors import ParameterError


def test_flags_follow_the_declared_thresholds_and_missing_is_no_flag() -> None:
    units = pd.DataFrame(  # synthetic
        {
            "unit_code": ["fast", "slow", "unmeasured", "silent"],
            "download_mbps": [30.0, 8.0, None, 12.0],
            "measured_area_share": [0.95, 0.6, 0.1, None],
            "villages": [10, 8, 5, 4],
            "villages_without_mobile": [0, 0, 0, 2],
        }
    )
    flagged = flag_gaps(units, GapThresholds(download_mbps=10, unmeasured_share=0.5))
    by = flagged.set_index("unit_code")
    assert by.loc["slow", "slow"] and not by.loc["slow", "unmeasured"]
    assert pd.isna(by.loc["unmeasured", "slow"]), "no speed is no flag either way"
    assert by.loc["unmeasured", "unmeasured"]
    assert by.loc["silent", "without_signal"] and pd.isna(by.loc["silent", "unmeasured"])
    assert by.loc["fast", "gaps"] == 0
    assert flagged["unit_code"].tolist()[-1] == "fast"
    assert flagged["rank"].tolist() == [1, 2, 3, 4]
    stricter = flag_gaps(units, GapThresholds(download_mbps=40)).set_index("unit_code")
    assert stricter.loc["fast", "slow"]


def test_legends_print_the_thresholds_in_each_language() -> None:
    thresholds = GapThresholds(download_mbps=7.5, unmeasured_share=0.25)
    assert "dưới 7,5 Mbit/s" in thresholds.legend("vi")
    assert "trên 25% diện tích" in thresholds.legend("vi")
    assert "below 7.5 Mbit/s" in thresholds.legend("en")


@pytest.mark.parametrize(
    ("arguments", "match"),
    [({"download_mbps": 0}, "above 0"), ({"unmeasured_share": 1.5}, "share from 0")],
)
def test_impossible_thresholds_are_refused(arguments: dict, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        GapThresholds(**arguments)

"""Document tables: formatted numbers, "—" for missing figures with a legend line, no index
column, an honest "top N" that always shows the chosen rows, and escaped text."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cdskit.errors import ParameterError
from cdskit.tables import MISSING, document_table

# Synthetic test data.
FRAME = pd.DataFrame(
    {
        "Tỉnh": [f"Tỉnh {i}" for i in range(1, 11)],
        "Số thôn": [1000 + i * 1525 for i in range(10)],
        "Tỷ lệ": [99.81, None, math.nan, pd.NA, 12.5, 13.0, 14.25, 15.0, 16.0, 17.0],
        "Ghi chú": ["<b>x</b>", None, "", "nan", "a", "b", "c", "d", "e", "f"],
    },
    index=[f"row{i}" for i in range(10)],
)


def test_numbers_follow_the_language_and_missing_figures_show_a_dash_with_a_legend():
    table = document_table(FRAME)
    assert table.columns == ("Tỉnh", "Số thôn", "Tỷ lệ", "Ghi chú")
    assert table.rows[0][:3] == ("Tỉnh 1", "1.000", "99,81")
    assert table.rows[1][1:] == ("2.525", MISSING, MISSING)
    assert table.rows[2][2:] == (MISSING, MISSING)
    assert table.rows[3][2:] == (MISSING, MISSING)
    assert table.notes == ("— : không có số liệu",)
    english = document_table(FRAME, "en")
    assert english.rows[1][1] == "2,525" and english.notes == ("— : no data",)


def test_the_page_shows_no_index_no_pandas_reprs_and_escapes_text():
    page = document_table(FRAME, caption="Bảng <1>").to_html()
    for text in ("row0", "NaN", "<NA>", "None", "dtype", "rows ×", "<b>x</b>"):
        assert text not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<caption>Bảng &lt;1&gt;</caption>" in page
    assert page.count('class="num"') == 2 * (1 + len(FRAME))
    assert "<th" in page and page.count("<tr>") == 1 + len(FRAME)


def test_a_top_n_is_honest_and_always_shows_the_chosen_rows():
    table = document_table(FRAME, top=3, keep=["Tỉnh 9", "Tỉnh 2"])
    assert [row[0] for row in table.rows] == ["Tỉnh 1", "Tỉnh 2", "Tỉnh 3", "Tỉnh 9"]
    assert "Hiển thị 4 trên 10 dòng: 3 dòng đầu và Tỉnh 9." in table.notes
    assert len(document_table(FRAME, top=20).rows) == len(FRAME)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"top": 0}, "top=0 must be a positive whole number"),
        ({"top": 2.5}, "top=2.5"),
        ({"top": 2, "keep": ["x"], "keep_column": "Huyện"}, "keep_column='Huyện' is not a column"),
    ],
)
def test_bad_options_are_refused_clearly(options, message):
    with pytest.raises(ParameterError, match=message):
        document_table(FRAME, **options)

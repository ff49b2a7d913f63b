"""DTI charts and table on small observation tables built here (synthetic test data).

The ranks and scores below are invented for the tests; they are not published figures.
"""

from __future__ import annotations

import io
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.lines import Line2D
from synthetic import SOURCES, observation, table

from cdskit.charts import dti as charts
from cdskit.errors import InputError, ParameterError, UnknownUnitError


@pytest.fixture
def ranks() -> pd.DataFrame:
    """Ranks 2020–2024 with gaps: Lạng Sơn has no 2021, Lào Cai only 2022 and 2024."""
    return table(
        [
            observation("Lạng Sơn", 2020, 16),
            observation("Lạng Sơn", 2022, 6),
            observation("Lạng Sơn", 2023, 8),
            observation("Lạng Sơn", 2024, 9),
            observation("Bắc Giang", 2020, 10),
            observation("Bắc Giang", 2021, 10),
            observation("Bắc Giang", 2022, 9),
            observation("Bắc Giang", 2023, 12),
            observation("Bắc Giang", 2024, 3),  # Bắc Ninh after the merger
            observation("Lào Cai", 2022, 38),
            observation("Lào Cai", 2024, 14),
            observation("Thanh Hóa", 2020, 15),
            observation("Thanh Hóa", 2021, 12),
            observation("Thanh Hóa", 2022, 15, source="src-b"),
            observation("Thanh Hóa", 2023, 11),
            observation("Thanh Hóa", 2024, 5),
            observation("Thanh Hóa", 2022, 0.5, indicator="dti_score"),  # another indicator
        ]
    )


def data_lines(ax) -> list[Line2D]:
    """Lines of the axes that hold data (not legend proxies, not method-break markers)."""
    return [
        line
        for line in ax.get_lines()
        if len(line.get_xdata()) > 0 and line.get_gid() != "method-break"
    ]


def series_line(ax, colour: str) -> Line2D:
    """The connected line of one province (the one drawn with a line style)."""
    (line,) = [
        line
        for line in data_lines(ax)
        if line.get_color() == colour and line.get_linestyle() == "-"
    ]
    return line


def all_text(figure) -> str:
    return "\n".join(t.get_text() for t in figure.findobj(lambda o: hasattr(o, "get_text")))


def test_ranks_are_split_by_vintage_and_no_line_crosses_2023_to_2024(ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    first, second = [ax for ax in figure.get_axes() if data_lines(ax)]
    for line in data_lines(first):
        assert set(np.asarray(line.get_xdata(), dtype=float)) <= {2020, 2021, 2022, 2023}
    for line in data_lines(second):
        assert set(np.asarray(line.get_xdata(), dtype=float)) == {2024}
    assert first.yaxis_inverted() and second.yaxis_inverted()
    assert first.get_ylim() == (63.5, 0.5) and second.get_ylim() == (34.5, 0.5)
    breaks = [line.get_xdata()[0] for line in first.get_lines() if line.get_gid() == "method-break"]
    assert breaks == [2020.5], "the 2020 → 2021 method change is marked"
    assert "2020–2023 xếp trên 63 tỉnh, 2024 trên 34 tỉnh" in all_text(figure)


def test_missing_years_are_gaps_and_never_interpolated(ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    first = figure.get_axes()[0]
    lang_son = series_line(first, charts.COLOURS[0])
    y = np.asarray(lang_son.get_ydata(), dtype=float)
    assert list(np.asarray(lang_son.get_xdata())) == [2020, 2021, 2022, 2023]
    assert y[0] == 16 and math.isnan(y[1]) and y[2] == 6 and y[3] == 8
    lao_cai = series_line(first, charts.COLOURS[2])
    assert np.isnan(np.asarray(lao_cai.get_ydata(), dtype=float)).sum() == 3
    points = [
        line.get_xdata()[0]
        for line in data_lines(first)
        if line.get_color() == charts.COLOURS[0] and line.get_linestyle() == "None"
    ]
    assert sorted(points) == [2020, 2022, 2023], "no marker is drawn for the missing 2021"
    text = all_text(figure)
    assert "Không có số liệu: Lạng Sơn 2021; Lào Cai 2020, 2021, 2023" in text


def test_successor_province_is_named_in_the_2024_panel(ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    second = figure.get_axes()[1]
    labels = [t.get_text() for t in second.texts]
    assert "Bắc Ninh" in labels
    text = all_text(figure)
    assert "2024: Bắc Ninh sau sáp nhập gồm Bắc Giang, Bắc Ninh trước 1/7/2025." in text
    assert "2024: Lào Cai sau sáp nhập gồm Lào Cai, Yên Bái trước 1/7/2025." in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["Xếp hạng DTI cấp tỉnh 2020–2024", "Thứ hạng trên 63 tỉnh", "Năm", "Nguồn:"]),
        ("en", ["Provincial DTI rank 2020–2024", "Rank among 63 provinces", "Year", "Sources:"]),
    ],
)
def test_chart_labels_follow_the_language(ranks, language: str, expected: list[str]) -> None:
    text = all_text(charts.dti_ranks(ranks, language=language, sources=SOURCES))
    for label in expected:
        assert label in text
    assert "Nguồn thử A (synthetic); Nguồn thử B (synthetic)" in text


def test_disagreeing_sources_are_both_drawn_and_not_joined(ranks) -> None:
    rows = table([*ranks.to_dict("records"), observation("Thanh Hóa", 2022, 14, source="src-b")])
    figure = charts.dti_ranks(rows, sources=SOURCES)
    first = figure.get_axes()[0]
    y = np.asarray(series_line(first, charts.COLOURS[3]).get_ydata(), dtype=float)
    assert math.isnan(y[2])
    hollow = [
        line.get_ydata()[0]
        for line in data_lines(first)
        if line.get_markerfacecolor() == "white" and line.get_xdata()[0] == 2022
    ]
    assert sorted(hollow) == [14, 15]
    assert "Nguồn khác nhau (vẽ cả hai, không nối): Thanh Hóa 2022" in all_text(figure)


def test_scores_use_vietnamese_decimals_and_separate_method_panels() -> None:
    rows = table(
        [
            observation("Lạng Sơn", 2020, 0.3712, indicator="dti_score"),
            observation("Lạng Sơn", 2021, 0.4874, indicator="dti_score"),
            observation("Lạng Sơn", 2022, 0.5011, indicator="dti_score"),
            observation("Lạng Sơn", 2024, 0.6502, indicator="dti_score"),
        ]
    )
    figure = charts.dti_scores(rows, provinces=["Lạng Sơn"], sources=SOURCES)
    axes = [ax for ax in figure.get_axes() if data_lines(ax)]
    assert len(axes) == 3
    spans = [{float(x) for line in data_lines(ax) for x in line.get_xdata()} for ax in axes]
    assert spans == [{2020}, {2021, 2022, 2023}, {2024}]
    labels = [t.get_text() for ax in axes for t in ax.texts]
    assert "0,4874" in labels and "0,3712" in labels
    english = charts.dti_scores(rows, provinces=["Lạng Sơn"], language="en", sources=SOURCES)
    assert "0.4874" in [t.get_text() for ax in english.get_axes() for t in ax.texts]


def test_table_shows_every_province_year_with_gaps_and_sources(ranks) -> None:
    scores = table([observation("Lạng Sơn", 2020, 0.3712, indicator="dti_score")])
    frame = charts.dti_table(pd.concat([ranks, scores]), sources=SOURCES)
    assert list(frame.columns) == [
        "Tỉnh",
        "Năm",
        "Đơn vị (theo địa giới năm đó)",
        "Hạng DTI",
        "Điểm DTI",
        "Nguồn",
    ]
    assert len(frame) == 4 * 5
    row = frame[(frame["Tỉnh"] == "Lạng Sơn") & (frame["Năm"] == 2020)].iloc[0]
    assert (row["Hạng DTI"], row["Điểm DTI"]) == ("16/63", "0,3712")
    assert row["Nguồn"] == "Nguồn thử A (synthetic)"
    gap = frame[(frame["Tỉnh"] == "Lạng Sơn") & (frame["Năm"] == 2021)].iloc[0]
    assert (gap["Hạng DTI"], gap["Điểm DTI"], gap["Nguồn"]) == ("—", "—", "—")
    merged = frame[(frame["Tỉnh"] == "Bắc Giang") & (frame["Năm"] == 2024)].iloc[0]
    assert (merged["Đơn vị (theo địa giới năm đó)"], merged["Hạng DTI"]) == ("Bắc Ninh", "3/34")
    english = charts.dti_table(ranks, language="en", sources=SOURCES)
    assert list(english.columns)[:2] == ["Province", "Year"]


def test_every_vietnamese_letter_renders_without_missing_glyphs(ranks) -> None:
    letters = "ăâđêôơư ÁÀẢÃẠ ẮẰẲẴẶ ẤẦẨẪẬ ÉÈẺẼẸ ẾỀỂỄỆ ÍÌỈĨỊ ÓÒỎÕỌ ỐỒỔỖỘ ỚỜỞỠỢ ÚÙỦŨỤ ỨỪỬỮỰ ÝỲỶỸỴ Đ"
    figure = charts.dti_ranks(ranks, sources={"src-a": letters, "src-b": letters.lower()})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(io.BytesIO(), format="png", dpi=50)


def test_unknown_province_is_refused_with_a_suggestion(ranks) -> None:
    with pytest.raises(
        UnknownUnitError, match=r"Unknown province name 'Lạng Xuyên'.*Did you mean .*'Lạng Sơn'"
    ):
        charts.dti_ranks(ranks, provinces=["Lạng Xuyên"], sources=SOURCES)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"language": "fr"}, r"language='fr' is not supported"),
        ({"provinces": []}, r"provinces is empty"),
        ({"years": []}, r"years is empty"),
    ],
)
def test_bad_parameters_are_refused(ranks, kwargs: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        charts.dti_ranks(ranks, sources=SOURCES, **kwargs)


def test_observations_without_the_schema_columns_are_refused() -> None:
    with pytest.raises(ParameterError, match=r"observations lack column\(s\) unit_code"):
        charts.dti_ranks(pd.DataFrame({"value": [1.0]}))


def test_source_titles_come_from_the_published_sources_file(tmp_path, monkeypatch, ranks) -> None:
    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True)
    (processed / "sources.csv").write_text(
        "\ufeffid,title,publisher,date,url,licence\n"
        "src-a,Nguồn thử A (synthetic),x,2024-01-01,,not stated\n"
        "src-b,'=Nguồn thử B (synthetic),x,undated,,not stated\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    assert charts.source_titles() == {
        "src-a": "Nguồn thử A (synthetic)",
        "src-b": "=Nguồn thử B (synthetic)",
    }
    assert "Nguồn thử A (synthetic)" in all_text(charts.dti_ranks(ranks))


def test_missing_sources_file_says_how_to_build_it(tmp_path, monkeypatch, ranks) -> None:
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    with pytest.raises(InputError, match=r"sources.csv not found .* 'cdskit build'"):
        charts.dti_ranks(ranks)


def test_save_figure_writes_each_format_and_refuses_unknown_ones(tmp_path, ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    written = charts.save_figure(figure, tmp_path / "out", "dti-rank", formats=("png", "svg"))
    assert [p.name for p in written] == ["dti-rank.png", "dti-rank.svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Xếp hạng DTI cấp tỉnh" in written[1].read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["dti-rank.png", "dti-rank.svg"]
    with pytest.raises(ParameterError, match=r"'jpeg' is not one of png, svg, pdf"):
        charts.save_figure(figure, tmp_path / "out", "dti-rank", formats=("jpeg",))


def test_other_rank_indicators_take_their_title_from_the_codebook(tmp_path, monkeypatch) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "codebook.csv").write_text(
        "indicator,label_vi,label_en,unit_vi,unit_en,kind,min,max,higher_is_better,"
        "aggregation,preferred_source,notes_vi,notes_en\n"
        "dti_digital_government_rank,Hạng chính quyền số (thử),Digital government rank (test),"
        "hạng,rank,rank,1,63,false,not_aggregable,,synthetic test data,synthetic test data\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    rows = table([observation("Thanh Hóa", 2021, 12, indicator="dti_digital_government_rank")])
    figure = charts.dti_ranks(rows, indicator="dti_digital_government_rank", sources=SOURCES)
    assert "Hạng chính quyền số (thử) 2020–2024" in all_text(figure)

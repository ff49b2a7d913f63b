"""DTI charts and tables on small observation tables built here (synthetic test data).

The ranks and scores below are invented for the tests; they are not published figures.
"""

from __future__ import annotations

import io
import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.lines import Line2D
from synthetic import SOURCES, observation, table

from cdskit import charts
from cdskit.charts.dti import COLOURS
from cdskit.dataset import Source
from cdskit.errors import InputError, ParameterError, UnknownUnitError


def ranked(province: str, year: int, value: float, indicator: str, source: str = "src-a") -> dict:
    """A synthetic rank of another kind (list position, derived) with its denominator."""
    row = observation(province, year, value, indicator=indicator, source=source)
    row["denominator"] = 63.0 if year < 2024 else 34.0
    return row


def national_mean(year: int, value: float, source: str = "src-a") -> dict:
    """A synthetic average provincial DTI (a national row)."""
    row = observation("Lạng Sơn", year, value, indicator="dti_provincial_mean", source=source)
    row.update(unit_code="VN", unit_name="Việt Nam", unit_level="national", province_code=None)
    return row


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


@pytest.fixture
def kinds() -> pd.DataFrame:
    """Stated ranks, positions in published lists and derived ranks (synthetic)."""
    return table(
        [
            observation("Lạng Sơn", 2022, 6),
            ranked("Lạng Sơn", 2023, 4, "dti_rank_in_ordered_list"),  # only a list position
            observation("Bắc Giang", 2021, 10),
            ranked("Bắc Giang", 2021, 10, "dti_rank_in_top10_list"),  # agrees: shown once
            ranked("Bắc Giang", 2021, 10, "dti_rank_derived", source="src-b"),
            ranked("Bắc Giang", 2022, 9, "dti_rank_derived", source="src-b"),  # only derived
            ranked("Bắc Giang", 2023, 9, "dti_rank_in_ordered_list"),
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


def test_every_rank_label_carries_its_denominator(ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    first, second = figure.get_axes()[:2]
    labels = [t.get_text() for t in first.texts if "/" in t.get_text()]
    assert "16/63" in labels and "38/63" in labels
    assert "3/34" in [t.get_text() for t in second.texts]
    numbers = [
        t.get_text() for ax in (first, second) for t in ax.texts if t.get_text()[:1].isdigit()
    ]
    assert all(re.fullmatch(r"\d+/(63|34)", label) for label in numbers), numbers


def test_missing_years_are_gaps_and_never_interpolated(ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    first = figure.get_axes()[0]
    lang_son = series_line(first, COLOURS[0])
    y = np.asarray(lang_son.get_ydata(), dtype=float)
    assert list(np.asarray(lang_son.get_xdata())) == [2020, 2021, 2022, 2023]
    assert y[0] == 16 and math.isnan(y[1]) and y[2] == 6 and y[3] == 8
    lao_cai = series_line(first, COLOURS[2])
    assert np.isnan(np.asarray(lao_cai.get_ydata(), dtype=float)).sum() == 3
    points = [
        line.get_xdata()[0]
        for line in data_lines(first)
        if line.get_color() == COLOURS[0] and line.get_linestyle() == "None"
    ]
    assert sorted(points) == [2020, 2022, 2023], "no marker is drawn for the missing 2021"
    assert "Không có số liệu: Lạng Sơn 2021; Lào Cai 2020, 2021, 2023" in all_text(figure)


def test_list_positions_and_derived_ranks_have_their_own_marker_and_footnote(kinds) -> None:
    figure = charts.dti_ranks(kinds, years=[2021, 2022, 2023], sources=SOURCES)
    ax = figure.get_axes()[0]
    labels = [t.get_text() for t in ax.texts]
    assert "4/63†" in labels and "9/63†" in labels and "9/63‡" in labels
    assert "10/63" in labels and "10/63†" not in labels and "10/63‡" not in labels
    marked = {line.get_gid(): line for line in data_lines(ax) if line.get_gid()}
    assert marked["rank-list"].get_marker() == "s" and marked["rank-list"].get_mfc() == "white"
    assert marked["rank-derived"].get_marker() == "^"
    assert marked["rank-stated"].get_marker() == "o"
    text = all_text(figure)
    assert "† Vị trí đọc từ thứ tự của một danh sách đã công bố" in text
    assert "‡ Hạng suy ra từ một hạng khác" in text
    lang_son = np.asarray(series_line(ax, COLOURS[0]).get_ydata(), dtype=float)
    assert lang_son[2] == 4, "a list position is part of the line, with its own marker"
    english = all_text(charts.dti_ranks(kinds, language="en", sources=SOURCES))
    assert "† Position read from the order of a published list" in english


def test_footnotes_of_kinds_appear_only_when_such_ranks_are_shown(ranks) -> None:
    text = all_text(charts.dti_ranks(ranks, sources=SOURCES))
    assert "†" not in text and "‡" not in text


def test_successor_province_is_named_in_the_2024_panel(ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    second = figure.get_axes()[1]
    assert "Bắc Ninh" in [t.get_text() for t in second.texts]
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
    y = np.asarray(series_line(first, COLOURS[3]).get_ydata(), dtype=float)
    assert math.isnan(y[2])
    hollow = [
        line.get_ydata()[0]
        for line in data_lines(first)
        if line.get_markerfacecolor() == "white" and line.get_xdata()[0] == 2022
    ]
    assert sorted(hollow) == [14, 15]
    assert "Nguồn khác nhau (vẽ cả hai, không nối): Thanh Hóa 2022" in all_text(figure)


def test_scores_are_bars_on_the_whole_scale_in_one_panel_per_method() -> None:
    rows = table(
        [
            observation("Lạng Sơn", 2020, 0.3712, indicator="dti_score"),
            observation("Lạng Sơn", 2021, 0.4874, indicator="dti_score"),
            observation("Lạng Sơn", 2022, 0.5011, indicator="dti_score"),
            observation("Lạng Sơn", 2024, 0.6502, indicator="dti_score"),
            national_mean(2021, 0.4014),
        ]
    )
    figure = charts.dti_scores(rows, provinces=["Lạng Sơn"], sources=SOURCES)
    axes = figure.get_axes()
    assert len(axes) == 3
    assert [tuple(map(float, ax.get_ylim())) for ax in axes] == [(0.0, 1.0)] * 3
    bars = [[p for p in ax.patches if p.get_gid() == "score-bar"] for ax in axes]
    assert [sorted(round(p.get_height(), 4) for p in group) for group in bars] == [
        [0.3712],
        [0.4874, 0.5011],
        [0.6502],
    ]
    ticks = [[t.get_text() for t in ax.get_xticklabels()] for ax in axes]
    assert ticks == [["2020"], ["2021", "2022", "2023"], ["2024"]]
    labels = [t.get_text() for ax in axes for t in ax.texts]
    assert "0,4874" in labels and "0,3712" in labels and "0,4014" in labels
    assert labels.count("—") == 1, "2023 has no score: a dash, no bar"
    mean = [c for c in axes[1].collections if len(c.get_segments()) == 1]
    assert mean and mean[0].get_segments()[0][0][1] == pytest.approx(0.4014)
    assert "Giá trị DTI trung bình cấp tỉnh" in all_text(figure)
    english = charts.dti_scores(rows, provinces=["Lạng Sơn"], language="en", sources=SOURCES)
    assert "0.4874" in [t.get_text() for ax in english.get_axes() for t in ax.texts]


def test_disagreeing_provincial_means_are_both_drawn_and_noted() -> None:
    rows = table(
        [
            observation("Lạng Sơn", 2020, 0.3712, indicator="dti_score"),
            national_mean(2020, 0.3026),
            national_mean(2020, 0.326, source="src-b"),
        ]
    )
    figure = charts.dti_scores(rows, provinces=["Lạng Sơn"], years=[2020], sources=SOURCES)
    assert "các nguồn công bố khác nhau (0,3026, 0,3260)" in all_text(figure)


def test_pillar_ranks_get_one_panel_per_pillar_out_of_63(kinds) -> None:
    rows = table(
        [
            observation("Lạng Sơn", 2020, 18, indicator="dti_digital_government_rank"),
            observation("Lạng Sơn", 2021, 7, indicator="dti_digital_government_rank"),
            observation("Lạng Sơn", 2020, 8, indicator="dti_digital_economy_rank"),
            observation("Bắc Giang", 2021, 9, indicator="dti_digital_society_rank"),
            ranked("Thanh Hóa", 2022, 28, "dti_digital_government_rank_derived"),
        ]
    )
    figure = charts.dti_pillar_ranks(rows, sources=SOURCES)
    axes = figure.get_axes()
    assert [ax.get_title() for ax in axes] == ["Chính quyền số", "Kinh tế số", "Xã hội số"]
    assert all(ax.get_ylim() == (63.5, 0.5) for ax in axes)
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["2020", "2021", "2022", "2023"]
    line = series_line(axes[0], COLOURS[0])
    assert list(np.asarray(line.get_ydata(), dtype=float)[:2]) == [18, 7]
    assert "28/63‡" in [t.get_text() for t in axes[0].texts]
    text = all_text(figure)
    assert "Năm 2024: không có số liệu hạng trụ cột" in text
    assert "Không có số liệu: Lạng Sơn 2022, 2023;" in text
    assert "Lào Cai 2020, 2021, 2022, 2023" in text


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


def test_html_table_marks_list_positions_and_explains_every_mark(kinds) -> None:
    page = charts.dti_table_html(kinds, years=[2021, 2022, 2023], sources=SOURCES)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page)
    rows = [cells[i : i + 6] for i in range(0, len(cells), 6)]
    by_key = {(r[0], r[1]): r for r in rows}
    assert len(rows) == 4 * 3, "every province × year is a row"
    assert by_key[("Lạng Sơn", "2023")][3] == "4/63†"
    assert by_key[("Bắc Giang", "2023")][3] == "9/63†"
    assert by_key[("Bắc Giang", "2022")][3] == "9/63‡"
    assert by_key[("Bắc Giang", "2021")][3] == "10/63"
    assert by_key[("Lào Cai", "2021")][3:] == ["—", "—", "—"]
    assert "— Không có số liệu đã công bố." in page
    assert "† Vị trí đọc từ thứ tự" in page and "‡ Hạng suy ra" in page
    assert "63 tỉnh, thành phố (2020–2023), 34 (2024)" in page
    header = re.findall(r"<th [^>]*>(.*?)</th>", page)
    assert header == [
        "Tỉnh",
        "Năm",
        "Đơn vị (theo địa giới năm đó)",
        "Hạng DTI",
        "Điểm DTI",
        "Nguồn",
    ]
    assert by_key[("Lạng Sơn", "2022")][5] == "[1]"
    assert re.findall(r"<ol[^>]*>(.*?)</ol>", page) == [
        "<li>Nguồn thử A (synthetic)</li><li>Nguồn thử B (synthetic)</li>"
    ]
    for bad in ("nan", "NaN", "<NA>", "None", "dtype"):
        assert bad not in page


def test_html_tables_are_in_one_language_and_escape_titles(kinds) -> None:
    hostile = {"src-a": "<script>alert('nguồn')</script>", "src-b": "B & C (synthetic)"}
    page = charts.dti_table_html(kinds, language="en", sources=hostile)
    assert "<script>" not in page and "&lt;script&gt;alert(" in page and "B &amp; C" in page
    assert "Province" in page and "Tỉnh" not in page and "Không có số liệu" not in page
    assert "† Position read from the order of a published list" in page


def test_citations_give_title_publisher_and_date_in_the_readers_language(kinds) -> None:
    sources = {
        "src-a": Source("src-a", "Báo cáo A (synthetic)", "Sở A", "2023-07-10", "", ""),
        "src-b": Source("src-b", "Report B (Sở B) (synthetic)", "Sở B", "undated", "", ""),
    }
    vi = charts.dti_table_html(kinds, years=[2022], sources=sources)
    assert "<li>Báo cáo A (synthetic) — Sở A, 10/07/2023</li>" in vi
    assert "<li>Report B (Sở B) (synthetic)</li>" in vi, "publisher already in the title"
    en = charts.dti_table_html(kinds, years=[2022], language="en", sources=sources)
    assert "Báo cáo A (synthetic) — Sở A, 10 July 2023" in en


def test_pillar_table_has_one_column_per_pillar() -> None:
    rows = table(
        [
            observation("Lạng Sơn", 2020, 18, indicator="dti_digital_government_rank"),
            observation("Lạng Sơn", 2020, 8, indicator="dti_digital_economy_rank"),
            ranked("Lạng Sơn", 2021, 5, "dti_digital_government_rank_derived"),
        ]
    )
    page = charts.dti_pillar_table_html(
        rows, provinces=["Lạng Sơn"], years=[2020, 2021], sources=SOURCES
    )
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page)
    assert cells == [
        *("Lạng Sơn", "2020", "18/63", "8/63", "—", "[1]"),
        *("Lạng Sơn", "2021", "5/63‡", "—", "—", "[1]"),
    ]
    assert "‡ Hạng suy ra" in page and "†" not in page


def test_figure_html_embeds_a_png_with_alternative_text_in_the_language(ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    page = charts.figure_html(figure)
    assert page.startswith('<figure class="cdskit-chart"><img src="data:image/png;base64,')
    assert 'alt="Biểu đồ: Xếp hạng DTI cấp tỉnh 2020–2024"' in page
    english = charts.figure_html(
        charts.dti_ranks(ranks, language="en", sources=SOURCES), language="en"
    )
    assert 'alt="Chart: Provincial DTI rank 2020–2024"' in english


def test_report_sections_are_in_one_language() -> None:
    intro = charts.dti_section_html("intro", language="vi", provinces=["Lạng Sơn", "Thanh Hoa"])
    assert intro.startswith("<p>") and "Lạng Sơn và Thanh Hóa" in intro
    assert charts.dti_section_html("ranks", language="vi") == "<h2>Xếp hạng</h2>"
    pillars = charts.dti_section_html("pillars", language="en")
    assert pillars.startswith("<h2>Ranks by pillar</h2><p>")
    with pytest.raises(ParameterError, match=r"name='rank' is not a section.*'ranks'"):
        charts.dti_section_html("rank", language="vi")


def test_every_vietnamese_letter_renders_without_missing_glyphs(ranks) -> None:
    letters = "ăâđêôơư ÁÀẢÃẠ ẮẰẲẴẶ ẤẦẨẪẬ ÉÈẺẼẸ ẾỀỂỄỆ ÍÌỈĨỊ ÓÒỎÕỌ ỐỒỔỖỘ ỚỜỞỠỢ ÚÙỦŨỤ ỨỪỬỮỰ ÝỲỶỸỴ Đ"
    figure = charts.dti_ranks(ranks, sources={"src-a": letters, "src-b": letters.lower()})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(io.BytesIO(), format="png", dpi=50)


def test_a_title_in_a_script_the_chart_font_lacks_is_cited_by_its_publisher(ranks) -> None:
    sources = {
        "src-a": Source("src-a", "指数 (synthetic)", "Báo Nhật (synthetic)", "undated", "", ""),
        "src-b": "Nguồn thử B (synthetic)",
    }
    figure = charts.dti_ranks(ranks, sources=sources)
    assert "[bài tiếng Nhật] — Báo Nhật (synthetic)" in all_text(figure)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(io.BytesIO(), format="png", dpi=50)
    assert "<li>指数 (synthetic) — Báo Nhật (synthetic)</li>" in charts.dti_table_html(
        ranks, sources=sources
    ), "HTML shows the title as published"


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
@pytest.mark.parametrize(
    "draw", [charts.dti_ranks, charts.dti_scores, charts.dti_pillar_ranks, charts.dti_table_html]
)
def test_bad_parameters_are_refused(ranks, draw, kwargs: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        draw(ranks, sources=SOURCES, **kwargs)


def test_observations_without_the_schema_columns_are_refused() -> None:
    with pytest.raises(ParameterError, match=r"observations lack column\(s\) unit_code"):
        charts.dti_ranks(pd.DataFrame({"value": [1.0]}))


def test_source_titles_come_from_the_published_sources_file(tmp_path, monkeypatch, ranks) -> None:
    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True)
    (processed / "sources.csv").write_text(
        "\ufeffid,title,publisher,date,url,licence\n"
        "src-a,Nguồn thử A (synthetic),Cơ quan A,2024-01-01,,not stated\n"
        "src-b,'=Nguồn thử B (synthetic),Cơ quan B,undated,,not stated\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    text = all_text(charts.dti_ranks(ranks))
    assert "Nguồn thử A (synthetic) — Cơ quan A, 01/01/2024" in text
    assert "=Nguồn thử B (synthetic) — Cơ quan B" in text


def test_missing_sources_file_says_how_to_build_it(tmp_path, monkeypatch, ranks) -> None:
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    with pytest.raises(InputError, match=r"sources.csv not found .* 'cdskit build'"):
        charts.dti_ranks(ranks)


def test_save_writes_each_format_and_refuses_unknown_ones(tmp_path, ranks) -> None:
    figure = charts.dti_ranks(ranks, sources=SOURCES)
    written = charts.save(figure, tmp_path / "out", "dti-rank", formats=("png", "svg"))
    assert [p.name for p in written] == ["dti-rank.png", "dti-rank.svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Xếp hạng DTI cấp tỉnh" in written[1].read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["dti-rank.png", "dti-rank.svg"]
    with pytest.raises(ParameterError, match=r"'jpeg' is not one of png, svg, pdf"):
        charts.save(figure, tmp_path / "out", "dti-rank", formats=("jpeg",))


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

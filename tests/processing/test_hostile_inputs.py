"""Hostile and mistaken raw figures: each is rejected with its cell and rule, or the file refused.

Every project is synthetic test data (tests/synthetic.py) with bad rows appended. Each test
checks the exit code of ``cdskit build``, the message (file and cell, what to do), that
accepted + rejected = input, and that the dataset published before is unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from synthetic import RANKS, write_project

from cdskit.cli import main
from cdskit.errors import ValidationError
from cdskit.processing import build

N_GOOD = 9  # figures of RANKS
FIRST_NEW_LINE = 13  # RANKS has a title, a blank line, the header and 9 data rows


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def published(tmp_path, monkeypatch):
    """A project built once without rejects; returns its processed folder's files."""
    raw = write_project(tmp_path)
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    assert main(["build"]) == 0
    return raw, _files(raw.parent / "processed")


def _rejected_build(tmp_path: Path, rows: str, capsys) -> tuple[pd.DataFrame, str]:
    """Append ``rows`` to the synthetic table, build, and return the rejects and stderr."""
    raw = write_project(tmp_path, {"dti/ranks.csv": RANKS + rows})
    capsys.readouterr()
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    with pytest.raises(ValidationError) as caught:
        build(raw)
    result = caught.value.result
    assert result.n_accepted + result.n_rejected == result.n_input
    assert result.n_input == N_GOOD + rows.count("\n")
    return result.rejects, err


def _dataset_unchanged(raw: Path, before: dict[str, bytes]) -> None:
    after = _files(raw.parent / "processed")
    dataset = {name for name in before if not name.startswith("validation_report")}
    assert {name: after[name] for name in dataset} == {name: before[name] for name in dataset}
    report = after["validation_report.md"].decode("utf-8")
    assert "The dataset in this folder was NOT updated" in report


def _only(rejects: pd.DataFrame) -> dict:
    assert len(rejects) == 1, rejects
    return rejects.iloc[0].to_dict()


# --- item 3: control characters ------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "cell"),
    [
        ('Lạng Sơn,province,,2025,dti_score,2024,"0,6\x001",,pub-a,\n', "value", "line 13"),
        ('Lạng\x00 Sơn,province,,2025,dti_score,2024,"0,61",,pub-a,\n', "unit", "line 13"),
        ('Lạng Sơn,province,,2025,dti_score,2024,"0,61",,pub-a,ghi \x1b chú\n', "note", "line 13"),
    ],
)
def test_a_control_character_rejects_its_figure_and_never_reaches_an_output(
    tmp_path, published, capsys, row, column, cell
):
    raw, before = published
    rejects, err = _rejected_build(tmp_path, row, capsys)
    reject = _only(rejects)
    assert (reject["file"], reject["cell"], reject["rule"]) == ("dti/ranks.csv", cell, "bad_cell")
    assert f"The cell of column '{column}' holds a control character" in reject["message_en"]
    assert "\\x" in reject["value"] and "\x00" not in reject["value"]
    assert "1 of 10 figures were rejected" in err
    _dataset_unchanged(raw, before)
    result = build(raw, allow_rejects=True)
    for path in [*result.outputs.values(), *result.report.values()]:
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            texts = [str(v) for c in frame.columns for v in frame[c].dropna().tolist()]
            assert not any("\x00" in t or "\x1b" in t for t in texts)
            continue
        data = path.read_bytes()
        assert b"\x00" not in data and b"\x1b" not in data, path.name


# --- item 4: units, vintages, ranks, counts, locales ---------------------------------------


@pytest.mark.parametrize(
    "value",
    ["95%", '"1.234 hộ gia đình"', "12 người"],
)
def test_a_value_written_in_another_unit_than_the_indicators_is_rejected(
    tmp_path, published, capsys, value
):
    raw, before = published
    row = f"Lạng Sơn,province,,2025,fiber_villages,2025-09,{value},,pub-a,\n"
    reject = _only(_rejected_build(tmp_path, row, capsys)[0])
    assert (reject["cell"], reject["rule"]) == (f"line {FIRST_NEW_LINE}", "unit_mismatch")
    assert (
        "does not fit indicator 'fiber_villages' (unit villages, kind count)"
        in (reject["message_en"])
    )
    _dataset_unchanged(raw, before)


@pytest.mark.parametrize(
    ("indicator", "value"),
    [
        ("fiber_villages", '"19 thôn"'),
        ("fiber_villages", '"1.234 thôn, bản"'),
        ("fiber_villages", '"12 (đạt 97,6%)"'),
        ("dti_rank", '"16/34 tỉnh, thành phố"'),
        ("dti_score", '"0,61 điểm"'),
        ("online_share", '"95,5%"'),
    ],
)
def test_a_value_written_in_the_indicators_own_unit_is_accepted(tmp_path, indicator, value):
    row = f"Lạng Sơn,province,,2025,{indicator},2025-09,{value},,pub-a,\n"
    raw = write_project(tmp_path, {"dti/ranks.csv": RANKS + row})
    assert build(raw).n_accepted == N_GOOD + 1


def test_a_2008_vintage_figure_dated_after_the_reform_is_rejected(tmp_path, published, capsys):
    raw, before = published
    row = "Bắc Giang,province,,2008,fiber_villages,2025-09,12,,pub-a,\n"
    reject = _only(_rejected_build(tmp_path, row, capsys)[0])
    assert (reject["cell"], reject["rule"], reject["value"]) == (
        f"line {FIRST_NEW_LINE}",
        "period_after_reform",
        "2025-09",
    )
    assert "cannot be in vintage 2008 (63 provinces); write vintage 2025" in reject["message_en"]
    _dataset_unchanged(raw, before)


@pytest.mark.parametrize("period", ["2025-H1", "2025-06", "2025", "2025-Q2"])
def test_a_2008_vintage_figure_of_a_period_starting_before_the_reform_is_accepted(tmp_path, period):
    row = f"Bắc Giang,province,,2008,fiber_villages,{period},12,,pub-a,\n"
    raw = write_project(tmp_path, {"dti/ranks.csv": RANKS + row})
    assert build(raw).n_accepted == N_GOOD + 1


def test_a_rank_without_denominator_is_bounded_by_the_provinces_of_its_vintage(
    tmp_path, published, capsys
):
    raw, before = published
    rows = (
        "Lạng Sơn,province,,2025,dti_rank,2024,40,,pub-a,\n"  # only 34 provinces in 2025
        "Lạng Sơn,province,,2008,dti_rank,2023,40,,pub-a,\n"  # 63 before: a valid rank
    )
    rejects, _err = _rejected_build(tmp_path, rows, capsys)
    reject = _only(rejects)
    assert (reject["cell"], reject["rule"]) == (f"line {FIRST_NEW_LINE}", "out_of_range")
    assert "is outside [1, 34]" in reject["message_en"]
    _dataset_unchanged(raw, before)


def test_a_fractional_count_is_rejected_in_an_english_locale_file(tmp_path, published, capsys):
    raw, before = published
    english = (
        "unit,unit_level,vintage,indicator,period,value,source_id\n"  # synthetic
        "Lạng Sơn,province,2025,fiber_villages,2025-09,12.5,pub-a\n"
        'Thanh Hóa,province,2025,fiber_villages,2025-09,"1,200.0",pub-a\n'
    )
    raw = write_project(tmp_path, {"dti/ranks.csv": RANKS, "en.csv": english})
    sources = raw / "sources.yml"
    text = sources.read_text("utf-8")
    head, _, tail = text.partition("path: en.csv")
    sources.write_text(
        head + "path: en.csv" + tail.replace("number_locale: vi", "number_locale: en", 1), "utf-8"
    )
    capsys.readouterr()
    assert main(["build"]) == 1
    with pytest.raises(ValidationError) as caught:
        build(raw)
    result = caught.value.result
    assert result.n_input == N_GOOD + 2 == result.n_accepted + result.n_rejected
    reject = _only(result.rejects)
    assert (reject["file"], reject["cell"], reject["rule"]) == (
        "en.csv",
        "line 2",
        "not_whole_count",
    )
    assert "Count '12.5' must be a whole number" in reject["message_en"]
    _dataset_unchanged(raw, before)


def test_an_ambiguous_column_without_a_declared_locale_is_refused_with_the_fix(
    tmp_path, published, capsys
):
    raw, before = published
    only_ambiguous = (
        "unit,unit_level,vintage,indicator,period,value,source_id\n"  # synthetic
        "Lạng Sơn,province,2025,fiber_villages,2025-09,1.234,pub-a\n"
        "Thanh Hóa,province,2025,fiber_villages,2025-09,2.345,pub-a\n"
        "Lào Cai,province,2025,fiber_villages,2025-09,12,pub-a\n"
    )
    raw = write_project(tmp_path, {"dti/ranks.csv": RANKS, "ambiguous.csv": only_ambiguous})
    sources = raw / "sources.yml"
    text = sources.read_text("utf-8")
    head, _, tail = text.partition("path: ambiguous.csv")
    sources.write_text(
        head + "path: ambiguous.csv" + tail.replace("    number_locale: vi\n", "", 1), "utf-8"
    )
    capsys.readouterr()
    assert main(["build"]) == 1
    with pytest.raises(ValidationError) as caught:
        build(raw)
    result = caught.value.result
    assert result.n_input == N_GOOD + 3 == result.n_accepted + result.n_rejected
    rejects = result.rejects
    assert rejects[["file", "cell", "rule"]].values.tolist() == [
        ["ambiguous.csv", "line 2", "ambiguous_number"],
        ["ambiguous.csv", "line 3", "ambiguous_number"],
    ]
    assert (
        "declare number_locale: vi (or en) for this file in data/raw/sources.yml"
        in (rejects["message_en"].iat[0])
    )
    _dataset_unchanged(raw, before)


# --- items 2 and 3: files refused as a whole (exit 2, nothing written) ---------------------


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            'Lạng Sơn,province,,2025,dti_score,2024,"0,61,,pub-a,\nThanh Hóa,province,,2025\n',
            "dti/ranks.csv:line 13: a quote opened",
        ),
        (
            f'Lạng Sơn,province,,2025,dti_score,2024,"0,61",,pub-a,{"9" * 120_000}\n',
            "dti/ranks.csv:line 13, column J: a cell holds 120,000 characters",
        ),
    ],
)
def test_a_file_that_cannot_be_split_into_cells_exits_two_and_changes_nothing(
    tmp_path, published, capsys, rows, message
):
    raw, before = published
    write_project(tmp_path, {"dti/ranks.csv": RANKS + rows})
    capsys.readouterr()
    assert main(["build"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert message in err
    assert "Traceback" not in err
    assert _files(raw.parent / "processed") == before


def test_two_tables_pasted_together_exit_two_naming_the_rows(tmp_path, published, capsys):
    raw, before = published
    pasted = (
        'Lạng Sơn,province,,2025,dti_score,2024,"0,61",,pub-a,\n'  # synthetic, no header
        'Thanh Hóa,province,,2025,dti_score,2024,"0,5",,pub-a,\n'
    )
    write_project(tmp_path, {"dti/ranks.csv": pasted + RANKS.split("\n", 2)[2]})
    capsys.readouterr()
    assert main(["build"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "dti/ranks.csv: row(s) 1, 2 above the header (row 3) look like data" in err
    assert _files(raw.parent / "processed") == before


def test_a_long_digit_string_in_a_value_is_rejected_not_parsed(tmp_path, published, capsys):
    raw, before = published
    row = f"Lạng Sơn,province,,2025,fiber_villages,2025-09,{'9' * 30_000},,pub-a,\n"
    reject = _only(_rejected_build(tmp_path, row, capsys)[0])
    assert reject["rule"] == "bad_value"
    assert "has 30,000 digits; a figure has at most 30" in reject["message_en"]
    assert len(reject["value"]) < 250  # the report shows the start of the cell only
    assert reject["value"].endswith("… (30,000 characters)")
    _dataset_unchanged(raw, before)


def test_a_merged_province_in_2025_data_says_what_it_merged_into_in_both_languages(
    tmp_path, published, capsys
):
    raw, before = published
    row = "Bắc Giang,province,,2025,fiber_villages,2025-09,12,,pub-a,\n"
    reject = _only(_rejected_build(tmp_path, row, capsys)[0])
    assert (reject["cell"], reject["rule"]) == (f"line {FIRST_NEW_LINE}", "unknown_unit")
    assert "merged into Bắc Ninh (24) on 1 July 2025" in reject["message_en"]
    assert "đã sáp nhập vào Bắc Ninh (24) từ ngày 1/7/2025" in reject["message_vi"]
    _dataset_unchanged(raw, before)


def test_a_control_character_in_a_title_row_is_shown_escaped_in_the_report(tmp_path):
    titled = RANKS.replace("Bảng tổng hợp", "Bảng\x00 tổng hợp", 1)  # synthetic
    raw = write_project(tmp_path, {"dti/ranks.csv": titled})
    result = build(raw)
    assert result.n_accepted == result.n_input == N_GOOD
    for name, path in result.report.items():
        text = path.read_text("utf-8-sig")
        assert "\x00" not in text
        if not name.endswith(".csv"):  # the CSV lists rejects only, not the rows set aside
            assert "Bảng\\x00 tổng hợp" in text

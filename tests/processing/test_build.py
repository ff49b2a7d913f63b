"""Full builds on small tmp projects (synthetic test data written by the tests)."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from synthetic import HOSTILE, RANKS, write_project

from cdskit.errors import InputError, RawFileChangedError, ValidationError
from cdskit.processing.pipeline import build, check
from cdskit.processing.validate import RULES


def processed_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_build_publishes_every_figure_of_a_clean_project(tmp_path):
    raw = write_project(tmp_path)
    result = build(raw)
    assert (result.n_input, result.n_accepted, result.n_rejected) == (9, 9, 0)
    processed = tmp_path / "data" / "processed"
    assert set(result.outputs) == {
        "observations.parquet",
        "observations.csv",
        "codebook.csv",
        "sources.csv",
        "raw_files.csv",
        "datapackage.json",
    }
    table = pd.read_parquet(processed / "observations.parquet")
    assert len(table) == 9
    thanh_hoa = table[table["unit_code"] == "38"]
    assert set(thanh_hoa["unit_name"]) == {"Thanh Hóa"}
    assert thanh_hoa["conflict"].sum() == 2  # rank 10 (pub-a) against rank 12 (pub-b)
    lao_cai = table[table["unit_level"] == "district"].iloc[0]
    assert (lao_cai["province_code"], lao_cai["value"]) == ("10", 1234.0)
    national = table[table["unit_level"] == "national"].iloc[0]
    assert (national["unit_code"], national["value"], national["qualifier"]) == ("VN", 95.5, "trên")
    assert pd.isna(national["year"])


def test_built_datapackage_passes_frictionless_validation(tmp_path):
    raw = write_project(tmp_path)
    build(raw)
    report = frictionless.validate(str(tmp_path / "data" / "processed" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_build_refuses_a_changed_raw_file_and_names_the_accept_command(tmp_path):
    raw = write_project(tmp_path)
    with (raw / "dti" / "ranks.csv").open("a", encoding="utf-8") as handle:
        handle.write('Lạng Sơn,province,,2025,dti_score,2023,"0,6",,pub-a,\n')
    with pytest.raises(RawFileChangedError, match=r"cdskit accept data/raw/dti/ranks\.csv"):
        build(raw)
    assert not (tmp_path / "data" / "processed").exists()


def test_unknown_province_is_rejected_with_a_suggestion_in_the_report(tmp_path):
    ranks = RANKS + 'Thanh Hoa Xyz,province,,2025,dti_score,2024,"0,5",,pub-a,\n'
    raw = write_project(tmp_path, {"dti/ranks.csv": ranks})
    with pytest.raises(ValidationError, match="1 of 10 figures were rejected") as caught:
        build(raw)
    rejects = caught.value.result.rejects
    assert rejects[["file", "cell", "rule"]].values.tolist() == [
        ["dti/ranks.csv", "line 13", "unknown_unit"]
    ]
    assert "Did you mean 'Thanh Hóa'" in rejects["message_en"].iat[0]
    assert "Có phải là 'Thanh Hóa'" in rejects["message_vi"].iat[0]
    report = (tmp_path / "data" / "processed" / "validation_report.csv").read_text("utf-8-sig")
    assert "Thanh Hoa Xyz" in report and "unknown_unit" in report


def test_hostile_cells_are_neutralised_in_csv_and_escaped_in_the_html_report(tmp_path):
    raw = write_project(tmp_path, {"dti/ranks.csv": RANKS, "hostile.csv": HOSTILE})
    result = build(raw, allow_rejects=True)
    assert result.n_rejected == 1
    processed = tmp_path / "data" / "processed"
    page = (processed / "validation_report.html").read_text("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = (processed / "validation_report.md").read_text("utf-8")
    assert "<script>" not in markdown
    report_csv = pd.read_csv(processed / "validation_report.csv", encoding="utf-8-sig")
    assert report_csv["value"].iat[0].startswith("'=HYPERLINK(")
    published = pd.read_csv(processed / "observations.csv", encoding="utf-8-sig", dtype=str)
    note = published.loc[published["unit_name_as_published"] == "Lạng Sơn", "note"].dropna()
    assert note.tolist() == ["'@SUM(A1:A2)"]
    assert (processed / "observations.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_rebuilding_the_same_inputs_gives_byte_identical_files(tmp_path):
    raw = write_project(tmp_path)
    build(raw)
    first = processed_bytes(tmp_path / "data" / "processed")
    build(raw)
    assert processed_bytes(tmp_path / "data" / "processed") == first
    assert len(first) == 9  # six dataset files and three validation reports


def test_accepted_plus_rejected_equals_input_for_every_file(tmp_path):
    messy = RANKS + (
        'Thanh Hoa Xyz,province,,2025,dti_score,2024,"0,5",,pub-a,\n'
        'Lạng Sơn,province,,2025,dti_score,2024,"1,5",,pub-a,\n'
        'Lạng Sơn,province,,2025,dti_scor,2024,"0,5",,pub-a,\n'
        'Lạng Sơn,province,,2031,dti_score,2024,"0,5",,pub-a,\n'
        'Lạng Sơn,province,,2025,dti_score,2024-H3,"0,5",,pub-a,\n'
        "Lạng Sơn,province,,2025,online_share,2024,abc,,pub-a,\n"
    )
    raw = write_project(tmp_path, {"dti/ranks.csv": messy, "hostile.csv": HOSTILE})
    result = build(raw, allow_rejects=True)
    assert result.n_accepted + result.n_rejected == result.n_input == 17
    summary = result.summary.set_index("file")
    assert (summary["accepted"] + summary["rejected"] == summary["input"]).all()
    assert set(result.rejects["rule"]) <= set(RULES)
    assert sorted(result.rejects["rule"]) == sorted(
        [
            "unknown_unit",
            "unknown_unit",
            "out_of_range",
            "unknown_indicator",
            "bad_vintage",
            "bad_period",
            "bad_value",
        ]
    )


def test_a_failed_build_keeps_the_previous_output(tmp_path):
    raw = write_project(tmp_path)
    build(raw)
    processed = tmp_path / "data" / "processed"
    before = {k: v for k, v in processed_bytes(processed).items() if "validation" not in k}
    bad = RANKS + 'Lạng Sơn,province,,2025,dti_score,2024,"7,5",,pub-a,\n'
    write_project(tmp_path, {"dti/ranks.csv": bad})
    with pytest.raises(ValidationError, match="was not updated"):
        build(raw)
    after = processed_bytes(processed)
    assert {k: v for k, v in after.items() if "validation" not in k} == before
    assert b"out_of_range" in after["validation_report.csv"]
    assert "Giá trị ngoài khoảng hợp lệ / Value outside" in after["validation_report.md"].decode()
    leftovers = [p.name for p in processed.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_missing_long_column_is_an_input_error_naming_the_file(tmp_path):
    text = textwrap.dedent(
        """\
        synthetic test data

        unit,unit_level,vintage,indicatr,period,value,source_id
        Lạng Sơn,province,2025,dti_score,2024,"0,5",pub-a
        """
    )
    raw = write_project(tmp_path, {"bad.csv": text})
    with pytest.raises(InputError, match=r"bad\.csv.*indicator.*Did you mean 'indicatr'"):
        build(raw)


def test_an_empty_value_cell_is_published_as_missing_not_rejected(tmp_path):
    build(write_project(tmp_path))
    table = pd.read_parquet(tmp_path / "data" / "processed" / "observations.parquet")
    empty = table[(table["unit_code"] == "20") & (table["indicator"] == "online_share")].iloc[0]
    assert (empty["value_as_published"], empty["missing_reason"]) == ("", "empty")
    assert pd.isna(empty["value"])


def test_a_header_only_file_next_to_a_full_one_builds_a_valid_package(tmp_path):
    header = "synthetic test data\n\nunit,unit_level,vintage,indicator,period,value,source_id\n"
    raw = write_project(tmp_path, {"dti/ranks.csv": RANKS, "empty.csv": header})
    result = build(raw)
    assert (result.n_input, result.n_accepted) == (9, 9)
    table = pd.read_parquet(result.outputs["observations.parquet"])
    assert table["value"].dtype == "float64"
    report = frictionless.validate(str(result.outputs["datapackage.json"]))
    assert report.valid, report.flatten(["type", "note"])


def test_check_refuses_a_wide_column_mapped_to_an_unknown_indicator(tmp_path):
    raw = write_project(tmp_path)
    (raw / "wide.csv").write_text(
        'synthetic test data\n\nTỉnh,Điểm\nLạng Sơn,"0,5"\n', encoding="utf-8"
    )
    digest = hashlib.sha256((raw / "wide.csv").read_bytes()).hexdigest()
    with (raw / "sources.yml").open("a", encoding="utf-8") as handle:
        handle.write(
            f'  - path: wide.csv\n    sha256: "{digest}"\n    layout: wide\n    source: pub-a\n'
            "    unit_column: Tỉnh\n    unit_level: province\n    vintage: 2025\n"
            "    period: 2024\n    indicators: {Điểm: dti_scor}\n"
        )
    with pytest.raises(InputError, match=r"wide\.csv.*'Điểm'.*Did you mean 'dti_score'"):
        check(raw)
    with pytest.raises(InputError, match="dti_scor"):
        build(raw)
    assert not (tmp_path / "data" / "processed").exists()

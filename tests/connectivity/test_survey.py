"""The survey template: written for a province, filled in (synthetic values), checked, built.

Commune codes and names come from the unit registry; every count and date written into the
templates here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from cdskit.connectivity import add_survey, write_template
from cdskit.connectivity._survey import COLUMNS as SURVEY_COLUMNS
from cdskit.connectivity._survey import SURVEY_SHEET
from cdskit.connectivity._survey_check import check_survey
from cdskit.dataset import load, load_codebook
from cdskit.errors import InputError, ParameterError, UnknownUnitError, ValidationError
from cdskit.geo import load_boundaries
from cdskit.maps import choropleth
from cdskit.processing import build
from cdskit.raw import accept, check_sources
from cdskit.units import units

REPO = Path(__file__).resolve().parents[2]
SOURCE = {  # synthetic publication
    "id": "survey-langson-synthetic",
    "title": "Kết quả khảo sát hạ tầng viễn thông theo xã (synthetic)",
    "publisher": "Sở Khoa học và Công nghệ (synthetic)",
    "date": "2025-10-01",
}
REGISTER = """\
# synthetic test register
sources:
  - id: pub-a
    title: "Báo cáo A (synthetic)"
    publisher: "Cơ quan A"
    date: "2023-07-10"
    url: ""
    licence: "not stated"
files:
"""


def _filled(tmp_path: Path, province: str = "Lạng Sơn") -> Path:
    """The template with synthetic figures in every row (row r: 10 + r % 7 villages...)."""
    path = write_template(province, tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[SURVEY_SHEET]
    for row in range(2, sheet.max_row + 1):
        total = 10 + row % 7
        sheet[f"C{row}"] = total
        sheet[f"D{row}"] = row % 3
        sheet[f"E{row}"] = row % 3 + 1
        sheet[f"F{row}"] = row % 5
        sheet[f"G{row}"] = 100 * row
        sheet[f"H{row}"] = dt.date(2025, 9, 15)
        sheet[f"I{row}"] = "Người trả lời (synthetic)"
    sheet["G3"] = None  # no figure: stays missing
    book.save(path)
    return path


def _project(tmp_path: Path) -> Path:
    raw = tmp_path / "project" / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "sources.yml").write_text(REGISTER, encoding="utf-8")
    shutil.copy(REPO / "data" / "codebook.csv", raw.parent / "codebook.csv")
    return raw


def test_the_template_lists_the_provinces_2025_communes_with_validation(tmp_path: Path) -> None:
    path = write_template("20", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [SURVEY_SHEET, "Hướng dẫn"]
    sheet = book[SURVEY_SHEET]
    communes = units("commune", 2025, province="20")
    assert [c.value for c in sheet[1]] == [c.header for c in SURVEY_COLUMNS]
    assert [sheet[f"A{r}"].value for r in range(2, sheet.max_row + 1)] == communes["code"].tolist()
    assert sheet["B2"].value == communes["full_name"].iloc[0]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    last = len(communes) + 1
    assert rules[f"C2:C{last}"].type == "whole" and rules[f"C2:C{last}"].formula1 == "0"
    assert "D2<=$E2" in rules[f"D2:D{last}"].formula1
    assert "E2<=$C2" in rules[f"E2:E{last}"].formula1
    assert rules[f"H2:H{last}"].type == "date"
    assert sheet.protection.sheet and sheet["A2"].protection.locked
    assert not sheet["C2"].protection.locked and not sheet[f"I{last}"].protection.locked
    instructions = "\n".join(str(c.value or "") for c in book["Hướng dẫn"]["A"])
    assert "không lớn hơn cột C" in instructions and "1/7/2025" in instructions


def test_a_province_of_the_old_geography_is_refused_naming_its_successor(tmp_path: Path) -> None:
    with pytest.raises(UnknownUnitError, match="Bắc Ninh"):
        write_template("Bắc Giang", tmp_path / "t.xlsx")


def test_a_filled_survey_goes_through_the_normal_build(tmp_path: Path) -> None:
    raw = _project(tmp_path)
    target = add_survey(
        _filled(tmp_path), province="Lạng Sơn", period="2025-09", source=SOURCE, raw_dir=raw
    )
    assert target == raw / "connectivity" / "surveys" / "survey_20_2025-09.xlsx"
    outcome = build(raw, codebook_path=raw.parent / "codebook.csv")
    assert outcome.n_rejected == 0
    communes = units("commune", 2025, province="20")
    assert outcome.n_accepted == 5 * len(communes)  # the empty G3 is a figure "missing"
    data = pd.read_parquet(next((raw.parent / "processed").glob("*.parquet")))
    first = data[(data["unit_code"] == communes["code"].iloc[0])].set_index("indicator")
    assert first.loc["count_villages_and_urban_groups", "value"] == 10 + 2 % 7
    assert first.loc["villages_without_mobile_broadband", "value"] == 2 % 3 + 1
    assert set(data["period"]) == {"2025-09"}
    assert set(data["unit_level"]) == {"commune"}
    second = data[(data["unit_code"] == communes["code"].iloc[1])].set_index("indicator")
    assert pd.isna(second.loc["households_with_fibre", "value"])


@pytest.mark.filterwarnings("ignore::cdskit.geo.BoundaryWarning")
def test_a_built_survey_becomes_a_commune_map(tmp_path: Path, mirror: Path) -> None:
    raw = _project(tmp_path)
    add_survey(_filled(tmp_path), province="Lạng Sơn", period="2025-09", source=SOURCE, raw_dir=raw)
    build(raw, codebook_path=raw.parent / "codebook.csv")
    observations = load(path=next((raw.parent / "processed").glob("*.parquet")))
    communes = load_boundaries("commune", 2025, provinces=["Lạng Sơn"], simplify="web")
    drawn = choropleth(
        observations,
        communes,
        indicator="villages_without_fibre",
        period="2025-09",
        codebook=load_codebook(raw.parent / "codebook.csv"),
        sources={SOURCE["id"]: SOURCE["title"]},
    )
    assert len(drawn.classes) == len(communes) == 65
    page = drawn.save(tmp_path / "map.html")
    assert SOURCE["title"] in Path(page).read_text(encoding="utf-8")


def test_wrong_cells_are_reported_with_commune_row_and_cell(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[SURVEY_SHEET]
    name7 = sheet["B7"].value
    sheet["D7"] = 9  # more villages without any signal than without 3G/4G
    sheet["E7"] = 8
    sheet["F4"] = "mười"
    sheet["C5"] = -2
    sheet["H6"] = dt.date(2024, 12, 31)
    book.save(path)
    raw = _project(tmp_path)
    with pytest.raises(InputError) as caught:
        add_survey(path, province="Lạng Sơn", period="2025-09", source=SOURCE, raw_dir=raw)
    message = str(caught.value)
    assert f"Khảo sát!D7 ({name7}, mã {sheet['A7'].value}, dòng 7)" in message
    assert "is 9, more than the 8 of E7" in message
    assert "Khảo sát!F4" in message and "'mười'" in message
    assert "Khảo sát!C5" in message and "holds -2" in message
    assert "Khảo sát!H6" in message and "31/12/2024" in message
    assert "4 problem(s)" in message
    assert not (raw / "connectivity").exists(), "nothing is copied when the check fails"


def test_deleted_and_foreign_rows_are_reported(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[SURVEY_SHEET]
    removed = sheet["B3"].value
    sheet.delete_rows(3)
    sheet["A4"] = "00001"  # a Hà Nội commune code
    book.save(path)
    with pytest.raises(InputError) as caught:
        check_survey(path, "Lạng Sơn")
    assert "Khảo sát!A4: code '00001' is not a 2025 commune of Tỉnh Lạng Sơn" in str(caught.value)
    assert f"the row of {removed}" in str(caught.value)


def test_a_renamed_column_names_its_cell(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    book = openpyxl.load_workbook(path)
    book[SURVEY_SHEET]["E1"] = "3G/4G"
    book.save(path)
    with pytest.raises(InputError, match=r"Khảo sát!E1 holds '3G/4G', expected 'Số thôn chưa"):
        check_survey(path, "Lạng Sơn")


def test_a_text_cell_that_reaches_the_build_is_rejected_with_its_cell(tmp_path: Path) -> None:
    """The build's own checks still apply to a file registered by hand."""
    raw = _project(tmp_path)
    target = add_survey(
        _filled(tmp_path), province="Lạng Sơn", period="2025-09", source=SOURCE, raw_dir=raw
    )
    book = openpyxl.load_workbook(target)
    book[SURVEY_SHEET]["C9"] = "khoảng mười"
    book.save(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert accept(target, raw) == digest
    with pytest.raises(ValidationError) as caught:
        build(raw, codebook_path=raw.parent / "codebook.csv")
    rejects = caught.value.result.rejects
    assert len(rejects) == 1
    assert (rejects["sheet"].iloc[0], rejects["cell"].iloc[0]) == (SURVEY_SHEET, "C9")


# --- Surveys are transactions (synthetic submissions) -------------------------------------

_TEMPLATES: dict[str, bytes] = {}


def _filled_bytes() -> bytes:
    """The filled synthetic survey of Lạng Sơn, written once for the property tests."""
    if "20" not in _TEMPLATES:
        with tempfile.TemporaryDirectory() as folder:
            _TEMPLATES["20"] = _filled(Path(folder)).read_bytes()
    return _TEMPLATES["20"]


def _spoil(path: Path, form: str) -> None:
    """Spoil a filled survey the way a returned file can be spoiled (synthetic)."""
    book = openpyxl.load_workbook(path)
    sheet = book[SURVEY_SHEET]
    if form == "percent-formatted count":
        sheet["C4"] = 1
        sheet["C4"].number_format = "0%"
    elif form == "100% typed":
        sheet["D5"] = "100%"
    elif form == "merged count cells":
        sheet.merge_cells("C6:C7")
    elif form == "formula without a saved result":
        sheet["E8"] = "=C8-1"
    elif form == "values on another sheet":
        book.create_sheet("Khảo sát (2)")["C2"] = 5
    elif form == "filled on a copy of the template sheet":
        copy = book.copy_worksheet(sheet)
        copy.title = "Khảo sát (2)"
        for row in range(2, sheet.max_row + 1):
            for letter in "CDEFGHI":
                sheet[f"{letter}{row}"] = None
    elif form == "date outside the period":
        sheet["H9"] = dt.date(2025, 11, 2)
    elif form == "part larger than its total":
        sheet["F10"] = 1000
    book.save(path)


_BAD_FILES = (
    "percent-formatted count",
    "100% typed",
    "merged count cells",
    "formula without a saved result",
    "values on another sheet",
    "filled on a copy of the template sheet",
    "date outside the period",
    "part larger than its total",
)
_BAD_ARGUMENTS = {
    "period 2019 for 2025 communes": {"period": "2019"},
    "period before the reform": {"period": "2025-06"},
    "month 13": {"period": "2025-13"},
    "half 3": {"period": "2025-H3"},
    "undated": {"period": "undated"},
    "source id with spaces": {"source": {**SOURCE, "id": "Survey Lang Son"}},
    "source id with a slash": {"source": {**SOURCE, "id": "survey/../x"}},
    "date not a date": {"source": {**SOURCE, "date": "2025-02-30"}},
    "date in words": {"source": {**SOURCE, "date": "tháng 10/2025"}},
}


def _snapshot(raw: Path) -> dict[str, bytes]:
    return {p.relative_to(raw).as_posix(): p.read_bytes() for p in raw.rglob("*") if p.is_file()}


@pytest.mark.synthetic
@settings(max_examples=17, deadline=None, phases=[Phase.generate])
@given(form=st.sampled_from(sorted(_BAD_FILES) + sorted(_BAD_ARGUMENTS)))
def test_a_spoiled_submission_is_refused_before_anything_is_written(form: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        raw = _project(Path(folder))
        survey = Path(folder) / "filled.xlsx"
        survey.write_bytes(_filled_bytes())
        arguments = {"period": "2025-09", "source": SOURCE}
        if form in _BAD_FILES:
            _spoil(survey, form)
        else:
            arguments.update(_BAD_ARGUMENTS[form])
        before = _snapshot(raw)
        with pytest.raises((InputError, ParameterError)) as error:
            add_survey(survey, province="Lạng Sơn", raw_dir=raw, **arguments)
        assert _snapshot(raw) == before
        message = str(error.value)
        if form in _BAD_FILES:
            assert re.search(r"Khảo sát(!\w+\d+| \(2\)|'| )", message), message
        else:
            assert "--period" in message or "--source-id" in message or "--date" in message


@pytest.mark.synthetic
@settings(max_examples=4, deadline=None, phases=[Phase.generate])
@given(corrections=st.lists(st.integers(2, 60), min_size=1, max_size=3))
def test_a_corrected_resubmission_is_refused_or_replaces_the_first_consistently(
    corrections: list[int],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        raw = _project(Path(folder))
        first = Path(folder) / "first.xlsx"
        first.write_bytes(_filled_bytes())
        target = add_survey(first, province="20", period="2025-09", source=SOURCE, raw_dir=raw)
        assert add_survey(first, province="20", period="2025-09", source=SOURCE, raw_dir=raw)
        corrected = Path(folder) / "corrected.xlsx"
        corrected.write_bytes(_filled_bytes())
        book = openpyxl.load_workbook(corrected)
        for row in corrections:
            book[SURVEY_SHEET][f"G{row}"] = 7 * row + 1
        book.save(corrected)
        before = _snapshot(raw)
        with pytest.raises(InputError, match="--replace"):
            add_survey(corrected, province="20", period="2025-09", source=SOURCE, raw_dir=raw)
        assert _snapshot(raw) == before
        add_survey(
            corrected, province="20", period="2025-09", source=SOURCE, raw_dir=raw, replace=True
        )
        check_sources(raw)  # file and hash agree, the superseded copy is not read
        register = yaml.safe_load((raw / "sources.yml").read_text(encoding="utf-8"))
        new_sha = hashlib.sha256(corrected.read_bytes()).hexdigest()
        old_sha = hashlib.sha256(first.read_bytes()).hexdigest()
        assert target.read_bytes() == corrected.read_bytes()
        assert [f["sha256"] for f in register["files"]] == [new_sha]
        [kept] = register["superseded"]
        assert (
            kept["sha256"] == old_sha
            and kept["superseded_by"] == target.relative_to(raw).as_posix()
        )
        assert (raw / kept["path"]).read_bytes() == first.read_bytes()


def test_the_validation_report_lists_superseded_surveys_and_sheets_left_out(
    tmp_path: Path,
) -> None:
    raw = _project(tmp_path)
    survey = tmp_path / "filled.xlsx"
    survey.write_bytes(_filled_bytes())
    add_survey(survey, province="20", period="2025-09", source=SOURCE, raw_dir=raw)
    book = openpyxl.load_workbook(survey)
    book[SURVEY_SHEET]["G2"] = 4321
    book.save(survey)
    add_survey(survey, province="20", period="2025-09", source=SOURCE, raw_dir=raw, replace=True)
    outcome = build(raw, codebook_path=raw.parent / "codebook.csv")
    report = outcome.report["validation_report.md"].read_text(encoding="utf-8")
    assert "Survey submissions superseded" in report
    assert ".superseded/survey_20_2025-09." in report
    assert "Hướng dẫn" in report and "names another sheet" in report
    assert "Ookla tiles rejected by rule" in report

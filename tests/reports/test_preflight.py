"""Matrix entries and the pre-flight checks: every problem listed before any kernel starts.

The notebooks and figures are synthetic test data. A notebook here writes a file as soon as it
runs, so a test can tell that nothing was executed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reports.reports_synthetic import notebook, report

from cdskit.errors import ParameterError
from cdskit.reports import load_config, notebook_parameters, render_all
from cdskit.reports.config import slug

PARAMETERS = """\
province: str = "Lạng Sơn"  # province name or code
indicator: str = "dti_rank"  # codebook id
period: str = "2022"  # period as stored
vintage: int = 2008  # boundaries
repeat: int = 1  # how many times
language: str = "vi"  # vi or en
output_dir: str = ""  # folder for files
"""


@pytest.fixture
def checked(project: Path) -> Path:
    """A notebook with typed parameters that leaves ``ran.txt`` in the project when run."""
    marker = project / "ran.txt"
    return notebook(
        project / "map.ipynb",
        PARAMETERS,
        [f"open({str(marker)!r}, 'a').write('ran')"],
    )


def assert_nothing_ran(project: Path) -> None:
    assert not (project / "ran.txt").exists(), "a kernel executed the notebook"
    assert not (project / "reports").exists(), "nothing is written before the checks pass"


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"provnce": "Lạng Sơn"}, r"parameter 'provnce' is not declared.*Did you mean 'province'"),
        ({"repeat": "2"}, r"parameter 'repeat' = '2' does not match the notebook's type 'int'"),
        ({"province": "Atlantis"}, r"province: Unknown province name 'Atlantis'"),
        ({"province": "Bắc Giang", "vintage": 2025, "period": "2024"}, r"into Bắc Ninh \(24\)"),
        ({"indicator": "dti"}, r"Indicator 'dti' is not in the codebook.*Did you mean"),
        ({"period": "2032"}, r"no figure for period '2032' for dti_rank in vintage 2008.*2022"),
    ],
)
def test_a_bad_parameter_fails_the_command_before_any_kernel_starts(
    project: Path, checked: Path, configure, parameters: dict, message: str
) -> None:
    config = configure(report("good", "map.ipynb") + report("bad", "map.ipynb", **parameters))
    with pytest.raises(ParameterError, match=message) as info:
        render_all(config, project / "reports", jobs=1)
    assert "report 'bad'" in str(info.value) and "Nothing was run" in str(info.value)
    assert_nothing_ran(project)


def test_every_problem_of_every_report_is_listed_at_once(
    project: Path, checked: Path, configure
) -> None:
    config = configure(
        report("a", "map.ipynb", provnce="Lạng Sơn")
        + report("b", "map.ipynb", repeat="x", province="Atlantis")
        + report("c", "map.ipynb", indicator="dti", period="1999")
        + report("d", "map.ipynb")
    )
    with pytest.raises(ParameterError) as info:
        render_all(config, project / "reports")
    text = str(info.value)
    assert text.startswith("5 problems in reports.toml; nothing was run:")
    for expected in ("'provnce'", "'repeat' = 'x'", "'Atlantis'", "Indicator 'dti'", "'1999'"):
        assert expected in text
    assert "report 'd'" not in text
    assert_nothing_ran(project)


def test_a_missing_notebook_and_a_misspelt_key_are_both_reported(
    project: Path, checked: Path, configure
) -> None:
    config = configure(
        report("a", "mpa.ipynb") + report("b", "map.ipynb").replace("title_en", "titel_en")
    )
    with pytest.raises(ParameterError, match=r"3 problems") as info:
        load_config(config)
    assert "notebook 'mpa.ipynb' not found" in str(info.value)
    assert "unknown key 'titel_en'" in str(info.value)
    assert "'title_en' is required" in str(info.value)


def test_matrix_expands_into_named_reports_with_filled_titles(
    project: Path, checked: Path, configure
) -> None:
    config = configure(
        """\
        [[report]]
        name = "profile"
        notebook = "map.ipynb"
        matrix = { province = ["Lạng Sơn", "Thanh Hóa"], language = ["vi", "en"] }
        title_vi = "Hồ sơ tỉnh {province}"
        title_en = "Profile of {province}"
        parameters = { repeat = 2 }
        """
    )
    reports = load_config(config)
    assert [r.name for r in reports] == [
        "profile-lang-son",
        "profile-lang-son-en",
        "profile-thanh-hoa",
        "profile-thanh-hoa-en",
    ]
    first, last = reports[0], reports[-1]
    assert first.language == "vi" and last.language == "en"
    assert first.title() == "Hồ sơ tỉnh Lạng Sơn" and last.title() == "Profile of Thanh Hóa"
    assert last.parameters == {"repeat": 2, "province": "Thanh Hóa"}
    assert last.matrix == {"province": "Thanh Hóa", "language": "en"}
    assert [r.name for r in load_config(config)] == [r.name for r in reports], "stable names"


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ('{ province = "Lạng Sơn" }', r"matrix.province must be a non-empty list"),
        ("{ repeat = [1, 2] }\nparameters = { repeat = 3 }", r"'repeat' is set both"),
        ('{ provnce = ["Lạng Sơn"] }', r"parameter 'provnce' is not declared"),
        ('{ language = ["vi", "fr"] }', r"language 'fr' is not one of vi, en"),
        ('{ province = ["Lào Cai", "Lao Cai"] }', r"matrix.province repeats a value"),
    ],
)
def test_a_malformed_matrix_is_refused(
    project: Path, checked: Path, configure, matrix: str, message: str
) -> None:
    config = configure(
        f'[[report]]\nname = "m"\nnotebook = "map.ipynb"\ntitle_vi = "{{province}}"\n'
        f'title_en = "x"\nmatrix = {matrix}\n'
    )
    with pytest.raises(ParameterError, match=message):
        load_config(config)


def test_a_title_placeholder_that_is_not_a_matrix_key_is_refused(
    project: Path, checked: Path, configure
) -> None:
    config = configure(
        '[[report]]\nname = "m"\nnotebook = "map.ipynb"\ntitle_vi = "Tỉnh {tinh}"\n'
        'title_en = "x"\nmatrix = { province = ["Lạng Sơn"] }\n'
    )
    with pytest.raises(ParameterError, match=r"title_vi has a placeholder 'tinh'"):
        load_config(config)


def test_the_parameters_cell_is_read_with_types_defaults_and_comments(checked: Path) -> None:
    declared = notebook_parameters(checked)
    assert list(declared) == [
        "province",
        "indicator",
        "period",
        "vintage",
        "repeat",
        "language",
        "output_dir",
    ]
    assert declared["vintage"]["inferred_type_name"] == "int"
    assert declared["vintage"]["value"] == 2008
    assert declared["province"]["help"] == "province name or code"


def test_slugs_are_ascii_and_stable() -> None:
    assert slug("Thừa Thiên Huế") == "thua-thien-hue"
    assert slug("TP. Hồ Chí Minh") == "tp-ho-chi-minh"
    assert slug(["Đắk Lắk", 2025]) == "dak-lak-2025"


def test_the_project_matrices_keep_the_names_reports_had() -> None:
    repo = Path(__file__).resolve().parents[2]
    names = [r.name for r in load_config(repo / "reports.toml")]
    for name in ("dti-comparison", "dti-comparison-en", "dti-2022-map", "dti-2022-map-en"):
        assert name in names
    assert len(names) == len(set(names))


def test_only_accepts_the_name_of_a_matrix_entry(project: Path, checked: Path, configure) -> None:
    from cdskit.reports._entries import select_reports

    config = configure(
        '[[report]]\nname = "profile"\nnotebook = "map.ipynb"\ntitle_vi = "{province}"\n'
        'title_en = "{province}"\nmatrix = { province = ["Lạng Sơn", "Thanh Hóa"] }\n\n'
        + report("other", "map.ipynb")
    )
    reports = load_config(config)
    problems: list[str] = []
    chosen = select_reports(reports, ["profile", "profle-lang-son"], problems)
    assert [r.name for r in chosen] == ["profile-lang-son", "profile-thanh-hoa"]
    assert problems and "Did you mean 'profile-lang-son'" in problems[0]

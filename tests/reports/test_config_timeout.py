"""A report's own time limit: the ``timeout`` key of a ``[[report]]`` entry in ``reports.toml``.

The notebook and the configuration are synthetic test data; nothing here starts a kernel (the
batch test of a hung report runs one under its own limit).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from reports.reports_synthetic import notebook, report

from cdskit.errors import ParameterError
from cdskit.reports import load_config
from cdskit.reports._entries import build_task, runner_parameters
from cdskit.reports._fingerprint import fingerprint

PARAMETERS = """\
greeting: str = "xin chào"  # text the report prints
language: str = "vi"  # vi or en
"""


@pytest.fixture
def demo(project: Path) -> Path:
    return notebook(project / "demo.ipynb", PARAMETERS, ["print(greeting)"])


def entry_of(name: str, timeout: str) -> str:
    """A matrix entry of two languages with ``timeout = <timeout>`` (TOML text)."""
    return (
        f'[[report]]\nname = "{name}"\nnotebook = "demo.ipynb"\n'
        f'title_vi = "Báo cáo {name}"\ntitle_en = "Report {name}"\n'
        f'matrix = {{ language = ["vi", "en"] }}\ntimeout = {timeout}\n\n'
    )


def test_a_timeout_bounds_every_report_of_its_matrix_and_the_others_keep_the_run_s(
    demo: Path, configure
) -> None:
    config = configure(entry_of("slow", "900") + report("quick", "demo.ipynb"))
    reports = load_config(config)
    assert [(r.name, r.timeout) for r in reports] == [
        ("slow", 900),
        ("slow-en", 900),
        ("quick", None),
    ]
    entry = {"parameters": {}, "rendered_at": "2026-01-01T00:00:00", "data_build_hash": "x"}
    tasks = [build_task(r, entry, "python3", timeout=30) for r in reports]
    assert [(t["timeout"], t["timeout_from"]) for t in tasks] == [
        (900, "timeout in reports.toml"),
        (900, "timeout in reports.toml"),
        (30, "--timeout"),
    ]


def test_a_fractional_timeout_is_accepted(demo: Path, configure) -> None:
    (vi, en) = load_config(configure(entry_of("slow", "2.5")))
    assert vi.timeout == en.timeout == 2.5


def test_the_timeout_is_not_part_of_the_fingerprint(demo: Path, configure) -> None:
    """The limit changes nothing a report writes: raising it re-runs only failed reports."""
    (slow, _) = load_config(configure(entry_of("slow", "900")))
    without = dataclasses.replace(slow, timeout=None)
    parameters = runner_parameters(slow)
    assert fingerprint(slow, parameters, "inputs", "python3") == fingerprint(
        without, parameters, "inputs", "python3"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0", "0"),
        ("-5", "-5"),
        ('"600"', '"600"'),
        ('"10 s"', '"10 s"'),
        ("true", "true"),
        ("inf", "inf"),
        ("[10]", "[10]"),
    ],
)
def test_a_bad_timeout_is_refused_naming_the_file_the_entry_and_what_to_write(
    demo: Path, configure, value: str, shown: str
) -> None:
    config = configure(report("quick", "demo.ipynb") + entry_of("slow", value))
    with pytest.raises(ParameterError) as info:
        load_config(config)
    assert str(info.value) == (
        f"reports.toml, report 'slow': timeout = {shown} is not a positive number of seconds; "
        "write the limit of each report of this entry (timeout = 900), or remove the key to "
        "use the run's --timeout. Nothing was run."
    )


def test_a_misspelt_timeout_key_is_suggested(demo: Path, configure) -> None:
    config = configure(report("quick", "demo.ipynb") + "timout = 10\n")
    with pytest.raises(ParameterError, match=r"report 'quick': unknown key 'timout'") as info:
        load_config(config)
    assert "Did you mean 'timeout'" in str(info.value)
    assert "timeout" in str(info.value).split("allowed keys are ")[1]

"""The cdskit command: help, exit codes and messages (synthetic test data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from synthetic import RANKS, write_project

from cdskit.cli import main, report_times


@pytest.fixture
def project(tmp_path, monkeypatch):
    raw = write_project(tmp_path)
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    return raw


def test_help_lists_every_command_with_examples(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    text = capsys.readouterr().out
    for command in ("build", "check", "accept", "coverage", "dictionary", "reports", "boundaries"):
        assert command in text
    assert "cdskit build --allow-rejects" in text
    assert "exit codes" in text


def test_python_dash_m_cdskit_runs_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "cdskit", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("cdskit ")


def test_build_exits_zero_and_says_what_it_wrote(project, capsys):
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert "9 figures read: 9 published, 0 rejected." in out
    assert (project.parent / "processed" / "observations.parquet").is_file()
    assert "Built in " in out


def test_reports_times_list_each_phase_and_each_report_run(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "reports": [
                    {
                        "name": "a",
                        "status": "rendered",
                        "seconds": 12.5,
                        "timings": {"execute": 9.25, "convert": 0.5},
                    },
                    {"name": "b", "status": "reused", "seconds": 3.0},
                ]
            }
        ),
        encoding="utf-8",
    )
    phases = {"preflight": 1.0, "reports": 13.0, "index": 0.25}
    text = report_times(manifest, phases, 15.0)
    assert "preflight" in text and "index" in text and "cdskit reports" in text
    assert "a" in text and "executing 9.2" in text and "converting 0.5" in text
    assert "1 report(s) reused" in text


def test_build_exits_one_when_rows_are_rejected_unless_allowed(project, capsys):
    write_project(
        project.parent.parent,
        {"dti/ranks.csv": RANKS + "Xyz,province,,2025,dti_score,2024,1,,pub-a,\n"},
    )
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "1 of 10 figures were rejected" in err
    assert "Traceback" not in err
    assert main(["build", "--allow-rejects"]) == 0


def test_a_changed_raw_file_exits_two_with_the_accept_hint_and_accept_fixes_it(
    project, capsys, monkeypatch
):
    target = project / "dti" / "ranks.csv"
    target.write_text(target.read_text("utf-8") + "\n", encoding="utf-8")
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "cdskit accept data/raw/dti/ranks.csv" in err
    assert "Traceback" not in err
    monkeypatch.chdir(project.parent.parent)
    assert main(["accept", "data/raw/dti/ranks.csv"]) == 0
    assert main(["check"]) == 0
    assert "OK: 1 raw files match sources.yml" in capsys.readouterr().out


def test_check_writes_nothing(project):
    assert main(["check"]) == 0
    assert not (project.parent / "processed").exists()


def test_the_installed_entry_point_prints_a_clean_error_without_traceback(project):
    (project / "sources.yml").write_text("sources: [\n", encoding="utf-8")
    script = os.path.join(os.path.dirname(sys.executable), "cdskit")
    done = subprocess.run([script, "check"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("cdskit: error:")
    assert "Traceback" not in done.stderr


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["bild"])
    assert caught.value.code == 2
    assert "invalid choice: 'bild'" in capsys.readouterr().err


def test_coverage_and_dictionary_run_on_the_built_dataset(project, capsys):
    assert main(["build"]) == 0
    assert main(["coverage", "--province", "Thanh Hóa", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("cdskit: error: ")  # default DTI ids absent
    options = ["--indicator", "dti_rank", "--indicator", "dti_score", "--lang", "en"]
    assert main(["coverage", "--province", "Thanh Hóa", *options]) == 0
    assert main(["dictionary"]) == 0
    out = capsys.readouterr().out
    assert "Thanh Hóa" in out
    assert "Data dictionary:" in out


def test_boundaries_fetch_takes_files_from_the_mirror(mirror, capsys):
    assert main(["boundaries", "fetch", "--level", "province", "--vintage", "2025"]) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert printed
    assert all(os.path.isfile(line) for line in printed)

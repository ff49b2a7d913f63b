"""The same chart gives the same bytes in every file, run after run (synthetic test data).

Each run draws the chart in a fresh Python process and writes every format ``charts.save``
knows, and the HTML a report page embeds; a date of writing or an id drawn at random in one run
would make the files differ.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]

#: Draws a DTI rank chart into the folder given as the first argument.
DRAW = """
import sys
from pathlib import Path

from synthetic import SOURCES, observation, table

from cdskit import charts

folder = Path(sys.argv[1])
ranks = table([
    observation("Lạng Sơn", 2020, 16),
    observation("Lạng Sơn", 2022, 6),
    observation("Lạng Sơn", 2024, 9),
    observation("Bắc Giang", 2020, 10),
    observation("Bắc Giang", 2022, 9),
    observation("Bắc Giang", 2024, 7),
])
chart = charts.dti_ranks(ranks, sources=SOURCES)
charts.save(chart, folder, "ranks", formats=("png", "svg", "pdf"))
(folder / "ranks-figure.html").write_text(charts.figure_html(chart), encoding="utf-8")
"""

FILES = ("ranks.png", "ranks.svg", "ranks.pdf", "ranks-figure.html")


def draw(folder: Path) -> Path:
    """Draw the chart into ``folder`` in a new Python process; return the folder."""
    environment = {**os.environ, "PYTHONPATH": str(TESTS)}
    environment.pop("SOURCE_DATE_EPOCH", None)  # the dates must be left out, not pinned
    done = subprocess.run(
        [sys.executable, "-c", DRAW, str(folder)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, f"drawing the chart failed:\n{done.stderr}"
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path]:
    first = draw(tmp_path_factory.mktemp("first"))
    return first, draw(tmp_path_factory.mktemp("second"))


def test_both_runs_write_the_same_files(runs):
    first, second = runs
    assert sorted(p.name for p in first.iterdir()) == sorted(FILES)
    assert sorted(p.name for p in second.iterdir()) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_a_chart_file_is_byte_identical_in_two_fresh_processes(runs, name):
    a, b = ((folder / name).read_bytes() for folder in runs)
    where = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    assert a == b, (
        f"{name} differs between two runs at byte {where}: "
        f"{a[max(0, (where or 0) - 60) : (where or 0) + 60]!r} != "
        f"{b[max(0, (where or 0) - 60) : (where or 0) + 60]!r}"
    )

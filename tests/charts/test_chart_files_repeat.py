"""The same chart gives the same bytes in every file, run after run (synthetic test data).

Each run draws the chart in a fresh Python process and writes every format ``charts.save``
knows, and the HTML a report page embeds; a date of writing or an id drawn at random in one run
would make the files differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fresh_runs import assert_same_bytes, run_twice

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


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path]:
    return run_twice(DRAW, tmp_path_factory)


def test_both_runs_write_the_same_files(runs):
    assert [sorted(p.name for p in folder.iterdir()) for folder in runs] == [sorted(FILES)] * 2


@pytest.mark.parametrize("name", FILES)
def test_a_chart_file_is_byte_identical_in_two_fresh_processes(runs, name):
    assert_same_bytes(runs, name)

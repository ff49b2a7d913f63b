"""Run one script in two fresh Python processes and compare the files each wrote.

Shared by the tests that check the kit writes the same bytes on every run: nothing drawn at
random in one process (element names, SVG ids) or the time of writing can hide in a shared
state, and the two runs write one after the other, at different times. Each script runs
twice once per test run: the workers of the run share its two folders.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def run(script: str, folder: Path) -> Path:
    """Run ``script`` (Python source) in a new process with ``folder`` as its argument."""
    environment = {**os.environ, "PYTHONPATH": str(TESTS)}
    environment.pop("SOURCE_DATE_EPOCH", None)  # dates must be left out, not pinned
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, f"the script failed:\n{done.stderr}"
    return folder


def run_twice(script: str, tmp_path_factory) -> tuple[Path, Path]:
    """Run ``script`` twice, one run after the other; return the two folders it wrote into.

    Once per test run for each script (:func:`conftest.once_per_run`): the workers share them.
    """
    from conftest import once_per_run

    def make(folder: Path) -> tuple[Path, Path]:
        first, second = folder / "first", folder / "second"
        for each in (first, second):
            each.mkdir(exist_ok=True)
            run(script, each)
        return first, second

    key = hashlib.sha256(script.encode()).hexdigest()[:16]
    return once_per_run(tmp_path_factory, f"fresh-runs-{key}", make)


def assert_same_bytes(runs: tuple[Path, Path], name: str) -> None:
    """Fail with the first differing bytes when file ``name`` differs between the runs."""
    a, b = ((folder / name).read_bytes() for folder in runs)
    if a != b:
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
        raise AssertionError(
            f"{name} differs between two runs at byte {at} of {len(a)}: "
            f"{a[max(0, at - 60) : at + 60]!r} != {b[max(0, at - 60) : at + 60]!r}"
        )

"""Run one script in two fresh Python processes and compare the files each wrote.

Shared by the tests that check the kit writes the same bytes on every run: nothing drawn at
random in one process (element names, SVG ids) or the time of writing can hide in a shared
state, and the two runs write one after the other, at different times. Each script runs
twice once per test run: the workers of the run share its two folders.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

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

    The first worker of the test run to ask runs it, under a file lock; the others find its
    folders (in the folder every worker of the run shares).
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    key = hashlib.sha256(script.encode()).hexdigest()[:16]
    folder = root / f"fresh-runs-{key}"
    first, second = folder / "first", folder / "second"
    with FileLock(str(root / f"fresh-runs-{key}.lock")):
        if not (root / f"fresh-runs-{key}.done").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            first.mkdir(parents=True)
            second.mkdir()
            run(script, first)
            run(script, second)
            (root / f"fresh-runs-{key}.done").touch()
    return first, second


def assert_same_bytes(runs: tuple[Path, Path], name: str) -> None:
    """Fail with the first differing bytes when file ``name`` differs between the runs."""
    a, b = ((folder / name).read_bytes() for folder in runs)
    if a != b:
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
        raise AssertionError(
            f"{name} differs between two runs at byte {at} of {len(a)}: "
            f"{a[max(0, at - 60) : at + 60]!r} != {b[max(0, at - 60) : at + 60]!r}"
        )

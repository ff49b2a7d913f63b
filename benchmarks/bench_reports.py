"""Benchmark: the report step of the main command, cold and warm, against papermill + nbconvert.

The reports are the project's own ``reports.toml`` matrix on the shipped ``data/processed``,
rendered in a temporary project folder holding a copy of the checkout's ``data``, ``notebooks``,
``reports.toml`` and ``src`` (nothing in the checkout is written, and edits made there meanwhile
change nothing). Three runs, in the same process, in turn:

1. **baseline**: every report of the matrix one after another with the papermill command line
   (``papermill NOTEBOOK OUT -y PARAMETERS --cwd FOLDER``) then
   ``jupyter nbconvert --to html --no-input OUT``: what a cron job would do without cdskit;
2. **cold**: ``cdskit reports --jobs N`` (default 2) into an empty ``reports/`` (every report
   executed, each in its own process and kernel, pre-flight, staging, index and manifest);
3. **warm**: the same command again with nothing changed (every report reused, no kernel).

Both sides execute the same notebooks with the same parameters on the real ``python3`` kernel;
the command line of each is timed from start to exit. Boundary files and Leaflet come from
``CDSKIT_MIRROR`` (set it first, see the README). Targets: cold at least twice as fast as the
baseline on a two-core machine, warm under 3 s.

Run: ``CDSKIT_MIRROR=... python benchmarks/bench_reports.py`` (``--jobs N``, ``--only NAME``
to time a few reports, ``--keep DIR`` to keep the project folder).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cdskit.reports import load_config, notebook_parameters

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def project(folder: Path) -> Path:
    """Make a project folder with a copy of the checkout's inputs and kit, and no reports.

    The copy of ``src`` is put first on ``PYTHONPATH`` (of the commands and of their kernels),
    so edits made in the checkout while the benchmark runs change neither side's work.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("data", "notebooks", "src"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "reports.toml", folder / "reports.toml")
    return folder


def environment(root: Path) -> dict[str, str]:
    """The environment of both sides: the project folder and its copy of the kit."""
    values = {**os.environ, "CDSKIT_ROOT": str(root)}
    values["PYTHONPATH"] = os.pathsep.join(
        [str(root / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    values.pop("CDSKIT_SCHEDULER", None)
    return values


def baseline(root: Path, names: list[str] | None) -> tuple[float, list[str]]:
    """Run every report with the papermill and nbconvert command lines; return seconds, failures."""
    out = root / "baseline"
    out.mkdir()
    failed = []
    started = time.perf_counter()
    for report in load_config(root / "reports.toml"):
        if names and report.name not in names:
            continue
        declared = notebook_parameters(report.notebook)
        parameters = dict(report.parameters)
        if "language" in declared:
            parameters["language"] = report.language
        assets = out / report.name
        assets.mkdir()
        if "output_dir" in declared:
            parameters["output_dir"] = str(assets)
        executed = out / f"{report.name}.ipynb"
        steps = [
            [
                str(BIN / "papermill"),
                str(report.notebook),
                str(executed),
                "-y",
                json.dumps(parameters, ensure_ascii=False),
                "-k",
                "python3",
                "--cwd",
                str(assets),
                "--no-progress-bar",
            ],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
        ]
        for step in steps:
            done = subprocess.run(step, env=environment(root), capture_output=True, text=True)
            if done.returncode:
                failed.append(f"{report.name}: {done.stderr.strip().splitlines()[-1:]}")
                break
    return time.perf_counter() - started, failed


def cdskit_reports(root: Path, jobs: int, names: list[str] | None) -> tuple[float, str, int]:
    """Run ``cdskit reports`` in ``root``; return seconds, its standard error and exit code."""
    command = [str(BIN / "cdskit"), "reports", "--jobs", str(jobs)]
    for name in names or []:
        command += ["--only", name]
    started = time.perf_counter()
    done = subprocess.run(command, env=environment(root), capture_output=True, text=True)
    return time.perf_counter() - started, done.stderr, done.returncode


def load() -> str:
    """The machine's load averages (1 and 5 min): other work running at the same time."""
    one, five, _ = os.getloadavg()
    return f"(load average {one:.1f} / {five:.1f})"


def statuses(root: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in manifest(root):
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    return counts


def manifest(root: Path) -> list[dict]:
    path = root / "reports" / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8"))["reports"] if path.is_file() else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="reports at a time (default: 2)")
    parser.add_argument("--only", action="append", help="time only this report (repeatable)")
    parser.add_argument("--keep", type=Path, help="make the project folder here and keep it")
    args = parser.parse_args()
    if not os.environ.get("CDSKIT_MIRROR"):
        print("Set CDSKIT_MIRROR to the boundary mirror (and Leaflet) first.", file=sys.stderr)
        return 2
    root = project(args.keep or Path(tempfile.mkdtemp(prefix="bench-reports-")))
    names = args.only
    count = len([r for r in load_config(root / "reports.toml") if not names or r.name in names])
    print(f"cdskit reports benchmark: {count} reports, {os.cpu_count()} cores, jobs={args.jobs}")
    try:
        base, failed = baseline(root, names)
        print(f"baseline  papermill + nbconvert CLIs, one after another: {base:7.1f} s  {load()}")
        for line in failed:
            print(f"          failed: {line}")
        cold, stderr, code = cdskit_reports(root, args.jobs, names)
        print(f"cold      cdskit reports --jobs {args.jobs}: {cold:7.1f} s  {load()}")
        print(f"          {statuses(root)}")
        if code:
            print(f"          exit {code}: {stderr.strip().splitlines()[-1:]}")
        for entry in manifest(root):
            if entry["status"] == "rendered":
                timings = entry.get("timings", {})
                print(
                    f"          {entry['name']:<36} {entry['seconds']:6.1f} s (executing "
                    f"{timings.get('execute', 0):5.1f} s, converting "
                    f"{timings.get('convert', 0):4.1f} s)"
                )
        warm, stderr, code = cdskit_reports(root, args.jobs, names)
        print(f"warm      cdskit reports, nothing changed: {warm:7.2f} s  {load()}")
        print(f"          {statuses(root)}")
        if code:
            print(f"          exit {code}: {stderr.strip().splitlines()[-1:]}")
        print(f"speed-up  cold vs baseline: {base / cold:.2f}x (target >= 2x); warm target < 3 s")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The report matrix of ``reports.toml``, rendered once per test run and shared by the tests.

:func:`shared_render` returns a folder holding every report of ``reports.toml``:

1. ``CDSKIT_RENDERED_REPORTS`` when it names a folder with a ``manifest.json`` (trusted as is);
2. else ``reports/`` of the checkout when a stamp vouches that it was rendered from the current
   tree: ``make reports`` (so ``make all``, which CI runs before ``make test``) calls
   ``python tests/report_matrix.py reports`` right after ``cdskit reports``, which writes
   ``reports/.tests-stamp.json`` with a hash of the data build, the kit version, ``src/``,
   ``notebooks/`` and ``reports.toml`` and the ``rendered_at`` of every report it vouches for;
3. else a render of the whole matrix into a temporary folder of this test run.

``reports/`` is used through a snapshot of hard links in the temporary folder, so another
``cdskit reports`` during the tests changes nothing under them.

The stamp vouches for a report only when that run rendered it, or reused one the previous stamp
(same tree) vouched for. The tests also check that every report's fingerprint is the one the kit
computes now and that its files are intact, so ``reports/`` changed later (a partial render, new
data, an edited notebook, a failed report) is never used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
STAMP = ".tests-stamp.json"
_SKIPPED = {"__pycache__", ".ipynb_checkpoints"}


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if _SKIPPED & set(relative.parts) or relative.parts[0].endswith(".egg-info"):
            continue
        if path.suffix == ".pyc":
            continue
        digest.update(f"{relative.as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def tree_stamp() -> dict[str, str]:
    """Describe what the reports are made from: data, kit version, code, notebooks, config."""
    from cdskit._version import __version__
    from cdskit.reports._fingerprint import data_files, inputs_hash

    data = data_files()
    config = REPO / "reports.toml"
    return {
        "data_build_hash": data["build_hash"],
        "inputs": inputs_hash(data),
        "kit_version": __version__,
        "src": _tree_hash(REPO / "src"),
        "notebooks": _tree_hash(REPO / "notebooks"),
        "reports.toml": hashlib.sha256(config.read_bytes()).hexdigest(),
    }


def _manifest(out: Path) -> dict[str, Any] | None:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_stamp(out: Path) -> dict[str, Any] | None:
    try:
        return json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def vouch(out: Path) -> bool:
    """Stamp ``out`` right after ``cdskit reports`` rendered every report (``make reports``).

    Returns whether the stamp was written; without it (a report failed, or one was reused from
    a run no stamp of this tree vouched for) any previous stamp is removed.
    """
    manifest, old, stamp = _manifest(out), _read_stamp(out), tree_stamp()
    previous = old.get("reports", {}) if old and old.get("tree") == stamp else {}
    vouched: dict[str, str] = {}
    for entry in (manifest or {}).get("reports", []):
        name, when = entry["name"], entry.get("rendered_at")
        if entry["status"] == "rendered" or (
            entry["status"] == "reused" and when and previous.get(name) == when
        ):
            vouched[name] = when
        else:
            vouched = {}
            break
    (out / STAMP).unlink(missing_ok=True)
    if not vouched:
        return False
    text = json.dumps({"tree": stamp, "reports": vouched}, indent=1, sort_keys=True)
    (out / STAMP).write_text(text + "\n", encoding="utf-8")
    return True


def up_to_date(out: Path) -> bool:
    """Whether ``out`` holds every report of ``reports.toml`` as the current tree renders it."""
    from cdskit.reports._entries import runner_parameters
    from cdskit.reports._fingerprint import data_files, fingerprint, inputs_hash, outputs_intact
    from cdskit.reports.config import load_config

    manifest, stamp = _manifest(out), _read_stamp(out)
    if manifest is None or stamp is None or stamp.get("tree") != tree_stamp():
        return False
    inputs = inputs_hash(data_files())
    entries = {entry["name"]: entry for entry in manifest.get("reports", [])}
    reports = load_config(REPO / "reports.toml")
    if sorted(entries) != sorted(report.name for report in reports):
        return False
    for report in reports:
        entry = entries[report.name]
        if (
            entry.get("status") not in ("rendered", "reused")
            or stamp["reports"].get(report.name) != entry.get("rendered_at")
            or entry.get("fingerprint")
            != fingerprint(report, runner_parameters(report), inputs, "python3")
            or not outputs_intact(out, entry.get("outputs", []))
        ):
            return False
    return (out / "index.html").is_file()


def render_or_reuse(folder: Path) -> dict[str, Any]:
    """Return ``{"out", "failures", "source"}`` for the shared render (see the module doc)."""
    from cdskit.errors import ReportError

    shared = os.environ.get("CDSKIT_RENDERED_REPORTS")
    if shared and (Path(shared) / "manifest.json").is_file():
        return {"out": shared, "failures": {}, "source": "CDSKIT_RENDERED_REPORTS"}
    from cdskit.reports import render_all
    from cdskit.reports._staging import _link_tree

    # A snapshot (hard links: a later `cdskit reports` replaces files, never writes into them),
    # checked after it is taken, so a render of reports/ during the tests changes nothing here.
    snapshot = folder / "reports-snapshot"
    if (REPO / "reports" / STAMP).is_file():
        _link_tree(REPO / "reports", snapshot)
        if up_to_date(snapshot):
            return {"out": str(snapshot), "failures": {}, "source": "reports/"}
    out = folder / "reports"
    failures: dict[str, str] = {}
    try:
        render_all(REPO / "reports.toml", out, progress=False)
    except ReportError as error:
        failures = dict(getattr(error, "failures", {}))
    return {"out": str(out), "failures": failures, "source": "rendered"}


if __name__ == "__main__":  # python tests/report_matrix.py reports  (after cdskit reports)
    target = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "reports")
    written = vouch(target)
    print(f"tests stamp {'written in' if written else 'not written: nothing vouched in'} {target}")

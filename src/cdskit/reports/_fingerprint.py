"""Fingerprints: what a report was made from, so an unchanged report is reused, not re-run.

A report's fingerprint is the sha256 of its notebook, its parameters and titles, the kernel, the
kit version and the inputs every report shares: the files of ``data/processed``, the codebook,
the boundary registry shipped with the kit and the page templates.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cdskit import paths
from cdskit._version import __version__
from cdskit.files import file_sha256
from cdskit.reports.config import Report

_PACKAGE = Path(__file__).resolve().parent.parent
_TEMPLATES = Path(__file__).resolve().parent / "templates"


def data_files() -> dict[str, Any]:
    """Describe ``data/processed``: every file with its sha256, and one hash over all of them.

    Returns
    -------
    dict
        ``build_hash`` (``"no data"`` when the folder is empty or missing) and ``files``.
    """
    processed = paths.processed_dir()
    root = paths.project_root()
    files = []
    if processed.is_dir():
        for path in sorted(p for p in processed.rglob("*") if p.is_file()):
            try:
                shown = path.relative_to(root).as_posix()
            except ValueError:
                shown = path.relative_to(processed).as_posix()
            files.append({"path": shown, "sha256": file_sha256(path)})
    return {"build_hash": _listing_hash(files) if files else "no data", "files": files}


def inputs_hash(data: dict[str, Any]) -> str:
    """Return one hash over every input shared by the reports.

    Parameters
    ----------
    data : dict
        The result of :func:`data_files`.
    """
    from importlib import metadata

    files = [{"path": "processed", "sha256": data["build_hash"]}]
    for package in ("vietnamadminunits",):  # the unit lists provinces are checked against
        try:
            files.append({"path": package, "sha256": metadata.version(package)})
        except metadata.PackageNotFoundError:
            pass
    codebook = paths.project_root() / "data" / "codebook.csv"
    if codebook.is_file():
        files.append({"path": "codebook.csv", "sha256": file_sha256(codebook)})
    for folder, label in ((_PACKAGE / "data", "registry"), (_TEMPLATES, "templates")):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            shown = f"{label}/{path.relative_to(folder).as_posix()}"
            files.append({"path": shown, "sha256": file_sha256(path)})
    return _listing_hash(files)


def fingerprint(report: Report, parameters: dict[str, Any], inputs: str, kernel: str) -> str:
    """Return the fingerprint of one report run.

    Parameters
    ----------
    report : Report
        The report.
    parameters : dict
        The parameters it runs with (the runner's own ``output_dir`` excluded).
    inputs : str
        :func:`inputs_hash` of this run.
    kernel : str
        Jupyter kernel name.

    Returns
    -------
    str
        64 hex digits.
    """
    described = {
        "notebook": file_sha256(report.notebook),
        "parameters": parameters,
        "language": report.language,
        "titles": [report.title_vi, report.title_en],
        "kernel": kernel,
        "kit_version": __version__,
        "inputs": inputs,
    }
    text = json.dumps(described, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outputs_intact(root: Path, outputs: list[dict[str, Any]]) -> bool:
    """Return whether every recorded output file is in ``root`` with its size and sha256."""
    if not outputs:
        return False
    for record in outputs:
        path = root / record["path"]
        try:
            if path.stat().st_size != record["bytes"] or file_sha256(path) != record["sha256"]:
                return False
        except (OSError, KeyError):
            return False
    return True


def _listing_hash(files: list[dict[str, Any]]) -> str:
    listing = "".join(f"{f['path']}\t{f['sha256']}\n" for f in files)
    return hashlib.sha256(listing.encode()).hexdigest()

"""Manifest entries and report tasks: what the runner records and what a report process gets.

An entry (one per report in ``manifest.json``) holds ``status`` (``"rendered"``, ``"reused"``,
``"failed"`` or ``"not rendered"``), ``failure`` (``cell``, ``excerpt``, ``error``, ``kind``),
``fingerprint``, ``rendered_at``, ``last_success``, ``outputs`` (path, sha256, bytes) and the
report's titles, notebook and parameters.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

from cdskit import paths
from cdskit._version import __version__
from cdskit.errors import ParameterError, did_you_mean
from cdskit.reports._staging import Stage
from cdskit.reports.config import Report, notebook_parameters


def publish_result(
    stage: Stage, entry: dict[str, Any], old: dict[str, Any] | None, result: dict[str, Any]
) -> None:
    """Write a finished report into the staged folder and complete its manifest entry."""
    name = entry["name"]
    entry["seconds"] = result.get("seconds")
    if result["status"] == "failed":
        # the previous good files stay published; the fingerprint is kept (it passed the
        # pre-flight) but a failed report is never reused
        entry["outputs"] = (old or {}).get("outputs", [])
        entry["last_success"] = (old or {}).get("last_success")
        entry.update(status="failed", failure=result["failure"])
        stage.remove([f"{name}.failed.ipynb"])
        stage.write(result["files"])  # the executed notebook with the error, when there is one
        if result["files"]:
            entry["failed_notebook"] = f"{name}.failed.ipynb"
        return
    stage.remove([*files_of(name, old), f"{name}.failed.ipynb"])
    stage.write(result["files"])
    entry.update(status="rendered", failure=None, warnings=result.get("warnings", []))
    entry["timings"] = result.get("timings", {})  # seconds executing and converting
    entry["last_success"] = entry["rendered_at"]
    entry.pop("failed_notebook", None)
    first = {f"{name}.html": 0, f"{name}.ipynb": 1}
    written = sorted(result["files"], key=lambda path: (first.get(path, 2), path))
    entry["outputs"] = [
        {
            "path": path,
            "sha256": hashlib.sha256(result["files"][path]).hexdigest(),
            "bytes": len(result["files"][path]),
        }
        for path in written
    ]


def kept_fields(old: dict[str, Any]) -> dict[str, Any]:
    """Return the fields of a previous entry that describe its files (kept when not re-run)."""
    keys = (
        "outputs",
        "last_success",
        "warnings",
        "rendered_at",
        "fingerprint",
        "seconds",
        "timings",
        "data_build_hash",
        "data_files",
    )
    return {key: old[key] for key in keys if key in old}


def files_of(name: str, old: dict[str, Any] | None) -> list[str]:
    """Return every path a report may own in the reports folder (recorded or by its name)."""
    recorded = [f["path"] for f in (old or {}).get("outputs", [])]
    return [*recorded, f"{name}.html", f"{name}.ipynb", name]


def failure_message(failure: dict[str, Any]) -> str:
    """Return a failure record as one clause: ``cell 4 raised ValueError: ...``."""
    cell, error = failure.get("cell"), failure["error"]
    if failure.get("kind") == "error" and cell:
        return f"cell {cell} raised {error}"
    return f"{error} (cell {cell})" if cell else error


def build_task(
    report: Report, entry: dict[str, Any], kernel: str, timeout: float
) -> dict[str, Any]:
    """Return what a report process needs, as plain data (it may run on another machine).

    The report runs under its own ``timeout`` from ``reports.toml`` when it has one, else
    under the run's ``timeout``; ``timeout_from`` says which, as a timeout's failure record
    names it (``timeout in reports.toml`` or ``--timeout``).
    """
    environment = {k: v for k, v in os.environ.items() if k.startswith("CDSKIT_")}
    environment["CDSKIT_ROOT"] = str(paths.project_root())
    environment.pop("CDSKIT_SCHEDULER", None)
    return {
        "name": report.name,
        "notebook_json": report.notebook.read_text(encoding="utf-8"),
        "parameters": entry["parameters"],
        "wants_output_dir": "output_dir" in notebook_parameters(report.notebook),
        "kernel_name": kernel,
        "timeout": report.timeout if report.timeout is not None else timeout,
        "timeout_from": "timeout in reports.toml" if report.timeout is not None else "--timeout",
        "title": report.title(),
        "language": report.language,
        "rendered_at": entry["rendered_at"],
        "kit_version": __version__,
        "data_build_hash": entry["data_build_hash"],
        "environment": environment,
    }


def check_kernel(kernel_name: str) -> None:
    """Refuse an unknown Jupyter kernel before any report runs."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    try:
        manager.get_kernel_spec(kernel_name)
    except NoSuchKernel:
        names = sorted(manager.find_kernel_specs())
        raise ParameterError(
            f"kernel_name={kernel_name!r}: no such Jupyter kernel (installed: "
            f"{', '.join(names) or 'none'}). Install one with 'python -m ipykernel install "
            "--sys-prefix --name python3' or pass an installed name."
            + did_you_mean(kernel_name, names)
        ) from None


def select_reports(
    reports: list[Report], only: str | Sequence[str] | None, problems: list[str]
) -> list[Report]:
    """Return the reports named in ``only`` (a matrix entry's name selects all its reports).

    An unknown name is added to ``problems`` with suggestions.
    """
    if only is None:
        return list(reports)
    wanted = [only] if isinstance(only, str) else list(only)
    names = [r.name for r in reports]
    groups = {r.group for r in reports}
    for name in wanted:
        if name not in names and name not in groups:
            problems.append(
                f"only: no report named '{name}' in reports.toml (reports: {', '.join(names)})."
                + did_you_mean(name, names)
            )
    return [r for r in reports if r.name in wanted or r.group in wanted]


def runner_parameters(report: Report) -> dict[str, Any]:
    """Return the parameters a report runs with, ``language`` included when declared."""
    parameters = dict(report.parameters)
    if "language" in notebook_parameters(report.notebook):
        parameters["language"] = report.language
    return parameters


def describe_report(report: Report, status: str) -> dict[str, Any]:
    try:
        notebook = report.notebook.relative_to(paths.project_root()).as_posix()
    except ValueError:
        notebook = report.notebook.name
    return {
        "name": report.name,
        "title_vi": report.title_vi,
        "title_en": report.title_en,
        "description_vi": report.description_vi,
        "description_en": report.description_en,
        "language": report.language,
        "notebook": notebook,
        "parameters": runner_parameters(report),
        "matrix": report.matrix,
        "status": status,
        "kit_version": __version__,
        "outputs": [],
        "failure": None,
    }

"""Stand-in pages for the index tests: the shipped ``reports.toml`` with synthetic renders.

Every report of the configuration gets its manifest entry as the runner writes it
(``describe_report``), an HTML file and an executed notebook whose page details are made by the
real :func:`cdskit.reports.page.page_details`; the summaries and figures are synthetic test
data, one distinct figure per page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from PIL import Image

from cdskit.reports._entries import describe_report
from cdskit.reports.config import Report, load_config
from cdskit.reports.index import write_index
from cdskit.reports.page import PAGE_MIMETYPE, page_details

DATA = {"build_hash": "synthetic", "files": []}


def config_groups() -> dict[str, list[Report]]:
    """Return the reports of ``reports.toml`` by report: matrix entries differing by language."""
    groups: dict[str, list[Report]] = {}
    for report in load_config():
        others = {k: v for k, v in report.matrix.items() if k != "language"}
        key = json.dumps([report.group, others], ensure_ascii=False, sort_keys=True)
        groups.setdefault(key, []).append(report)
    return groups


def stand_in(
    out: Path, report: Report, details: dict[str, Any] | None = None, colour: str = "white"
) -> dict[str, Any]:
    """Write a synthetic render of ``report`` into ``out``; return its manifest entry."""
    (out / f"{report.name}.html").write_text(
        f'<html lang="{report.language}"><title>{report.title()}</title></html>', encoding="utf-8"
    )
    (out / report.name).mkdir(exist_ok=True)
    Image.new("RGB", (1170, 800), colour).save(out / report.name / "figure.png")
    bundle = (
        details
        or page_details(
            report.language,
            summary=f"{report.title()} (synthetic summary)",
            main_figure="figure.png",
            sources={},
        ).details
    )
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("page_details(language)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={PAGE_MIMETYPE: bundle})]
    notebook.cells = [cell]
    nbformat.write(notebook, out / f"{report.name}.ipynb")
    entry = describe_report(report, "rendered")
    entry["rendered_at"] = entry["last_success"] = "2026-12-01T08:00:00Z"
    return entry


def shipped_index(
    out: Path, details: Callable[[Report], dict[str, Any] | None] = lambda report: None
) -> tuple[Path, list[Report]]:
    """Write the index of every report of ``reports.toml`` (synthetic renders) into ``out``."""
    reports = load_config()
    colours = [(40 * i % 256, 90, 160) for i in range(len(reports))]
    entries = [
        stand_in(out, report, details(report), colour)
        for report, colour in zip(reports, colours, strict=True)
    ]
    return write_index(out, entries, DATA), reports

"""Render every report listed in ``reports.toml`` into code-free, offline HTML.

Each report is a parameterised notebook executed with papermill on a real kernel, converted
with nbconvert (no code, no prompts, no script from a CDN) and written to ``reports/`` together
with ``index.html`` (the list of reports, in Vietnamese with English) and ``manifest.json``
(notebook, parameters, status, output and data files with sha256, kit version).

Layout of ``reports/``::

    index.html  manifest.json
    <name>.html          the report
    <name>.ipynb         the executed notebook, kept for audit
    <name>/              files the notebook wrote into its ``output_dir`` parameter
    <name>.failed.ipynb  the executed notebook of the last failed run (removed on success)

A report is rendered in a temporary folder beside ``reports/`` and moved into place only when
it succeeded, so a failing notebook never replaces the previous good output of that report.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cdskit import paths
from cdskit._version import __version__
from cdskit.errors import ParameterError, ReportError, did_you_mean
from cdskit.files import file_sha256
from cdskit.reports.config import Report, load_config, notebook_parameters
from cdskit.reports.index import display_time, now, read_manifest, write_index

__all__ = ["Report", "find_external_resources", "load_config", "render_all"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
# "/tmp/ipykernel_1/123.py:11: UserWarning: ..." -> "UserWarning: ..."
_WARNING_PREFIX = re.compile(r"^\S+?:\d+: (?=\w+: )")
# External resources a page would fetch: <script src=http…>, <link href=//…>, ES module imports.
_EXTERNAL = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|\bimport\b[^;\n]*[\"'](?:https?:)?//"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


def render_all(
    config: str | os.PathLike[str] | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    *,
    only: str | Sequence[str] | None = None,
    kernel_name: str = "python3",
    timeout: int = 600,
) -> Path:
    """Execute the reports of ``reports.toml`` and write HTML, ``index.html`` and ``manifest.json``.

    Parameters
    ----------
    config : path-like, optional
        The configuration file (default: ``<project>/reports.toml``).
    output_dir : path-like, optional
        Where reports go (default: ``<project>/reports``).
    only : str or sequence of str, optional
        Render just these reports; the others keep their previous output and index entry.
    kernel_name : str
        Jupyter kernel that executes the notebooks.
    timeout : int
        Seconds a single cell may run before the report fails.

    Returns
    -------
    pathlib.Path
        The written ``index.html``.

    Raises
    ------
    ParameterError
        When the configuration is invalid or ``only`` names an unknown report (nothing is run).
    ReportError
        After every report was attempted, when at least one failed; ``index.html`` and
        ``manifest.json`` are written first and list the failing cell and error. The exception
        has ``failures`` (report name → message) and ``index`` attributes.
    """
    reports = load_config(config)
    selected = _select(reports, only)
    _check_kernel(kernel_name)
    if timeout <= 0:
        raise ParameterError(f"timeout={timeout} must be a positive number of seconds per cell.")
    out = (Path(output_dir) if output_dir is not None else paths.reports_dir()).resolve()
    out.mkdir(parents=True, exist_ok=True)
    data = _data_files()
    previous = read_manifest(out / "manifest.json")
    entries: dict[str, dict[str, Any]] = {}
    failures: dict[str, str] = {}
    for report in reports:
        if report not in selected:
            entries[report.name] = previous.get(report.name) or _describe(report, "not rendered")
            continue
        entry = _render_one(report, out, data, kernel_name=kernel_name, timeout=timeout)
        if entry["status"] == "failed":
            failures[report.name] = entry["error"]["message"]
            old = previous.get(report.name)
            if old and old.get("outputs"):
                entry["outputs"] = old["outputs"]
                entry["last_success"] = old.get("last_success") or old.get("rendered_at")
        entries[report.name] = entry
    index = write_index(out, list(entries.values()), data)
    if failures:
        lines = "; ".join(f"{name}: {message}" for name, message in failures.items())
        error = ReportError(
            f"{len(failures)} of {len(selected)} report(s) failed ({lines}). The previous output "
            f"of each failed report was kept; see {index.name} and manifest.json in {out}.",
            failures=failures,
            index=index,
        )
        raise error
    return index


def _check_kernel(kernel_name: str) -> None:
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
            + did_you_mean(difflib.get_close_matches(kernel_name, names, n=2))
        ) from None


def _select(reports: list[Report], only: str | Sequence[str] | None) -> list[Report]:
    if only is None:
        return list(reports)
    wanted = [only] if isinstance(only, str) else list(only)
    names = [r.name for r in reports]
    for name in wanted:
        if name not in names:
            raise ParameterError(
                f"only: no report named '{name}' in reports.toml (reports: {', '.join(names)})."
                + did_you_mean(difflib.get_close_matches(name, names, n=2))
            )
    return [r for r in reports if r.name in wanted]


def _describe(report: Report, status: str) -> dict[str, Any]:
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
        "parameters": report.parameters,
        "status": status,
        "kit_version": __version__,
        "outputs": [],
        "error": None,
    }


def _render_one(
    report: Report, out: Path, data: dict[str, Any], *, kernel_name: str, timeout: int
) -> dict[str, Any]:
    entry = _describe(report, "ok")
    rendered_at = now()
    entry.update(rendered_at=rendered_at, data_build_hash=data["build_hash"])
    entry["data_files"] = data["files"]
    work = Path(tempfile.mkdtemp(prefix=f".{report.name}-", dir=out))
    try:
        assets = work / report.name
        assets.mkdir()
        executed = work / f"{report.name}.ipynb"
        parameters = _parameters_for(report, assets)
        entry["parameters"] = {k: v for k, v in parameters.items() if k != "output_dir"}
        try:
            _execute(report, executed, parameters, assets, kernel_name, timeout)
            html = _to_html(report, executed, entry)
        except Exception as exc:  # every failure is recorded; the batch goes on
            entry["status"] = "failed"
            entry["error"] = _error_info(exc, report.notebook, executed)
            if executed.is_file():
                os.replace(executed, out / f"{report.name}.failed.ipynb")
                entry["failed_notebook"] = f"{report.name}.failed.ipynb"
            return entry
        (work / f"{report.name}.html").write_text(html, encoding="utf-8")
        try:
            _commit(work, out, report.name)
        except OSError as exc:  # e.g. a full disk or a file locked by a viewer
            entry["status"] = "failed"
            entry["error"] = _error_info(exc, report.notebook, executed)
            return entry
        entry["last_success"] = rendered_at
        entry["outputs"] = _output_files(out, report.name)
        return entry
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _parameters_for(report: Report, assets: Path) -> dict[str, Any]:
    declared = notebook_parameters(report.notebook)
    parameters = dict(report.parameters)
    if "language" in declared:
        parameters["language"] = report.language
    if "output_dir" in declared:
        parameters["output_dir"] = str(assets)
    return parameters


def _execute(
    report: Report,
    executed: Path,
    parameters: dict[str, Any],
    cwd: Path,
    kernel_name: str,
    timeout: int,
) -> None:
    import papermill

    papermill.execute_notebook(
        str(report.notebook),
        str(executed),
        parameters=parameters,
        kernel_name=kernel_name,
        execution_timeout=timeout,
        progress_bar=False,
        log_output=False,
        cwd=str(cwd),
    )


def _to_html(report: Report, executed: Path, entry: dict[str, Any]) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    nb.metadata["title"] = report.title()
    entry["warnings"] = _take_stderr(nb)
    exporter = HTMLExporter(
        template_name="lab",
        template_file="report.html.j2",
        extra_template_basedirs=[str(_TEMPLATES)],
        extra_template_paths=[str(_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code=report.language,
    )
    english = report.language == "en"
    labels = {
        "report": "Report" if english else "Báo cáo",
        "generated": "Generated" if english else "Ngày tạo",
        "kit": "Kit version" if english else "Phiên bản",
        "data": "Data build" if english else "Bản dữ liệu",
        "parameters": "Parameters" if english else "Tham số",
        "chart": "Chart (see the table and notes in the report)"
        if english
        else "Biểu đồ (xem bảng số liệu và ghi chú trong báo cáo)",
    }
    resources = {
        "cdskit": {
            "name": report.name,
            "title": report.title(),
            "generated": display_time(entry["rendered_at"], report.language),
            "kit_version": entry["kit_version"],
            "data_build_hash": entry["data_build_hash"],
            "parameters_json": json.dumps(entry["parameters"], ensure_ascii=False),
            "labels": labels,
        }
    }
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    external = find_external_resources(html)
    if external:
        raise ReportError(
            f"report {report.name!r}: the HTML would load {external[0]!r} from the network; "
            "reports must open offline. Inline the asset or remove the output that needs it."
        )
    return html


def _take_stderr(nb: Any) -> list[str]:
    """Remove stderr streams (warnings, logs) from the page and return their text.

    Readers get a clean report; the text is kept in the manifest and shown in the index.
    """
    texts = []
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                texts.append(_tidy_warning(str(output.get("text", ""))))
            else:
                kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept
    return [text for text in texts if text]


def _tidy_warning(text: str) -> str:
    """Drop the kernel's temporary file name and the echoed source line from a warning."""
    lines = [
        _WARNING_PREFIX.sub("", line)
        for line in text.splitlines()
        if not line.startswith("  ")  # the source line Python prints under a warning
    ]
    return "\n".join(lines).strip()


def find_external_resources(html: str) -> list[str]:
    """Return snippets of ``html`` that would fetch a script, style or module from a URL.

    Inline iframes (``srcdoc``) are checked too, after unescaping.

    Parameters
    ----------
    html : str
        A page.

    Returns
    -------
    list of str
        Offending snippets (empty when the page is self-contained).

    Examples
    --------
    >>> find_external_resources('<script src="https://cdn.example/x.js"></script>')
    ['<script src="https://']
    >>> find_external_resources("<script>let a = 1;</script>")
    []
    """
    import html as html_lib

    found = [m.group(0) for m in _EXTERNAL.finditer(html)]
    found += [m.group(0) for m in _EXTERNAL.finditer(html_lib.unescape(html))]
    return list(dict.fromkeys(found))


def _error_info(exc: Exception, notebook: Path, executed: Path) -> dict[str, Any]:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        index = _source_cell_index(notebook, executed, exc.cell_index, exc.source)
        info = {
            "cell_index": index,
            "exec_count": exc.exec_count,
            "cell_label": str(index + 1),
            "ename": exc.ename,
            "evalue": exc.evalue,
            "source": exc.source,
        }
        info["message"] = f"cell {info['cell_label']} raised {exc.ename}: {exc.evalue}"
        return info
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return {
        "cell_index": None,
        "exec_count": None,
        "cell_label": "?",
        "ename": type(exc).__name__,
        "evalue": message,
        "source": None,
        "message": f"{type(exc).__name__}: {message}",
    }


def _source_cell_index(notebook: Path, executed: Path, cell_index: int, source: str) -> int:
    """Map the index of a failing cell during execution back to the notebook as committed.

    Papermill inserts an ``injected-parameters`` cell while executing (and error banners in the
    saved copy), so the committed index is found from the cell's source when it is unique.
    """
    import nbformat

    with contextlib.suppress(OSError, ValueError):
        original = nbformat.read(notebook, as_version=4)
        matches = [i for i, cell in enumerate(original.cells) if cell.source == source]
        if len(matches) == 1:
            return matches[0]
    with contextlib.suppress(OSError, ValueError):
        cells = [
            cell
            for cell in nbformat.read(executed, as_version=4).cells
            if "papermill-error-cell-tag" not in cell.get("metadata", {}).get("tags", [])
        ]
        injected = [
            i
            for i, cell in enumerate(cells)
            if "injected-parameters" in cell.get("metadata", {}).get("tags", [])
        ]
        if injected and cell_index > injected[0]:
            return cell_index - 1
    return cell_index


def _commit(work: Path, out: Path, name: str) -> None:
    """Move a rendered report from ``work`` into ``out``, the HTML last."""
    assets, target = work / name, out / name
    if target.exists():
        os.replace(target, work / f"{name}.previous")
    if any(assets.iterdir()):
        os.replace(assets, target)
    os.replace(work / f"{name}.ipynb", out / f"{name}.ipynb")
    os.replace(work / f"{name}.html", out / f"{name}.html")
    with contextlib.suppress(FileNotFoundError):
        (out / f"{name}.failed.ipynb").unlink()


def _output_files(out: Path, name: str) -> list[dict[str, Any]]:
    files = [out / f"{name}.html", out / f"{name}.ipynb"]
    if (out / name).is_dir():
        files += sorted(p for p in (out / name).rglob("*") if p.is_file())
    return [_file_record(p, out) for p in files]


def _file_record(path: Path, root: Path) -> dict[str, Any]:
    return {
        "path": path.relative_to(root).as_posix(),
        "sha256": file_sha256(path),
        "bytes": path.stat().st_size,
    }


def _data_files() -> dict[str, Any]:
    """Describe ``data/processed``: every file with its sha256, and one hash over all of them."""
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
    listing = "".join(f"{f['path']}\t{f['sha256']}\n" for f in files)
    build_hash = hashlib.sha256(listing.encode()).hexdigest() if files else "no data"
    return {"build_hash": build_hash, "files": files}

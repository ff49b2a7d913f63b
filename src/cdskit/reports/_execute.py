"""Execute one report in the current process: papermill on a quiet kernel, then code-free HTML.

This is the body of a report process (see :mod:`cdskit.reports._launch`). It reads
``task.json`` from its work folder and leaves there ``out/<name>.html``, ``out/<name>.ipynb``,
``out/<name>/`` (files the notebook wrote) and ``result.json`` (status, warnings, failure).
While it runs, papermill saves the executed notebook at the start of every cell, so a report
process killed by the watchdog still says which cell was running.

The process writes nothing to the terminal: its own output and the kernel's go to
``process.log`` in the work folder, and the kernel talks over IPC sockets, so Jupyter's
"running over TCP without encryption" warning is never raised.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import default

from cdskit.errors import ReportError
from cdskit.reports._failure import failure_from_exception, running_cell
from cdskit.reports._text import TEXT

if TYPE_CHECKING:
    import subprocess

_TEMPLATES = Path(__file__).resolve().parent / "templates"
# "/tmp/ipykernel_1/123.py:11: UserWarning: ..." -> "UserWarning: ..."
_WARNING_PREFIX = re.compile(r"^\S+?:\d+: (?=\w+: )")
#: The kernel's temporary file and line before a warning ("/tmp/ipykernel_20136/318.py:23: "),
#: found by its fixed part (a pattern starting with the path would scan long base64 images
#: quadratically); the folders before it are path characters.
_KERNEL_FILE = re.compile(r"ipykernel_\d+[\\/]+\d+\.py:\d+: ")
_PATH_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:~-")
# External resources a page would fetch: <script src=http…>, <link href=//…>, ES module imports.
_EXTERNAL = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|\bimport\b[^;\n]*[\"'](?:https?:)?//"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
#: Name of the file, in the work folder, where the kernel's process id is written.
KERNEL_PID_FILE = "kernel.pid"


class QuietKernelManager(AsyncKernelManager):
    """A kernel manager talking to its kernel over IPC sockets and recording the kernel's pid.

    IPC sockets live in the folder named by ``CDSKIT_IPC_DIR`` (a short path, because socket
    paths are limited to about 100 characters); the pid goes to ``CDSKIT_KERNEL_PID_FILE`` so
    the watchdog can end a hung kernel.
    """

    @default("transport")
    def _quiet_transport(self) -> str:
        return "ipc" if os.name == "posix" else "tcp"

    @default("ip")
    def _quiet_ip(self) -> str:
        folder = os.environ.get("CDSKIT_IPC_DIR")
        if self.transport == "ipc" and folder:
            return os.path.join(folder, "kernel")
        return self._ip_default()

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        from cdskit.reports import _kernel

        provisioner = self.provisioner
        if (
            _kernel.preloaded()
            and _kernel.forkable(kernel_cmd)
            and type(provisioner) is LocalProvisioner
        ):
            # A kernel forked from this process finds the notebooks' modules imported.
            process = _kernel.start_kernel(
                kernel_cmd, dict(kw.get("env") or os.environ), kw.get("cwd")
            )
            # enough of a Popen for the provisioner (see _kernel.ForkedKernel)
            provisioner.process = cast("subprocess.Popen[bytes]", process)
            provisioner.pid = provisioner.pgid = process.pid
            provisioner.cwd = kw.get("cwd") or os.getcwd()
            self._reconcile_connection_info(provisioner.connection_info)
        else:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        target = os.environ.get("CDSKIT_KERNEL_PID_FILE")
        running = getattr(self.provisioner, "process", None)
        if target and running is not None:
            Path(target).write_text(str(running.pid), encoding="ascii")


def run(work: str | os.PathLike[str], alive: Any = None) -> None:
    """Execute the task in ``work/task.json``; write the outputs and ``result.json`` there.

    Parameters
    ----------
    work : path-like
        The report's work folder, created by the launcher.
    alive : multiprocessing.connection.Connection, optional
        Read end of a pipe whose write end only the launcher holds: when it closes (the
        launcher ended, however), this process ends its kernel and exits. Without it, a change
        of parent process means the same.
    """
    work = Path(work)
    _detach(work)
    task = json.loads((work / "task.json").read_text(encoding="utf-8"))
    environment = task.get("environment", {})
    for name in [n for n in os.environ if n.startswith("CDSKIT_") and n not in environment]:
        del os.environ[name]  # a forked process starts with the environment of an earlier run
    os.environ.update(environment)
    os.environ["CDSKIT_IPC_DIR"] = task["ipc_dir"]
    os.environ["CDSKIT_KERNEL_PID_FILE"] = str(work / KERNEL_PID_FILE)
    _watch_launcher(work, alive)
    started = time.time() - task.get("launched_at", time.time())
    entered = time.monotonic()
    result = execute(task, work)
    result.setdefault("timings", {})["total"] = round(time.monotonic() - entered, 2)
    result.setdefault("timings", {})["start"] = round(started, 2)  # launch to here
    result["written_at"] = time.time()
    (work / "result.tmp").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    os.replace(work / "result.tmp", work / "result.json")


def _detach(work: Path) -> None:
    """Start a session of our own and send every output of this process to ``process.log``."""
    if hasattr(os, "setsid"):
        try:
            os.setsid()
        except OSError:  # already a session leader
            pass
    log = os.open(work / "process.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)


def _watch_launcher(work: Path, alive: Any) -> None:
    """End this process and its kernel when the process that launched it disappears."""
    parent = os.getppid()

    def gone() -> None:
        if alive is not None:
            try:
                alive.recv()  # nothing is ever sent: returns only at end of file
            except (EOFError, OSError):
                pass
        else:
            while os.getppid() == parent:
                time.sleep(0.5)
        kill_kernel(work)
        os._exit(3)

    threading.Thread(target=gone, daemon=True, name="cdskit-launcher-watch").start()


def kill_kernel(work: Path) -> None:
    """Kill the kernel whose pid is recorded in ``work`` (and its process group)."""
    import signal

    try:
        pid = int((work / KERNEL_PID_FILE).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)  # the kernel leads its own session
        else:
            os.kill(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass


def execute(task: dict[str, Any], work: Path) -> dict[str, Any]:
    """Execute one report task in this process and return its result record.

    Parameters
    ----------
    task : dict
        ``name``, ``notebook_json``, ``parameters``, ``kernel_name``, ``timeout`` and the page
        header (``title``, ``language``, ``rendered_at``, ``kit_version``, ``data_build_hash``).
    work : pathlib.Path
        Work folder; outputs go to ``work/out``.

    Returns
    -------
    dict
        ``status`` (``"rendered"`` or ``"failed"``), ``warnings`` and, on failure, ``failure``
        (``cell``, ``excerpt``, ``error``, ``kind``).
    """
    import papermill

    name = task["name"]
    out = work / "out"
    assets = out / name
    assets.mkdir(parents=True, exist_ok=True)
    source = work / "source.ipynb"
    source.write_text(task["notebook_json"], encoding="utf-8")
    executed = out / f"{name}.ipynb"
    parameters = dict(task["parameters"])
    if task.get("wants_output_dir"):
        parameters["output_dir"] = str(assets)
    started = time.monotonic()
    timings: dict[str, float] = {}
    try:
        papermill.execute_notebook(
            str(source),
            str(executed),
            parameters=parameters,
            kernel_name=task["kernel_name"],
            execution_timeout=task["timeout"],
            progress_bar=False,
            log_output=False,
            cwd=str(assets),
            kernel_manager_class=QuietKernelManager,
        )
        timings["execute"] = round(time.monotonic() - started, 2)
        without_work_paths(executed, work, assets)
        html, warnings = to_html(executed, task)
        timings["convert"] = round(time.monotonic() - started - timings["execute"], 2)
    except Exception as exc:  # every failure is recorded; the batch goes on
        failure = failure_from_exception(exc, source, executed)
        if failure.get("cell") is None:
            failure.update(running_cell(source, executed))
        return {"status": "failed", "failure": failure, "warnings": []}
    (out / f"{name}.html").write_text(html, encoding="utf-8")
    return {"status": "rendered", "warnings": warnings, "timings": timings}


def to_html(executed: Path, task: dict[str, Any]) -> tuple[str, list[str]]:
    """Convert an executed notebook to a code-free page; return it and the stderr warnings.

    Raises
    ------
    ReportError
        When the page would load a script or style from the network.
    """
    import nbformat
    from nbconvert import HTMLExporter

    from cdskit.reports.index import display_time
    from cdskit.safe_text import safe_text

    language = task["language"]
    nb = nbformat.read(executed, as_version=4)
    nb.metadata["title"] = safe_text(task["title"])
    warnings = take_stderr(nb)
    exporter = HTMLExporter(
        template_name="lab",
        template_file="report.html.j2",
        extra_template_basedirs=[str(_TEMPLATES)],
        extra_template_paths=[str(_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code=language,
    )
    resources = {
        "cdskit": {
            "name": task["name"],
            "title": safe_text(task["title"]),
            "generated": display_time(task["rendered_at"], language),
            "kit_version": task["kit_version"],
            "data_build_hash": task["data_build_hash"],
            "parameters_json": json.dumps(task["parameters"], ensure_ascii=False),
            "warnings": warnings,
            "words": TEXT["en" if language == "en" else "vi"],
        }
    }
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    external = find_external_resources(html)
    if external:
        raise ReportError(
            f"report {task['name']!r}: the HTML would load {external[0]!r} from the network; "
            "reports must open offline. Inline the asset or remove the output that needs it."
        )
    return html, warnings


def without_work_paths(executed: Path, work: Path, assets: Path) -> None:
    """Rewrite a published notebook without the paths of the machine that ran it.

    The work folder (in papermill's metadata and the injected ``output_dir``) becomes the
    report's own folder name, relative to the reports folder; the kernel's temporary file
    names before warnings are dropped, as on the page.

    Examples
    --------
    >>> import json, tempfile
    >>> work = Path(tempfile.mkdtemp())
    >>> assets = work / "out" / "dti-2022-map"
    >>> assets.mkdir(parents=True)
    >>> executed = work / "out" / "dti-2022-map.ipynb"
    >>> notebook = {"metadata": {"papermill": {"output_dir": str(assets)}}, "cells": [],
    ...             "warning": "/tmp/ipykernel_4/12.py:3: UserWarning: a"}
    >>> _ = executed.write_text(json.dumps(notebook), encoding="utf-8")
    >>> without_work_paths(executed, work, assets)
    >>> text = executed.read_text(encoding="utf-8")
    >>> str(work) in text, json.loads(text)["metadata"]["papermill"]["output_dir"]
    (False, 'dti-2022-map')
    >>> json.loads(text)["warning"]
    'UserWarning: a'
    """
    text = executed.read_text(encoding="utf-8")
    for path, relative in ((assets, assets.name), (work / "out", "."), (work, ".")):
        for form in {str(path), path.as_posix(), json.dumps(str(path))[1:-1]}:
            text = text.replace(form, relative)
    # Warnings raised inside the kit name its source file: from the package, not the disk.
    packages = Path(__file__).resolve().parents[2]
    for form in {
        f"{packages}{os.sep}",
        f"{packages.as_posix()}/",
        json.dumps(f"{packages}{os.sep}")[1:-1],
    }:
        text = text.replace(form, "")
    executed.write_text(_without_kernel_files(text), encoding="utf-8")


def _without_kernel_files(text: str) -> str:
    kept, position = [], 0
    for match in _KERNEL_FILE.finditer(text):
        start, floor = match.start(), max(position, match.start() - 4096)
        while start > floor and text[start - 1] in _PATH_CHARACTERS:
            start -= 1
        # The path begins at its first "/" (not at the "n" of a JSON "\\n" before it).
        slash = text.find("/", start, match.start())
        start = slash if slash >= 0 else match.start()
        kept.append(text[position:start])
        position = match.end()
    kept.append(text[position:])
    return "".join(kept)


def take_stderr(nb: Any) -> list[str]:
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


if __name__ == "__main__":  # python -m cdskit.reports._execute WORK_FOLDER
    run(sys.argv[1])

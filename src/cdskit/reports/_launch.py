"""Run one report in a process of its own, under a watchdog.

:func:`run_task` is the unit of work of both the local pool and a Dask cluster: it starts a
report process (:mod:`cdskit.reports._execute`), waits for it at most the report's timeout,
kills it and its kernel when it hangs, and returns the result with the rendered files as bytes,
so the caller can write them wherever the batch is staged (also from another machine).

Report processes are forked from a server that has already imported papermill and nbconvert
(``multiprocessing``'s forkserver), so a report pays for its kernel only; where that is not
possible (Windows, a daemonic Dask worker) it is started as ``python -m``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cdskit.reports._failure import failure, running_cell

#: Seconds between two looks at a running report process.
POLL_SECONDS = 0.1
#: Prefix of the temporary folders holding a kernel's IPC sockets, and the file naming the
#: process that made one.
IPC_PREFIX = "cdskit-ipc-"
OWNER_FILE = "owner.pid"
_FORKSERVER_LOCK = threading.Lock()


def run_task(
    task: dict[str, Any],
    *,
    work_root: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """Run one report task in its own process and kernel; return its result.

    Parameters
    ----------
    task : dict
        Built by the runner: ``name``, ``notebook_json``, ``parameters``, ``timeout`` (seconds
        for the whole report), ``timeout_from`` (where that limit was set) ...
    work_root : str, optional
        Folder for the work folder (default: the system's temporary folder).
    cancelled : callable, optional
        Polled while the report runs; when it returns true the report is ended.

    Returns
    -------
    dict
        ``name``, ``status`` (``"rendered"`` or ``"failed"``), ``warnings``, ``failure``,
        ``seconds`` and ``files`` (path relative to the report folder → bytes).
    """
    started = time.monotonic()
    if cancelled is not None and cancelled():
        return {
            "name": task["name"],
            "status": "failed",
            "warnings": [],
            "files": {},
            "failure": failure("Interrupted: the batch was stopped", kind="interrupted"),
            "seconds": 0.0,
        }
    work = Path(tempfile.mkdtemp(prefix=f"cdskit-{task['name']}-", dir=work_root))
    ipc = tempfile.mkdtemp(prefix=IPC_PREFIX)
    Path(ipc, OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")  # see remove_orphans
    child, ended_by = None, None
    try:
        (work / "task.json").write_text(
            json.dumps({**task, "ipc_dir": ipc, "launched_at": time.time()}, ensure_ascii=False),
            encoding="utf-8",
        )
        try:
            child = _start(work)
            deadline = started + float(task["timeout"])
            while child.poll() is None:
                if cancelled is not None and cancelled():
                    ended_by = "interrupted"
                elif time.monotonic() > deadline:
                    ended_by = "timeout"
                if ended_by:
                    break
                time.sleep(POLL_SECONDS)
        finally:
            if child is not None:
                if child.poll() is None:  # timed out, interrupted, or stopped by an error
                    _end(child, work)
                child.close()
        collecting = time.monotonic()
        result = _collect(task, work, child.poll(), ended_by)
        result.setdefault("timings", {})["collect"] = round(time.monotonic() - collecting, 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(ipc, ignore_errors=True)
    result["seconds"] = round(time.monotonic() - started, 2)  # launch to collected
    return result


def _collect(
    task: dict[str, Any], work: Path, exit_code: int | None, ended_by: str | None
) -> dict[str, Any]:
    name = task["name"]
    out = work / "out"
    executed = out / f"{name}.ipynb"
    result: dict[str, Any] = {"name": name, "failure": None, "warnings": [], "files": {}}
    if ended_by is None and (work / "result.json").is_file():
        result.update(json.loads((work / "result.json").read_text(encoding="utf-8")))
        written = result.pop("written_at", time.time())
        result.setdefault("timings", {})["exit"] = round(time.time() - written, 2)
    elif ended_by == "timeout":
        result["status"] = "failed"
        result["failure"] = failure(
            f"TimeoutError: the report ran longer than {task['timeout']:g} s "
            f"({task.get('timeout_from', '--timeout')}) and was stopped",
            kind="timeout",
        )
    elif ended_by == "interrupted":
        result["status"] = "failed"
        result["failure"] = failure("Interrupted: the batch was stopped", kind="interrupted")
    else:
        result["status"] = "failed"
        result["failure"] = failure(
            f"ProcessError: the report process ended unexpectedly (exit code {exit_code})",
            kind="process died",
        )
    if result["status"] == "failed":
        if result["failure"].get("cell") is None:
            result["failure"].update(running_cell(work / "source.ipynb", executed))
        if executed.is_file():
            result["files"][f"{name}.failed.ipynb"] = executed.read_bytes()
        return result
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        result["files"][path.relative_to(out).as_posix()] = path.read_bytes()
    return result


class _Child:
    """A report process: forked from the forkserver, or started with ``python -m``."""

    def __init__(self, work: Path) -> None:
        self.process: Any
        self._alive: Any = None
        if _can_fork():
            from cdskit.reports import _execute

            context = _forkserver()
            # The report process holds the read end; only this process holds the write end,
            # so the report process sees end of file as soon as this process ends, however.
            alive, self._alive = context.Pipe(duplex=False)
            self.process = context.Process(
                target=_execute.run, args=(str(work), alive), daemon=False
            )
            self.process.start()
            alive.close()
            self.pid = self.process.pid
        else:
            options: dict[str, Any] = {"start_new_session": True} if os.name == "posix" else {}
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cdskit.reports._execute", str(work)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                **options,
            )
            self.pid = self.process.pid

    def poll(self) -> int | None:
        if isinstance(self.process, subprocess.Popen):
            return self.process.poll()
        return self.process.exitcode

    def close(self) -> None:
        """Let go of the report process (it has ended, or is being killed)."""
        if self._alive is not None:
            self._alive.close()
            self._alive = None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            if hasattr(os, "killpg"):
                os.killpg(self.pid, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            self.process.kill()
        if isinstance(self.process, subprocess.Popen):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        else:
            self.process.join(timeout=5)


def _start(work: Path) -> _Child:
    return _Child(work)


def _end(child: _Child, work: Path) -> None:
    """Kill a report process and its kernel."""
    from cdskit.reports._execute import kill_kernel

    kill_kernel(work)
    child.kill()


def _can_fork() -> bool:
    if sys.platform == "win32" or "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    return not multiprocessing.current_process().daemon


def remove_orphans() -> list[str]:
    """Remove socket folders left in the temporary folder by a launcher that was killed.

    Returns
    -------
    list of str
        The folders removed (those whose owner process no longer exists).
    """
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{IPC_PREFIX}*"):
        try:
            owner = int((folder / OWNER_FILE).read_text(encoding="ascii"))
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
        except (OSError, ValueError):  # not ours to judge: no owner file, or not our user
            continue
    return removed


def warm_up() -> None:
    """Start the server report processes are forked from, in the background.

    It imports papermill and nbconvert once; starting it while the pre-flight runs takes that
    time off the first reports.
    """
    if _can_fork():

        def start() -> None:
            from multiprocessing import forkserver

            _forkserver()
            forkserver.ensure_running()

        threading.Thread(target=start, daemon=True, name="cdskit-forkserver").start()


def _forkserver() -> Any:
    """Return the forkserver context; its server imports what report processes need.

    That is papermill and nbconvert (through :mod:`cdskit.reports._execute`), and the kit's
    modules this process has imported: a forked process imports the main module again (the
    ``cdskit`` command imports the whole command line), and finds them already imported.
    """
    with _FORKSERVER_LOCK:
        context = multiprocessing.get_context("forkserver")
        loaded = sorted(
            name
            for name, module in list(sys.modules.items())
            if name.split(".")[0] == "cdskit" and getattr(module, "__name__", None) == name
        )
        needed = ["papermill", "nbclient", "nbconvert", "nbformat", "cdskit.reports._execute"]
        # and what the kernels import: a kernel forked from a report process finds it loaded
        from cdskit.reports._kernel import wanted

        context.set_forkserver_preload([*needed, *wanted(), *loaded])
        return context

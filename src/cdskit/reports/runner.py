"""Render every report listed in ``reports.toml`` into code-free, offline HTML.

Each report is a parameterised notebook executed with papermill on a real kernel, in a process
of its own, and converted with nbconvert (no code, no prompts, no script from a CDN). A batch:

1. **pre-flight** — every report's parameters are checked against its notebook's typed
   ``parameters`` cell and against the data (provinces, indicators, periods); one problem
   anywhere stops the command before any kernel starts, listing every problem;
2. **plan** — a report whose fingerprint (notebook, parameters, kit version, inputs) matches the
   previous run and whose files are intact is reused; the others are run;
3. **run** — ``jobs`` reports at a time (or on a Dask scheduler), each under a wall-clock
   timeout (its entry's ``timeout`` in ``reports.toml``, else the run's); a failing, hung or
   dead report is recorded with its cell and error, and the others go on;
4. **publish** — results are written into a staged copy of ``reports/`` with ``index.html``
   and ``manifest.json``, which then replaces ``reports/``.

Layout of ``reports/``::

    index.html  manifest.json
    <name>.html          the report
    <name>.ipynb         the executed notebook, kept for audit
    <name>/              files the notebook wrote into its ``output_dir`` parameter
    <name>.failed.ipynb  the executed notebook of the last failed run (removed on success)

A failed report keeps its previous good output; an interrupted batch (Ctrl-C, SIGTERM) ends its
kernels and leaves ``reports/`` exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from cdskit import paths
from cdskit.errors import BatchInterrupted, ParameterError, ReportError
from cdskit.files import check_name_length, check_output_folder, output_error
from cdskit.profiles import write_profiles
from cdskit.reports._entries import (
    build_task,
    check_kernel,
    describe_report,
    failure_message,
    files_of,
    kept_fields,
    publish_result,
    runner_parameters,
    select_reports,
)
from cdskit.reports._execute import find_external_resources
from cdskit.reports._fingerprint import data_files, fingerprint, inputs_hash, outputs_intact
from cdskit.reports._kernel import want
from cdskit.reports._launch import remove_orphans, run_task, warm_up
from cdskit.reports._preflight import check_data
from cdskit.reports._progress import Progress
from cdskit.reports._staging import Stage, clean_leftovers, locked
from cdskit.reports.config import (
    Report,
    config_path,
    load_config,
    notebook_parameters,
    raise_problems,
    read_config,
)
from cdskit.reports.index import now, read_manifest, write_index

__all__ = [
    "BatchInterrupted",
    "Report",
    "find_external_resources",
    "load_config",
    "notebook_parameters",
    "render_all",
]

#: Statuses of a report whose files can be reused when nothing changed.
_REUSABLE = ("rendered", "reused")


def render_all(
    config: str | os.PathLike[str] | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    *,
    only: str | Sequence[str] | None = None,
    kernel_name: str = "python3",
    timeout: float = 600,
    jobs: int | None = None,
    force: bool = False,
    scheduler: str | None = None,
    progress: Progress | bool | None = None,
    profiles: bool | None = None,
    timings: dict[str, float] | None = None,
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
    timeout : float
        Seconds a whole report may run before it is stopped and recorded as failed, for the
        reports whose entry in ``reports.toml`` sets no ``timeout`` of its own.
    jobs : int, optional
        Reports run at the same time (default: the number of processors).
    force : bool
        Run every selected report even when its fingerprint is unchanged.
    scheduler : str, optional
        Address of a Dask distributed scheduler to run the reports on (default: the
        ``CDSKIT_SCHEDULER`` environment variable; unset: the local pool). The batch waits
        for it as long as Dask's ``distributed.comm.timeouts.connect`` says (30 s unless
        ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT`` or a Dask configuration file sets it).
    progress : Progress or bool, optional
        Progress display (default: a bar on a terminal, plain lines otherwise, on stderr);
        ``False`` for none.
    profiles : bool, optional
        Also write the province profiles and the peer picker (:func:`cdskit.profiles.
        write_profiles`; skipped when up to date) before the index. Default: only when writing
        the project's own ``reports/`` folder from its published dataset
        (``observations.parquet`` and ``sources.csv`` in ``data/processed``, and the raw
        register that cites the regions).
    timings : dict, optional
        Filled with the wall-clock seconds of each phase of the batch: ``preflight``
        (configuration, fingerprints, data checks), ``reports`` (running them), ``profiles``
        and ``index``. Each report's own times (executing, converting) are in
        ``manifest.json``.

    Returns
    -------
    pathlib.Path
        The written ``index.html``.

    Raises
    ------
    ParameterError
        Before anything runs, listing every problem of the configuration and the parameters.
    ReportError
        After every report was attempted, when at least one failed; ``index.html`` and
        ``manifest.json`` are published first and give each failure's cell and error. The
        exception has ``failures`` (report name → message) and ``index`` attributes.
    BatchInterrupted
        When SIGINT or SIGTERM stopped the batch (``reports/`` unchanged).
    """
    timings = {} if timings is None else timings
    started = time.monotonic()
    out = (Path(output_dir) if output_dir is not None else paths.reports_dir()).resolve()
    check_output_folder(out, what="the reports folder")  # before anything is read or run
    reports, problems = read_config(config)
    selected = select_reports(reports, only, problems)
    for report in selected:  # <name>.failed.ipynb is the longest file a report writes
        check_name_length(f"{report.name}.failed.ipynb", out.parent, what="report")
    scheduler = scheduler or os.environ.get("CDSKIT_SCHEDULER") or None
    data = data_files()
    inputs = inputs_hash(data)
    digests = {
        report.name: fingerprint(report, runner_parameters(report), inputs, kernel_name)
        for report in selected
    }
    # A report whose fingerprint is the one recorded passed these same checks then.
    recorded = read_manifest(out / "manifest.json")
    unchecked = [
        r for r in selected if recorded.get(r.name, {}).get("fingerprint") != digests[r.name]
    ]
    will_run = (
        force
        or unchecked
        or any(recorded.get(r.name, {}).get("status") not in _REUSABLE for r in selected)
    )
    if will_run and not scheduler:
        # get the server of report processes ready while the pre-flight runs; it also imports
        # what the notebooks import, for the kernels forked from the report processes
        want(report.notebook for report in selected)
        warm_up()
    problems += check_data(unchecked, config_path(config).name)
    raise_problems(problems, config)
    check_kernel(kernel_name)
    if scheduler:  # a bad Dask setting for the wait stops the command before anything runs
        from cdskit.reports._cluster import connect_timeout

        connect_timeout()
    if not timeout or timeout <= 0:
        raise ParameterError(f"timeout={timeout} must be a positive number of seconds.")
    jobs = os.cpu_count() or 1 if jobs is None else jobs
    if jobs < 1:
        raise ParameterError(f"jobs={jobs} must be at least 1.")
    if profiles is None:  # the project's own reports, from a published dataset
        published = paths.processed_dir()
        profiles = (
            out == paths.reports_dir().resolve()
            and (paths.raw_dir() / "sources.yml").is_file()
            and all(
                (published / name).is_file() for name in ("observations.parquet", "sources.csv")
            )
        )
    timings["preflight"] = round(time.monotonic() - started, 2)
    with locked(out):
        clean_leftovers(out)
        remove_orphans()
        return _batch(
            reports,
            selected,
            out,
            data,
            digests,
            scheduler,
            progress,
            kernel_name=kernel_name,
            timeout=timeout,
            jobs=jobs,
            force=force,
            profiles=profiles,
            timings=timings,
        )


def _batch(
    reports: list[Report],
    selected: list[Report],
    out: Path,
    data: dict[str, Any],
    digests: dict[str, str],
    scheduler: str | None,
    progress: Progress | bool | None,
    *,
    kernel_name: str,
    timeout: float,
    jobs: int,
    force: bool,
    profiles: bool = False,
    timings: dict[str, float] | None = None,
) -> Path:
    timings = {} if timings is None else timings
    started = time.monotonic()
    previous = read_manifest(out / "manifest.json")
    entries: dict[str, dict[str, Any]] = {}
    tasks: list[dict[str, Any]] = []
    by_name = {report.name: report for report in reports}
    display = _progress(progress, len(selected))
    for report in reports:
        old = previous.get(report.name)
        if report not in selected:
            entries[report.name] = old or describe_report(report, "not rendered")
            continue
        parameters = runner_parameters(report)
        digest = digests[report.name]
        if (
            old is not None
            and old.get("status") in _REUSABLE
            and old.get("fingerprint") == digest
            and not force
            and outputs_intact(out, old.get("outputs", []))
        ):
            reused = describe_report(report, "reused")
            entries[report.name] = {**old, **reused, **kept_fields(old)}
            display.finish(report.name, "reused")
            continue
        entry = {
            **describe_report(report, "failed"),
            "parameters": parameters,
            "fingerprint": digest,
        }
        entry.update(
            rendered_at=now(), data_build_hash=data["build_hash"], data_files=data["files"]
        )
        entries[report.name] = entry
        tasks.append(build_task(report, entry, kernel_name, timeout))
    seconds = {name: float(e.get("seconds") or 0) for name, e in previous.items()}
    tasks.sort(key=lambda task: -seconds.get(task["name"], float("inf")))  # longest first
    failures: dict[str, str] = {}
    with _interruptible() as stopped:
        stage = Stage(out)
        try:
            for name, old in previous.items():
                if name not in by_name:  # removed from reports.toml: its files go too
                    stage.remove(files_of(name, old))
            for result in _run(tasks, jobs, scheduler, stage, display, stopped):
                name = result["name"]
                _publish(stage, entries[name], previous.get(name), result)
                if result["status"] == "failed":
                    failures[name] = failure_message(result["failure"])
                display.finish(name, result["status"], failures.get(name, ""))
            display.close()
            timings["reports"] = round(time.monotonic() - started, 2)
            if failures and _disk_full(stage.path):  # reports failed for want of space
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(stage.path))
            if profiles:  # one page per province and the peer picker (profiles/index.json)
                started = time.monotonic()
                write_profiles(stage.path, force=force)
                timings["profiles"] = round(time.monotonic() - started, 2)
            started = time.monotonic()
            index = write_index(stage.path, [entries[r.name] for r in reports], data)
            stage.commit()
            timings["index"] = round(time.monotonic() - started, 2)
        except OSError as exc:  # a full or read-only disk: nothing of this run is published
            display.close()
            stage.discard()
            raise output_error(out, exc, "the reports folder") from None
        except BaseException:
            display.close()
            stage.discard()
            raise
    index = out / index.name
    if failures:
        lines = "; ".join(f"{name}: {message}" for name, message in failures.items())
        raise ReportError(
            f"{len(failures)} of {len(selected)} report(s) failed ({lines}). The previous output "
            f"of each failed report was kept; see {index.name} and manifest.json in {out}.",
            failures,
            index,
        )
    return index


#: Errors of the disk itself: no report can be published, so the whole batch stops.
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO)


def _publish(
    stage: Stage, entry: dict[str, Any], old: dict[str, Any] | None, result: dict[str, Any]
) -> None:
    """Publish one result; a report whose files cannot be written fails alone.

    A full or read-only disk stops the batch (nothing can be published, ``reports/`` stays as
    it was); any other error writing one report's files (a name the file system refuses, a
    file in the way) records that report as failed, keeps its previous files, and the others
    go on.
    """
    try:
        publish_result(stage, entry, old, result)
    except OSError as exc:
        if exc.errno in _DISK_ERRORS or _disk_full(stage.path):
            raise
        with contextlib.suppress(OSError):  # no half-written files of this report
            stage.remove(result.get("files", {}))
        stage.restore(files_of(entry["name"], old))  # its previous good files, from reports/
        failed: dict[str, Any] = {"status": "failed", "files": {}, "seconds": result.get("seconds")}
        failed["failure"] = {
            "kind": "output",
            "cell": None,
            "error": f"its files could not be written in {stage.out}: {exc.strerror or exc}",
        }
        publish_result(stage, entry, old, failed)
        result.update(status="failed", failure=failed["failure"])


def _disk_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` has no space left for this user."""
    try:
        return os.statvfs(folder).f_bavail == 0
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return False


def _run(
    tasks: list[dict[str, Any]],
    jobs: int,
    scheduler: str | None,
    stage: Stage,
    display: Progress,
    stopped: threading.Event,
) -> Iterator[dict[str, Any]]:
    """Yield the result of every task, from the local pool or the Dask scheduler."""
    if not tasks:
        return
    lock = threading.Lock()

    def started(name: str) -> None:
        with lock:
            display.start(name)

    if scheduler:
        from cdskit.reports._cluster import ClusterBatch

        batch = ClusterBatch(scheduler, started)
        try:
            yield from batch.run(tasks)
        except BaseException:
            batch.stop_all()
            raise
        finally:
            batch.close()
        return

    def job(task: dict[str, Any]) -> dict[str, Any]:
        started(task["name"])
        return run_task(task, work_root=str(stage.work), cancelled=stopped.is_set)

    pool = ThreadPoolExecutor(max_workers=min(jobs, len(tasks)), thread_name_prefix="report")
    try:
        futures = [pool.submit(job, task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()
    finally:
        stopped.set()  # reports still running (after an interruption) end their kernels
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _interruptible() -> Iterator[threading.Event]:
    """Turn SIGINT and SIGTERM into :class:`BatchInterrupted`; set the event on the way out."""
    stopped = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return
    received: list[int] = []

    def handler(signum: int, _frame: Any) -> None:
        if received:  # already stopping: let the clean-up finish
            return
        received.append(signum)
        stopped.set()
        raise BatchInterrupted(
            f"interrupted by {signal.Signals(signum).name}: running reports were stopped and "
            "reports/ was left as it was before this run.",
            signum,
        )

    names = [s for s in ("SIGINT", "SIGTERM") if hasattr(signal, s)]
    previous = {name: signal.signal(getattr(signal, name), handler) for name in names}
    try:
        yield stopped
    finally:
        stopped.set()
        for name, old in previous.items():
            signal.signal(getattr(signal, name), old)


def _progress(progress: Progress | bool | None, total: int) -> Progress:
    if isinstance(progress, Progress):
        return progress
    if progress is False:
        return Progress(total, stream=open(os.devnull, "w"), live=False)
    return Progress(total)

"""Send report tasks to a Dask distributed scheduler instead of the local pool.

Each task runs :func:`cdskit.reports._launch.run_task` on a worker: the same report process,
kernel and watchdog as locally, and the rendered files come back as bytes, so workers need the
kit and the project data (``CDSKIT_ROOT``) but no shared folder with the machine that stages
and publishes ``reports/``. Workers announce when a report starts (an event topic) and stop a
running report when the batch is interrupted (a cluster-wide ``Event``).

How long the batch waits for the scheduler is Dask's own setting
``distributed.comm.timeouts.connect`` (Dask's default 30 s), set with the environment variable
``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=60s`` or in a Dask configuration file.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from cdskit.errors import ParameterError, ReportError
from cdskit.reports._failure import failure
from cdskit.reports._launch import run_task

#: Event topic on which workers announce the start of a report.
TOPIC = "cdskit-reports"
#: Seconds between two looks at the cluster-wide stop event from a running report.
CANCEL_POLL_SECONDS = 1.0
#: Dask's setting for how long to wait for the scheduler, and its environment variable.
CONNECT_SETTING = "distributed.comm.timeouts.connect"
CONNECT_VARIABLE = "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT"
#: Seconds to wait when Dask's configuration has no value (Dask's own default).
DEFAULT_CONNECT_SECONDS = 30.0


def connect_timeout() -> float:
    """Return the seconds to wait for the scheduler: Dask's ``distributed.comm.timeouts.connect``.

    Returns
    -------
    float
        The setting in seconds (``"5s"``, ``"2 minutes"`` and ``5`` are read as Dask reads
        them); :data:`DEFAULT_CONNECT_SECONDS` when Dask's configuration has no value.

    Raises
    ------
    ParameterError
        When the setting is not a positive duration.

    Examples
    --------
    >>> import dask, distributed  # distributed before the set: see dask.config.set
    >>> with dask.config.set({"distributed.comm.timeouts.connect": "5s"}):
    ...     connect_timeout()
    5.0
    """
    import dask
    import distributed  # noqa: F401  (puts Dask's defaults for distributed in its configuration)
    from dask.utils import parse_timedelta

    value = dask.config.get(CONNECT_SETTING, default=None)
    if value is None:
        return DEFAULT_CONNECT_SECONDS
    try:
        seconds = None if isinstance(value, bool) else parse_timedelta(value, "s")
    except (KeyError, TypeError, ValueError):
        seconds = None
    if seconds is None or seconds <= 0:
        raise ParameterError(
            f"Dask setting {CONNECT_SETTING} = {value!r} is not a positive duration; set "
            f"{CONNECT_VARIABLE} (or the setting in a Dask configuration file) to the time to "
            "wait for the scheduler, such as 30s."
        )
    return float(seconds)


def cluster_task(task: dict[str, Any], stop_event: str) -> dict[str, Any]:
    """Run one report task on a Dask worker (see :func:`cdskit.reports._launch.run_task`).

    Parameters
    ----------
    task : dict
        The report task.
    stop_event : str
        Name of the ``distributed.Event`` set when the batch is interrupted.

    Returns
    -------
    dict
        The result of :func:`~cdskit.reports._launch.run_task`.
    """
    from distributed import Event, get_worker

    try:
        get_worker().log_event(TOPIC, {"name": task["name"], "event": "start"})
    except (ValueError, AttributeError):  # not on a worker (tests calling directly)
        pass
    stop = Event(stop_event)
    last = [0.0, False]

    def cancelled() -> bool:
        if time.monotonic() - last[0] >= CANCEL_POLL_SECONDS:
            last[0] = time.monotonic()
            try:
                last[1] = bool(stop.is_set())
            except Exception:  # the scheduler is gone: stop too
                last[1] = True
        return bool(last[1])

    return run_task(task, cancelled=cancelled)


class ClusterBatch:
    """A batch of report tasks on the scheduler at ``address``.

    Parameters
    ----------
    address : str
        Scheduler address (``tcp://10.0.0.5:8786``).
    on_start : callable
        Called with a report name when a worker starts it.

    Raises
    ------
    ReportError
        When the scheduler does not answer within :func:`connect_timeout` seconds.
    """

    def __init__(self, address: str, on_start: Callable[[str], None]) -> None:
        from distributed import Client, Event

        seconds = connect_timeout()
        try:
            self.client = Client(address, timeout=seconds, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ReportError(
                f"cannot reach the Dask scheduler at {address} within {seconds:g} s ({exc}); "
                "check the address (--scheduler or CDSKIT_SCHEDULER) and that the scheduler is "
                f"running, or wait longer with {CONNECT_VARIABLE}=60s ({CONNECT_SETTING} in a "
                "Dask configuration file)."
            ) from None
        self.stop_name = f"cdskit-stop-{uuid.uuid4().hex}"
        self.stop = Event(self.stop_name, client=self.client)
        self.client.subscribe_topic(TOPIC, lambda event: on_start(event[1]["name"]))
        self.futures: list[Any] = []

    def run(self, tasks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Submit every task and yield results as they arrive (failures included)."""
        from distributed import as_completed

        batch = uuid.uuid4().hex[:8]
        names = {}
        for task in tasks:
            future = self.client.submit(
                cluster_task,
                task,
                self.stop_name,
                key=f"cdskit-report-{task['name']}-{batch}",
                pure=False,
                retries=0,
            )
            names[future.key] = task["name"]
            self.futures.append(future)
        for future in as_completed(self.futures, loop=self.client.loop):
            try:
                yield future.result()
            except Exception as exc:  # the worker died or the task could not run there
                name = names[future.key]
                yield {
                    "name": name,
                    "status": "failed",
                    "warnings": [],
                    "files": {},
                    "failure": failure(
                        f"ClusterError: the cluster could not run the report "
                        f"({type(exc).__name__}: {exc})",
                        kind="process died",
                    ),
                }

    def stop_all(self, wait: float = 10.0) -> None:
        """Stop running reports on the workers and cancel those not started."""
        try:
            self.stop.set()  # running reports end their kernels; queued ones end at once
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and not all(f.done() for f in self.futures):
                time.sleep(0.2)
            self.client.cancel([f for f in self.futures if not f.done()])
        except Exception:  # the scheduler may already be gone
            pass

    def close(self) -> None:
        """Disconnect from the scheduler."""
        try:
            self.client.close(timeout=10)
        except Exception:
            pass

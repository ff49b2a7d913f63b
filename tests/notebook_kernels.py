"""Run a notebook with papermill the way ``cdskit reports`` runs each report.

:func:`execute_notebook` takes the arguments of :func:`papermill.execute_notebook` and runs it
in a process forked from the kit's report server (:mod:`cdskit.reports._launch`), whose kernel
is forked from that process (:mod:`cdskit.reports._kernel`): a real IPython kernel that finds
IPython, pandas, GeoPandas, Matplotlib, Folium and the kit imported. A ``python3`` kernel
started from scratch spends about 3 s of processor time importing them before the notebook's
first cell (measured on the indicator-map notebook: 8.0-8.9 s against 5.5-6.0 s forked);
the notebook's own ``import`` lines still run and fail as they would for an analyst.

``tests/conftest.py`` records the modules of every notebook in ``notebooks/`` before any test
starts the server, so the server of each test worker imports them once. The test's
environment and working folder go with the call; what papermill returns or raises
(:class:`papermill.PapermillExecutionError` included) comes back to the test.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def execute_notebook(*args: Any, **kwargs: Any) -> Any:
    """:func:`papermill.execute_notebook` on a kernel forked from the preloaded report server."""
    from cdskit.reports._launch import _forkserver

    context = _forkserver()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_execute, args=(sender, args, kwargs, dict(os.environ), os.getcwd())
    )
    process.start()
    sender.close()
    try:
        ok, value = receiver.recv()
    except EOFError:
        process.join()
        raise RuntimeError(
            f"the notebook process ended (exit code {process.exitcode}) without a result"
        ) from None
    finally:
        receiver.close()
    process.join()
    if not ok:
        raise value
    return value


def _execute(sender: Any, args: tuple, kwargs: dict, environment: dict, cwd: str) -> None:
    """In the forked process: run papermill with the kit's kernel manager; send the outcome."""
    import papermill

    from cdskit.reports._execute import QuietKernelManager

    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    sockets = tempfile.mkdtemp(prefix="cdskit-test-ipc-")
    os.environ["CDSKIT_IPC_DIR"] = sockets  # the kernel's IPC sockets, not in the test's folder
    try:
        result = papermill.execute_notebook(
            *args, kernel_manager_class=QuietKernelManager, **kwargs
        )
        outcome: tuple[bool, Any] = (True, result)
    except BaseException as error:  # every failure goes back to the test
        outcome = (False, error)
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    try:
        sender.send(outcome)
    except Exception as error:  # an exception that cannot be pickled: its text instead
        sender.send((False, RuntimeError(f"{outcome[1]!r} ({error})")))
    sender.close()


def execute_into(notebook: Path, folder: Path, parameters: dict[str, Any]) -> tuple[Path, Path]:
    """Run ``notebook`` from its own folder with ``parameters`` and ``output_dir`` in ``folder``.

    Returns the executed notebook (``folder/executed.ipynb``) and the output folder
    (``folder/maps``).
    """
    output = folder / "maps"
    executed = folder / "executed.ipynb"
    execute_notebook(
        str(notebook),
        str(executed),
        parameters={**parameters, "output_dir": str(output)},
        kernel_name="python3",
        cwd=str(notebook.parent),
        progress_bar=False,
    )
    return executed, output

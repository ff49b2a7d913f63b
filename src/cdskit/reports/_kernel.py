"""Kernels forked from a report process that has already imported what the notebooks import.

A report's kernel is normally a new Python (``python -m ipykernel_launcher -f FILE``) that
imports IPython, then, in the notebook's first cells, pandas, GeoPandas, Matplotlib, Folium and
the kit: seconds of every report spent importing the same modules. Instead, the server report
processes are forked from (:func:`cdskit.reports._launch.warm_up`) imports IPython's kernel and
the modules the batch's notebooks import (:func:`want`, :func:`wanted`) once, and
:func:`start_kernel` forks the kernel from the report process: the same IPython kernel, on the
same connection file, in a session of its own, with the environment and working folder the
kernel manager asked for; the notebook's ``import`` lines find the modules loaded.

The kernel is started the ordinary way when IPython's kernel was not preloaded (a report
process started with ``python -m``), on a platform without ``fork``, or when the kernel's
command is not this interpreter's ``ipykernel_launcher`` (another kernel, another Python).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Iterable
from pathlib import Path

#: Always imported for the kernels: IPython's kernel itself.
KERNEL_MODULES = ("ipykernel.kernelapp",)
#: The backend ipykernel gives Matplotlib (figures shown under the cell that drew them).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_MAGIC = re.compile(r"^\s*[%!?]")
#: Modules of the notebooks recorded by :func:`want` (ordered, each once).
_WANTED: dict[str, None] = {}


def notebook_modules(notebooks: Iterable[str | os.PathLike[str]]) -> list[str]:
    r"""Return the modules the code cells of ``notebooks`` import, in the order they appear.

    ``import a.b`` gives ``a.b``; ``from a import b`` gives ``a`` and ``a.b`` (a module or a
    name: a name that is not a module fails to import, and the server skips it). Relative
    imports, magics and cells that do not parse are skipped.

    Parameters
    ----------
    notebooks : iterable of path-like
        Notebook files.

    Returns
    -------
    list of str
        Module names, each once.

    Examples
    --------
    >>> import json, tempfile
    >>> cells = [{"cell_type": "code", "source": "%matplotlib inline\nimport pandas as pd\n"
    ...           "from cdskit import maps, load"}, {"cell_type": "markdown", "source": "import x"}]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "demo.ipynb")
    ...     _ = path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    ...     notebook_modules([path])
    ['pandas', 'cdskit', 'cdskit.maps', 'cdskit.load']
    """
    import ast
    import json

    found: dict[str, None] = {}
    for notebook in notebooks:
        try:
            cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            lines = [line for line in source.splitlines() if not _MAGIC.match(line)]
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(dict.fromkeys(alias.name for alias in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found[node.module] = None
                    found.update(dict.fromkeys(f"{node.module}.{a.name}" for a in node.names))
    return list(found)


def want(notebooks: Iterable[str | os.PathLike[str]]) -> None:
    """Record the modules ``notebooks`` import, for the server started next (:func:`wanted`)."""
    _WANTED.update(dict.fromkeys(notebook_modules(notebooks)))


def wanted() -> list[str]:
    """Return the modules the report-process server imports for the kernels.

    :data:`KERNEL_MODULES`, then the modules recorded with :func:`want`.

    Examples
    --------
    >>> wanted()[0]
    'ipykernel.kernelapp'
    """
    return [*KERNEL_MODULES, *(name for name in _WANTED if name not in KERNEL_MODULES)]


def preloaded() -> bool:
    """Whether this process has imported IPython's kernel (a process forked from the server).

    Examples
    --------
    >>> import sys
    >>> preloaded() == ("ipykernel.kernelapp" in sys.modules)
    True
    """
    return "ipykernel.kernelapp" in sys.modules


def forkable(kernel_cmd: list[str]) -> bool:
    """Whether ``kernel_cmd`` starts this interpreter's IPython kernel, which can be forked.

    Parameters
    ----------
    kernel_cmd : list of str
        The command the kernel manager would run: ``python [-X option ...] -m
        ipykernel_launcher -f FILE`` (ipykernel's own kernel spec passes
        ``-Xfrozen_modules=off``, which only matters to a debugger).

    Examples
    --------
    >>> import sys
    >>> python = sys.executable
    >>> forkable([python, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"])
    True
    >>> forkable(["/usr/bin/R", "--slave", "-e", "IRkernel::main()", "--args", "k.json"])
    False
    """
    if os.name != "posix" or not hasattr(os, "fork") or "-m" not in kernel_cmd:
        return False
    module = kernel_cmd.index("-m")
    if not all(option.startswith("-X") for option in kernel_cmd[1:module]):
        return False
    rest = kernel_cmd[module + 1 :]
    if len(rest) < 3 or rest[0] != "ipykernel_launcher" or rest[1] not in ("-f", "--f"):
        return False
    with contextlib.suppress(OSError):
        return Path(kernel_cmd[0]).resolve() == Path(sys.executable).resolve()
    return False


def _kernel_arguments(kernel_cmd: list[str]) -> list[str]:
    """Return the arguments of ``ipykernel_launcher`` in ``kernel_cmd`` (see :func:`forkable`)."""
    return list(kernel_cmd[kernel_cmd.index("-m") + 2 :])


class ForkedKernel:
    """A kernel process forked from this process, seen as a :class:`subprocess.Popen`.

    Enough of ``Popen`` for jupyter_client's local provisioner: ``pid``, ``poll``, ``wait``,
    ``send_signal``, ``terminate``, ``kill`` and no standard streams.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """Return the exit code when the kernel has ended, else ``None``."""
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # already collected
                self.returncode = -signal.SIGKILL
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end and return its exit code."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"the kernel (pid {self.pid}) is still running")
            time.sleep(0.05)
        return int(self.returncode or 0)

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel (if it is still running)."""
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        """Ask the kernel to end (SIGTERM)."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """End the kernel (SIGKILL)."""
        self.send_signal(signal.SIGKILL)


def start_kernel(kernel_cmd: list[str], env: dict[str, str], cwd: str | None) -> ForkedKernel:
    """Fork this process into the kernel ``kernel_cmd`` would start; return it.

    Parameters
    ----------
    kernel_cmd : list of str
        ``python -m ipykernel_launcher -f FILE [options]`` (see :func:`forkable`).
    env : dict
        The kernel's whole environment.
    cwd : str, optional
        The kernel's working folder.

    Returns
    -------
    ForkedKernel
        The kernel process; it leads a session of its own (its pid is its process group).
    """
    arguments = _kernel_arguments(kernel_cmd)
    pid = os.fork()
    if pid:
        return ForkedKernel(pid)
    code = 1
    try:  # the child: never returns to the caller's code, always ends with os._exit
        code = _run_kernel(arguments, {**env, "JPY_PARENT_PID": str(os.getppid())}, cwd)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    return ForkedKernel(pid)  # pragma: no cover - the child never gets here


def _run_kernel(arguments: list[str], env: dict[str, str], cwd: str | None) -> int:
    """In the forked child: become the kernel process and run IPython's kernel until shutdown."""
    import asyncio

    os.setsid()  # its own session, like a kernel started by jupyter_client
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    if cwd:
        os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    # The parent forked from inside its event loop (and may have set a signal wake-up fd).
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(asyncio.new_event_loop())
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    # What matplotlib does on import when the kernel sets MPLBACKEND (ipykernel's default).
    import matplotlib

    matplotlib.rcParams["backend"] = os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    # ipykernel_launcher takes the working folder off sys.path; IPython puts '' back.
    while "" in sys.path:
        sys.path.remove("")
    sys.argv = [sys.executable, *arguments]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=arguments)
    return 0

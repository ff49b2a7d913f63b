"""Failure records of a report: cell, source excerpt and error in one line.

The cell is numbered as in the committed notebook.

A record is built from the exception papermill raised, or, when the report process was killed
(timeout, dead kernel), from the executed notebook papermill saved when the cell started.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

#: Lines of a cell's source kept in a failure record, and characters per line.
EXCERPT_LINES = 3
EXCERPT_WIDTH = 100


def failure(
    error: str, *, kind: str, cell: int | None = None, excerpt: str | None = None
) -> dict[str, Any]:
    r"""Return a failure record.

    Parameters
    ----------
    error : str
        ``"Name: message"``; only its first line is kept.
    kind : {"error", "timeout", "kernel died", "process died", "interrupted"}
        What ended the report.
    cell : int, optional
        1-based number of the cell in the committed notebook.
    excerpt : str, optional
        The start of that cell's source.

    Returns
    -------
    dict
        ``cell``, ``excerpt``, ``error`` and ``kind``.

    Examples
    --------
    >>> failure("ValueError: bad\nmore", kind="error", cell=4)["error"]
    'ValueError: bad'
    """
    line = next((part.strip() for part in str(error).splitlines() if part.strip()), "")
    return {"cell": cell, "excerpt": excerpt, "error": line or kind, "kind": kind}


def excerpt_of(source: str) -> str:
    r"""Return the first non-empty lines of a cell's source, shortened.

    Examples
    --------
    >>> excerpt_of("\nif fail:\n    raise ValueError('x')\n")
    "if fail:\n    raise ValueError('x')"
    """
    lines = [line.rstrip() for line in source.splitlines() if line.strip()]
    shown = [
        line if len(line) <= EXCERPT_WIDTH else line[: EXCERPT_WIDTH - 1] + "…"
        for line in lines[:EXCERPT_LINES]
    ]
    if len(lines) > EXCERPT_LINES:
        shown.append("…")
    return "\n".join(shown)


def failure_from_exception(exc: BaseException, notebook: Path, executed: Path) -> dict[str, Any]:
    """Return the failure record of an exception raised while executing or converting.

    Parameters
    ----------
    exc : BaseException
        The exception.
    notebook : pathlib.Path
        The notebook as committed (cells are numbered from it).
    executed : pathlib.Path
        The executed notebook papermill wrote (may be partial or missing).

    Returns
    -------
    dict
        See :func:`failure`; ``cell`` is ``None`` when the exception names no cell.
    """
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        index = _source_cell_index(notebook, executed, exc.cell_index, exc.source)
        value = next((line for line in str(exc.evalue).splitlines() if line.strip()), "")
        return failure(
            f"{exc.ename}: {value}" if value else exc.ename,
            kind="error",
            cell=index + 1,
            excerpt=excerpt_of(exc.source),
        )
    if isinstance(exc, DeadKernelError):
        return failure(
            "DeadKernelError: the kernel died while running this cell (it was killed, crashed "
            "or ran out of memory)",
            kind="kernel died",
        )
    if isinstance(exc, CellTimeoutError):
        return failure("TimeoutError: the cell ran longer than the timeout", kind="timeout")
    message = str(exc).strip() or type(exc).__name__
    return failure(f"{type(exc).__name__}: {message}", kind="error")


def running_cell(notebook: Path, executed: Path) -> dict[str, Any]:
    """Return ``cell`` and ``excerpt`` of the last cell that started, or ``{}``.

    Read from the executed notebook that papermill saves when each cell starts: after a kill
    that cell is still ``running``; after a dead kernel papermill has marked it ``completed``,
    but no later cell has started.
    """
    import nbformat

    try:
        cells = nbformat.read(executed, as_version=4).cells
    except (OSError, ValueError, AttributeError):
        return {}
    started = [
        position
        for position, cell in enumerate(cells)
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if not started:
        return {}
    cell = cells[started[-1]]
    index = _source_cell_index(notebook, executed, started[-1], cell.source)
    return {"cell": index + 1, "excerpt": excerpt_of(cell.source)}


def _source_cell_index(notebook: Path, executed: Path, cell_index: int, source: str) -> int:
    """Map the index of a cell during execution back to the notebook as committed.

    Papermill inserts an ``injected-parameters`` cell while executing (and error banners in the
    saved copy), so the committed index is found from the cell's source when it is unique.
    """
    import nbformat

    with contextlib.suppress(OSError, ValueError, AttributeError):
        original = nbformat.read(notebook, as_version=4)
        matches = [i for i, cell in enumerate(original.cells) if cell.source == source]
        if len(matches) == 1:
            return matches[0]
    with contextlib.suppress(OSError, ValueError, AttributeError):
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

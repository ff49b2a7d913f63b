"""Progress of a batch: a live bar on a terminal, one plain line per event otherwise.

The bar (tqdm) shows reports done out of the total, how many run now, the elapsed time and an
estimate of the time left. Without a terminal (cron, systemd, a pipe) each start and end is one
line, so a mailed log stays readable.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class Progress:
    """Report the progress of a batch.

    Parameters
    ----------
    total : int
        Reports in the batch (reused ones included).
    stream : file, optional
        Where to write (default: standard error).
    live : bool, optional
        Live bar (default: when ``stream`` is a terminal).
    """

    def __init__(self, total: int, stream: TextIO | None = None, live: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.total = total
        self.done = 0
        self.running: set[str] = set()
        self.started = time.monotonic()
        self._bar: Any = None
        if self.live and total:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                file=self.stream,
                unit="report",
                desc="reports",
                bar_format="{desc}: {n}/{total} |{bar}| {postfix} [{elapsed}<{remaining}]",
                dynamic_ncols=True,
            )
            self._show()

    def start(self, name: str) -> None:
        """Show that a report process started."""
        self.running.add(name)
        if self._bar is not None:
            self._show()
        else:
            self._line(f"start    {name}")

    def finish(self, name: str, status: str, detail: str = "") -> None:
        """Show that a report ended (``rendered``, ``reused`` or ``failed``)."""
        self.running.discard(name)
        self.done += 1
        if self._bar is not None:
            if status == "failed":
                self._bar.write(f"failed   {name}: {detail}", file=self.stream)
            self._bar.update(1)
            self._show()
        else:
            self._line(f"{status:<8} {name}" + (f": {detail}" if detail else ""))

    def close(self) -> None:
        """End the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _show(self) -> None:
        self._bar.set_postfix_str(f"running {len(self.running)}", refresh=True)

    def _line(self, text: str) -> None:
        elapsed = time.monotonic() - self.started
        print(
            f"[{self.done}/{self.total} {elapsed:6.1f}s] {text}",
            file=self.stream,
            flush=True,
        )

"""Stage a whole ``reports/`` folder beside the real one and swap it in at the end.

A batch writes into ``.reports.staging-*`` (a hard-linked copy of the previous ``reports/``, so
reports it does not re-render cost nothing), then replaces ``reports/`` in two renames with
interruption signals held back. Until then the previous folder is untouched, byte for byte:
an interrupted or killed batch never leaves a half-written report, index or manifest. The next
run removes what a killed one left behind (and restores ``reports/`` if it was caught between
the two renames). A lock on the parent folder keeps two batches from writing at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from cdskit.errors import ReportError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock
    fcntl = None  # type: ignore[assignment]

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock of the folder holding ``out``; fail at once if another batch holds it.

    The lock is taken on the folder itself (no lock file is left behind) and released by the
    system when the process ends, however it ends.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    handle = os.open(out.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportError(
                f"another 'cdskit reports' is writing reports in {out.parent}; wait for it to "
                "finish (or end it) and run again."
            ) from None
        yield
    finally:
        os.close(handle)


def clean_leftovers(out: Path) -> list[str]:
    """Remove what an interrupted or killed batch left beside and inside ``out``.

    Returns
    -------
    list of str
        Names of what was removed or restored.
    """
    parent, removed = out.parent, []
    old = sorted(parent.glob(f".{out.name}.old-*"))
    if not out.exists() and old:
        os.replace(old[-1], out)  # killed between the two renames: the previous folder is back
        removed.append(f"restored {out.name} from {old[-1].name}")
        old = old[:-1]
    for path in [*old, *parent.glob(f".{out.name}.staging-*")]:
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    if out.is_dir():  # temporary folders of earlier runner versions
        for path in out.glob(".*-*"):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(f"{out.name}/{path.name}")
    return removed


class Stage:
    """A staged copy of the reports folder ``out``.

    Parameters
    ----------
    out : pathlib.Path
        The real reports folder (may not exist yet).
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
        self.work = self.path / ".work"  # report work folders; removed before the swap
        self.work.mkdir()
        if out.is_dir():
            _link_tree(out, self.path)

    def remove(self, paths: Iterable[str]) -> None:
        """Remove files or folders (relative paths) from the staged copy."""
        for relative in paths:
            target = self.path / relative
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)

    def restore(self, paths: Iterable[str]) -> None:
        """Put files or folders (relative paths) of the real ``out`` back into the staged copy."""
        for relative in paths:
            source, target = self.out / relative, self.path / relative
            if source.is_dir():
                _link_tree(source, target)
            elif source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)

    def write(self, files: dict[str, bytes]) -> None:
        """Write files (relative path → bytes) into the staged copy."""
        for relative, payload in files.items():
            target = self.path / relative
            if self.path.resolve() not in target.resolve().parents:
                raise ReportError(f"refusing to write {relative!r} outside the reports folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # never write through a hard link to the old file
            target.write_bytes(payload)

    def commit(self) -> None:
        """Replace ``out`` with the staged copy (interruption signals are held meanwhile)."""
        shutil.rmtree(self.work, ignore_errors=True)
        with _signals_held():
            old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
            if self.out.exists():
                os.replace(self.out, old)
            os.replace(self.path, self.out)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staged copy; ``out`` stays as it was."""
        shutil.rmtree(self.path, ignore_errors=True)


def _link_tree(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` with hard links (copies where links are impossible)."""
    for folder, directories, files in os.walk(source):
        here = Path(folder)
        directories[:] = [d for d in directories if not d.startswith(".")]
        destination = target / here.relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            try:
                os.link(here / name, destination / name)
            except OSError:
                shutil.copy2(here / name, destination / name)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

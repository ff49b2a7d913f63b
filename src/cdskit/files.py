"""Atomic file writes: a temporary file beside the target, then :func:`os.replace`.

A failed or interrupted write leaves the previous file untouched and no partial file behind.
Written files are readable by everyone (mode 0644), as files shared with others should be.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from cdskit.errors import OutputError

FILE_MODE = 0o644


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Write ``target`` through ``write(temporary_path)``, then move it into place.

    Parameters
    ----------
    target : path-like
        File to create or replace; its folder is created when missing.
    write : callable
        Called with a temporary path in the target's folder (same suffix as the target, so
        writers that look at the suffix, such as ``savefig``, pick the right format).

    Returns
    -------
    pathlib.Path
        ``target``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder) / "a.txt"
    ...     path = write_atomically(target, lambda p: p.write_text("xin chào", "utf-8"))
    ...     path.read_text("utf-8")
    'xin chào'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent
    )
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def write_bytes_atomically(target: str | os.PathLike[str], payload: bytes) -> Path:
    """Write ``payload`` to ``target`` atomically (see :func:`write_atomically`)."""
    return write_atomically(target, lambda path: path.write_bytes(payload))


def write_text_atomically(target: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``target`` atomically, newlines as given."""
    return write_bytes_atomically(target, text.encode("utf-8"))


def file_sha256(path: str | os.PathLike[str]) -> str:
    """Return the sha256 of a file as 64 lowercase hex digits.

    Parameters
    ----------
    path : str or path-like
        File to hash (read in 1 MiB chunks, so large files use little memory).

    Returns
    -------
    str
        Hex digest.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     empty = pathlib.Path(folder) / "empty"
    ...     _ = empty.write_bytes(b"")
    ...     file_sha256(empty)[:16]
    'e3b0c44298fc1c14'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_folder_atomically(
    target_dir: str | Path, writers: dict[str, Callable[[Path], None]]
) -> dict[str, Path]:
    """Write several files into ``target_dir`` together: all of them replace the old ones, or none.

    The files are first written into a staging folder *inside* ``target_dir`` (so the final
    renames never cross a file system, even when ``target_dir`` is a mount of its own), then
    swapped in one by one; the files they replace are kept aside until every new file is in
    place and put back if any rename fails. Staging folders are always removed, including
    those a killed run left behind.

    Parameters
    ----------
    target_dir : str or pathlib.Path
        Folder receiving the files (created when missing).
    writers : dict of str to callable
        File name → function writing that file at the path it is given.

    Returns
    -------
    dict of str to pathlib.Path
        File name → final path.

    Raises
    ------
    OutputError
        The folder cannot be written (read-only, full disk, permission denied...); the files
        already in it are unchanged.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder) / "out"
    ...     written = write_folder_atomically(target, {"a.txt": lambda p: p.write_text("a")})
    ...     sorted(p.name for p in target.iterdir())
    ['a.txt']
    """
    target = Path(target_dir)
    try:
        target.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(target)
        staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{os.getpid()}-", dir=target))
    except OSError as exc:
        raise output_error(target, exc) from None
    try:
        for name, write in writers.items():
            write(staging / name)
            os.chmod(staging / name, FILE_MODE)
        _swap(staging, target, list(writers))
    except OSError as exc:
        raise output_error(target, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {name: target / name for name in writers}


_STAGING = ".staging-"


def _swap(staging: Path, target: Path, names: list[str]) -> None:
    """Move every staged file into ``target``; on failure put the previous files back.

    A plan (each name, and whether a previous file existed) is written first and a marker
    last, so that a run killed halfway is rolled back by the next one
    (:func:`_remove_stale_staging`).
    """
    aside = staging / _ASIDE
    aside.mkdir()
    plan = [(name, (target / name).exists()) for name in names]
    (staging / _PLAN).write_text(
        "".join(f"{int(existed)}\t{name}\n" for name, existed in plan), encoding="utf-8"
    )
    try:
        for name, existed in plan:
            if existed:
                os.replace(target / name, aside / name)
            os.replace(staging / name, target / name)
    except BaseException:
        _roll_back(staging, target)
        raise
    (staging / _SWAPPED).touch()


def _roll_back(staging: Path, target: Path) -> None:
    """Put back the files a swap moved aside, and remove new files that had no predecessor."""
    for line in (staging / _PLAN).read_text(encoding="utf-8").splitlines():
        existed, _, name = line.partition("\t")
        if existed == "1":
            if (staging / _ASIDE / name).exists():
                os.replace(staging / _ASIDE / name, target / name)
        else:
            (target / name).unlink(missing_ok=True)


def _remove_stale_staging(target: Path) -> None:
    """Remove staging folders of runs that no longer exist, undoing a swap they left halfway."""
    for folder in target.glob(f"{_STAGING}*"):
        pid = folder.name[len(_STAGING) :].partition("-")[0]
        if not pid.isdigit() or _running(int(pid)):
            continue
        if (folder / _PLAN).is_file() and not (folder / _SWAPPED).exists():
            _roll_back(folder, target)
        shutil.rmtree(folder, ignore_errors=True)


_ASIDE, _PLAN, _SWAPPED = ".previous", ".plan", ".swapped"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_REASONS = {
    errno.EROFS: (
        "it is on a read-only file system",
        "remount it read-write or choose another output folder",
    ),
    errno.ENOSPC: ("the disk is full", "free some space on that disk"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or ask for a larger quota"),
    errno.EACCES: (
        "permission is denied",
        "make the folder writable for this user or choose another output folder",
    ),
    errno.EPERM: (
        "the operation is not permitted",
        "make the folder writable for this user or choose another output folder",
    ),
}


def output_error(folder: Path, exc: OSError) -> OutputError:
    """Return the error for a folder that cannot be written, in one sentence.

    Parameters
    ----------
    folder : pathlib.Path
        The folder being written.
    exc : OSError
        What the operating system said.

    Returns
    -------
    OutputError
        Names the folder, the reason and what to do; the previous files are unchanged.

    Examples
    --------
    >>> import errno, pathlib
    >>> error = output_error(pathlib.Path("data/processed"), OSError(errno.ENOSPC, "No space"))
    >>> str(error).split(";")[0]
    'Cannot write to folder data/processed: the disk is full'
    >>> error.errno == errno.ENOSPC
    True
    """
    reason, advice = _REASONS.get(
        exc.errno,
        (f"{exc.strerror or exc}", "check the folder and its disk"),
    )
    return OutputError(
        f"Cannot write to folder {folder}: {reason}; {advice} and run again (the files "
        "already in the folder are unchanged).",
        exc.errno,
    )

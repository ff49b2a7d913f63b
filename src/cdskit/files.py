"""Atomic file writes: a temporary file beside the target, then :func:`os.replace`.

A failed or interrupted write leaves the previous file untouched and no partial file behind.
Written files are readable by everyone (mode 0644), as files shared with others should be.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

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
    """Write several files into a temporary folder, then move each into ``target_dir``.

    Parameters
    ----------
    target_dir : str or pathlib.Path
        Folder receiving the files (created when missing).
    writers : dict of str to callable
        File name → function writing that file at the path it is given.

    Returns
    -------
    dict of str to pathlib.Path
        File name → final path. When a writer fails, nothing in ``target_dir`` changes.
    """
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, write in writers.items():
            write(staging / name)
        written = {}
        for name in writers:
            os.replace(staging / name, target / name)
            written[name] = target / name
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)

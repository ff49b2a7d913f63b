"""Output files: checked before work starts, then written atomically.

:func:`check_output_folder` and :func:`check_output_file` are the one check of every output
path (``cdskit build``, ``cdskit reports``, ``cdskit narrative --output``, map and chart
saves): the folder exists or can be created, nothing on its way is a file, it is writable, each
file name fits the file system's limit and the suffix matches a format the writer produces
(:data:`OUTPUT_FORMATS`). They raise :class:`~cdskit.errors.OutputError` before anything is
computed.

Writes go to a temporary file beside the target, then :func:`os.replace`: a failed or
interrupted write leaves the previous file untouched and no partial file behind. Written files
are readable by everyone (mode 0644), as files shared with others should be.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from cdskit.errors import OutputError, ParameterError

FILE_MODE = 0o644

#: Output formats by file suffix: the one table every writer's path is checked against. A
#: writer passes the formats it can produce; any other suffix is refused, naming them.
OUTPUT_FORMATS: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".png": "png",
    ".svg": "svg",
    ".csv": "csv",
    ".json": "json",
    ".parquet": "parquet",
    ".xlsx": "xlsx",
}
_FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF"}
#: File-name length assumed where the file system does not say (most allow 255 bytes).
DEFAULT_NAME_MAX = 255


def check_output_folder(folder: str | os.PathLike[str], *, what: str = "output folder") -> Path:
    """Check that ``folder`` exists or can be created, and can be written; create nothing.

    Parameters
    ----------
    folder : path-like
        The folder outputs will be written into.
    what : str
        What it is, for the message (``"--processed-dir"``, ``"reports folder"``).

    Returns
    -------
    pathlib.Path
        The folder, absolute.

    Raises
    ------
    OutputError
        A part of the path is a file, or the folder (or the nearest existing folder above it,
        when it does not exist yet) is on a read-only file system or not writable by this user.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as root:
    ...     check_output_folder(pathlib.Path(root) / "new" / "reports").name
    'reports'
    >>> with tempfile.TemporaryDirectory() as root:
    ...     _ = (pathlib.Path(root) / "notes.txt").write_text("x")
    ...     check_output_folder(pathlib.Path(root) / "notes.txt" / "out")
    Traceback (most recent call last):
    ...
    cdskit.errors.OutputError: Cannot write to output folder .../out: .../notes.txt is a file, ...
    """
    target = Path(os.path.abspath(folder))
    existing = target
    try:
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
    except OSError as exc:  # a folder on the way that this user may not look into
        raise output_error(target, exc, what) from None
    if not existing.is_dir():
        raise OutputError(
            f"Cannot write to {what} {target}: {existing} is a file, not a folder; choose "
            "another output folder or move that file away.",
            errno.ENOTDIR,
        )
    if _read_only(existing):
        raise output_error(target, OSError(errno.EROFS, os.strerror(errno.EROFS)), what)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise output_error(target, OSError(errno.EACCES, os.strerror(errno.EACCES)), what)
    return target


def check_output_file(
    path: str | os.PathLike[str],
    produced: Iterable[str],
    *,
    format: str | None = None,
    what: str = "--output",
) -> tuple[Path, str]:
    """Check an output file before work starts; return it with the format its suffix names.

    Parameters
    ----------
    path : path-like
        The file to write.
    produced : iterable of str
        Formats the writer can produce (keys of :data:`OUTPUT_FORMATS` values: ``"md"``,
        ``"html"``, ``"docx"``, ``"pdf"``, ``"png"``, ``"svg"``...).
    format : str, optional
        A format asked for explicitly (``--format``); it must agree with the suffix.
    what : str
        The parameter, for the message.

    Returns
    -------
    tuple of (pathlib.Path, str)
        The absolute path and its format.

    Raises
    ------
    OutputError
        The folder cannot be written (:func:`check_output_folder`) or the name is longer than
        the file system allows.
    ParameterError
        The suffix names no format this writer produces, or contradicts ``format``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as root:
    ...     check_output_file(pathlib.Path(root) / "lao-cai.docx", ["md", "html", "docx"])[1]
    'docx'
    >>> check_output_file("report.pdf", ["md", "html", "docx"])
    Traceback (most recent call last):
    ...
    cdskit.errors.ParameterError: --output report.pdf asks for PDF, which this writer cannot ...
    """
    produced = tuple(produced)
    target = Path(os.path.abspath(path))
    suffix = target.suffix.lower()
    named = OUTPUT_FORMATS.get(suffix)
    accepted = ", ".join(s for s, f in OUTPUT_FORMATS.items() if f in produced)
    if named is None:
        raise ParameterError(
            f"{what} {Path(path).name}: the suffix {suffix or '(none)'!r} names no format this "
            f"writer produces; end the file name with one of {accepted}."
        )
    if named not in produced:
        raise ParameterError(
            f"{what} {Path(path).name} asks for {_FORMAT_NAMES.get(named, named)}, which this "
            f"writer cannot produce (it writes {', '.join(produced)}); end the file name with "
            f"one of {accepted}."
        )
    if format is not None and str(format).lower().lstrip(".") not in (named, suffix[1:]):
        raise ParameterError(
            f"{what} {Path(path).name} is a {suffix} file but the format asked for is "
            f"{format!r}; make the two agree (or leave the format out)."
        )
    if target.exists() and target.is_dir():
        raise OutputError(
            f"Cannot write {what} {target}: it is a folder; give a file name inside it.",
            errno.EISDIR,
        )
    folder = check_output_folder(target.parent, what=f"the folder of {what}")
    check_name_length(target.name, folder, what=what)
    return target, named


def check_name_length(name: str, folder: str | os.PathLike[str], *, what: str = "file") -> None:
    """Refuse a file name longer than the file system of ``folder`` allows.

    Examples
    --------
    >>> check_name_length("a" * 300, ".")
    Traceback (most recent call last):
    ...
    cdskit.errors.OutputError: Cannot write file 'aaaa…' (300 bytes): ...
    """
    limit = name_max(folder)
    size = len(os.fsencode(name))
    if size > limit:
        raise OutputError(
            f"Cannot write {what} '{name[:4]}…' ({size} bytes): the file system of {folder} "
            f"allows names of at most {limit} bytes; choose a shorter name.",
            errno.ENAMETOOLONG,
        )


def name_max(folder: str | os.PathLike[str]) -> int:
    """Return the longest file name (in bytes) the file system of ``folder`` allows.

    The nearest existing folder is asked (``os.pathconf(..., "PC_NAME_MAX")``); 255 where the
    system does not say.

    Examples
    --------
    >>> name_max(".") >= 14
    True
    """
    existing = Path(os.path.abspath(folder))
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        return int(os.pathconf(existing, "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):
        return DEFAULT_NAME_MAX


def shorten_name(name: str, limit: int) -> str:
    """Return ``name`` cut to ``limit`` characters with a stable hash of the whole name.

    A name within the limit is returned unchanged; a longer one keeps its beginning and ends
    with ``-`` and 10 hex digits of its sha256, so the same long name always gives the same
    short one and two long names sharing a beginning stay apart.

    Examples
    --------
    >>> shorten_name("province-report-lang-son", 40)
    'province-report-lang-son'
    >>> short = shorten_name("report-" + "x" * 300, 40)
    >>> len(short), short == shorten_name("report-" + "x" * 300, 40)
    (40, True)
    """
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return f"{name[: limit - 11].rstrip('-')}-{digest}"


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # pragma: no cover - Windows: ask os.access
        return False


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


# Reason and advice by OSError.errno (None for an OSError raised without a number).
_REASONS: dict[int | None, tuple[str, str]] = {
    errno.EROFS: (
        "it is on a read-only file system",
        "remount it read-write or choose another output folder",
    ),
    errno.ENOSPC: ("the disk is full", "free some space on that disk (no space left on device)"),
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


def output_error(folder: Path, exc: OSError, what: str = "folder") -> OutputError:
    """Return the error for a folder that cannot be written, in one sentence.

    Parameters
    ----------
    folder : pathlib.Path
        The folder being written.
    exc : OSError
        What the operating system said.
    what : str
        What the folder is, for the message.

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
        f"Cannot write to {what} {folder}: {reason}; {advice} and run again (the files "
        "already in the folder are unchanged).",
        exc.errno,
    )

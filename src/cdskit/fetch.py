"""Pinned files: find them in a mirror or the cache, or download them, always hash-checked.

A pinned file has a *registry name* (a relative path such as
``vn-units-2025/json/geojson/20_lang_son/20_lang_son.geojson``), an upstream URL and a sha256.
:func:`fetch` looks for it, in order:

1. in each folder of ``CDSKIT_MIRROR`` (the file ``<mirror>/<name>``); a mirror copy whose hash
   differs is refused, never used or repaired;
2. in the cache (``cache_dir()/<name>``); a cached copy whose hash differs is deleted and fetched
   again;
3. from its URL into the cache, with retries and an optional progress bar. The download goes
   to a temporary file that only replaces the cached name once its hash matches.

:func:`download` is the downloader underneath: it resumes an interrupted transfer with an HTTP
``Range`` request (``If-Range`` makes sure the bytes are of one version of the file), so a large
file is never fetched twice. Files whose hash is not known in advance (snapshots of open data
that the provider re-publishes) use it directly and record the hash themselves.

Registries of pinned files ship in ``cdskit/data`` as tab-separated tables (boundary layers,
open datasets); :func:`read_registry` reads one into :class:`PinnedFile` entries, and
:meth:`PinnedFile.local_copy` gets a file through :func:`fetch`.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

from cdskit.errors import DownloadError, IncompleteDownloadError, InputError, ParameterError
from cdskit.files import file_sha256
from cdskit.paths import cache_dir, mirror_dirs, package_data

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20
#: Seconds before a stalled connection is abandoned (per attempt).
TIMEOUT = 60


#: Columns of a registry of pinned files, in order.
REGISTRY_COLUMNS: tuple[str, ...] = ("name", "sha256", "size", "url", "licence")


@dataclass(frozen=True)
class PinnedFile:
    """One pinned file: where it comes from and what its bytes must hash to.

    Parameters
    ----------
    name : str
        Registry name, also its path in a mirror and in the cache.
    sha256 : str
        Hash the bytes must have (lower case).
    size : int
        Size in bytes.
    url : str
        Upstream address.
    licence : str
        Licence as stated upstream.
    """

    name: str
    sha256: str
    size: int
    url: str
    licence: str

    def local_copy(self, *, progress: bool = False) -> Path:
        """Return a local, hash-checked copy of the file (see :func:`fetch`)."""
        return fetch(self.name, url=self.url, sha256=self.sha256, progress=progress)


def read_registry(file_name: str) -> dict[str, PinnedFile]:
    """Read a registry of pinned files shipped in ``cdskit/data``.

    Parameters
    ----------
    file_name : str
        The tab-separated file (``boundaries.tsv``, ``pinned_datasets.tsv``) with the columns
        :data:`REGISTRY_COLUMNS`.

    Returns
    -------
    dict of str to PinnedFile
        Registry name → entry, in file order.

    Raises
    ------
    InputError
        When the file lacks a column or a size is not a whole number.

    Examples
    --------
    >>> files = read_registry("pinned_datasets.tsv")
    >>> files["vn-census-2019/population_by_urban_ward_2019.xlsx"].size
    336575
    """
    return {entry.name: entry for entry in _registry(file_name)}


@functools.cache
def _registry(file_name: str) -> tuple[PinnedFile, ...]:
    path = package_data(file_name)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    missing = [c for c in REGISTRY_COLUMNS if rows and c not in rows[0]]
    if missing:
        raise InputError(
            f"{path}: column(s) {', '.join(missing)} missing; expected "
            f"{', '.join(REGISTRY_COLUMNS)}. Reinstall cdskit or restore the file."
        )
    entries = []
    for line, row in enumerate(rows, start=2):
        if not row["size"].isdigit():
            raise InputError(
                f"{path}, line {line}: size {row['size']!r} is not a whole number of bytes; "
                "write the file's size."
            )
        entries.append(
            PinnedFile(
                row["name"], row["sha256"].lower(), int(row["size"]), row["url"], row["licence"]
            )
        )
    return tuple(entries)


def fetch(
    name: str,
    *,
    url: str,
    sha256: str,
    progress: bool = False,
    retries: int = 3,
) -> Path:
    """Return a local, hash-checked copy of the pinned file ``name``.

    Parameters
    ----------
    name : str
        Registry name: a relative POSIX path, also the file's path inside a mirror and the cache.
    url : str
        Upstream URL serving exactly the pinned bytes.
    sha256 : str
        Expected sha256 (64 hex digits, optionally prefixed ``sha256:``).
    progress : bool, default False
        Show a progress bar (tqdm) while downloading.
    retries : int, default 3
        Extra download attempts after a failed one (waiting 1 s, 2 s, … between them), each
        resuming where the last stopped.

    Returns
    -------
    pathlib.Path
        The mirror copy or the cached copy.

    Raises
    ------
    ParameterError
        When ``name`` is not a safe relative path or ``sha256`` is not a sha256.
    DownloadError
        When a mirror copy has the wrong hash, or the file is in no mirror, not cached and
        cannot be downloaded (the message names the file, its URL and how to provide it).
    """
    expected = _check_sha256(sha256, name)
    parts = _check_name(name)
    local = find_local(name, sha256=expected, url=url)
    if local is not None:
        return local
    return _download(name, parts, url=url, expected=expected, progress=progress, retries=retries)


def find_local(name: str, *, sha256: str, url: str = "") -> Path | None:
    """Return the mirror or cached copy of the pinned file ``name``, or None (no download).

    Parameters
    ----------
    name : str
        Registry name (see :func:`fetch`).
    sha256 : str
        Expected sha256.
    url : str, optional
        Upstream URL, named in the error about a corrupted mirror copy.

    Returns
    -------
    pathlib.Path or None
        The first mirror copy, else a cached copy with the right hash, else None (a cached
        copy with another hash is deleted).

    Raises
    ------
    DownloadError
        When a mirror copy has the wrong hash.

    Examples
    --------
    >>> find_local("no/such/file.txt", sha256="0" * 64) is None
    True
    """
    expected = _check_sha256(sha256, name)
    parts = _check_name(name)
    for folder in mirror_dirs():
        candidate = folder.joinpath(*parts)
        if candidate.is_file():
            actual = file_sha256(candidate)
            if actual != expected:
                raise DownloadError(
                    f"Mirror file {candidate} has sha256 {actual}, expected {expected} for "
                    f"'{name}'. The copy is corrupted or was changed: replace it with the pinned "
                    f"file from {url or 'its upstream'}, or remove it from CDSKIT_MIRROR so the "
                    "file is downloaded."
                )
            return candidate
    cached = cache_dir().joinpath(*parts)
    if cached.is_file():
        if file_sha256(cached) == expected:
            return cached
        cached.unlink()  # corrupted or partial: fetched again by the caller
    return None


def _download(
    name: str, parts: list[str], *, url: str, expected: str, progress: bool, retries: int
) -> Path:
    target = cache_dir().joinpath(*parts)
    staged = target.with_name(target.name + ".download")
    try:
        download(url, staged, progress=progress, retries=retries)
    except DownloadError as error:
        cause = error.__cause__ or error
        mirrors = ", ".join(str(folder) for folder in mirror_dirs()) or "unset"
        raise DownloadError(
            f"Cannot get '{name}': it is in no mirror (CDSKIT_MIRROR: {mirrors}), not in the "
            f"cache, and downloading {url} failed ({type(cause).__name__}: {cause}). To provide "
            f"it offline, set CDSKIT_MIRROR to a folder holding '{name}', or download {url} to "
            f"{target}."
        ) from error
    actual = file_sha256(staged)
    if actual != expected:
        staged.unlink()
        raise DownloadError(
            f"Downloaded '{name}' from {url} but its content does not match the pinned sha256 "
            f"{expected} (it has {actual}). The upstream file changed or the download was "
            "altered; the copy was deleted. Check the URL, or provide the pinned file through "
            "CDSKIT_MIRROR."
        )
    staged.replace(target)
    return target


@dataclass(frozen=True)
class Transfer:
    """What a completed :func:`download` reports: where it went and what the server said."""

    path: Path
    size: int
    last_modified: str
    etag: str
    resumed_from: int


def download(
    url: str,
    target: str | Path,
    *,
    progress: bool = False,
    retries: int = 3,
    timeout: float = TIMEOUT,
    wait: float = 1.0,
) -> Transfer:
    """Download ``url`` to ``target``, resuming a partial copy left by an earlier attempt.

    Bytes go to ``<target>.part``; an interrupted transfer leaves them there, and the next
    attempt (or the next run) asks only for the rest with a ``Range`` request. The first
    response's ``ETag``/``Last-Modified`` are kept in ``<target>.part.json`` and sent back as
    ``If-Range``: when the file changed upstream in between, the server sends the whole new file
    and the download starts again. ``target`` appears only once the file is complete.

    Parameters
    ----------
    url : str
        HTTP(S) URL.
    target : str or pathlib.Path
        Final path.
    progress : bool, default False
        Show a progress bar (tqdm).
    retries : int, default 3
        Extra attempts after a failed one; each resumes where the last stopped.
    timeout : float, default 60
        Seconds before a stalled connection is abandoned.
    wait : float, default 1.0
        Seconds before the first retry (doubled each time).

    Returns
    -------
    Transfer
        Path, size, the server's ``Last-Modified`` and ``ETag``, and the offset the last
        attempt resumed from (0 for a download in one go).

    Raises
    ------
    DownloadError
        When every attempt failed; the partial file is kept so that the next call resumes it.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    state = target.with_name(target.name + ".part.json")
    error: Exception | None = None
    for attempt in range(max(0, int(retries)) + 1):
        if attempt:
            time.sleep(wait * 2 ** (attempt - 1))
        try:
            transfer = _attempt(url, part, state, progress=progress, timeout=timeout)
        # URLError and IncompleteDownloadError are OSErrors.
        except (OSError, HTTPException) as caught:
            error = caught
            continue
        part.replace(target)
        state.unlink(missing_ok=True)
        return Transfer(target, *transfer)
    kept = part.stat().st_size if part.exists() else 0
    raise DownloadError(
        f"Downloading {url} failed after {max(0, int(retries)) + 1} attempt(s) "
        f"({type(error).__name__}: {error}). {kept:,} bytes are kept in {part}; run the same "
        "command again to resume, or place the complete file in a CDSKIT_MIRROR folder."
    ) from error


def _attempt(
    url: str, part: Path, state: Path, *, progress: bool, timeout: float
) -> tuple[int, str, str, int]:
    have = part.stat().st_size if part.exists() else 0
    known = json.loads(state.read_text(encoding="utf-8")) if state.exists() and have else {}
    headers = {"User-Agent": "cdskit", "Accept-Encoding": "identity"}
    validator = known.get("etag") or known.get("last_modified")
    if have and known.get("url") == url and validator:
        headers.update({"Range": f"bytes={have}-", "If-Range": validator})
    else:
        have = 0
    try:
        response = urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=timeout
        )
    except urllib.error.HTTPError as error:
        if error.code == 416 and have:  # nothing left to send: the part is complete
            return have, known.get("last_modified", ""), known.get("etag", ""), have
        raise
    with response:
        resumed = response.status == 206
        start = have if resumed else 0
        length = response.headers.get("Content-Length")
        total = start + int(length) if length is not None else None
        last_modified = response.headers.get("Last-Modified", "")
        etag = response.headers.get("ETag", "")
        if not resumed:
            info = {"url": url, "etag": etag, "last_modified": last_modified}
            state.write_text(json.dumps(info), encoding="utf-8")
        received = start
        bar = _progress_bar(total, start, part.name) if progress else None
        with open(part, "ab" if resumed else "wb") as handle:
            while chunk := response.read1(_CHUNK):
                handle.write(chunk)
                received += len(chunk)
                if bar is not None:
                    bar.update(len(chunk))
        if bar is not None:
            bar.close()
    if total is not None and received != total:
        raise IncompleteDownloadError(f"received {received:,} of {total:,} bytes")
    return received, last_modified, etag, start


def _progress_bar(total: int | None, start: int, name: str):
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=start, unit="B", unit_scale=True, desc=name)


def _check_sha256(sha256: str, name: str) -> str:
    value = str(sha256).strip().lower().removeprefix("sha256:")
    if not _SHA256.match(value):
        raise ParameterError(
            f"sha256 for '{name}' must be 64 hex digits, got {sha256!r}. "
            "Copy it from the boundary registry (cdskit/data/boundaries.tsv)."
        )
    return value


def _check_name(name: str) -> list[str]:
    parts = str(name).replace("\\", "/").split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ParameterError(
            f"Registry name {name!r} must be a relative path without '.', '..' or empty parts, "
            "e.g. 'vn-units-2025/json/geojson/20_lang_son/20_lang_son.geojson'."
        )
    return parts

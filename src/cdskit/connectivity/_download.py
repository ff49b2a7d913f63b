"""Resumable HTTP downloads of large files (hundreds of MB) into the cache.

Bytes go to ``<target>.part``; an interrupted transfer leaves them there and the next attempt
(or the next run) asks only for the rest with an HTTP ``Range`` request. The first response's
``ETag``/``Last-Modified`` are kept beside the partial file (``<target>.part.json``) and sent
back as ``If-Range``: when the upstream file changed in between, the server answers with the
whole new file and the download starts again, so bytes of two versions are never spliced. The
target name appears only once the file is complete.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

from cdskit.errors import DownloadError

#: Seconds before a stalled connection is abandoned (per attempt).
TIMEOUT = 60
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Transfer:
    """What a completed download reports: where it went and what the server said."""

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

    Parameters
    ----------
    url : str
        HTTP(S) URL.
    target : str or pathlib.Path
        Final path; the partial file is ``<target>.part``.
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
        When every attempt failed; the partial file is kept so the next call resumes it.
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
        except (urllib.error.URLError, HTTPException, OSError, _Incomplete) as caught:
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


class _Incomplete(Exception):
    """The server closed the connection before sending every byte it announced."""


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
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
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
        bar = _bar(progress, total, start, part.name)
        with open(part, "ab" if resumed else "wb") as handle:
            while chunk := response.read1(_CHUNK):
                handle.write(chunk)
                received += len(chunk)
                if bar is not None:
                    bar.update(len(chunk))
        if bar is not None:
            bar.close()
    if total is not None and received != total:
        raise _Incomplete(f"received {received:,} of {total:,} bytes")
    return received, last_modified, etag, start


def _bar(progress: bool, total: int | None, start: int, name: str):
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=start, unit="B", unit_scale=True, desc=name)

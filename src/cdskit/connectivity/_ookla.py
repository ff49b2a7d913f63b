"""Ookla open data: quarter files by key, the bucket's listing, and snapshots.

The provider publishes one Parquet file per quarter and network type in a public S3 bucket,
under keys such as ``parquet/performance/type=mobile/year=2024/quarter=1/
2024-01-01_performance_mobile_tiles.parquet``. The provider re-aggregates past quarters, so a
file is a *snapshot*: its sha256, size and the date it was obtained identify the figures made
from it. A file whose hash differs from the recorded snapshot is refused unless it is
explicitly accepted as a new snapshot.

A mirror folder (``CDSKIT_MIRROR``) holds quarter files under ``ookla-open-data/<key>``.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from cdskit.errors import DownloadError, ParameterError
from cdskit.fetch import TIMEOUT, download
from cdskit.files import file_sha256
from cdskit.paths import cache_dir, mirror_dirs

#: The provider's public bucket, over HTTPS.
BUCKET_URL = "https://ookla-open-data.s3.amazonaws.com"
#: Folder of the bucket inside a mirror or the cache.
BUCKET_FOLDER = "ookla-open-data"
#: Network types the provider publishes.
NETWORK_TYPES = ("mobile", "fixed")
#: Licence of the provider's open data.
LICENCE = "CC BY-NC-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
_S3 = "{http://s3.amazonaws.com/doc/2006-03-01/}"
_KEY = re.compile(
    r"^parquet/performance/type=(mobile|fixed)/year=(\d{4})/quarter=([1-4])/"
    r"(\d{4})-(\d{2})-01_performance_(mobile|fixed)_tiles\.parquet$"
)


@dataclass(frozen=True)
class Quarter:
    """One quarter file of the provider: network type, year and quarter."""

    kind: str
    year: int
    quarter: int

    def __post_init__(self) -> None:
        if self.kind not in NETWORK_TYPES:
            raise ParameterError(
                f"Network type {self.kind!r} must be one of {', '.join(NETWORK_TYPES)}."
            )
        if not 1 <= int(self.quarter) <= 4:
            raise ParameterError(f"Quarter {self.quarter!r} must be 1, 2, 3 or 4.")
        if int(self.year) < 2019:
            raise ParameterError(f"Year {self.year!r}: the provider's tiles start in 2019.")

    @property
    def key(self) -> str:
        """The file's key in the bucket.

        Examples
        --------
        >>> Quarter("mobile", 2024, 1).key.split("/")[-1]
        '2024-01-01_performance_mobile_tiles.parquet'
        """
        month = 3 * (int(self.quarter) - 1) + 1
        return (
            f"parquet/performance/type={self.kind}/year={self.year}/quarter={self.quarter}/"
            f"{self.year}-{month:02d}-01_performance_{self.kind}_tiles.parquet"
        )

    @property
    def name(self) -> str:
        """Path of the file inside a mirror folder or the cache."""
        return f"{BUCKET_FOLDER}/{self.key}"

    @property
    def label(self) -> str:
        """Short id: ``mobile-2024-q1``."""
        return f"{self.kind}-{self.year}-q{self.quarter}"

    @property
    def period(self) -> str:
        """Period of the figures made from it, in the raw tables' notation (``2024-Q1``)."""
        return f"{self.year}-Q{self.quarter}"

    def url(self, base_url: str = BUCKET_URL) -> str:
        """Return the file's URL under ``base_url``."""
        return f"{base_url.rstrip('/')}/{self.key}"


@dataclass(frozen=True)
class Snapshot:
    """A quarter file as obtained: where it is and what identifies it."""

    quarter: Quarter
    path: Path
    url: str
    sha256: str
    size: int
    accessed: str
    origin: str
    last_modified: str = ""


def parse_key(key: str) -> Quarter | None:
    """Return the quarter a bucket key names, or ``None`` for any other object.

    Examples
    --------
    >>> parse_key(Quarter("fixed", 2023, 3).key)
    Quarter(kind='fixed', year=2023, quarter=3)
    >>> parse_key("shapefiles/performance/type=fixed/year=2023/quarter=3/x.zip") is None
    True
    """
    match = _KEY.match(key)
    if not match:
        return None
    kind, year, quarter, year_again, month, kind_again = match.groups()
    if kind != kind_again or year != year_again or int(month) != 3 * (int(quarter) - 1) + 1:
        return None
    return Quarter(kind, int(year), int(quarter))


def list_quarters(
    kind: str = "mobile", *, base_url: str = BUCKET_URL, timeout: float = TIMEOUT
) -> list[tuple[Quarter, int, str]]:
    """List the quarter files the bucket holds, by reading its listing (S3 ListObjectsV2).

    Parameters
    ----------
    kind : {"mobile", "fixed"}
        Network type.
    base_url : str
        The bucket's URL (a test server on loopback in the tests).
    timeout : float
        Seconds before a stalled request is abandoned.

    Returns
    -------
    list of (Quarter, int, str)
        Quarter, size in bytes and ``LastModified``, oldest quarter first.

    Raises
    ------
    DownloadError
        When the bucket cannot be reached or answers with something other than a listing.
    """
    if kind not in NETWORK_TYPES:
        raise ParameterError(f"Network type {kind!r} must be one of {', '.join(NETWORK_TYPES)}.")
    found: list[tuple[Quarter, int, str]] = []
    token = None
    while True:
        query = {"list-type": "2", "prefix": f"parquet/performance/type={kind}/"}
        if token:
            query["continuation-token"] = token
        url = f"{base_url.rstrip('/')}/?{urllib.parse.urlencode(query)}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                root = ElementTree.fromstring(response.read())
        except (OSError, ElementTree.ParseError) as error:
            raise DownloadError(
                f"Cannot list the quarter files at {url} ({type(error).__name__}: {error}). "
                "Without network access, place quarter files in a CDSKIT_MIRROR folder under "
                f"{BUCKET_FOLDER}/<key> and name the quarter with --year and --quarter."
            ) from error
        if root.tag != f"{_S3}ListBucketResult":
            raise DownloadError(f"{url} did not answer with a bucket listing ({root.tag}).")
        for item in root.iter(f"{_S3}Contents"):
            quarter = parse_key(item.findtext(f"{_S3}Key", ""))
            if quarter is not None:
                size = int(item.findtext(f"{_S3}Size", "0") or 0)
                found.append((quarter, size, item.findtext(f"{_S3}LastModified", "")))
        token = root.findtext(f"{_S3}NextContinuationToken")
        if root.findtext(f"{_S3}IsTruncated", "false") != "true" or not token:
            break
    return sorted(found, key=lambda row: (row[0].year, row[0].quarter))


def get_quarter(
    quarter: Quarter,
    *,
    recorded_sha256: str | None = None,
    accept_new_snapshot: bool = False,
    base_url: str = BUCKET_URL,
    progress: bool = False,
    retries: int = 3,
) -> Snapshot:
    """Find or download a quarter file and identify it as a snapshot.

    The file is looked for in each ``CDSKIT_MIRROR`` folder, then in the cache, then
    downloaded into the cache with resume (see :func:`download`).

    Parameters
    ----------
    quarter : Quarter
        The file to get.
    recorded_sha256 : str, optional
        sha256 of the snapshot the published figures were made from; a file with another hash
        is refused unless ``accept_new_snapshot``.
    accept_new_snapshot : bool, default False
        Accept a file whose hash differs from ``recorded_sha256`` as a new snapshot.
    base_url : str
        The bucket's URL.
    progress : bool, default False
        Show a download progress bar.
    retries : int, default 3
        Extra download attempts, each resuming the last.

    Returns
    -------
    Snapshot
        Path, sha256, size, the date the file was obtained (ISO; for a mirror or cached copy,
        the date it was written there), its origin (``mirror``, ``cache``, ``download``) and
        the server's ``Last-Modified`` when downloaded.

    Raises
    ------
    DownloadError
        When the file cannot be found or downloaded, or its hash differs from the recorded
        snapshot and the new one was not accepted.
    """
    url = quarter.url(base_url)
    last_modified = ""
    for folder in mirror_dirs():
        path = folder / quarter.name
        if path.is_file():
            origin = "mirror"
            break
    else:
        path = cache_dir() / quarter.name
        origin = "cache"
        if not path.is_file():
            transfer = download(url, path, progress=progress, retries=retries)
            origin, last_modified = "download", transfer.last_modified
    sha256 = file_sha256(path)
    if recorded_sha256 and sha256 != recorded_sha256.lower() and not accept_new_snapshot:
        raise DownloadError(
            f"The {quarter.kind} file for {quarter.year} Q{quarter.quarter} ({origin}: {path}) "
            f"has sha256 {sha256}, but the published figures come from the snapshot with "
            f"sha256 {recorded_sha256}. The provider re-aggregates past quarters, so this is a "
            "different snapshot. Run again with --accept-new-snapshot to replace the figures "
            "with ones from this file, or provide the recorded file through CDSKIT_MIRROR."
        )
    accessed = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date().isoformat()
    return Snapshot(
        quarter=quarter,
        path=path,
        url=url,
        sha256=sha256,
        size=path.stat().st_size,
        accessed=accessed,
        origin=origin,
        last_modified=last_modified,
    )

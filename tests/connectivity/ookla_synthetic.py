"""Synthetic Ookla tiles for the connectivity tests (all values are made up, marked synthetic).

Files are written in the provider's Parquet schema of a chosen quarter: the base columns of
every quarter, latency under load from 2022 Q4, tile centroids from 2023 Q3.
"""

from __future__ import annotations

import email.utils
import http.server
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pyarrow as pa
import pyarrow.parquet as pq

from cdskit.connectivity import tile_bounds
from cdskit.connectivity._tiles import tile_to_quadkey

#: One synthetic tile: (x, y, avg_d_kbps, avg_u_kbps, avg_lat_ms, tests, devices)
Tile = tuple[int, int, int, int, int | None, int, int]


def tile_wkt(x: int, y: int) -> str:
    west, south, east, north = (float(v) for v in tile_bounds(x, y))
    return (
        f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"
    )


def write_quarter(
    path: Path, tiles: Sequence[Tile], *, year: int = 2024, quarter: int = 1, **parquet: object
) -> Path:
    """Write synthetic tiles as one quarter file in the provider's schema of that quarter."""
    columns: dict[str, pa.Array] = {
        "quadkey": pa.array([tile_to_quadkey(t[0], t[1]) for t in tiles], pa.string()),
        "tile": pa.array([tile_wkt(t[0], t[1]) for t in tiles], pa.string()),
        "avg_d_kbps": pa.array([t[2] for t in tiles], pa.int64()),
        "avg_u_kbps": pa.array([t[3] for t in tiles], pa.int64()),
        "avg_lat_ms": pa.array([t[4] for t in tiles], pa.int64()),
        "tests": pa.array([t[5] for t in tiles], pa.int64()),
        "devices": pa.array([t[6] for t in tiles], pa.int64()),
    }
    if (year, quarter) >= (2022, 4):
        columns["avg_lat_down_ms"] = pa.array([None] * len(tiles), pa.int64())
        columns["avg_lat_up_ms"] = pa.array([t[4] for t in tiles], pa.int64())
    if (year, quarter) >= (2023, 3):
        centres = [tile_bounds(t[0], t[1]) for t in tiles]
        columns["tile_x"] = pa.array([float(b[0] + b[2]) / 2 for b in centres], pa.float64())
        columns["tile_y"] = pa.array([float(b[1] + b[3]) / 2 for b in centres], pa.float64())
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path, **parquet)
    return path


LISTING_PAGE = 2  # keys per listing page: forces continuation tokens


class Bucket:
    """A tiny S3-like bucket: ListObjectsV2, Range/If-Range, and deliberate interruptions."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.modified: dict[str, str] = {}
        self.cut_after: int | None = None  # bytes sent before the connection is dropped
        self.cuts_left = 0
        self.requests: list[dict[str, str]] = []

    def put(self, key: str, content: bytes, version: int = 1) -> None:
        self.objects[key] = content
        self.modified[key] = email.utils.formatdate(1_700_000_000 + version, usegmt=True)


def bucket_handler(bucket: Bucket) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parsed = urllib.parse.urlparse(self.path)
            bucket.requests.append({"path": parsed.path, **dict(self.headers)})
            if parsed.path == "/" and "list-type=2" in parsed.query:
                self._listing(urllib.parse.parse_qs(parsed.query))
                return
            key = urllib.parse.unquote(parsed.path.lstrip("/"))
            if key not in bucket.objects:
                self.send_error(404)
                return
            self._object(key)

        def _object(self, key: str) -> None:
            content, modified = bucket.objects[key], bucket.modified[key]
            start = 0
            ranged = self.headers.get("Range")
            if ranged and self.headers.get("If-Range", modified) == modified:
                start = int(ranged.removeprefix("bytes=").split("-")[0])
            body = content[start:]
            self.send_response(206 if start else 200)
            if start:
                self.send_header(
                    "Content-Range", f"bytes {start}-{len(content) - 1}/{len(content)}"
                )
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", modified)
            self.end_headers()
            if bucket.cuts_left and bucket.cut_after is not None:
                bucket.cuts_left -= 1
                self.wfile.write(body[: bucket.cut_after])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

        def _listing(self, query: dict[str, list[str]]) -> None:
            prefix = query.get("prefix", [""])[0]
            keys = sorted(k for k in bucket.objects if k.startswith(prefix))
            start = int(query.get("continuation-token", ["0"])[0])
            page = keys[start : start + LISTING_PAGE]
            truncated = start + LISTING_PAGE < len(keys)
            items = "".join(
                f"<Contents><Key>{escape(k)}</Key><LastModified>2024-04-15T10:00:00.000Z"
                f"</LastModified><Size>{len(bucket.objects[k])}</Size></Contents>"
                for k in page
            )
            token = f"<NextContinuationToken>{start + LISTING_PAGE}</NextContinuationToken>"
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                f"<Name>ookla-open-data</Name><Prefix>{escape(prefix)}</Prefix>"
                f"<KeyCount>{len(page)}</KeyCount><MaxKeys>{LISTING_PAGE}</MaxKeys>"
                f"<IsTruncated>{'true' if truncated else 'false'}</IsTruncated>"
                f"{token if truncated else ''}{items}</ListBucketResult>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler

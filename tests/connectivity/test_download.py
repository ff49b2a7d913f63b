"""Quarter files over HTTP: a bucket on 127.0.0.1 that lists, serves ranges and breaks off.

Everything served is synthetic (made-up tiles in the provider's schema); nothing reaches the
network.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from connectivity.ookla_synthetic import Bucket, bucket_handler, write_quarter

from cdskit.connectivity import Quarter, list_quarters
from cdskit.connectivity._ookla import get_quarter
from cdskit.errors import DownloadError, ParameterError
from cdskit.fetch import download


@pytest.fixture
def bucket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Bucket, str]]:
    monkeypatch.setenv("CDSKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CDSKIT_MIRROR", raising=False)
    state = Bucket()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), bucket_handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _quarter_bytes(tmp_path: Path, tests: int = 7) -> bytes:
    tiles = [(52000, 28800, 10_000, 2_000, 40, tests, 3)]  # synthetic
    return write_quarter(tmp_path / f"synthetic-{tests}.parquet", tiles).read_bytes()


Q1 = Quarter("mobile", 2024, 1)


def test_listing_finds_every_quarter_across_pages_and_ignores_other_objects(
    bucket: tuple[Bucket, str],
) -> None:
    state, url = bucket
    for quarter in [Quarter("mobile", 2019, 1), Quarter("mobile", 2023, 3), Q1]:
        state.put(quarter.key, b"synthetic")
    state.put(Quarter("fixed", 2024, 1).key, b"synthetic")
    state.put("parquet/performance/type=mobile/year=2024/quarter=1/README.txt", b"synthetic")
    listed = list_quarters("mobile", base_url=url)
    assert [(q.year, q.quarter) for q, _, _ in listed] == [(2019, 1), (2023, 3), (2024, 1)]
    assert all(size == 9 for _, size, _ in listed)
    assert sum(1 for r in state.requests if r["path"] == "/") == 2, "two listing pages"


def test_listing_without_network_says_how_to_work_offline() -> None:
    with pytest.raises(DownloadError, match=r"CDSKIT_MIRROR folder under ookla-open-data/<key>"):
        list_quarters("mobile", base_url="http://127.0.0.1:9", timeout=2)


def test_download_records_the_snapshot_identity(bucket: tuple[Bucket, str], tmp_path: Path) -> None:
    state, url = bucket
    content = _quarter_bytes(tmp_path)
    state.put(Q1.key, content)
    snapshot = get_quarter(Q1, base_url=url, retries=0)
    assert snapshot.origin == "download"
    assert snapshot.path == tmp_path / "cache" / "ookla-open-data" / Q1.key
    assert snapshot.sha256 == hashlib.sha256(content).hexdigest()
    assert snapshot.size == len(content)
    assert snapshot.last_modified == state.modified[Q1.key]
    assert len(snapshot.accessed) == 10
    again = get_quarter(Q1, base_url=url, retries=0, recorded_sha256=snapshot.sha256)
    assert again.origin == "cache" and again.sha256 == snapshot.sha256


def test_an_interrupted_transfer_resumes_with_a_range_request(
    bucket: tuple[Bucket, str], tmp_path: Path
) -> None:
    state, url = bucket
    content = _quarter_bytes(tmp_path)
    state.put(Q1.key, content)
    state.cut_after, state.cuts_left = len(content) // 3, 1
    snapshot = get_quarter(Q1, base_url=url, retries=1)
    assert snapshot.path.read_bytes() == content
    ranges = [r.get("Range") for r in state.requests]
    assert ranges == [None, f"bytes={len(content) // 3}-"]


def test_a_failed_run_keeps_its_bytes_and_the_next_run_resumes(
    bucket: tuple[Bucket, str], tmp_path: Path
) -> None:
    state, url = bucket
    content = _quarter_bytes(tmp_path)
    state.put(Q1.key, content)
    state.cut_after, state.cuts_left = 100, 1
    with pytest.raises(DownloadError, match=r"100 bytes are kept in .*\.part; run the same"):
        get_quarter(Q1, base_url=url, retries=0)
    target = tmp_path / "cache" / "ookla-open-data" / Q1.key
    assert not target.exists(), "a partial file never takes the final name"
    transfer = download(Q1.url(url), target, retries=0)
    assert transfer.resumed_from == 100
    assert target.read_bytes() == content


def test_a_resume_against_a_changed_upstream_file_starts_again(
    bucket: tuple[Bucket, str], tmp_path: Path
) -> None:
    state, url = bucket
    old, new = _quarter_bytes(tmp_path, tests=7), _quarter_bytes(tmp_path, tests=8)
    state.put(Q1.key, old, version=1)
    state.cut_after, state.cuts_left = 100, 1
    target = tmp_path / "cache" / "ookla-open-data" / Q1.key
    with pytest.raises(DownloadError):
        download(Q1.url(url), target, retries=0)
    state.put(Q1.key, new, version=2)  # re-aggregated upstream meanwhile
    transfer = download(Q1.url(url), target, retries=0)
    assert transfer.resumed_from == 0
    assert target.read_bytes() == new, "never a splice of two versions"


def test_a_changed_hash_is_refused_unless_accepted_as_a_new_snapshot(
    bucket: tuple[Bucket, str], tmp_path: Path
) -> None:
    state, url = bucket
    state.put(Q1.key, _quarter_bytes(tmp_path, tests=7))
    recorded = get_quarter(Q1, base_url=url, retries=0)
    recorded.path.unlink()
    state.put(Q1.key, _quarter_bytes(tmp_path, tests=8), version=2)
    with pytest.raises(DownloadError, match=r"different snapshot.*--accept-new-snapshot"):
        get_quarter(Q1, base_url=url, retries=0, recorded_sha256=recorded.sha256)
    accepted = get_quarter(
        Q1, base_url=url, retries=0, recorded_sha256=recorded.sha256, accept_new_snapshot=True
    )
    assert accepted.sha256 != recorded.sha256
    assert accepted.origin == "cache", "the refused download was kept for inspection"


def test_a_mirror_copy_is_used_under_the_providers_key(
    bucket: tuple[Bucket, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, url = bucket
    mirror = tmp_path / "mirror"
    copy = mirror / "ookla-open-data" / Q1.key
    copy.parent.mkdir(parents=True)
    copy.write_bytes(_quarter_bytes(tmp_path))
    monkeypatch.setenv("CDSKIT_MIRROR", str(mirror))
    snapshot = get_quarter(Q1, base_url=url, retries=0)
    assert (snapshot.origin, snapshot.path) == ("mirror", copy)
    assert state.requests == [], "nothing downloaded"
    assert Q1.name == (
        "ookla-open-data/parquet/performance/type=mobile/year=2024/quarter=1/"
        "2024-01-01_performance_mobile_tiles.parquet"
    )


@pytest.mark.parametrize(
    ("kind", "year", "quarter", "match"),
    [("cable", 2024, 1, "must be one of mobile, fixed"), ("fixed", 2024, 5, "1, 2, 3 or 4")],
)
def test_quarters_are_checked(kind: str, year: int, quarter: int, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        Quarter(kind, year, quarter)

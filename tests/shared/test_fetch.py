"""Fetching pinned files: mirror, cache and a real download from a local HTTP server.

The files served here are synthetic test data written into tmp_path; no test reaches the network.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdskit.errors import DownloadError, ParameterError
from cdskit.fetch import fetch
from cdskit.files import file_sha256

NAME = "sample/dir/file.txt"
CONTENT = b"synthetic test data: a pinned file\n"
SHA = hashlib.sha256(CONTENT).hexdigest()
UNREACHABLE = "http://127.0.0.1:9/sample/dir/file.txt"


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache at an empty folder and clear CDSKIT_MIRROR."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CDSKIT_CACHE", str(cache))
    monkeypatch.delenv("CDSKIT_MIRROR", raising=False)
    return cache


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Serve a folder over HTTP on 127.0.0.1; yield (base URL, folder)."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _put(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_file_sha256_matches_hashlib(tmp_path: Path) -> None:
    path = _put(tmp_path, "a.bin", CONTENT * 1000)
    assert file_sha256(path) == hashlib.sha256(CONTENT * 1000).hexdigest()


def test_fetch_returns_the_mirror_copy_when_its_hash_matches(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = tmp_path / "mirror"
    copy = _put(mirror, NAME, CONTENT)
    monkeypatch.setenv("CDSKIT_MIRROR", str(mirror))
    assert fetch(NAME, url=UNREACHABLE, sha256=SHA) == copy
    assert not isolated.exists(), "a mirror hit must not write to the cache"


def test_fetch_searches_every_mirror_folder_in_order(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty, second = tmp_path / "empty", tmp_path / "second"
    empty.mkdir()
    copy = _put(second, NAME, CONTENT)
    monkeypatch.setenv("CDSKIT_MIRROR", f"{empty}{os.pathsep}{second}")
    assert fetch(NAME, url=UNREACHABLE, sha256=f"sha256:{SHA.upper()}") == copy


def test_fetch_refuses_a_tampered_mirror_file_naming_both_hashes(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = tmp_path / "mirror"
    copy = _put(mirror, NAME, CONTENT + b"tampered")
    monkeypatch.setenv("CDSKIT_MIRROR", str(mirror))
    actual = file_sha256(copy)
    with pytest.raises(DownloadError, match=rf"has sha256 {actual}, expected {SHA}"):
        fetch(NAME, url=UNREACHABLE, sha256=SHA)
    assert copy.read_bytes().endswith(b"tampered"), "a mirror is never modified"


def test_fetch_downloads_into_the_cache_and_then_reuses_it(
    isolated: Path, server: tuple[str, Path]
) -> None:
    base, served = server
    _put(served, "file.txt", CONTENT)
    path = fetch(NAME, url=f"{base}/file.txt", sha256=SHA, retries=0)
    assert path == isolated / "sample" / "dir" / "file.txt"
    assert path.read_bytes() == CONTENT
    (served / "file.txt").unlink()  # the cached copy must now be enough
    assert fetch(NAME, url=f"{base}/file.txt", sha256=SHA, retries=0) == path


def test_fetch_replaces_a_corrupted_cache_file_with_a_fresh_download(
    isolated: Path, server: tuple[str, Path]
) -> None:
    base, served = server
    _put(served, "file.txt", CONTENT)
    cached = _put(isolated, NAME, b"truncated")
    path = fetch(NAME, url=f"{base}/file.txt", sha256=SHA, retries=0)
    assert path == cached
    assert path.read_bytes() == CONTENT


def test_fetch_prefers_a_good_mirror_copy_over_a_corrupted_cache_file(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = tmp_path / "mirror"
    copy = _put(mirror, NAME, CONTENT)
    _put(isolated, NAME, b"truncated")
    monkeypatch.setenv("CDSKIT_MIRROR", str(mirror))
    assert fetch(NAME, url=UNREACHABLE, sha256=SHA) == copy


def test_fetch_rejects_a_download_whose_hash_differs_and_keeps_nothing(
    isolated: Path, server: tuple[str, Path]
) -> None:
    base, served = server
    _put(served, "file.txt", b"synthetic test data: upstream changed\n")
    with pytest.raises(DownloadError, match=r"does not match the pinned sha256"):
        fetch(NAME, url=f"{base}/file.txt", sha256=SHA, retries=0)
    assert not (isolated / NAME).exists()


def test_fetch_offline_without_mirror_says_which_file_where_from_and_how_to_provide_it(
    isolated: Path,
) -> None:
    with pytest.raises(DownloadError) as caught:
        fetch(NAME, url=UNREACHABLE, sha256=SHA, retries=0)
    message = str(caught.value)
    assert f"'{NAME}'" in message
    assert UNREACHABLE in message
    assert "CDSKIT_MIRROR: unset" in message
    assert "set CDSKIT_MIRROR to a folder holding" in message
    assert str(isolated / "sample" / "dir" / "file.txt") in message


def test_fetch_offline_with_an_unrelated_mirror_names_the_mirror(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = tmp_path / "other-mirror"
    mirror.mkdir()
    monkeypatch.setenv("CDSKIT_MIRROR", str(mirror))
    with pytest.raises(DownloadError, match=r"in no mirror \(CDSKIT_MIRROR: .*other-mirror\)"):
        fetch(NAME, url=UNREACHABLE, sha256=SHA, retries=0)


@pytest.mark.parametrize(
    ("name", "sha256", "match"),
    [
        ("../outside.txt", SHA, "must be a relative path"),
        ("/etc/passwd", SHA, "must be a relative path"),
        ("a//b.txt", SHA, "must be a relative path"),
        (NAME, "abc123", "must be 64 hex digits"),
        (NAME, "md5:" + "0" * 32, "must be 64 hex digits"),
    ],
)
def test_fetch_rejects_unsafe_names_and_malformed_hashes(
    isolated: Path, name: str, sha256: str, match: str
) -> None:
    with pytest.raises(ParameterError, match=match):
        fetch(name, url=UNREACHABLE, sha256=sha256)

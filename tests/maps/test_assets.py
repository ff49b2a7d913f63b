"""Pinned web assets: mirror, cache and the npm registry tarball, sha256 checks and inlining.

The ``web_assets`` fixture (tests/conftest.py) makes Leaflet available for every map test.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import io
import tarfile
import threading
from pathlib import Path

import pytest

from cdskit.errors import DownloadError, ParameterError
from cdskit.fetch import PinnedFile
from cdskit.maps import web_assets as assets

REPO = Path(__file__).resolve().parents[2]


def test_the_npm_packed_mirror_holds_exactly_the_pinned_bytes(web_assets):
    for asset in assets.ASSETS.values():
        path = assets.asset_path(asset.name)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == asset.sha256


def test_registry_names_are_cdn_paths_of_one_pinned_leaflet_version():
    for asset in assets.ASSETS.values():
        assert asset.url == f"https://cdn.jsdelivr.net/{asset.name}"
        assert asset.version == assets.LEAFLET_VERSION
    assert set(assets.LEAFLET) <= set(assets.ASSETS)


def test_inlined_leaflet_refers_to_nothing_outside_the_page(web_assets):
    script = assets.inline_tag(f"npm/leaflet@{assets.LEAFLET_VERSION}/dist/leaflet.js")
    style = assets.inline_tag(f"npm/leaflet@{assets.LEAFLET_VERSION}/dist/leaflet.css")
    assert script.count("<script>") == 1 and script.rstrip().endswith("</script>")
    assert style.count("<style>") == 1 and style.rstrip().endswith("</style>")
    assert "sourceMappingURL" not in script
    assert "url(images/" not in style
    assert "window.L" in script and ".leaflet-container" in style
    assert assets.ASSETS[f"npm/leaflet@{assets.LEAFLET_VERSION}/dist/leaflet.js"].sha256 in script


def test_a_tampered_mirror_copy_is_refused(tmp_path, monkeypatch):
    name = f"npm/leaflet@{assets.LEAFLET_VERSION}/dist/leaflet.css"
    fake = tmp_path / name
    fake.parent.mkdir(parents=True)
    fake.write_text(".leaflet-container { background: red }\n")  # synthetic test data
    monkeypatch.setenv("CDSKIT_MIRROR", str(tmp_path))
    with pytest.raises(DownloadError, match=r"leaflet\.css.*corrupted or was changed"):
        assets.asset_path(name)


def test_an_unknown_asset_name_gets_a_suggestion():
    with pytest.raises(
        ParameterError, match=r"Did you mean 'npm/leaflet@1\.9\.4/dist/leaflet\.js'"
    ):
        assets.get_asset("npm/leaflet@1.9.4/dist/leaflet.min.js")


# --- the npm registry's package tarball, served by a local HTTP server (synthetic package) ---


def _package(files: dict[str, bytes]) -> bytes:
    """Return a synthetic npm package tarball holding ``files`` under ``package/``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def _integrity(payload: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(payload).digest()).decode()


@pytest.fixture
def registry(tmp_path):
    """A loopback HTTP server standing in for the npm registry; yields (folder, base URL)."""
    folder = tmp_path / "registry"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _synthetic_asset(content: bytes) -> assets.Asset:
    return assets.Asset("npm/demo@1.0.0/dist/demo.js", hashlib.sha256(content).hexdigest(), "js")


def test_an_asset_is_taken_from_the_registry_tarball_and_cached(registry, tmp_path, monkeypatch):
    folder, base = registry
    content = b"window.demo = 1;\n"  # synthetic package file
    payload = _package({"dist/demo.js": content})
    (folder / "demo-1.0.0.tgz").write_bytes(payload)
    tarball = PinnedFile(
        name="npm-registry/demo/-/demo-1.0.0.tgz",
        sha256=hashlib.sha256(payload).hexdigest(),
        size=len(payload),
        url=f"{base}/demo-1.0.0.tgz",
        licence="synthetic",
    )
    integrity = _integrity(payload)
    monkeypatch.setenv("CDSKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CDSKIT_MIRROR", raising=False)
    path = assets._from_tarball(_synthetic_asset(content), tarball, integrity)
    assert path == tmp_path / "cache" / "npm" / "demo@1.0.0" / "dist" / "demo.js"
    assert path.read_bytes() == content


def test_a_tarball_that_does_not_match_the_published_integrity_is_refused(
    registry, tmp_path, monkeypatch
):
    folder, base = registry
    content = b"window.demo = 1;\n"
    payload = _package({"dist/demo.js": content})
    (folder / "demo-1.0.0.tgz").write_bytes(payload)
    tarball = PinnedFile(
        name="npm-registry/demo/-/demo-1.0.0.tgz",
        sha256=hashlib.sha256(payload).hexdigest(),
        size=len(payload),
        url=f"{base}/demo-1.0.0.tgz",
        licence="synthetic",
    )
    integrity = _integrity(b"another package")
    monkeypatch.setenv("CDSKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CDSKIT_MIRROR", raising=False)
    with pytest.raises(DownloadError, match="published integrity"):
        assets._from_tarball(_synthetic_asset(content), tarball, integrity)


def test_a_package_file_that_differs_from_its_pin_is_refused(registry, tmp_path, monkeypatch):
    folder, base = registry
    payload = _package({"dist/demo.js": b"window.demo = 2;\n"})  # not the pinned bytes
    (folder / "demo-1.0.0.tgz").write_bytes(payload)
    tarball = PinnedFile(
        name="npm-registry/demo/-/demo-1.0.0.tgz",
        sha256=hashlib.sha256(payload).hexdigest(),
        size=len(payload),
        url=f"{base}/demo-1.0.0.tgz",
        licence="synthetic",
    )
    integrity = _integrity(payload)
    monkeypatch.setenv("CDSKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CDSKIT_MIRROR", raising=False)
    with pytest.raises(DownloadError, match="does not match the pinned sha256"):
        assets._from_tarball(_synthetic_asset(b"window.demo = 1;\n"), tarball, integrity)
    assert not (tmp_path / "cache" / "npm").exists()


def test_leaflet_is_pinned_to_the_registry_tarball_of_its_version():
    tarball = assets.LEAFLET_TARBALL
    version = assets.LEAFLET_VERSION
    assert tarball.url == f"https://registry.npmjs.org/leaflet/-/leaflet-{version}.tgz"
    assert assets.LEAFLET_INTEGRITY.startswith("sha512-") and len(tarball.sha256) == 64

"""Pinned web assets: the npm-packed mirror, sha256 checks and inlining.

The ``web_assets`` fixture (tests/conftest.py) makes Leaflet available offline for every map test.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cdskit.errors import DownloadError, ParameterError
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

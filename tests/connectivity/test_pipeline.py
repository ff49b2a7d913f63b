"""A quarter from a bucket on 127.0.0.1 to published commune figures (synthetic tiles).

Real 2025 commune boundaries of Lạng Sơn (from CDSKIT_MIRROR); the tiles and every value in
them are synthetic.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from connectivity.ookla_synthetic import Bucket, bucket_handler, write_quarter

from cdskit.connectivity import Quarter, lonlat_to_tile, ookla_to_raw
from cdskit.errors import DownloadError
from cdskit.processing import build

REPO = Path(__file__).resolve().parents[2]
REGISTER = """\
# synthetic test register
sources:
  - id: pub-a
    title: "Báo cáo A (synthetic)"
    publisher: "Cơ quan A"
    date: "2023-07-10"
    url: ""
    licence: "not stated"
files:
"""
Q = Quarter("mobile", 2023, 3)


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mirror: Path) -> Iterator[tuple]:
    monkeypatch.setenv("CDSKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CDSKIT_MIRROR", str(mirror))  # boundaries only; no quarter file there
    state = Bucket()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), bucket_handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _tiles_over_lang_son(seed: int) -> list[tuple]:
    """Synthetic tiles: every 7th tile of a grid over Lạng Sơn's communes, plus Hà Nội."""
    rng = np.random.default_rng(seed)
    x0, y0 = (int(v) for v in lonlat_to_tile(106.1, 22.35))
    tiles = []
    for dx in range(0, 180, 7):
        for dy in range(0, 160, 7):
            tests = int(rng.integers(1, 30))
            tiles.append((x0 + dx, y0 + dy, int(rng.integers(500, 80_000)), 3_000, 40, tests, 2))
    hanoi_x, hanoi_y = (int(v) for v in lonlat_to_tile(105.85, 21.03))
    tiles.append((hanoi_x, hanoi_y, 1, 1, 1, 1, 1))
    return tiles


def _project(tmp_path: Path) -> Path:
    raw = tmp_path / "project" / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "sources.yml").write_text(REGISTER, encoding="utf-8")
    shutil.copy(REPO / "data" / "codebook.csv", raw.parent / "codebook.csv")
    return raw


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::cdskit.geo.BoundaryWarning")
def test_a_downloaded_quarter_becomes_published_commune_figures(
    served: tuple, tmp_path: Path
) -> None:
    state, url = served
    state.put(Q.key, write_quarter(tmp_path / "q.parquet", _tiles_over_lang_son(1)).read_bytes())
    raw = _project(tmp_path)
    run = ookla_to_raw(Q, provinces=["Lạng Sơn"], base_url=url, retries=0, raw_dir=raw)
    assert run.snapshot.origin == "download"
    communes = run.result[run.result["unit_level"] == "commune"]
    assert len(communes) == 65
    assert run.tiles_kept > 100
    assert communes["measured_area_share"].between(0, 1).all()
    assert communes["tests"].gt(0).sum() > 30, "the synthetic grid covers most communes"
    province = run.result[run.result["unit_level"] == "province"].iloc[0]
    assert province["tests"] == pytest.approx(communes["tests"].sum())
    outcome = build(raw, codebook_path=raw.parent / "codebook.csv")
    assert outcome.n_rejected == 0
    data = pd.read_parquet(next((raw.parent / "processed").glob("*.parquet")))
    assert set(data["period"]) == {"2023-Q3"}
    assert data["unit_code"].nunique() == 66  # 65 communes and the province

    # the provider re-aggregates the quarter: a second run refuses the new file ...
    state.put(Q.key, write_quarter(tmp_path / "q2.parquet", _tiles_over_lang_son(2)).read_bytes())
    run.snapshot.path.unlink()
    with pytest.raises(DownloadError, match="different snapshot"):
        ookla_to_raw(Q, provinces=["Lạng Sơn"], base_url=url, retries=0, raw_dir=raw)
    # ... unless it is accepted as a new snapshot, which replaces the figures
    again = ookla_to_raw(
        Q, provinces=["Lạng Sơn"], base_url=url, retries=0, raw_dir=raw, accept_new_snapshot=True
    )
    assert again.snapshot.sha256 != run.snapshot.sha256
    assert build(raw, codebook_path=raw.parent / "codebook.csv").n_rejected == 0

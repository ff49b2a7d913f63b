"""One quarter of Ookla tiles, from the bucket (or a mirror) to a raw table of 2025 communes."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cdskit.connectivity._aggregate import aggregate_tiles
from cdskit.connectivity._ookla import BUCKET_URL, Quarter, Snapshot, get_quarter
from cdskit.connectivity._parquet import check_tiles_file, read_tiles
from cdskit.connectivity._raw_table import recorded_sha256, write_ookla_table
from cdskit.connectivity._tiling import unit_grid
from cdskit.geo import load_boundaries
from cdskit.terms import FOCUS_PROVINCES


@dataclass(frozen=True)
class OoklaRun:
    """What :func:`ookla_to_raw` did: the snapshot used, the figures and the table written."""

    snapshot: Snapshot
    result: pd.DataFrame
    table: Path
    tiles_kept: int
    rows_scanned: int


def ookla_to_raw(
    quarter: Quarter,
    *,
    provinces: Iterable[str] = FOCUS_PROVINCES[2025],
    accept_new_snapshot: bool = False,
    base_url: str = BUCKET_URL,
    progress: bool = False,
    retries: int = 3,
    raw_dir: str | Path | None = None,
) -> OoklaRun:
    """Get a quarter file, aggregate it to the provinces' 2025 communes, write the raw table.

    Parameters
    ----------
    quarter : Quarter
        Network type, year and quarter.
    provinces : iterable of str, default the four focus provinces
        2025 provinces (names or codes) whose communes receive figures.
    accept_new_snapshot : bool, default False
        Accept a file whose sha256 differs from the snapshot already recorded for the quarter.
    base_url : str
        The provider's bucket.
    progress : bool, default False
        Show a download progress bar.
    retries : int, default 3
        Extra download attempts, each resuming the last.
    raw_dir : str or pathlib.Path, optional
        Raw folder (default: the project's ``data/raw``).

    Returns
    -------
    OoklaRun
        The snapshot, the per-commune and per-province figures and the table written; the
        next ``cdskit build`` publishes them.

    Raises
    ------
    DownloadError
        The file cannot be obtained, or it is a different snapshot and was not accepted.
    InputError
        The file is not a tiles file, or has no tile in Vietnam or in the provinces.
    """
    recorded = recorded_sha256(quarter.kind, quarter.year, quarter.quarter, raw_dir)
    snapshot = get_quarter(
        quarter,
        recorded_sha256=recorded or None,
        accept_new_snapshot=accept_new_snapshot,
        base_url=base_url,
        progress=progress,
        retries=retries,
    )
    check_tiles_file(snapshot.path)  # a wrong file is named before boundaries are loaded
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overlaps resolved in the layer are listed in its attrs
        communes = load_boundaries("commune", 2025, provinces=list(provinces))
    grid = unit_grid(communes)
    tiles = read_tiles(snapshot.path, grid)
    result = aggregate_tiles(tiles, grid)
    table = write_ookla_table(result, snapshot, raw_dir)
    return OoklaRun(
        snapshot=snapshot,
        result=result,
        table=table,
        tiles_kept=len(tiles),
        rows_scanned=int(tiles.attrs["rows_scanned"]),
    )

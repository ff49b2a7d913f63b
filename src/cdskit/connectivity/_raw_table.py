"""Aggregated Ookla figures → a raw table in ``data/raw`` with its snapshot in ``sources.yml``.

The table is in the long layout every raw table uses (one figure per row, Vietnamese number
formats), so the next ``cdskit build`` cleans, validates and publishes it like any other. The
source entry credits the provider, carries the licence and identifies the snapshot (sha256,
size, date obtained, the server's Last-Modified).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import yaml

from cdskit import paths
from cdskit.connectivity._ookla import LICENCE, Quarter, Snapshot
from cdskit.files import file_sha256, write_text_atomically
from cdskit.raw import upsert_entries

#: Raw folder (inside ``data/raw``) of the tables this module writes.
RAW_FOLDER = "connectivity/ookla"
#: Result column → (indicator suffix, factor, percent?), one indicator per network type. Every
#: figure is written as a whole number (speeds in kbit/s as the provider publishes them, tests
#: and devices rounded from area shares) except the share of area measured (one decimal).
FIGURES = {
    "download_mbps": ("download_kbps", 1000.0, False),
    "upload_mbps": ("upload_kbps", 1000.0, False),
    "latency_ms": ("latency_ms", 1.0, False),
    "latency_down_ms": ("latency_down_ms", 1.0, False),
    "latency_up_ms": ("latency_up_ms", 1.0, False),
    "tests": ("tests", 1.0, False),
    "devices": ("devices", 1.0, False),
    "measured_area_share": ("measured_area_share", 100.0, True),
}
_COLUMNS = [
    "unit",
    "unit_level",
    "province",
    "vintage",
    "indicator",
    "period",
    "value",
    "denominator",
    "source_id",
    "note",
]


def indicator_id(kind: str, figure: str) -> str:
    """Return the codebook id of an Ookla figure.

    Examples
    --------
    >>> indicator_id("mobile", "download_mbps")
    'ookla_mobile_download_kbps'
    """
    return f"ookla_{kind}_{FIGURES[figure][0]}"


def source_id(snapshot: Snapshot) -> str:
    """Return the ``sources.yml`` id of a snapshot's figures (``ookla-mobile-2024-q1``)."""
    return f"ookla-{snapshot.quarter.label}"


def ookla_table(result: pd.DataFrame, snapshot: Snapshot) -> pd.DataFrame:
    """Return aggregated figures as a long raw table (2025 communes and provinces).

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`aggregate_tiles` on a 2025 commune grid.
    snapshot : Snapshot
        The quarter file the figures come from.

    Returns
    -------
    pandas.DataFrame
        Columns of the long layout; values as text in Vietnamese formats (``12345`` kbit/s,
        ``45,6%``). A figure the quarter has no data for (a unit without tiles has no mean
        speed; a quarter without latency under load) is left out, never written as zero.
    """
    rows = []
    for record in result.itertuples(index=False):
        for figure, (_, factor, percent) in FIGURES.items():
            value = getattr(record, figure)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            rows.append(
                {
                    "unit": record.unit_code,
                    "unit_level": record.unit_level,
                    "province": "" if record.unit_level == "province" else record.province_code,
                    "vintage": 2025,
                    "indicator": indicator_id(snapshot.quarter.kind, figure),
                    "period": snapshot.quarter.period,
                    "value": _vi(value * factor, 1 if percent else 0, percent),
                    "denominator": "",
                    "source_id": source_id(snapshot),
                    "note": "",
                }
            )
    return pd.DataFrame(rows, columns=_COLUMNS)


def write_ookla_table(
    result: pd.DataFrame, snapshot: Snapshot, raw_dir: str | Path | None = None
) -> Path:
    """Write the figures into the raw folder and record them and their snapshot.

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`aggregate_tiles` on a 2025 commune grid.
    snapshot : Snapshot
        The quarter file the figures come from.
    raw_dir : str or pathlib.Path, optional
        Raw folder holding ``sources.yml`` (default: the project's ``data/raw``).

    Returns
    -------
    pathlib.Path
        The table written (``connectivity/ookla/<type>_<year>_q<quarter>.csv``).
    """
    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    quarter = snapshot.quarter
    relative = f"{RAW_FOLDER}/{quarter.kind}_{quarter.year}_q{quarter.quarter}.csv"
    target = raw / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(target, ookla_table(result, snapshot).to_csv(index=False))
    source = {
        "id": source_id(snapshot),
        "title": (
            "Speedtest® by Ookla® Global Fixed and Mobile Network Performance Maps "
            f"({quarter.kind}, {quarter.year} Q{quarter.quarter})"
        ),
        "publisher": "Ookla",
        "date": snapshot.accessed,
        "url": snapshot.url,
        "licence": LICENCE,
        "sha256": snapshot.sha256,
        "size": snapshot.size,
        "last_modified": snapshot.last_modified or "not known",
        "note": (
            f"snapshot of the quarter file obtained on {snapshot.accessed} (date above); the "
            "provider re-aggregates past quarters, so sha256 and size identify the figures"
        ),
        # Tiles left out as impossible measurements, by rule (listed in the validation report).
        "tiles_rejected": dict(result.attrs.get("tiles_rejected") or {}),
    }
    entry = {
        "path": relative,
        "sha256": file_sha256(target),
        "description": (
            f"Ookla {quarter.kind} speed tests, {quarter.year} Q{quarter.quarter}, aggregated to "
            "2025 communes and provinces (area shares, tests-weighted means)"
        ),
        "layout": "long",
        "number_locale": "vi",
        "source": source["id"],
        "sheet": None,
    }
    upsert_entries(raw / "sources.yml", source=source, file=entry)
    return target


def recorded_snapshot(quarter: Quarter, raw_dir: str | Path | None = None) -> dict[str, str]:
    """Return the snapshot the published figures of a quarter come from, as recorded.

    Parameters
    ----------
    quarter : Quarter
        Network type, year and quarter.
    raw_dir : str or pathlib.Path, optional
        Raw folder holding ``sources.yml`` (default: the project's ``data/raw``).

    Returns
    -------
    dict of str to str
        ``url``, ``sha256``, ``size``, ``date`` (obtained) and ``last_modified`` of the
        snapshot's ``sources.yml`` entry; empty when no figures of the quarter were written.
    """
    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    register = raw / "sources.yml"
    if not register.is_file():
        return {}
    document = yaml.safe_load(register.read_text(encoding="utf-8")) or {}
    wanted = f"ookla-{quarter.label}"
    for item in document.get("sources") or []:
        if item.get("id") == wanted:
            keys = ("url", "sha256", "size", "date", "last_modified")
            return {key: str(item.get(key) or "") for key in keys}
    return {}


def recorded_sha256(kind: str, year: int, quarter: int, raw_dir: str | Path | None = None) -> str:
    """Return the sha256 of the snapshot a quarter's published figures come from ("" if none).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     recorded_sha256("mobile", 2024, 1, folder)
    ''
    """
    return recorded_snapshot(Quarter(kind, year, quarter), raw_dir).get("sha256", "")


def _vi(value: float, decimals: int, percent: bool) -> str:
    text = f"{value:.{decimals}f}".replace(".", ",")
    return f"{text}%" if percent else text

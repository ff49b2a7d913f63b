"""Connectivity gaps by unit: Ookla open-data tiles, the provinces' surveys, published figures.

Three sources place a gap in a 2025 commune:

- **Ookla** speed tests (zoom-16 web-mercator tiles): :func:`list_quarters` and
  :func:`ookla_to_raw` (``cdskit connectivity ookla``) read a quarter in bounded memory,
  assign the tiles to communes by area share (:func:`unit_grid`, :func:`read_tiles`,
  :func:`aggregate_tiles`) and write the figures into ``data/raw``.
- **The province's survey**: :func:`write_template` and :func:`add_survey`
  (``cdskit connectivity template`` / ``survey``).
- **Figures published below province level**, in the pre-2025 units, placed in their 2025
  communes by :func:`place_evidence`.

The connectivity-gaps page reads them back from the published dataset (:func:`gap_sources`)
and shows maps (:func:`map_specs`, :func:`evidence_by_commune`), tables (:func:`ranked_table`,
:func:`evidence_table`, :func:`licence_table`) and its key sentence (:func:`gap_summary`).

>>> from cdskit import connectivity
>>> connectivity.Quarter("mobile", 2024, 1).period
'2024-Q1'
"""

from cdskit.connectivity._aggregate import aggregate_tiles
from cdskit.connectivity._evidence import place_evidence
from cdskit.connectivity._gap_maps import (
    evidence_by_commune,
    evidence_categories,
    evidence_table,
    gap_summary,
    map_specs,
)
from cdskit.connectivity._gap_page import (
    commune_gaps,
    credit_lines,
    gap_sources,
    licence_table,
    ranked_table,
)
from cdskit.connectivity._gaps import GapThresholds
from cdskit.connectivity._ookla import BUCKET_URL, Quarter, list_quarters
from cdskit.connectivity._ookla_to_raw import ookla_to_raw
from cdskit.connectivity._parquet import VIETNAM_BOUNDS, read_tiles
from cdskit.connectivity._raw_table import recorded_snapshot
from cdskit.connectivity._survey import write_template
from cdskit.connectivity._survey_check import add_survey
from cdskit.connectivity._tiles import lonlat_to_tile, tile_bounds
from cdskit.connectivity._tiling import unit_grid

__all__ = [
    "BUCKET_URL",
    "VIETNAM_BOUNDS",
    "GapThresholds",
    "Quarter",
    "add_survey",
    "aggregate_tiles",
    "commune_gaps",
    "credit_lines",
    "evidence_by_commune",
    "evidence_categories",
    "evidence_table",
    "gap_sources",
    "gap_summary",
    "licence_table",
    "list_quarters",
    "lonlat_to_tile",
    "map_specs",
    "ookla_to_raw",
    "place_evidence",
    "ranked_table",
    "read_tiles",
    "recorded_snapshot",
    "tile_bounds",
    "unit_grid",
    "write_template",
]

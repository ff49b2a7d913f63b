"""Connectivity gaps by unit: Ookla open-data tiles and the provinces' survey templates.

Published figures below province level are placed in their 2025 communes
(:func:`place_evidence`). Ookla tiles (zoom-16 web-mercator quadkeys) are read in bounded
memory, assigned to units by area share and aggregated per commune and province
(:func:`aggregate_tiles`).
"""

from cdskit.connectivity._aggregate import RESULT_COLUMNS, aggregate_tiles, assign_tiles
from cdskit.connectivity._evidence import (
    EVIDENCE_COLUMNS,
    EVIDENCE_KINDS,
    commune_crosswalk,
    place_evidence,
)
from cdskit.connectivity._gap_maps import (
    MapSpec,
    evidence_by_commune,
    evidence_categories,
    evidence_table,
    gap_summary,
    map_specs,
)
from cdskit.connectivity._gap_page import (
    SURVEY_PARTS,
    GapSources,
    commune_gaps,
    credit_lines,
    gap_sources,
    licence_table,
    ookla_credit,
    published_table,
    ranked_table,
    survey_as_shares,
)
from cdskit.connectivity._gaps import GapThresholds, flag_gaps
from cdskit.connectivity._ookla import (
    BUCKET_URL,
    LICENCE,
    LICENCE_URL,
    NETWORK_TYPES,
    Quarter,
    Snapshot,
    get_quarter,
    list_quarters,
    parse_key,
)
from cdskit.connectivity._ookla_to_raw import OoklaRun, ookla_to_raw
from cdskit.connectivity._parquet import (
    MEASURES,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    VIETNAM_BOUNDS,
    check_tiles_file,
    read_tiles,
)
from cdskit.connectivity._raw_table import (
    indicator_id,
    ookla_table,
    recorded_sha256,
    recorded_snapshot,
    source_id,
    write_ookla_table,
)
from cdskit.connectivity._survey import (
    COLUMNS as SURVEY_COLUMNS,
)
from cdskit.connectivity._survey import (
    FIRST_SURVEY_DATE,
    SURVEY_SHEET,
    SurveyColumn,
    write_template,
)
from cdskit.connectivity._survey_check import add_survey, check_survey
from cdskit.connectivity._tiles import (
    OOKLA_ZOOM,
    lonlat_to_tile,
    quadkeys_to_tiles,
    tile_area_km2,
    tile_bounds,
    tile_to_quadkey,
)
from cdskit.connectivity._tiling import UnitGrid, unit_grid
from cdskit.fetch import Transfer, download

__all__ = [
    "BUCKET_URL",
    "EVIDENCE_COLUMNS",
    "EVIDENCE_KINDS",
    "FIRST_SURVEY_DATE",
    "LICENCE",
    "LICENCE_URL",
    "MEASURES",
    "NETWORK_TYPES",
    "OOKLA_ZOOM",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "RESULT_COLUMNS",
    "SURVEY_COLUMNS",
    "SURVEY_PARTS",
    "SURVEY_SHEET",
    "VIETNAM_BOUNDS",
    "GapSources",
    "GapThresholds",
    "MapSpec",
    "OoklaRun",
    "Quarter",
    "Snapshot",
    "SurveyColumn",
    "Transfer",
    "UnitGrid",
    "add_survey",
    "aggregate_tiles",
    "assign_tiles",
    "check_survey",
    "check_tiles_file",
    "commune_crosswalk",
    "commune_gaps",
    "credit_lines",
    "download",
    "evidence_by_commune",
    "evidence_categories",
    "evidence_table",
    "flag_gaps",
    "gap_sources",
    "gap_summary",
    "get_quarter",
    "indicator_id",
    "licence_table",
    "list_quarters",
    "lonlat_to_tile",
    "map_specs",
    "ookla_credit",
    "ookla_table",
    "ookla_to_raw",
    "parse_key",
    "place_evidence",
    "published_table",
    "quadkeys_to_tiles",
    "ranked_table",
    "read_tiles",
    "recorded_sha256",
    "recorded_snapshot",
    "source_id",
    "survey_as_shares",
    "tile_area_km2",
    "tile_bounds",
    "tile_to_quadkey",
    "unit_grid",
    "write_ookla_table",
    "write_template",
]

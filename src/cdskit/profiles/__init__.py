"""Province profiles and the peer picker: the DTI record of every province, offline.

One page per province with a DTI figure, in each vintage (the 63 former provinces for the
editions to 2023 and the 2024 group of 63; the 34 provinces from 2024), in Vietnamese and
English, and one page where a reader compares up to six provinces::

    from cdskit import profiles
    profiles.write_profiles()          # reports/profiles/*.html and *.pdf, reports/peers.html

The pages are rendered from Jinja2 templates; ``cdskit reports`` writes them after the
notebooks and skips them when nothing they are made from has changed.
"""

from cdskit.profiles._figures import Edition, Figures, parse_indicator, read_figures
from cdskit.profiles._profile import Province, ascii_key, build_context, change, slug
from cdskit.profiles._regions import Region, Regions, read_regions
from cdskit.profiles._steering import Steering, select_steering
from cdskit.profiles._write import (
    inputs_hash,
    profile_page,
    profile_pdf,
    provinces_with_figures,
    render_profile,
    write_profiles,
)

__all__ = [
    "Edition",
    "Figures",
    "Province",
    "Region",
    "Regions",
    "Steering",
    "ascii_key",
    "build_context",
    "change",
    "inputs_hash",
    "parse_indicator",
    "profile_page",
    "profile_pdf",
    "provinces_with_figures",
    "read_figures",
    "read_regions",
    "render_profile",
    "select_steering",
    "slug",
    "write_profiles",
]

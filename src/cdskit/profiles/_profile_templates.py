"""Where the profile pages go and the templates they are written with.

Shared by the profile pages and the peer picker, so that neither imports the other.

Examples
--------
>>> PROFILE_FOLDER
'profiles'
>>> environment().get_template("profile.html.j2").name
'profile.html.j2'
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

#: Folder of the profiles inside the reports folder.
PROFILE_FOLDER = "profiles"
#: Folder of the page templates and the peer picker's script.
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the pages (every data text escaped)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

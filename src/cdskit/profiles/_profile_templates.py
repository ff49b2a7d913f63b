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

from pathlib import Path

import jinja2

from cdskit._jinja import jinja_environment

#: Folder of the profiles inside the reports folder.
PROFILE_FOLDER = "profiles"
#: Folder of the page templates and the peer picker's script.
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the pages (every data text escaped)."""
    return jinja_environment(TEMPLATE_DIR)

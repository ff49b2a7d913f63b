"""Jinja2 environments of the kit's templates: one set of settings for every template folder.

Examples
--------
>>> from pathlib import Path
>>> folder = Path(__file__).resolve().parent / "profiles" / "templates"
>>> page = jinja_environment(folder)
>>> page.from_string("<p>{{ name }}</p>").render(name="Lào Cai & Yên Bái")
'<p>Lào Cai &amp; Yên Bái</p>'
>>> text = jinja_environment(folder, html=False)
>>> text.from_string("{{ name }}").render(name="Lào Cai & Yên Bái")
'Lào Cai & Yên Bái'
>>> jinja_environment(folder) is page
True
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2


@functools.cache
def jinja_environment(folder: Path, *, html: bool = True) -> jinja2.Environment:
    """Return the Jinja2 environment of one folder of templates (one per folder and kind).

    Parameters
    ----------
    folder : pathlib.Path
        Folder the templates are read from (names relative to it: ``"vi/dti.j2"``).
    html : bool, default True
        HTML pages: every data text escaped, block tags take their line with them
        (``trim_blocks``, ``lstrip_blocks``). ``False``: plain text, nothing escaped, white space
        kept as written.

    Returns
    -------
    jinja2.Environment
        The environment; an undefined name is an error (``StrictUndefined``), never an empty
        text.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=html,
        lstrip_blocks=html,
    )

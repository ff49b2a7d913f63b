"""The narrative's Jinja2 templates: one folder of text per language, shipped as package data."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jinja2

from cdskit._jinja import jinja_environment

#: Folder holding ``vi/``, ``en/`` (sentence templates) and ``page/`` (page layouts).
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

_SPACES = re.compile(r"\s+")


def environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the sentence templates (plain text, no escaping)."""
    return jinja_environment(TEMPLATE_DIR, html=False)


def page_environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the HTML page, escaping every data text."""
    return jinja_environment(TEMPLATE_DIR)


@functools.cache
def module(language: str, name: str) -> Any:
    """Return the macros and variables of ``<language>/<name>.j2``."""
    return environment().get_template(f"{language}/{name}.j2").module


def say(language: str, name: str, macro: str, *args: Any, **kwargs: Any) -> str:
    """Call one macro of a language's template and return its text on one line.

    Parameters
    ----------
    language : {"vi", "en"}
        Folder of the template.
    name : str
        Template file without ``.j2`` (``"dti"``, ``"phrases"``, ``"report"``).
    macro : str
        Macro name.
    *args, **kwargs
        Macro arguments.

    Returns
    -------
    str
        The text, spaces collapsed.
    """
    text = str(getattr(module(language, name), macro)(*args, **kwargs))
    return _SPACES.sub(" ", text).strip()


def has_macro(language: str, name: str, macro: str) -> bool:
    """Return whether a language's template defines a macro."""
    return hasattr(module(language, name), macro)


def label(language: str, key: str) -> str:
    """Return a heading or caption set in ``<language>/report.j2`` (``heading_dti``…)."""
    return str(getattr(module(language, "report"), key))

"""Read and check ``reports.toml``: which notebooks to render, with which parameters.

Every parameter a report sets is checked against the notebook's cell tagged ``parameters``
(read with papermill's ``inspect_notebook``), so a misspelt name fails before anything runs.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdskit import paths
from cdskit.errors import ParameterError, did_you_mean
from cdskit.terms import LANGUAGES

#: Keys a ``[[report]]`` table may hold.
REPORT_KEYS: tuple[str, ...] = (
    "name",
    "notebook",
    "language",
    "title_vi",
    "title_en",
    "description_vi",
    "description_en",
    "parameters",
)
_REQUIRED_KEYS = ("name", "notebook", "title_vi", "title_en")
#: Notebook parameters the runner sets itself.
RUNNER_PARAMETERS: tuple[str, ...] = ("output_dir",)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "tuple": (list,),
    "dict": (dict,),
    "None": (type(None),),
}


@dataclass(frozen=True)
class Report:
    """One entry of ``reports.toml``.

    Parameters
    ----------
    name : str
        File-safe id (``dti-comparison``): the report is written to ``reports/<name>.html``.
    notebook : pathlib.Path
        The notebook to execute.
    title_vi, title_en : str
        Titles shown in the index and the page footer.
    language : str
        ``"vi"`` or ``"en"``; passed to the notebook's ``language`` parameter when it has one.
    parameters : dict
        Notebook parameters (names checked against the notebook's ``parameters`` cell).
    description_vi, description_en : str
        Optional one-line descriptions for the index.
    """

    name: str
    notebook: Path
    title_vi: str
    title_en: str
    language: str = "vi"
    parameters: dict[str, Any] = field(default_factory=dict)
    description_vi: str = ""
    description_en: str = ""

    def title(self) -> str:
        """Return the title in the report's own language."""
        return self.title_vi if self.language == "vi" else self.title_en


def load_config(config: str | os.PathLike[str] | None = None) -> list[Report]:
    """Read and check ``reports.toml``.

    Parameters
    ----------
    config : path-like, optional
        The configuration file (default: ``<project>/reports.toml``). Notebook paths in it are
        relative to the file's folder.

    Returns
    -------
    list of Report
        In file order.

    Raises
    ------
    ParameterError
        When the file is missing or not valid TOML, a key is unknown or missing, a name is
        repeated, a notebook is missing, or a parameter is not one the notebook declares (with a
        did-you-mean suggestion) or has the wrong type.
    """
    path = Path(config) if config is not None else paths.project_root() / "reports.toml"
    if not path.is_file():
        raise ParameterError(
            f"Report configuration {path.name} not found in {path.parent}: create it (see the "
            "project's reports.toml) or pass config=PATH."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{path.name} is not valid TOML: {exc}. Fix the file.") from exc
    unknown = sorted(set(data) - {"report"})
    if unknown:
        raise ParameterError(
            f"{path.name}: unknown top-level key '{unknown[0]}'; expected [[report]] tables."
            + did_you_mean(difflib.get_close_matches(unknown[0], ["report"], n=1))
        )
    entries = data.get("report", [])
    if not isinstance(entries, list) or not entries:
        raise ParameterError(f"{path.name}: no [[report]] table found; add at least one report.")
    reports: list[Report] = []
    for position, entry in enumerate(entries, start=1):
        report = _check_entry(entry, position, path)
        if any(r.name == report.name for r in reports):
            raise ParameterError(
                f"{path.name}: report name '{report.name}' is used twice; names must be unique."
            )
        reports.append(report)
    return reports


def _check_entry(entry: dict[str, Any], position: int, path: Path) -> Report:
    label = f"{path.name}, report {entry.get('name', f'#{position}')!r}"
    for key in entry:
        if key not in REPORT_KEYS:
            raise ParameterError(
                f"{label}: unknown key '{key}'; allowed keys are {', '.join(REPORT_KEYS)}."
                + did_you_mean(difflib.get_close_matches(key, REPORT_KEYS, n=2))
            )
    for key in _REQUIRED_KEYS:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ParameterError(f"{label}: '{key}' is required and must be a non-empty string.")
    name = entry["name"]
    if not _NAME.match(name):
        raise ParameterError(
            f"{label}: name must use lower-case letters, digits, '-' or '_' "
            "(it becomes a file name)."
        )
    language = entry.get("language", "vi")
    if language not in LANGUAGES:
        raise ParameterError(
            f"{label}: language {language!r} is not one of {', '.join(LANGUAGES)}."
            + did_you_mean(difflib.get_close_matches(str(language), LANGUAGES, n=1))
        )
    parameters = entry.get("parameters", {})
    if not isinstance(parameters, dict):
        raise ParameterError(f"{label}: 'parameters' must be a table of name = value.")
    notebook = (path.parent / entry["notebook"]).resolve()
    if not notebook.is_file():
        raise ParameterError(
            f"{label}: notebook {entry['notebook']!r} not found next to {path.name}; "
            "fix the path (it is relative to the configuration file)."
        )
    report = Report(
        name=name,
        notebook=notebook,
        title_vi=entry["title_vi"],
        title_en=entry["title_en"],
        language=language,
        parameters=dict(parameters),
        description_vi=entry.get("description_vi", ""),
        description_en=entry.get("description_en", ""),
    )
    _check_parameters(report, label)
    return report


def notebook_parameters(notebook: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Return the parameters declared in a notebook's cell tagged ``parameters``.

    Parameters
    ----------
    notebook : path-like
        The notebook file.

    Returns
    -------
    dict
        Parameter name → papermill's description (``inferred_type_name``, ``default``, ``help``).
    """
    path = Path(notebook).resolve()
    if not path.is_file():
        raise ParameterError(f"notebook {path.name} not found in {path.parent}; check the path.")
    stat = path.stat()
    return {k: dict(v) for k, v in _inspect(str(path), stat.st_mtime_ns, stat.st_size).items()}


@functools.lru_cache(maxsize=64)
def _inspect(path: str, _mtime_ns: int, _size: int) -> dict[str, dict[str, Any]]:
    """Read a notebook's parameters once per version of the file (keyed by time and size)."""
    import papermill

    return dict(papermill.inspect_notebook(path))


def _check_parameters(report: Report, label: str) -> None:
    declared = notebook_parameters(report.notebook)
    for name, value in report.parameters.items():
        if name in RUNNER_PARAMETERS:
            raise ParameterError(
                f"{label}: parameter '{name}' is set by the report runner; remove it."
            )
        if name not in declared:
            raise ParameterError(
                f"{label}: parameter '{name}' is not declared in the parameters cell of "
                f"{report.notebook.name} (declared: {', '.join(declared) or 'none'})."
                + did_you_mean(difflib.get_close_matches(name, list(declared), n=2, cutoff=0.5))
            )
        expected = _accepted_types(declared[name].get("inferred_type_name", ""))
        # bool is a subclass of int: True must not pass as an int or a float.
        wrong_bool = isinstance(value, bool) and bool not in expected
        if expected and (wrong_bool or not isinstance(value, expected)):
            raise ParameterError(
                f"{label}: parameter '{name}' = {value!r} does not match the notebook's type "
                f"'{declared[name]['inferred_type_name']}'; give a value of that type."
            )
    given = report.parameters.get("language")
    if given is not None and given != report.language:
        raise ParameterError(
            f"{label}: parameters.language = {given!r} contradicts language = "
            f"{report.language!r}; set only 'language'."
        )


def _accepted_types(type_name: str) -> tuple[type, ...]:
    """Return Python types matching a papermill type hint, or () when unknown or complex.

    papermill reports ``"None"`` for a parameter without annotation: anything goes then.
    """
    if type_name.strip() in ("", "None"):
        return ()
    accepted: list[type] = []
    for part in type_name.replace("Optional[", "None|").replace("]", "").split("|"):
        base = part.strip().split("[")[0]
        if base not in _TYPES:
            return ()
        accepted.extend(_TYPES[base])
    return tuple(accepted)

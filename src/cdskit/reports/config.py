"""Read and check ``reports.toml``: which notebooks to render, with which parameters.

A ``[[report]]`` table names one notebook; an optional ``matrix`` expands it into one report
per combination of values (``matrix = { language = ["vi", "en"] }``), with derived names.
An optional ``timeout`` (seconds) bounds each report of the entry instead of the run's
``--timeout``. Every parameter is checked against the notebook's cell tagged ``parameters``
(its typed, commented assignments, read with :mod:`ast`), and every problem of the whole file
is listed in one error before anything runs.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import json
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdskit import paths, vietnamese
from cdskit.errors import ParameterError, did_you_mean
from cdskit.files import shorten_name
from cdskit.reports._parameters import accepted_types, read_parameters_cell
from cdskit.terms import LANGUAGES, VINTAGES

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
    "matrix",
    "vintage",
    "timeout",
)
_REQUIRED_KEYS = ("name", "notebook", "title_vi", "title_en")
#: Notebook parameters the runner sets itself.
RUNNER_PARAMETERS: tuple[str, ...] = ("output_dir",)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
#: Longest report name: ``<name>.failed.ipynb`` then fits any file system (most allow 255
#: bytes, encrypted home folders 143); longer matrix names end with a stable hash instead.
NAME_LIMIT = 100


@dataclass(frozen=True)
class Report:
    """One report to render: an entry of ``reports.toml``, or one combination of its matrix.

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
    vintage : int, optional
        Vintage in which province names are checked when the notebook has no ``vintage``.
    matrix : dict
        The matrix values that made this report (empty for a plain entry).
    group : str
        The ``name`` of the ``[[report]]`` entry (the same as ``name`` without a matrix).
    timeout : float, optional
        Seconds the report may run (the entry's ``timeout``, for every report of its matrix);
        ``None``: the run's ``--timeout``. Not part of the report's fingerprint: the limit does
        not change what a report writes, and a report that ran out of time failed, and a
        failed report is always run again.
    """

    name: str
    notebook: Path
    title_vi: str
    title_en: str
    language: str = "vi"
    parameters: dict[str, Any] = field(default_factory=dict)
    description_vi: str = ""
    description_en: str = ""
    vintage: int | None = None
    matrix: dict[str, Any] = field(default_factory=dict)
    group: str = ""
    timeout: float | None = None

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
        In file order, matrix entries expanded in the order of their values.

    Raises
    ------
    ParameterError
        Listing every problem: missing or invalid file, unknown or missing keys, repeated
        names, missing notebooks, parameters the notebook does not declare (with a
        did-you-mean suggestion) or of the wrong type, malformed matrices.
    """
    reports, problems = read_config(config)
    raise_problems(problems, config)
    return reports


def read_config(config: str | os.PathLike[str] | None = None) -> tuple[list[Report], list[str]]:
    """Return the valid reports of ``reports.toml`` and the problems found in the others.

    Raises
    ------
    ParameterError
        When the file itself is missing or not valid TOML.
    """
    path = config_path(config)
    if not path.is_file():
        raise ParameterError(
            f"Report configuration {path.name} not found in {path.parent}: create it (see the "
            "project's reports.toml) or pass config=PATH."
        )
    try:
        data = tomllib.loads(read_config_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{path.name} is not valid TOML: {exc}. Fix the file.") from exc
    problems: list[str] = []
    for key in sorted(set(data) - {"report"}):
        problems.append(
            f"{path.name}: unknown top-level key '{key}'; expected [[report]] tables."
            + did_you_mean(key, ["report"])
        )
    entries = data.get("report", [])
    if not isinstance(entries, list) or not entries:
        problems.append(f"{path.name}: no [[report]] table found; add at least one report.")
        return [], problems
    reports: list[Report] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        for report in _check_entry(entry, position, path, problems):
            if report.name in seen:
                problems.append(
                    f"{path.name}: report name '{report.name}' is used twice; names must be "
                    "unique (a matrix adds its values to the name)."
                )
                continue
            seen.add(report.name)
            reports.append(report)
    return reports, problems


#: Byte-order marks and the encodings they announce, longest first (UTF-32 before UTF-16).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE"),
)


def read_config_text(path: Path) -> str:
    """Return the text of ``reports.toml`` in any UTF encoding with a BOM, or UTF-8 without one.

    Editors on Windows save UTF-8 with a BOM or UTF-16 ("Unicode" in Notepad); both are read.
    A file in another encoding is refused, naming what it looks like and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "reports.toml"
    ...     _ = path.write_bytes('name = "Lạng Sơn"'.encode("utf-16"))
    ...     read_config_text(path)
    'name = "Lạng Sơn"'
    """
    payload = path.read_bytes()
    for bom, codec, label in _BOMS:
        if payload.startswith(bom):
            try:
                return payload.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise ParameterError(
                    f"{path.name} starts with the byte-order mark of {label} but byte "
                    f"{exc.start} does not decode as {label}; save the file again as UTF-8."
                ) from None
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        zeros = payload[:200].count(0)
        guess = (
            "UTF-16 or UTF-32 without a byte-order mark"
            if zeros
            else "a legacy code page (Windows-1258, TCVN3...)"
        )
        raise ParameterError(
            f"{path.name} is not UTF-8 (byte 0x{payload[exc.start]:02x} at position "
            f"{exc.start}); it looks like {guess}. Save it as UTF-8 (with or without BOM) or "
            "as UTF-16 with BOM and run again."
        ) from None


def config_path(config: str | os.PathLike[str] | None) -> Path:
    """Return the configuration file (default: ``<project>/reports.toml``)."""
    return Path(config) if config is not None else paths.project_root() / "reports.toml"


def raise_problems(problems: list[str], config: str | os.PathLike[str] | None = None) -> None:
    """Raise one :class:`ParameterError` listing every problem (nothing when there is none)."""
    if len(problems) == 1:
        raise ParameterError(problems[0] + " Nothing was run.")
    if problems:
        listed = " ".join(f"({n}) {problem}" for n, problem in enumerate(problems, start=1))
        raise ParameterError(
            f"{len(problems)} problems in {config_path(config).name}; nothing was run: {listed}"
        )


def _check_entry(entry: Any, position: int, path: Path, problems: list[str]) -> list[Report]:
    if not isinstance(entry, dict):
        problems.append(f"{path.name}: report #{position} is not a table.")
        return []
    label = f"{path.name}, report {entry.get('name', f'#{position}')!r}"
    found = len(problems)
    _check_keys(entry, label, problems)
    notebook = _notebook_of(entry, label, path, problems)
    name = entry.get("name")
    if len(problems) > found or notebook is None or not isinstance(name, str):
        return []
    return _expanded(entry, label, notebook, problems)


def _check_keys(entry: dict[str, Any], label: str, problems: list[str]) -> None:
    """List every unknown, missing or malformed key of one ``[[report]]`` entry."""
    for key in entry:
        if key not in REPORT_KEYS:
            problems.append(
                f"{label}: unknown key '{key}'; allowed keys are {', '.join(REPORT_KEYS)}."
                + did_you_mean(key, REPORT_KEYS)
            )
    for key in _REQUIRED_KEYS:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(f"{label}: '{key}' is required and must be a non-empty string.")
    name = entry.get("name")
    if isinstance(name, str) and len(name) > NAME_LIMIT:
        problems.append(
            f"{label}: name is {len(name)} characters long; keep it to {NAME_LIMIT} (it becomes "
            "a file name, and matrix values are added to it)."
        )
    if isinstance(name, str) and name and not _NAME.match(name):
        problems.append(
            f"{label}: name must use lower-case letters, digits, '-' or '_' "
            "(it becomes a file name)."
        )
    vintage = entry.get("vintage")
    if vintage is not None and vintage not in VINTAGES:
        problems.append(f"{label}: vintage {vintage!r} is not one of 2008, 2025.")
    timeout = entry.get("timeout")
    if timeout is not None and not _is_seconds(timeout):
        problems.append(
            f"{label}: timeout = {_toml(timeout)} is not a positive number of seconds; write "
            "the limit of each report of this entry (timeout = 900), or remove the key to use "
            "the run's --timeout."
        )
    if not isinstance(entry.get("parameters", {}), dict):
        problems.append(f"{label}: 'parameters' must be a table of name = value.")
    if not isinstance(entry.get("matrix", {}), dict):
        problems.append(f"{label}: 'matrix' must be a table of name = [values].")


def _notebook_of(entry: dict[str, Any], label: str, path: Path, problems: list[str]) -> Path | None:
    """Return the entry's notebook next to the configuration file (``None`` when missing)."""
    if not isinstance(entry.get("notebook"), str):
        return None
    notebook = (path.parent / entry["notebook"]).resolve()
    if not notebook.is_file():
        problems.append(
            f"{label}: notebook {entry['notebook']!r} not found next to {path.name}; "
            "fix the path (it is relative to the configuration file)."
        )
        return None
    return notebook


def _expanded(
    entry: dict[str, Any], label: str, notebook: Path, problems: list[str]
) -> list[Report]:
    """Return one report per combination of the entry's matrix, its parameters checked."""
    name, parameters = entry["name"], entry.get("parameters", {})
    reports = []
    for values in _combinations(entry.get("matrix", {}), parameters, entry, label, problems):
        language = values.get("language", entry.get("language", "vi"))
        if language not in LANGUAGES:
            problems.append(
                f"{label}: language {language!r} is not one of {', '.join(LANGUAGES)}."
                + did_you_mean(str(language), LANGUAGES)
            )
            continue
        given = {**parameters, **{k: v for k, v in values.items() if k != "language"}}
        texts = {
            key: _fill(entry.get(key, ""), values, label, key, problems)
            for key in ("title_vi", "title_en", "description_vi", "description_en")
        }
        report = Report(
            name=shorten_name(
                name + "".join(_suffix(key, value) for key, value in values.items()),
                NAME_LIMIT,
            ),
            notebook=notebook,
            language=language,
            parameters=given,
            vintage=entry.get("vintage"),
            matrix=dict(values),
            group=name,
            timeout=entry.get("timeout"),
            **texts,
        )
        _check_parameters(report, label, problems)
        reports.append(report)
    return reports  # with problems of their parameters too: the data checks list theirs


def _is_seconds(value: Any) -> bool:
    """Whether ``value`` is a positive, finite number of seconds (``True`` is not a number).

    >>> _is_seconds(900), _is_seconds(2.5), _is_seconds(0), _is_seconds("900"), _is_seconds(True)
    (True, True, False, False, False)
    """
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _toml(value: Any) -> str:
    """Return a value as it is written in TOML, for messages.

    >>> print(_toml("10 s"), _toml(False), _toml(-5), _toml(0.0))
    "10 s" false -5 0.0
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _combinations(
    matrix: dict[str, Any],
    parameters: dict[str, Any],
    entry: dict[str, Any],
    label: str,
    problems: list[str],
) -> list[dict[str, Any]]:
    """Return one dict of values per combination of the matrix, in the order written."""
    for key, values in matrix.items():
        if not isinstance(values, list) or not values:
            problems.append(f"{label}: matrix.{key} must be a non-empty list of values.")
            return []
        if key in parameters or (key == "language" and "language" in entry):
            problems.append(f"{label}: '{key}' is set both in the matrix and outside it; keep one.")
            return []
        slugs = [slug(value) for value in values]
        if len(set(slugs)) != len(slugs):
            problems.append(f"{label}: matrix.{key} repeats a value ({', '.join(slugs)}).")
            return []
    keys = list(matrix)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*matrix.values())]


def _suffix(key: str, value: Any) -> str:
    """Return what a matrix value adds to a report's name; Vietnamese adds nothing.

    >>> _suffix("language", "vi"), _suffix("language", "en"), _suffix("province", "Lạng Sơn")
    ('', '-en', '-lang-son')
    """
    if key == "language" and value == "vi":
        return ""
    return f"-{slug(value)}"


def slug(value: Any) -> str:
    """Return a file-name-safe form of a matrix value: lower-case ASCII words joined by ``-``.

    Examples
    --------
    >>> slug("Thanh Hóa"), slug("Đắk Lắk"), slug(2024), slug(["Lào Cai", 2023])
    ('thanh-hoa', 'dak-lak', '2024', 'lao-cai-2023')
    """
    if isinstance(value, list | tuple):
        return "-".join(slug(item) for item in value)
    return vietnamese.slug(str(value)) or "x"


def _fill(text: str, values: dict[str, Any], label: str, key: str, problems: list[str]) -> str:
    """Put matrix values into ``{name}`` placeholders of a title or description."""
    if not values or "{" not in text:
        return text
    shown = {
        k: ", ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in values.items()
    }
    try:
        return text.format_map(shown)
    except (KeyError, ValueError, IndexError) as exc:
        problems.append(
            f"{label}: {key} has a placeholder {exc} that is not a matrix key "
            f"({', '.join(values)}); write {{name}} for a matrix value or {{{{ for a brace."
        )
        return text


def notebook_parameters(notebook: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Return the parameters declared in a notebook's cell tagged ``parameters``.

    Parameters
    ----------
    notebook : path-like
        The notebook file.

    Returns
    -------
    dict
        Parameter name → ``inferred_type_name`` (the annotation), ``default`` (its source),
        ``value`` (the default as a Python value, when it is a literal) and ``help`` (the
        comment).
    """
    path = Path(notebook).resolve()
    if not path.is_file():
        raise ParameterError(f"notebook {path.name} not found in {path.parent}; check the path.")
    stat = path.stat()
    return {k: dict(v) for k, v in _inspect(str(path), stat.st_mtime_ns, stat.st_size).items()}


@functools.lru_cache(maxsize=64)
def _inspect(path: str, _mtime_ns: int, _size: int) -> dict[str, dict[str, Any]]:
    """Read a notebook's parameters once per version of the file (keyed by time and size)."""
    return read_parameters_cell(Path(path))


def _check_parameters(report: Report, label: str, problems: list[str]) -> None:
    declared = notebook_parameters(report.notebook)
    for name, value in report.parameters.items():
        if name in RUNNER_PARAMETERS:
            problems.append(f"{label}: parameter '{name}' is set by the report runner; remove it.")
            continue
        if name not in declared:
            problems.append(
                f"{label}: parameter '{name}' is not declared in the parameters cell of "
                f"{report.notebook.name} (declared: {', '.join(declared) or 'none'})."
                + did_you_mean(name, list(declared))
            )
            continue
        expected = accepted_types(declared[name].get("inferred_type_name", ""))
        # bool is a subclass of int: True must not pass as an int or a float.
        wrong_bool = isinstance(value, bool) and bool not in expected
        if expected and (wrong_bool or not isinstance(value, expected)):
            problems.append(
                f"{label}: parameter '{name}' = {value!r} does not match the notebook's type "
                f"'{declared[name]['inferred_type_name']}'; give a value of that type."
            )
    given = report.parameters.get("language")
    if given is not None and given != report.language:
        problems.append(
            f"{label}: parameters.language = {given!r} contradicts language = "
            f"{report.language!r}; set only 'language'."
        )

"""A notebook's typed ``parameters`` cell, read without running anything.

Each top-level assignment of the cell tagged ``parameters`` is a parameter: its annotation is its
type (``list[str] | None``), its value its default and the comment on its line its help.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from cdskit.errors import ParameterError

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
_NO_VALUE = object()


def read_parameters_cell(notebook: Path) -> dict[str, dict[str, Any]]:
    """Return the parameters declared in the cell tagged ``parameters`` of ``notebook``.

    Parameters
    ----------
    notebook : pathlib.Path
        A notebook file (JSON).

    Returns
    -------
    dict
        Name → ``name``, ``inferred_type_name`` (annotation source, ``"None"`` when absent),
        ``default`` (source of the value), ``help`` (the line's comment) and, for literal
        defaults, ``value``.

    Raises
    ------
    ParameterError
        When the file is not a notebook or its parameters cell is not valid Python.
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ParameterError(
            f"notebook {notebook.name} in {notebook.parent} cannot be read as a notebook "
            f"({exc}); save it again from Jupyter."
        ) from None
    for cell in cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return parse_parameters("".join(source) if isinstance(source, list) else source)
    return {}


def parse_parameters(source: str) -> dict[str, dict[str, Any]]:
    r"""Return the parameters declared by the assignments in ``source``.

    Examples
    --------
    >>> found = parse_parameters('provinces: list[str] | None = None  # names or codes\n')
    >>> found["provinces"]["inferred_type_name"], found["provinces"]["help"]
    ('list[str] | None', 'names or codes')
    >>> found["provinces"]["value"] is None
    True
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(
            f"the parameters cell is not valid Python (line {exc.lineno}: {exc.msg}); fix it."
        ) from None
    comments = _comments(source)
    found: dict[str, dict[str, Any]] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets, annotation = [node.target], ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign):
            targets = [t for t in node.targets if isinstance(t, ast.Name)]
            annotation = "None"
        else:
            continue
        value_node = node.value
        default = ast.get_source_segment(source, value_node) if value_node is not None else ""
        try:
            value = ast.literal_eval(value_node) if value_node is not None else _NO_VALUE
        except (ValueError, SyntaxError, TypeError):
            value = _NO_VALUE
        comment = comments.get(node.end_lineno or 0, "")
        for target in targets:
            info: dict[str, Any] = {
                "name": target.id,
                "inferred_type_name": annotation,
                "default": default or "",
                "help": comment,
            }
            if value is not _NO_VALUE:
                info["value"] = value
            found[target.id] = info
    return found


def _comments(source: str) -> dict[int, str]:
    """Return the comment of each source line that has one (line number → text)."""
    import io
    import tokenize

    found: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = token.string.lstrip("#").strip()
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def accepted_types(type_name: str) -> tuple[type, ...]:
    """Return Python types matching a type annotation, or () when unknown or complex.

    A parameter without annotation (``"None"``) accepts anything.

    Examples
    --------
    >>> accepted_types("list[str] | None")
    (<class 'list'>, <class 'NoneType'>)
    >>> accepted_types("Optional[int]")
    (<class 'NoneType'>, <class 'int'>)
    >>> accepted_types("pd.DataFrame")
    ()
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

"""The CHANGELOG's public API list is the kit's public API, name for name."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import cdskit

ROOT = Path(__file__).resolve().parents[2]
CHANGELOG = ROOT / "CHANGELOG.md"
_LINE = re.compile(r"^- `(cdskit\.[a-z_]+)`: ?(.*)$")


def public_names(module_name: str) -> list[str]:
    """A stage's ``__all__``, or the names a shared module defines without a leading ``_``."""
    module = importlib.import_module(module_name)
    if hasattr(module, "__all__"):
        return sorted(module.__all__)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return sorted(name for name in names if not name.startswith("_"))


def released_modules() -> list[str]:
    """Every stage package and shared module but the command line and ``__main__``."""
    found = pkgutil.iter_modules(cdskit.__path__)
    return sorted(
        f"cdskit.{info.name}"
        for info in found
        if not info.name.startswith("_") and info.name != "cli"
    )


def listed_api() -> dict[str, list[str]]:
    text = CHANGELOG.read_text(encoding="utf-8")
    section = text.split("### Public API", 1)[1].split("\n## ", 1)[0]
    listed = {}
    for line in section.splitlines():
        match = _LINE.match(line)
        if match:
            listed[match[1]] = sorted(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", match[2]))
    return listed


def test_the_changelog_lists_every_public_module():
    assert sorted(listed_api()) == released_modules()


def test_the_changelog_lists_each_public_name_and_no_other():
    listed = listed_api()
    differences = {
        module: {
            "not listed": sorted(set(public_names(module)) - set(listed.get(module, []))),
            "not public": sorted(set(listed.get(module, [])) - set(public_names(module))),
        }
        for module in released_modules()
        if set(public_names(module)) != set(listed.get(module, []))
    }
    assert not differences, differences

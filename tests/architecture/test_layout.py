"""The floor plan holds: stages import only stages below them, and each term has one home."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cdskit

SRC = Path(cdskit.__file__).parent

#: Rank of each stage: a module may import from its own stage or a lower one, never a higher one.
STAGE_RANK = {
    "shared": 0,
    "raw": 1,
    "units": 1,
    "dataset": 2,
    "processing": 3,
    "geo": 4,
    "connectivity": 5,
    "maps": 6,
    "charts": 6,
    "narrative": 6,
    "profiles": 6,
    "reports": 7,
    "cli": 8,
}
#: Top-level modules shared by every stage.
SHARED = {
    "errors",
    "paths",
    "files",
    "fetch",
    "vietnamese",
    "values",
    "formatting",
    "fonts",
    "terms",
    "tables",
    "periods",
    "safe_text",
    "_version",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("cdskit", *parts))


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    head = parts[1]
    if head in SHARED or head == "__main__":
        return "shared" if head != "__main__" else "cli"
    return head


def _imports(path: Path) -> set[str]:
    """Return the cdskit modules a file imports (at any depth of the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("cdskit")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("cdskit"):
                found.add(node.module)
    return found


GRAPH = {
    _module_name(path): _imports(path)
    for path in sorted(SRC.rglob("*.py"))
    if "__pycache__" not in path.parts
}


def test_every_module_belongs_to_a_known_stage():
    unknown = {m for m in GRAPH if _stage(m) not in STAGE_RANK and _stage(m) != "package"}
    assert not unknown, f"modules outside the stage map: {sorted(unknown)}"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_from_a_stage_above_its_own(module):
    stage = _stage(module)
    if stage == "package":
        return
    above = sorted(
        imported
        for imported in GRAPH[module]
        if _stage(imported) in STAGE_RANK and STAGE_RANK[_stage(imported)] > STAGE_RANK[stage]
    )
    assert not above, f"{module} ({stage}) imports from a higher stage: {above}"


def test_nothing_imports_the_command_line():
    importers = sorted(m for m, imported in GRAPH.items() if "cdskit.cli" in imported)
    assert importers == ["cdskit.__main__"]


def test_only_the_package_face_reads_the_version_through_the_package():
    readers = sorted(
        m
        for m, path in ((m, p) for m, p in _paths().items())
        if "from cdskit import __version__" in path.read_text("utf-8")
    )
    assert readers == []


def test_the_stage_packages_import_without_cycles():
    stages = {}
    for module, imported in GRAPH.items():
        here = _stage(module)
        for other in imported:
            there = _stage(other)
            if here != there and "package" not in (here, there):
                stages.setdefault(here, set()).add(there)
    seen, on_path = set(), []

    def visit(stage):
        assert stage not in on_path, f"stage cycle: {' -> '.join([*on_path, stage])}"
        if stage in seen:
            return
        on_path.append(stage)
        for nxt in sorted(stages.get(stage, ())):
            visit(nxt)
        on_path.pop()
        seen.add(stage)

    for stage in sorted(stages):
        visit(stage)


def _paths() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py")) if "__pycache__" not in p.parts}


#: Terms of the kit's vocabulary: each may be defined (assigned or def'd) in one module only.
TERMS = {
    "VINTAGES": "cdskit.terms",
    "PROVINCE_COUNT": "cdskit.terms",
    "ADMIN_LEVELS": "cdskit.terms",
    "UNIT_LEVELS": "cdskit.terms",
    "LANGUAGES": "cdskit.terms",
    "NUMBER_LOCALES": "cdskit.terms",
    "FOCUS_PROVINCES": "cdskit.terms",
    "FOCUS_PROVINCE_NAMES": "cdskit.terms",
    "FONT_FAMILY": "cdskit.terms",
    "file_sha256": "cdskit.files",
    "write_atomically": "cdskit.files",
    "write_folder_atomically": "cdskit.files",
    "__version__": "cdskit._version",
}
#: Other spellings of the same terms that must not come back.
FORMER_NAMES = {"LEVELS", "LOCALES", "FOCUS", "FONT", "FAMILY"}


def _definitions() -> dict[str, set[str]]:
    defined: dict[str, set[str]] = {}
    for module, path in _paths().items():
        for node in ast.parse(path.read_text("utf-8")).body:
            names = []
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            for name in names:
                defined.setdefault(name, set()).add(module)
    return defined


@pytest.mark.parametrize("term", sorted(TERMS))
def test_each_term_is_defined_in_exactly_one_module(term):
    assert _definitions().get(term) == {TERMS[term]}


def test_former_duplicate_names_are_gone():
    defined = _definitions()
    assert not {name: defined[name] for name in FORMER_NAMES if name in defined}


def test_the_vintage_pair_is_written_out_only_in_the_terms_module():
    offenders = []
    for module, path in _paths().items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Tuple) and [getattr(e, "value", None) for e in node.elts] == [
                2008,
                2025,
            ]:
                offenders.append(module)
    assert sorted(set(offenders)) == ["cdskit.terms"]

"""The floor plan holds: stages import only stages below them, no package's modules import each
other in a circle, and each term has one home."""

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
    "_jinja",
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


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Return the modules of ``package`` (its folder is ``root``) and the modules each imports.

    Every import counts, at any depth of the file (inside functions and ``TYPE_CHECKING``
    blocks too): ``import a.b``, ``from a.b import c`` (``a.b.c`` when it is a module, else
    ``a.b``) and relative imports (``from . import c``, ``from .b import c``). Imports from
    outside ``package`` are left out.
    """
    paths = {}
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        paths[".".join((package, *parts))] = path

    def nearest(name: str) -> str:
        while name not in paths and "." in name:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for module, path in paths.items():
        here = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = ".".join(here.split(".")[: len(here.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                else:
                    base = node.module or ""
                names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
                names = [n for n in names[1:] if n in paths] or [base]
            else:
                continue
            found |= {nearest(n) for n in names if n == package or n.startswith(package + ".")}
        graph[module] = found - {module}
    return graph


def package_cycles(graph: dict[str, set[str]]) -> dict[str, list[str]]:
    """Return, for each package of ``graph`` whose modules import each other in a circle, one
    circle (``[a, b, …, a]``).

    Inside a package ``p``, a module deeper down (``p.sub.x``) counts as the module it belongs to
    (``p.sub``), and ``p`` itself (its ``__init__``) is one of the modules.
    """
    packages = {m for m in graph if any(other.startswith(m + ".") for other in graph)}

    def member(package: str, module: str) -> str | None:
        if module == package:
            return package
        if module.startswith(package + "."):
            return package + "." + module[len(package) + 1 :].split(".")[0]
        return None

    cycles = {}
    for package in sorted(packages):
        edges: dict[str, set[str]] = {}
        for module, imported in graph.items():
            source = member(package, module)
            if source is None:
                continue
            targets = {member(package, other) for other in imported} - {None, source}
            edges.setdefault(source, set()).update(targets)
        cycle = _find_cycle(edges)[:-1]
        if cycle:  # written from its smallest module, so a circle reads the same every time
            start = cycle.index(min(cycle))
            cycles[package] = [*cycle[start:], *cycle[:start], cycle[start]]
    return cycles


def _find_cycle(edges: dict[str, set[str]]) -> list[str]:
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            found = visit(nxt)
            if found:
                return found
        path.pop()
        done.add(node)
        return []

    for node in sorted(edges):
        found = visit(node)
        if found:
            return found
    return []


def test_no_package_has_modules_that_import_each_other_in_a_circle():
    cycles = package_cycles(import_graph(SRC, "cdskit"))
    assert cycles == {}, (
        "import cycles inside packages (every import counted, also in functions): "
        + "; ".join(f"{package}: {' -> '.join(cycle)}" for package, cycle in cycles.items())
    )


#: The maps stack: a module imports only maps modules of a lower layer, so the two renderers
#: (interactive, static) never import each other and page parts and downloads sit on top.
MAPS_LAYERS = {
    "cdskit.maps._text": 0,
    "cdskit.maps.web_assets": 0,
    "cdskit.maps._breaks": 0,
    "cdskit.maps.classification": 1,
    "cdskit.maps._labels": 2,
    "cdskit.maps._context": 3,
    "cdskit.maps._figures": 3,
    "cdskit.maps.data": 4,
    "cdskit.maps._web_page": 5,
    "cdskit.maps.interactive": 6,
    "cdskit.maps.static": 6,
    "cdskit.maps.page_parts": 6,
    "cdskit.maps.categories": 7,
    "cdskit.maps.downloads": 7,
    "cdskit.maps": 8,
}


def test_maps_modules_form_a_strict_stack():
    graph = import_graph(SRC, "cdskit")
    modules = {m for m in graph if m.startswith("cdskit.maps")}
    assert modules <= set(MAPS_LAYERS), (
        f"maps modules without a layer: {modules - set(MAPS_LAYERS)}"
    )
    upward = sorted(
        f"{module} -> {other}"
        for module in modules
        for other in graph[module]
        if other in MAPS_LAYERS and MAPS_LAYERS[other] >= MAPS_LAYERS[module]
    )
    assert not upward, f"maps modules importing their own layer or one above: {upward}"


def test_the_cycle_check_finds_a_planted_circle_through_a_function_and_a_relative_import(tmp_path):
    root = tmp_path / "planted"
    (root / "inner").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "inner" / "__init__.py").write_text("")
    (root / "a.py").write_text("def f():\n    from planted import b\n    return b\n")
    (root / "b.py").write_text("from .inner import c\n")
    (root / "inner" / "c.py").write_text("from ..a import f\n")
    (root / "d.py").write_text("import planted.a\n")
    graph = import_graph(root, "planted")
    assert graph["planted.a"] == {"planted.b"}
    assert graph["planted.inner.c"] == {"planted.a"}
    assert package_cycles(graph) == {
        "planted": ["planted.a", "planted.b", "planted.inner", "planted.a"]
    }
    (root / "inner" / "c.py").write_text("X = 1\n")
    assert package_cycles(import_graph(root, "planted")) == {}


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
    "DTI_PILLARS": "cdskit.terms",
    "DTI_MAIN_INDICES": "cdskit.terms",
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

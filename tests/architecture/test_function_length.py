"""No function grows past ~80 lines of code: long ones are split into small named steps.

Lines of code are the lines of a function's body that hold code: its docstring, blank lines and
comment-only lines are not counted (a nested function counts towards the function around it).
Functions still longer than the limit are listed in ``TO_SPLIT`` with their current length: the
test fails when a function not listed passes the limit and when a listed one grows. Remove a
function's entry once it is split, so that it cannot grow back unnoticed. Every function of the
kit is under the limit today: the list is empty, and planted modules below show that the test
still finds a long function.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import cdskit

SRC = Path(cdskit.__file__).parent

#: The limit, in lines of code.
MAX_LINES = 80

#: Functions over the limit today ("module:qualified name" -> lines of code), each to split.
TO_SPLIT: dict[str, int] = {}


def _code_lines(source: str) -> set[int]:
    """Return the numbers of the lines that hold a token of code (not only a comment)."""
    lines: set[int] = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip and token.type != tokenize.ENDMARKER:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines


def _docstring_lines(node: ast.AST) -> set[int]:
    body = getattr(node, "body", [])
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        return set(range(body[0].lineno, body[0].end_lineno + 1))
    return set()


def function_lengths(path: Path) -> dict[str, int]:
    """Return the lines of code of every function in ``path``, by qualified name."""
    source = path.read_text(encoding="utf-8")
    code = _code_lines(source)
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                first = child.body[0].lineno
                docstrings = {
                    line
                    for inner in ast.walk(child)
                    if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                    for line in _docstring_lines(inner)
                }
                body = set(range(first, child.end_lineno + 1)) - docstrings
                lengths[name] = len(body & code)
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(source), "")
    return lengths


def long_functions(limit: int = MAX_LINES, root: Path = SRC) -> dict[str, int]:
    """Return the functions of the modules under ``root`` (the kit) over ``limit`` lines of code."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        module = path.relative_to(root).as_posix()
        for name, length in function_lengths(path).items():
            if length > limit:
                found[f"{module}:{name}"] = length
    return found


def unlisted(found: dict[str, int], listed: dict[str, int]) -> dict[str, int]:
    """Return the long functions ``found`` that are not ``listed`` as still to split."""
    return {name: n for name, n in found.items() if name not in listed}


def grown(found: dict[str, int], listed: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Return the ``listed`` functions now longer than listed: name -> (now, listed)."""
    return {name: (found[name], n) for name, n in listed.items() if found.get(name, 0) > n}


def test_no_new_function_is_longer_than_the_limit():
    new = unlisted(long_functions(), TO_SPLIT)
    assert not new, (
        f"functions over {MAX_LINES} lines of code: {new}; split them into small named steps"
    )


def test_the_functions_still_to_split_do_not_grow():
    found = grown(long_functions(), TO_SPLIT)
    assert not found, f"grown since listed in TO_SPLIT (now, listed): {found}"


def _planted_function(name: str, lines: int) -> str:
    """Return the source of a function ``name`` with ``lines`` lines of code, docstring aside."""
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 1))
    return f'def {name}():\n    """Doc."""\n    # a comment\n{body}    return x0\n\n\n'


def test_a_planted_function_over_the_limit_is_found_and_one_at_the_limit_is_not(tmp_path):
    package = tmp_path / "kit" / "stage"
    package.mkdir(parents=True)
    (package / "planted.py").write_text(
        _planted_function("too_long", MAX_LINES + 1) + _planted_function("at_limit", MAX_LINES),
        encoding="utf-8",
    )
    found = long_functions(root=tmp_path / "kit")
    assert found == {"stage/planted.py:too_long": MAX_LINES + 1}
    assert unlisted(found, TO_SPLIT) == found
    assert unlisted(found, {"stage/planted.py:too_long": MAX_LINES + 1}) == {}


def test_a_listed_function_that_grows_is_reported_and_one_that_shrinks_is_not():
    name = "stage/planted.py:too_long"
    assert grown({name: 95}, {name: 90}) == {name: (95, 90)}
    assert grown({name: 95}, {name: 95}) == {}
    assert grown({name: 85}, {name: 90}) == {}
    assert grown({}, {name: 90}) == {}  # split: under the limit, no longer found

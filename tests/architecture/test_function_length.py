"""No function grows past ~80 lines of code: long ones are split into small named steps.

Lines of code are the lines of a function's body that hold code: its docstring, blank lines and
comment-only lines are not counted (a nested function counts towards the function around it).
Functions still longer than the limit are listed in ``TO_SPLIT`` with their current length: the
test fails when a function not listed passes the limit and when a listed one grows. Remove a
function's entry once it is split, so that it cannot grow back unnoticed.
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
TO_SPLIT: dict[str, int] = {
    "profiles/_write.py:write_profiles": 90,  # to split
}


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


def long_functions(limit: int = MAX_LINES) -> dict[str, int]:
    """Return the functions of the kit over ``limit`` lines of code."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        module = path.relative_to(SRC).as_posix()
        for name, length in function_lengths(path).items():
            if length > limit:
                found[f"{module}:{name}"] = length
    return found


def test_no_new_function_is_longer_than_the_limit():
    new = {name: n for name, n in long_functions().items() if name not in TO_SPLIT}
    assert not new, (
        f"functions over {MAX_LINES} lines of code: {new}; split them into small named steps"
    )


def test_the_functions_still_to_split_do_not_grow():
    found = long_functions()
    grown = {name: (found[name], n) for name, n in TO_SPLIT.items() if found.get(name, 0) > n}
    assert not grown, f"grown since listed in TO_SPLIT (now, listed): {grown}"


def test_lines_of_code_leave_out_docstrings_comments_and_blank_lines(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        'def f(x):\n    """Doc.\n\n    More.\n    """\n    # a comment\n\n    y = (x,\n'
        "         x)\n    return y\n\n\nclass C:\n    def g(self):\n        return 1\n",
        encoding="utf-8",
    )
    assert function_lengths(module) == {"f": 3, "C.g": 1}

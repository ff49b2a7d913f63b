"""Check that two runs of the main job (``make all``) wrote the same output.

Two kinds of folder are compared, each file of one with the file of the same name in the other
(a file missing on either side is a difference):

* ``data/processed`` (``cdskit build``): byte for byte, nothing masked;
* ``reports/`` (``cdskit reports``): byte for byte, or else identical once what changes from
  one run to the next by design is masked: **generation times** (ISO timestamps, the pages'
  ``07/12/2026 06:46 UTC`` and ``7 December 2026 06:46 UTC`` stamps, PDF creation dates, the
  notebooks' execution times and durations, the manifest's times and the hashes and sizes of
  the outputs it lists, which are compared as files) and **identifiers drawn at random in each
  run** (notebook cell ids, the kernel's process id in warnings, memory addresses in the
  plain-text form of objects; folium element ids and matplotlib SVG clip-path ids, which
  the kit now derives from the map or chart, in a page drawn elsewhere), renumbered in
  order of appearance so that where they are used is still compared, and the temporary folder
  each report ran in (kept by the executed notebook in its ``output_dir`` parameter and its
  papermill metadata). Word and
  Excel files are compared part by part with the same masks.

The maps and charts a report saves in its folder (``maps.save``, ``charts.save``: HTML, SVG,
PDF and PNG beside the page) hold no generation time and no random identifier: they are
compared byte for byte, nothing masked, so a map or chart that stops being repeatable shows.

Prints one line per file (``same``, ``masked`` with what was masked, ``DIFFERS`` with the
first differing line), then a verdict; exits 1 when anything differs, 0 otherwise.

Usage::

    python benchmarks/same_build.py REFERENCE        # build data/raw now, compare with REFERENCE
    python benchmarks/same_build.py --build-twice    # two `cdskit build` runs into temp folders
    python benchmarks/same_build.py --processed A B  # two processed folders already built
    python benchmarks/same_build.py --reports A B    # two reports folders already rendered
    python benchmarks/same_build.py --render-twice connectivity-gaps   # render twice, compare

``REFERENCE`` is a processed folder built before a change (``cdskit build --processed-dir
/tmp/before-processed`` on the old code).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Generation times, replaced by ``<time>``.
_STAMPS = (
    # ISO 8601 with a time: manifests, notebook metadata, SVG <dc:date>.
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"),
    # The pages' stamps: "07/12/2026 06:46 UTC", "7 December 2026 06:46 UTC".
    re.compile(r"\b\d{1,2}(?:/\d{1,2}/| [A-Z][a-z]+ )\d{4},? \d{2}:\d{2} UTC\b"),
)

#: PDF creation and modification dates (bytes; replaced by the same number of zeros).
_PDF_DATES = re.compile(rb"/(?:CreationDate|ModDate) \(D:([0-9Z+'-]+)\)")

#: Identifiers drawn at random in each run, renumbered ``<id 1>``, ``<id 2>``, ... in order.
_RANDOM_IDS = (
    # folium / branca element names: map_<uuid4 hex>, geo_json_<hex>_styler, ...
    re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])"),
    # matplotlib SVG clip paths: id="p1a2b3c4d5e", url(#p1a2b3c4d5e)
    re.compile(r"(?<=[#\"'])p[0-9a-f]{10}(?=[\"')])"),
    # nbconvert cell anchors: id="cell-id=53892702"
    re.compile(r"(?<=cell-id=)[0-9A-Za-z_-]+"),
    # the kernel's process id, in the file name warnings give: /tmp/ipykernel_31880/318947.py
    re.compile(r"(?<=ipykernel_)[0-9]+(?=/)"),
    # memory addresses in the plain-text form of objects: <folium.folium.Map object at 0x7f7e...>
    re.compile(r"(?<= object at )0x[0-9a-f]+(?=>)"),
)

#: The temporary folder a report ran in (random name), which the executed notebook keeps in its
#: injected ``output_dir`` parameter and papermill's input and output paths:
#: ``<reports>/.staging-x1y2/.work/cdskit-<name>-a1b2/out``.
_WORK_FOLDER = re.compile(r"\.staging-[0-9A-Za-z_]+/\.work/[^\s\"\\/]+")

#: Keys of manifest.json and of notebook metadata that hold times or durations.
_TIME_KEYS = frozenset(
    {"generated", "rendered_at", "seconds", "timings", "start_time", "end_time", "duration"}
)

#: Folders of ``reports/`` that hold documents, data or pictures other than saved maps and charts.
_NOT_FIGURES = re.compile(r"^(?:data|profiles|thumbnails|province-report-.*)$")
_FIGURE_SUFFIXES = frozenset({".html", ".svg", ".pdf", ".png"})

_TEXT_SUFFIXES = frozenset(
    {".html", ".htm", ".svg", ".json", ".md", ".txt", ".csv", ".js", ".css", ".xml", ".yml"}
)
_ZIP_SUFFIXES = frozenset({".docx", ".xlsx", ".zip"})


@dataclass
class Masked:
    """What masking found in one file: generation times and random identifiers."""

    stamps: int = 0
    ids: set[str] = field(default_factory=set)
    folders: int = 0

    def __str__(self) -> str:
        parts = [f"{self.stamps} time(s)"] if self.stamps else []
        parts += [f"{len(self.ids)} random id(s)"] if self.ids else []
        parts += [f"{self.folders} temporary folder(s)"] if self.folders else []
        return ", ".join(parts) or "nothing"


def _mask_work_folders(text: str, masked: Masked) -> str:
    """Replace each report's temporary folder, from the start of its path, by a placeholder."""
    pieces, done = [], 0
    for found in _WORK_FOLDER.finditer(text):
        start = found.start()
        while start > done and not (text[start - 1].isspace() or text[start - 1] in "\"\\'"):
            start -= 1
        pieces += [text[done:start], "<work folder>"]
        done = found.end()
        masked.folders += 1
    return "".join([*pieces, text[done:]])


def mask_text(text: str, masked: Masked) -> str:
    """Return ``text`` with generation times masked and random identifiers renumbered.

    >>> m = Masked()
    >>> mask_text('<div id="map_' + 'ab' * 16 + '"> 07/12/2026 06:46 UTC', m)
    '<div id="map_<id 1>"> <time>'
    >>> str(m)
    '1 time(s), 1 random id(s)'
    """
    for pattern in _STAMPS:
        text, count = pattern.subn("<time>", text)
        masked.stamps += count
    text = _mask_work_folders(text, masked)
    numbers: dict[str, int] = {}

    def renumber(found: re.Match[str]) -> str:
        masked.ids.add(found.group(0))
        return f"<id {numbers.setdefault(found.group(0), len(numbers) + 1)}>"

    for pattern in _RANDOM_IDS:
        text = pattern.sub(renumber, text)
    return text


def _drop_times(value: object, masked: Masked) -> object:
    """Return a JSON value without the keys that hold times (counted as masked)."""
    if isinstance(value, dict):
        kept = {}
        for key, item in value.items():
            if key in _TIME_KEYS:
                masked.stamps += 1
            elif key == "outputs" and isinstance(item, list) and item and "sha256" in item[0]:
                # manifest.json: the outputs' hashes and sizes change with their masked content;
                # the outputs themselves are compared as files.
                kept[key] = [{"path": entry.get("path")} for entry in item]
            else:
                kept[key] = _drop_times(item, masked)
        return kept
    if isinstance(value, list):
        return [_drop_times(item, masked) for item in value]
    return value


def normalise(name: str, data: bytes, masked: Masked) -> bytes | None:
    """Return the content of file ``name`` with what changes from run to run masked.

    ``None`` when the kind of file has nothing that may change (it must then be identical).
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":

        def zeros(found: re.Match[bytes]) -> bytes:
            masked.stamps += 1
            return found.group(0).replace(found.group(1), b"0" * len(found.group(1)))

        return _PDF_DATES.sub(zeros, data)
    if suffix in _ZIP_SUFFIXES:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [
                part.encode() + b"\n" + (normalise(part, archive.read(part), masked) or b"")
                for part in sorted(archive.namelist())
            ]
        return b"\n".join(parts)
    if suffix in {".json", ".ipynb"}:
        try:
            value = json.loads(data)
        except ValueError:
            return mask_text(data.decode("utf-8", "replace"), masked).encode()
        if suffix == ".ipynb":
            for number, cell in enumerate(value.get("cells", []), start=1):
                if "id" in cell:  # drawn at random when papermill writes the notebook
                    masked.ids.add(cell["id"])
                    cell["id"] = f"<cell {number}>"
        text = json.dumps(_drop_times(value, masked), ensure_ascii=False, indent=1)
        return mask_text(text, masked).encode()
    if suffix in _TEXT_SUFFIXES or suffix == "":
        return mask_text(data.decode("utf-8", "replace"), masked).encode()
    return None


def saved_figure(name: str) -> bool:
    """Return whether ``name`` (relative to ``reports/``) is a map or chart a report saved.

    >>> saved_figure("dti-2022-map/dti_rank-2022-province-2008-vi.svg")
    True
    >>> saved_figure("dti-2022-map.html"), saved_figure("profiles/ha-tinh-34-en.pdf")
    (False, False)
    """
    parts = Path(name).parts
    return (
        len(parts) == 2
        and not _NOT_FIGURES.match(parts[0])
        and Path(name).suffix.lower() in _FIGURE_SUFFIXES
    )


def _first_difference(a: bytes, b: bytes) -> str:
    lines_a = a.decode("utf-8", "replace").splitlines()
    lines_b = b.decode("utf-8", "replace").splitlines()
    for number, (line_a, line_b) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if line_a != line_b:
            pairs = enumerate(zip(line_a, line_b, strict=False))
            start = next((i for i, (x, y) in pairs if x != y), 0)
            start = max(0, start - 40)
            return (
                f"line {number}: {line_a[start : start + 100]!r} != {line_b[start : start + 100]!r}"
            )
    return f"{len(lines_a)} line(s) != {len(lines_b)} line(s)"


def compare(
    first: Path,
    second: Path,
    *,
    masks: Callable[[str, bytes, Masked], bytes | None] | None = None,
    strict: Callable[[str], bool] = lambda name: False,
    show: Callable[[str], None] = print,
) -> list[str]:
    """Return the relative paths that differ between two folders (missing or extra included).

    Parameters
    ----------
    first, second : pathlib.Path
        The two folders.
    masks : callable, optional
        ``masks(name, data, masked)`` returns the content with what may change masked, or
        ``None``; without it, files are compared byte for byte.
    strict : callable, optional
        ``strict(name)`` is true for the files compared byte for byte even with ``masks``.
    show : callable
        Receives one line per file.

    Returns
    -------
    list of str
        Paths, relative to the folders, of the files that differ or exist on one side only.

    Examples
    --------
    >>> import tempfile
    >>> a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> for folder, when in ((a, "06:46"), (b, "06:48")):
    ...     _ = (folder / "page.html").write_text(f"<p>07/12/2026 {when} UTC</p>")
    >>> compare(a, b, show=lambda line: None)
    ['page.html']
    >>> compare(a, b, masks=normalise)
    masked  page.html (1 time(s))
    []
    >>> compare(a, b, masks=normalise, strict=lambda name: True)  # doctest: +ELLIPSIS
    DIFFERS page.html (compared byte for byte): line 1: ...
    ['page.html']
    """
    names = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    names |= {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    differ = []
    for name in sorted(names):
        a, b = first / name, second / name
        if not (a.is_file() and b.is_file()):
            show(f"{'DIFFERS':<7} {name} (only in {first if a.is_file() else second})")
            differ.append(str(name))
            continue
        data_a, data_b = a.read_bytes(), b.read_bytes()
        if data_a == data_b:
            show(f"{'same':<7} {name}")
            continue
        if strict(str(name)):
            where = _first_difference(data_a, data_b)
            show(f"{'DIFFERS':<7} {name} (compared byte for byte): {where}")
            differ.append(str(name))
            continue
        masked = Masked()
        clean_a = masks(str(name), data_a, masked) if masks else None
        clean_b = masks(str(name), data_b, Masked()) if masks else None
        if clean_a is not None and clean_a == clean_b:
            show(f"{'masked':<7} {name} ({masked})")
            continue
        where = _first_difference(clean_a or data_a, clean_b or data_b)
        show(f"{'DIFFERS':<7} {name}: {where}")
        differ.append(str(name))
    return differ


def _build(raw: Path | None, processed: Path) -> None:
    """Run ``cdskit build`` in its own process, as ``make data`` does."""
    command = [sys.executable, "-m", "cdskit", "build", "--processed-dir", str(processed)]
    command += ["--raw-dir", str(raw)] if raw else []
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stderr}")
    print(f"built {processed} in {time.perf_counter() - started:.1f} s")


def _render(names: list[str], folder: Path) -> None:
    """Render reports of reports.toml into ``folder`` (every one, nothing reused)."""
    from cdskit.reports import render_all

    started = time.perf_counter()
    render_all(output_dir=folder, only=names, force=True, profiles=False, progress=False)
    print(f"rendered {', '.join(names)} into {folder} in {time.perf_counter() - started:.1f} s")


def _verdict(checked: list[tuple[str, list[str]]]) -> int:
    print()
    for what, differ in checked:
        if differ:
            print(f"{what}: {len(differ)} file(s) DIFFER: {', '.join(differ[:5])}")
        elif what == "reports":
            print(
                f"{what}: identical apart from generation times and random identifiers "
                "(saved maps and charts byte for byte)"
            )
        else:
            print(f"{what}: identical byte for byte")
    bad = any(differ for _, differ in checked)
    print("VERDICT: " + ("DIFFERENT" if bad else "SAME"))
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """Compare as the options say; return the exit code (1 when anything differs)."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("reference", nargs="?", type=Path, help="processed folder built before")
    parser.add_argument("--raw-dir", type=Path, default=None, help="raw folder to build")
    parser.add_argument("--processed", nargs=2, type=Path, metavar=("A", "B"))
    parser.add_argument("--reports", nargs=2, type=Path, metavar=("A", "B"))
    parser.add_argument("--build-twice", action="store_true", help="two builds into temp folders")
    parser.add_argument("--render-twice", nargs="+", metavar="REPORT", help="reports.toml names")
    args = parser.parse_args(argv)
    if not (args.reference or args.processed or args.reports or args.build_twice):
        if not args.render_twice:
            parser.error("give REFERENCE, --processed, --reports, --build-twice or --render-twice")
    checked = []
    with tempfile.TemporaryDirectory(prefix="cdskit-same-build-") as temporary:
        folder = Path(temporary)
        pairs = [("data/processed", args.processed)] if args.processed else []
        if args.reference:
            _build(args.raw_dir, folder / "processed")
            pairs.append(("data/processed", (args.reference, folder / "processed")))
        if args.build_twice:
            for run in ("1", "2"):
                _build(args.raw_dir, folder / f"processed-{run}")
            pairs.append(("data/processed", (folder / "processed-1", folder / "processed-2")))
        for what, (a, b) in pairs:
            print(f"== {what}: {a} vs {b} (byte for byte)")
            checked.append((what, compare(a, b)))
        report_pairs = [args.reports] if args.reports else []
        if args.render_twice:
            for run in ("1", "2"):
                _render(args.render_twice, folder / f"reports-{run}")
            report_pairs.append((folder / "reports-1", folder / "reports-2"))
        for a, b in report_pairs:
            print(
                f"== reports: {a} vs {b} (generation times and random ids masked; "
                "saved maps and charts byte for byte)"
            )
            checked.append(("reports", compare(a, b, masks=normalise, strict=saved_figure)))
    return _verdict(checked)


if __name__ == "__main__":
    sys.exit(main())

"""Check that a speed change left ``cdskit build`` output byte for byte as it was.

Builds ``data/raw`` (or ``--raw-dir``) into a temporary folder with
:func:`cdskit.processing.build` and compares every file with a reference folder built before the
change (``cdskit build --processed-dir /tmp/before-processed`` on the old code). Prints each file
as ``same`` or ``DIFFERS`` and exits 1 when any file differs, is missing or is extra.

Run: ``python benchmarks/same_build.py /tmp/before-processed``.
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
import time
from pathlib import Path

from cdskit import paths
from cdskit.processing import build


def compare(reference: Path, built: Path) -> list[str]:
    """Return the relative paths that differ between two folders (missing or extra included)."""
    names = {p.relative_to(reference) for p in reference.rglob("*") if p.is_file()}
    names |= {p.relative_to(built) for p in built.rglob("*") if p.is_file()}
    differ = []
    for name in sorted(names):
        a, b = reference / name, built / name
        same = a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)
        print(f"{'same' if same else 'DIFFERS':>8}  {name}")
        if not same:
            differ.append(str(name))
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path, help="processed folder built before the change")
    parser.add_argument("--raw-dir", type=Path, default=None)
    args = parser.parse_args()
    raw = args.raw_dir or paths.raw_dir()
    with tempfile.TemporaryDirectory(prefix="cdskit-same-build-") as folder:
        started = time.perf_counter()
        build(raw, Path(folder) / "processed")
        print(f"built {raw} in {time.perf_counter() - started:.1f} s")
        differ = compare(args.reference, Path(folder) / "processed")
    print("byte-identical" if not differ else f"{len(differ)} file(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

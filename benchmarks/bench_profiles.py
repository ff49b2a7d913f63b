"""Benchmark: every province profile and the peer picker, cold and warm, against one profile.

``cdskit reports`` writes the profiles after the notebooks (:func:`cdskit.profiles.
write_profiles`): one HTML page per province of each vintage with a DTI figure and language,
a one-page A4 PDF for every profile (laid out by one worker process per processor), and
``peers.html`` / ``peers-en.html``. This script times, on the shipped ``data/processed``, into
temporary folders:

- **baseline**: one profile (Lạng Sơn, 63-province vintage) written alone, HTML in both
  languages and its two PDFs, with the dataset loaded once (the work of one province);
- **cold**: every profile and the picker into an empty folder (``force=True``);
- **warm**: the same call again with nothing changed (the stamp matches; nothing is written);
- **inputs changed, pages the same**: the stamp made stale, so every HTML page is written again
  but every PDF whose print page is unchanged is kept (its key in ``profiles/index.json``);
- **cold without PDFs**: every page, no PDF, to show what the PDFs cost.

Each time is the best of ``--repeat`` runs in the same process (the first cold run also pays
the imports of WeasyPrint and the dataset, so it is printed separately); the processor time of
this process and of the PDF workers is printed beside the cold time, since on a loaded machine
the wall-clock time says more about the other processes than about this one. The target is
< 60 s cold and < 10 s warm on 2 cores.

Usage: CDSKIT_MIRROR=../shared/mirror .venv/bin/python benchmarks/bench_profiles.py [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path


def _timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _cpu() -> float:
    """Processor time of this process and of its finished children (the PDF workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each step (best kept)")
    args = parser.parse_args()

    from cdskit.dataset import load
    from cdskit.files import write_bytes_atomically, write_text_atomically
    from cdskit.profiles import (
        profile_pdf,
        provinces_with_figures,
        read_figures,
        render_profile,
        write_profiles,
    )

    first, _ = _timed(lambda: write_profiles(tempfile.mkdtemp(), force=True))
    print(f"first cold run in this process (imports, fonts): {first:6.2f} s")

    def one_profile() -> None:
        folder = Path(tempfile.mkdtemp())
        figures = read_figures(load())
        provinces = provinces_with_figures(figures)
        province = provinces[(2008, "20")]
        for language in ("vi", "en"):
            stem = province.slug + ("" if language == "vi" else "-en")
            html = render_profile(figures, province, provinces, language, reports_dir=folder)
            write_text_atomically(folder / f"{stem}.html", html)
            payload = profile_pdf(figures, province, provinces, language)
            write_bytes_atomically(folder / f"{stem}.pdf", payload)

    times: dict[str, list[float]] = {
        "baseline": [],
        "cold": [],
        "cold_cpu": [],
        "warm": [],
        "stale": [],
        "no_pdf": [],
    }
    counts = {}
    for _ in range(args.repeat):
        times["baseline"].append(_timed(one_profile)[0])
        folder = tempfile.mkdtemp()
        cpu = _cpu()
        seconds, entries = _timed(lambda folder=folder: write_profiles(folder, force=True))
        times["cold"].append(seconds)
        times["cold_cpu"].append(_cpu() - cpu)
        counts = {
            "pages": len(entries),
            "profiles": len({(e["vintage"], e["province_code"]) for e in entries if e["province"]}),
            "pdfs": sum(1 for e in entries if e["pdf"]),
        }
        times["warm"].append(_timed(lambda folder=folder: write_profiles(folder))[0])
        stamp = Path(folder) / "profiles" / "stamp.json"
        stamp.write_text(stamp.read_text().replace('"inputs": "', '"inputs": "0'))
        times["stale"].append(_timed(lambda folder=folder: write_profiles(folder))[0])
        times["no_pdf"].append(
            _timed(lambda: write_profiles(tempfile.mkdtemp(), pdf="none", force=True))[0]
        )
    best = {key: min(values) for key, values in times.items()}
    print(
        f"{counts['profiles']} profiles, {counts['pages']} pages (HTML, picker included), "
        f"{counts['pdfs']} PDFs"
    )
    print(f"baseline: one profile (2 HTML + 2 PDF)   {best['baseline']:6.2f} s")
    print(
        f"cold: all profiles + picker + PDFs       {best['cold']:6.2f} s   (target < 60 s; "
        f"processor time {best['cold_cpu']:.1f} s)"
    )
    print(f"cold without PDFs                        {best['no_pdf']:6.2f} s")
    print(f"warm: nothing changed                    {best['warm']:6.2f} s   (target < 10 s)")
    print(f"inputs changed, pages the same           {best['stale']:6.2f} s   (PDFs kept)")
    print(
        f"cold / baseline: {best['cold'] / best['baseline']:.1f}× the work of one province "
        f"for {counts['profiles']} provinces"
    )


if __name__ == "__main__":
    main()

"""Lay out the profiles as one-page A4 PDFs with WeasyPrint, the narrative reports' PDF path.

The print page of a profile is its HTML page in print layout (``render_profile(pdf=True)``):
the narrative's serif fonts (:data:`cdskit.narrative._pdf.PDF_FONTS`), tables of fixed column
widths (an automatic table layout costs WeasyPrint a third of a page's time). A page is laid out
at 8.5 pt and, when it does not fit one page, at smaller sizes (:data:`SIZES`).

What costs is WeasyPrint's layout, about a fifth of a second of processor time per page; the
whole set is therefore laid out by one worker process per processor (a fresh interpreter given
its share of the pages in a file), each with one font configuration reused for all its pages,
and a page whose print HTML has not changed since the previous run keeps its PDF
(:func:`pdf_key`, recorded in ``profiles/index.json``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from subprocess import PIPE
from typing import Any

#: Body sizes (pt) tried in order until the profile fits one A4 page.
SIZES: tuple[float, ...] = (8.5, 7.5, 6.5, 5.8)
#: Fewest pages for which worker processes are worth their start.
_PARALLEL_FROM = 12
_SIZE_RULE = "<style>body {{ font-size: {size}pt; }}</style>\n</head>"


def pdf_key(html: str) -> str:
    """Return the key of a print page: its PDF is rewritten only when the key changes.

    Parameters
    ----------
    html : str
        The print HTML of the profile (at the first size of :data:`SIZES`).

    Returns
    -------
    str
        A SHA-256 of the HTML and the WeasyPrint version that lays it out.

    Examples
    --------
    >>> pdf_key("<p>a</p>") == pdf_key("<p>a</p>") != pdf_key("<p>b</p>")
    True
    """
    import weasyprint

    digest = hashlib.sha256(weasyprint.__version__.encode())
    digest.update(html.encode("utf-8"))
    return digest.hexdigest()


def sized(html: str, size: float) -> str:
    """Return a print page with its body set in ``size`` points.

    Examples
    --------
    >>> print(sized("<head></head>", 7.5))
    <head><style>body { font-size: 7.5pt; }</style>
    </head>
    """
    return html.replace("</head>", _SIZE_RULE.format(size=size), 1)


class Printer:
    """Lay out print pages as PDFs, one WeasyPrint font configuration for all of them."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()

    def one_page(self, html: str) -> tuple[bytes, int, float]:
        """Return the PDF of a print page, the number of its pages and the size used.

        The sizes of :data:`SIZES` are tried in order; when even the smallest takes more than
        one page, that layout is returned with its page count (the caller says so).
        """
        from weasyprint import HTML

        for size in SIZES:
            document = HTML(string=sized(html, size)).render(font_config=self.fonts)
            if len(document.pages) == 1:
                break
        return document.write_pdf(), len(document.pages), size


def print_pages(
    pages: Iterable[tuple[str, str]], folder: Path, *, jobs: int | None = None
) -> list[dict[str, Any]]:
    """Lay out print pages as A4 PDFs into ``folder``, in worker processes when there are many.

    Parameters
    ----------
    pages : iterable of (str, str)
        The file stem of each page and its print HTML.
    folder : pathlib.Path
        Where ``<stem>.pdf`` is written.
    jobs : int, optional
        Worker processes (default: the processors of the machine; 1: in this process). Each
        worker is a fresh ``python -m cdskit.profiles._pdf`` given its share of the pages.

    Returns
    -------
    list of dict
        One per page: ``stem``, ``pages`` (of the PDF) and ``size`` (body size used, pt).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = "<html><head></head><body><p>Hồ sơ</p></body></html>"
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     done = print_pages([("a", page)], pathlib.Path(folder))
    ...     written = (pathlib.Path(folder) / "a.pdf").read_bytes()[:5]
    >>> done, written
    ([{'stem': 'a', 'pages': 1, 'size': 8.5}], b'%PDF-')
    """
    pages = list(pages)
    jobs = os.cpu_count() or 1 if jobs is None else max(1, int(jobs))
    jobs = min(jobs, len(pages))
    if jobs <= 1 or len(pages) < _PARALLEL_FROM:
        return _print_into(pages, folder)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="cdskit-pdf-") as scratch:
        workers = []
        for number in range(jobs):
            job = Path(scratch) / f"job-{number}.json"
            share = {"folder": str(folder), "pages": pages[number::jobs]}
            job.write_text(json.dumps(share, ensure_ascii=False), encoding="utf-8")
            command = [sys.executable, "-m", "cdskit.profiles._pdf", str(job)]
            workers.append(subprocess.Popen(command, stdout=PIPE, stderr=PIPE, text=True))
        failed = []
        for worker in workers:
            out, err = worker.communicate()
            if worker.returncode:
                failed.append(err.strip()[-2000:])
            else:
                results += json.loads(out)
    if failed:
        raise RuntimeError("laying out the profile PDFs failed: " + "\n".join(failed))
    return results


def _print_into(pages: list[tuple[str, str]], folder: Path) -> list[dict[str, Any]]:
    """Lay out pages in this process, one :class:`Printer` for all, and write their PDFs."""
    from cdskit.files import write_bytes_atomically

    printer = Printer()
    results = []
    for stem, html in pages:
        payload, count, size = printer.one_page(html)
        write_bytes_atomically(Path(folder) / f"{stem}.pdf", payload)
        results.append({"stem": stem, "pages": count, "size": size})
    return results


def print_options() -> dict[str, Any]:
    """Return the template values of the print layout: the fonts and their family."""
    from markupsafe import Markup

    from cdskit.narrative._pdf import PDF_FONTS, _fallback_fonts

    fonts = _fallback_fonts()
    return {
        "fonts": {key: Markup(path.as_uri()) for key, path in fonts.items()},
        "family": Markup(", ".join(f'"{name}"' for name in PDF_FONTS) + ", serif"),
    }


def _main(job: str) -> None:
    """Lay out the pages of a job file (a worker of :func:`print_pages`); print the results."""
    share = json.loads(Path(job).read_text(encoding="utf-8"))
    pages = [(stem, html) for stem, html in share["pages"]]
    print(json.dumps(_print_into(pages, Path(share["folder"]))))


if __name__ == "__main__":
    _main(sys.argv[1])

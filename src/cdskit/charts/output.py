"""Charts as files and as HTML a report page can show without a notebook repr."""

from __future__ import annotations

import base64
import functools
import html
import io
import os
from collections.abc import Sequence
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure

from cdskit._version import __version__
from cdskit.charts._text import TEXT
from cdskit.errors import ParameterError, did_you_mean
from cdskit.files import write_atomically
from cdskit.formatting import check_language

__all__ = ["figure_html", "save"]

_FORMATS = ("png", "svg", "pdf")
#: Metadata of each vector format: the maker, and no date of writing.
_UNDATED: dict[str, dict[str, str | None]] = {
    "svg": {"Creator": f"cdskit {__version__}", "Date": None},
    "pdf": {"Creator": f"cdskit {__version__}", "CreationDate": None},
}
#: Salt of the ids matplotlib writes in an SVG (fixed, not drawn per process).
_SVG_HASH_SALT = "cdskit"


def figure_html(figure: Figure, *, language: str = "vi", dpi: int = 110) -> str:
    """Return a chart as an HTML ``<figure>`` holding a PNG (base64), with alternative text.

    The page needs no file and no network to show it; the alternative text is the chart's
    title in the reader's language.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A chart of this package.
    language : {"vi", "en"}, default "vi"
        Language of the alternative text.
    dpi : int, default 110
        Resolution of the embedded PNG.

    Returns
    -------
    str
        ``<figure class="cdskit-chart"><img src="data:image/png;base64,…" alt="…"></figure>``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> chart = Figure(figsize=(2, 1))
    >>> chart.set_label("Điểm DTI")
    >>> figure_html(chart).startswith('<figure class="cdskit-chart"><img src="data:image/png;')
    True
    >>> 'alt="Biểu đồ: Điểm DTI"' in figure_html(chart)
    True
    """
    language = check_language(language)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = TEXT[language]["alt"].format(title=figure.get_label() or "")
    return (
        '<figure class="cdskit-chart">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto"></figure>'
    )


def save(
    figure: Figure,
    folder: str | os.PathLike[str],
    stem: str,
    *,
    formats: str | Sequence[str] = ("png", "svg"),
    dpi: int = 200,
) -> list[Path]:
    """Write a chart as ``<folder>/<stem>.<format>`` for each format, atomically.

    Every stage saves its outputs the same way: ``save(obj, folder, stem, formats=...)``.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A chart from this package.
    folder : path-like
        Target folder (created when missing).
    stem : str
        File name without extension.
    formats : str or sequence of str, default ("png", "svg")
        Any of ``png``, ``svg``, ``pdf``.
    dpi : int, default 200
        Resolution of raster formats.

    Returns
    -------
    list of pathlib.Path
        The written files, in the order of ``formats``.

    Raises
    ------
    ParameterError
        For a format other than ``png``, ``svg`` or ``pdf``.

    Examples
    --------
    >>> import tempfile
    >>> from matplotlib.figure import Figure
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in save(Figure(figsize=(2, 1)), folder, "chart", formats="pdf")]
    ['chart.pdf']
    """
    formats = (formats,) if isinstance(formats, str) else tuple(formats)
    unknown = [f for f in formats if f not in _FORMATS]
    if unknown:
        raise ParameterError(
            f"formats: {unknown[0]!r} is not one of {', '.join(_FORMATS)}."
            + did_you_mean(unknown[0], _FORMATS)
        )
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = target / f"{stem}.{fmt}"
        # No date, and SVG ids hashed with a fixed salt: the same chart gives the same bytes.
        metadata = _UNDATED.get(fmt)
        with rc_context({"svg.hashsalt": _SVG_HASH_SALT}):
            write_atomically(
                path, functools.partial(figure.savefig, format=fmt, dpi=dpi, metadata=metadata)
            )
        written.append(path)
    return written

"""Write every profile (HTML in two languages, each with a one-page A4 PDF) and the picker.

The pages are rendered from Python with Jinja2, not from one notebook per province, so the
HTML of the whole set costs seconds; the PDFs are laid out by WeasyPrint in worker processes
(:mod:`cdskit.profiles._pdf`, about 40 s of processor time for all of them). A stamp file
(``profiles/stamp.json``) records a hash of what the pages are made from (the published
dataset, the region tables, the kit's version and this package's code and templates); when it
matches and every page is there, nothing is written.
When it does not, every HTML page is written again, but a PDF whose print page has not changed
is kept (its key is in ``profiles/index.json``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cdskit import paths
from cdskit._version import __version__
from cdskit.files import write_text_atomically
from cdskit.profiles._figures import Figures, read_figures
from cdskit.profiles._pdf import SIZES, Printer, pdf_key, print_options, print_pages
from cdskit.profiles._profile import Province, ascii_key, build_context, slug
from cdskit.profiles._profile_templates import PROFILE_FOLDER, environment
from cdskit.profiles._regions import REGION_FILES, REGION_SOURCES, read_regions
from cdskit.profiles._steering import Steering, select_steering
from cdskit.profiles._text import TEXT
from cdskit.terms import FOCUS_PROVINCES, LANGUAGES, VINTAGES

#: The stamp file inside the profiles folder.
STAMP = "stamp.json"
#: The list of written pages inside the profiles folder, read by the reports index.
INDEX = "index.json"
#: Which profiles get an A4 PDF: ``"all"``, ``"focus"`` (the focus provinces, both vintages)
#: or ``"none"``.
PDF_CHOICES: tuple[str, ...] = ("all", "focus", "none")
_DATA_FILES = ("observations.parquet", "observations.csv", "codebook.csv", "sources.csv")


def inputs_hash(processed_dir: Path | None = None, raw_dir: Path | None = None) -> str:
    """Return a hash of everything the pages are made from.

    Examples
    --------
    >>> len(inputs_hash())
    64
    """
    digest = hashlib.sha256(__version__.encode())
    processed = processed_dir or paths.processed_dir()
    raw = raw_dir or paths.raw_dir()
    files = [processed / name for name in _DATA_FILES]
    files += [raw / name for name in REGION_FILES.values()]
    files += sorted(
        p
        for p in Path(__file__).resolve().parent.rglob("*")
        if p.suffix in (".py", ".j2", ".js", ".css")
    )
    files.append(raw / "sources.yml")
    for path in files:
        digest.update(path.name.encode())
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def provinces_with_figures(figures: Figures) -> dict[tuple[int, str], Province]:
    """Return every province of either vintage with at least one DTI figure.

    Examples
    --------
    >>> from cdskit.dataset import load
    >>> found = provinces_with_figures(read_figures(load()))
    >>> found[(2008, "24")].slug, found[(2008, "24")].successor
    ('bac-giang-63', '24')
    >>> found[(2025, "15")].former
    ['10', '15']
    """
    from cdskit import units

    out: dict[tuple[int, str], Province] = {}
    for vintage in VINTAGES:
        table = units.units("province", vintage).set_index("code")
        for code in figures.provinces(vintage):
            row = table.loc[code]
            province = Province(
                code=code,
                vintage=vintage,
                name=row["name"],
                full_name=row["full_name"],
                name_en=row["name_en"],
                slug=slug(row["name"], vintage),
            )
            if vintage == 2008:
                province.successor = units.new_province_of(code).code
            else:
                province.former = sorted(units.old_provinces_in(code)["code"])
            out[(vintage, code)] = province
    return out


def _region_sources(language: str = "vi") -> dict[str, Any]:
    """Return the citations of the region files' sources (``data/raw/sources.yml``)."""
    import datetime

    from cdskit.formatting import format_date
    from cdskit.raw.sources import load_register

    register = load_register()
    out: dict[str, Any] = {}
    for key in REGION_SOURCES.values():
        source = register.sources.get(key)
        if source is None:
            continue
        when = source.date
        if len(when) == 10:
            when = format_date(datetime.date.fromisoformat(when), language)
        out[key] = f"{source.title} — {source.publisher}, {when}"
    return out


def _report_links(province: Province, reports_dir: Path, language: str) -> dict[str, str]:
    """Return the province reports of a focus province (or of its focus former provinces)."""
    if province.code not in FOCUS_PROVINCES.get(province.vintage, ()):
        return {}
    from cdskit import units

    if province.vintage == 2008:
        names = [province.name]
    else:
        focus = set(FOCUS_PROVINCES[2008])
        names = [units.resolve(c, vintage=2008).name for c in province.former if c in focus]
    links = {}
    for name in names:
        stem = f"province-report-{ascii_key(name).replace(' ', '-')}-"
        found = sorted(
            p.name
            for p in reports_dir.glob(f"{stem}*.html")
            if p.name.endswith("-en.html") == (language == "en")
            and p.name[len(stem) :].removesuffix(".html").split("-")[0].isdigit()
        )
        if found:
            year = found[-1][len(stem) :].removesuffix(".html").split("-")[0]
            links[f"{name} ({year})"] = f"../{found[-1]}"
    return links


def render_profile(
    figures: Figures,
    province: Province,
    provinces: dict[tuple[int, str], Province],
    language: str,
    *,
    sources: dict[str, Any] | None = None,
    region_sources: dict[str, Any] | None = None,
    reports_dir: Path | None = None,
    pdf: bool = False,
    size: float = SIZES[0],
    steering: Steering | None = None,
    codebook: pd.DataFrame | None = None,
    pdf_href: str = "",
) -> str:
    """Return one profile page (HTML) in one language; ``pdf`` gives the print layout.

    ``steering`` adds the province's figures beyond the DTI (:func:`select_steering`);
    ``pdf_href`` links the page to its A4 PDF.
    """
    context = build_context(
        figures,
        province,
        provinces,
        read_regions(province.vintage),
        language,
        sources=sources,
        region_sources=(region_sources or {}).get(language) or _region_sources(language),
        report_links=_report_links(province, reports_dir, language) if reports_dir else {},
        steering=steering,
        codebook=codebook,
    )
    extra: dict[str, Any] = {"pdf": pdf, "pdf_href": pdf_href}
    if pdf:
        extra.update(print_options(), size=size)
    return environment().get_template("profile.html.j2").render(**context, **extra)


def profile_page(
    province: str,
    *,
    vintage: int = 2008,
    language: str = "vi",
    observations: pd.DataFrame | None = None,
    reports_dir: str | os.PathLike[str] | None = None,
) -> str:
    """Return the profile page of one province, as ``cdskit reports`` writes it.

    Parameters
    ----------
    province : str
        A province name in any spelling the resolver accepts, or its code.
    vintage : {2008, 2025}
        2008: the province among the 63 before 1 July 2025; 2025: among the 34 after.
    language : {"vi", "en"}
        Language of the page.
    observations : pandas.DataFrame, optional
        The dataset (default: :func:`cdskit.dataset.load`).
    reports_dir : path-like, optional
        Reports folder whose province reports a focus province's page links to.

    Returns
    -------
    str
        The whole HTML page.

    Raises
    ------
    ParameterError
        When the province has no DTI figure in that vintage.

    Examples
    --------
    >>> page = profile_page("lang son")
    >>> "Tỉnh Lạng Sơn" in page and "16/63" in page
    True
    >>> "Số liệu của Ban Chỉ đạo chuyển đổi số tỉnh" in page  # a focus province
    True
    """
    return _one_profile(province, vintage, language, observations, reports_dir, pdf=False)


def profile_pdf(
    province: str,
    *,
    vintage: int = 2008,
    language: str = "vi",
    observations: pd.DataFrame | None = None,
) -> bytes:
    """Return the profile of one province as its one-page A4 PDF, as ``cdskit reports`` does.

    The print layout of :func:`profile_page`, its type made smaller until it fits one page.

    Parameters
    ----------
    province : str
        A province name in any spelling the resolver accepts, or its code.
    vintage : {2008, 2025}
        2008: the province among the 63 before 1 July 2025; 2025: among the 34 after.
    language : {"vi", "en"}
        Language of the page.
    observations : pandas.DataFrame, optional
        The dataset (default: :func:`cdskit.dataset.load`).

    Returns
    -------
    bytes
        The PDF.

    Raises
    ------
    ParameterError
        When the province has no DTI figure in that vintage.

    Examples
    --------
    >>> profile_pdf("Lào Cai", vintage=2025)[:5]
    b'%PDF-'
    """
    html = _one_profile(province, vintage, language, observations, None, pdf=True)
    return Printer().one_page(html)[0]


def _one_profile(
    province: str,
    vintage: int,
    language: str,
    observations: pd.DataFrame | None,
    reports_dir: str | os.PathLike[str] | None,
    *,
    pdf: bool,
) -> str:
    """Render one province's profile (page or print layout) from the dataset."""
    from cdskit import units
    from cdskit.errors import ParameterError
    from cdskit.formatting import check_language

    language = check_language(language)
    code = units.resolve(str(province), level="province", vintage=vintage).code
    if observations is None:
        from cdskit.dataset import load

        observations = load()
    figures = read_figures(observations)
    provinces = provinces_with_figures(figures)
    if (vintage, code) not in provinces:
        raise ParameterError(
            f"{province!r} has no DTI figure among the provinces of vintage {vintage}; try the "
            "other vintage (2008: the 63 former provinces, 2025: the 34 provinces)."
        )
    folder = Path(reports_dir) if reports_dir is not None else None
    steering = None
    if code in FOCUS_PROVINCES.get(vintage, ()):
        from cdskit.dataset import load_codebook
        from cdskit.dataset.citations import load_sources

        steering = select_steering(observations, load_codebook(), load_sources(), vintage, code)
    return render_profile(
        figures,
        provinces[(vintage, code)],
        provinces,
        language,
        reports_dir=folder,
        steering=steering,
        pdf=pdf,
    )


def write_profiles(
    reports_dir: str | os.PathLike[str] | None = None,
    *,
    observations: pd.DataFrame | None = None,
    force: bool = False,
    pdf: str = "all",
    languages: Sequence[str] = LANGUAGES,
    jobs: int | None = None,
) -> list[dict[str, Any]]:
    """Write every province profile and the peer picker into ``reports_dir``.

    Parameters
    ----------
    reports_dir : path-like, optional
        The reports folder (default: the project's ``reports/``); profiles go to its
        ``profiles/`` folder, the picker to ``peers.html`` and ``peers-en.html``.
    observations : pandas.DataFrame, optional
        The dataset (default: :func:`cdskit.dataset.load`); when given, the stamp is not
        trusted and everything is written.
    force : bool
        Write even when the stamp says the pages are up to date, and lay out every PDF again.
    pdf : {"all", "focus", "none"}
        Which profiles also get a one-page A4 PDF (default: every profile; ``"focus"``: the
        focus provinces, both vintages). A PDF whose print page has not changed since the
        previous run is kept (its key is in ``profiles/index.json``).
    languages : sequence of str
        Languages written (default: Vietnamese and English).
    jobs : int, optional
        Processes laying out the PDFs (default: one per processor).

    Returns
    -------
    list of dict
        What was written (or found up to date): slug, province, vintage, language, title,
        path (relative to ``reports_dir``), pdf (or None) and pdf_key; also saved as
        ``profiles/index.json``. The focus provinces' entries also give ``steering``, the
        number of their figures beyond the DTI shown.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pages = write_profiles(folder, pdf="none")
    ...     again = write_profiles(folder, pdf="none")  # up to date: nothing is written
    ...     written = sorted(p.name for p in (pathlib.Path(folder) / "profiles").glob("*.html"))
    >>> "lang-son-63.html" in written and "lao-cai-34-en.html" in written
    True
    >>> pages == again
    True
    """
    if pdf not in PDF_CHOICES:
        raise ValueError(f"pdf={pdf!r} must be one of {', '.join(PDF_CHOICES)}.")
    out = Path(reports_dir) if reports_dir is not None else paths.reports_dir()
    folder = out / PROFILE_FOLDER
    stamp = _stamp(out, pdf, languages)
    if observations is None and not force:
        written = _up_to_date(out, stamp)
        if written is not None:
            return written
    if observations is None:
        from cdskit.dataset import load

        observations = load()
    inputs = _Inputs.read(observations, languages, out)
    folder.mkdir(parents=True, exist_ok=True)
    kept = {} if force else _previous_keys(folder)
    entries: list[dict[str, Any]] = []
    to_print: list[tuple[str, str]] = []
    for key, province in sorted(inputs.provinces.items()):
        steering = inputs.steering(key)
        with_pdf = pdf == "all" or (pdf == "focus" and _is_focus(key))
        for language in languages:
            stem = province.slug + ("" if language == "vi" else "-en")
            entry, page = _write_page(inputs, province, language, stem, steering, with_pdf)
            if page is not None and (
                kept.get(entry["pdf"]) != entry["pdf_key"] or not (out / entry["pdf"]).is_file()
            ):
                to_print.append((stem, page))
            entries.append(entry)
    _print_one_page_each(to_print, folder, jobs)
    from cdskit.profiles._peers import write_peers

    entries += write_peers(out, inputs.figures, inputs.provinces, languages=languages)
    write_text_atomically(folder / INDEX, json.dumps(entries, ensure_ascii=False, indent=1) + "\n")
    _remove_stale(folder, entries)
    write_text_atomically(folder / STAMP, json.dumps(stamp, indent=1) + "\n")
    return entries


def _stamp(out: Path, pdf: str, languages: Sequence[str]) -> dict[str, Any]:
    """Return what a run is made from and asked for (``profiles/stamp.json``)."""
    return {
        "inputs": inputs_hash(),
        "pdf": pdf,
        "languages": list(languages),
        "reports": sorted(p.name for p in out.glob("province-report-*.html")),
    }


def _is_focus(key: tuple[int, str]) -> bool:
    """Tell whether a ``(vintage, code)`` is a focus province."""
    vintage, code = key
    return code in FOCUS_PROVINCES.get(vintage, ())


@dataclass
class _Inputs:
    """What every profile of a run is made from, read once."""

    observations: pd.DataFrame
    figures: Figures
    provinces: dict[tuple[int, str], Province]
    sources: dict[str, Any]
    codebook: pd.DataFrame
    region_sources: dict[str, dict[str, Any]]
    reports_dir: Path

    @classmethod
    def read(
        cls, observations: pd.DataFrame, languages: Sequence[str], reports_dir: Path
    ) -> _Inputs:
        """Read the figures, provinces, sources, codebook and region sources of the dataset."""
        from cdskit.dataset import load_codebook
        from cdskit.dataset.citations import load_sources

        figures = read_figures(observations)
        return cls(
            observations=observations,
            figures=figures,
            provinces=provinces_with_figures(figures),
            sources=load_sources(),
            codebook=load_codebook(),
            region_sources={language: _region_sources(language) for language in languages},
            reports_dir=reports_dir,
        )

    def steering(self, key: tuple[int, str]) -> Steering | None:
        """Return a focus province's figures beyond the DTI (None for other provinces)."""
        if not _is_focus(key):
            return None
        return select_steering(self.observations, self.codebook, self.sources, *key)

    def render(
        self, province: Province, language: str, steering: Steering | None, **layout: Any
    ) -> str:
        """Return a profile page; ``layout``: ``pdf`` or ``pdf_href`` of :func:`render_profile`."""
        return render_profile(
            self.figures,
            province,
            self.provinces,
            language,
            steering=steering,
            codebook=self.codebook,
            sources=self.sources,
            region_sources=self.region_sources,
            reports_dir=self.reports_dir,
            **layout,
        )


def _write_page(
    inputs: _Inputs,
    province: Province,
    language: str,
    stem: str,
    steering: Steering | None,
    with_pdf: bool,
) -> tuple[dict[str, Any], str | None]:
    """Write one profile page; return its index entry and, with a PDF, the print page."""
    folder = inputs.reports_dir / PROFILE_FOLDER
    pdf_path = key_of_pdf = page = None
    if with_pdf:
        pdf_path = f"{PROFILE_FOLDER}/{stem}.pdf"
        page = inputs.render(province, language, steering, pdf=True)
        key_of_pdf = pdf_key(page)
    html = inputs.render(province, language, steering, pdf_href=f"{stem}.pdf" if pdf_path else "")
    write_text_atomically(folder / f"{stem}.html", html)
    entry = {
        "kind": "profile",
        "slug": province.slug,
        "province": province.name,
        "province_code": province.code,
        "vintage": province.vintage,
        "language": language,
        "title": TEXT[language]["title"].format(name=province.label(language)),
        "path": f"{PROFILE_FOLDER}/{stem}.html",
        "pdf": pdf_path,
        "pdf_key": key_of_pdf,
    }
    if steering is not None:
        entry["steering"] = steering.count
    return entry, page


def _print_one_page_each(to_print: list[tuple[str, str]], folder: Path, jobs: int | None) -> None:
    """Lay out the PDFs of ``to_print`` (stem, print page); refuse one over one A4 page."""
    for done in print_pages(to_print, folder, jobs=jobs):
        if done["pages"] != 1:
            raise RuntimeError(
                f"the profile {done['stem']} takes {done['pages']} A4 pages even in the "
                "smallest type; shorten its print layout (templates/profile.html.j2)."
            )


def _previous_keys(folder: Path) -> dict[str, str]:
    """Return the PDF key of each page the previous run wrote (``profiles/index.json``)."""
    try:
        listed = json.loads((folder / INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(listed, list):
        return {}
    return {
        str(e["pdf"]): str(e["pdf_key"])
        for e in listed
        if isinstance(e, dict) and e.get("pdf") and e.get("pdf_key")
    }


def _up_to_date(out: Path, stamp: dict[str, Any]) -> list[dict[str, Any]] | None:
    folder = out / PROFILE_FOLDER
    try:
        recorded = json.loads((folder / STAMP).read_text("utf-8"))
        entries = json.loads((folder / INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if recorded != stamp:
        return None
    for entry in entries:
        for key in ("path", "pdf"):
            if entry.get(key) and not (out / entry[key]).is_file():
                return None
    return entries


def _remove_stale(folder: Path, entries: list[dict[str, Any]]) -> None:
    """Remove pages of provinces that no longer have a profile."""
    keep = {Path(e[k]).name for e in entries for k in ("path", "pdf") if e.get(k)}
    for path in folder.iterdir():
        if path.suffix in (".html", ".pdf") and path.name not in keep:
            path.unlink()

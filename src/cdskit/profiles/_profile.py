"""One province's profile: the figures of each edition, the change, the tier, the comparisons.

The page is written from a plain context (texts already formatted for the reader's language)
by the Jinja2 template ``templates/profile.html.j2``; the same context gives the A4 PDF.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdskit.charts._dti_data import citations
from cdskit.formatting import format_number, format_rank
from cdskit.profiles._figures import MARKS, OVERALL, Edition, Figures, Value
from cdskit.profiles._regions import REGION_SOURCES, Regions
from cdskit.profiles._steering import Steering, steering_rows
from cdskit.profiles._text import COMPONENT_NAMES, TEXT
from cdskit.safe_text import safe_text, safe_url
from cdskit.terms import FOCUS_COLOURS, PROVINCE_COUNT

#: Fewest provinces of a region with a figure for its median to be shown.
MIN_MEDIAN = 3
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slug(name: str, vintage: int) -> str:
    """Return the file name stem of a province's profile (no diacritics, ``-63`` or ``-34``).

    Examples
    --------
    >>> slug("Bà Rịa - Vũng Tàu", 2008), slug("Lào Cai", 2025)
    ('ba-ria-vung-tau-63', 'lao-cai-34')
    """
    return f"{ascii_key(name).replace(' ', '-')}-{PROVINCE_COUNT[vintage]}"


def ascii_key(text: str) -> str:
    """Return ``text`` without diacritics, in lower case, words joined by one space.

    The peer picker's script reads what the reader types the same way.

    Examples
    --------
    >>> ascii_key("TP. Hồ Chí Minh"), ascii_key("Đắk Lắk")
    ('tp ho chi minh', 'dak lak')
    """
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return _NOT_WORD.sub(" ", text).strip()


@dataclass
class Province:
    """A province of one vintage as the profiles name and link it."""

    code: str
    vintage: int
    name: str
    full_name: str
    name_en: str
    slug: str
    former: list[str] = field(default_factory=list)  # codes of former provinces (2025)
    successor: str | None = None  # code of the 2025 province (2008)

    def label(self, language: str) -> str:
        """Return the name the page uses (Vietnamese names in both languages)."""
        return safe_text(self.full_name if language == "vi" else _english_full(self))


def _english_full(province: Province) -> str:
    kind = "city" if province.full_name.startswith("Thành phố") else "province"
    return f"{province.name} {kind}" if kind == "province" else f"{province.name} City"


def edition_label(edition: Edition, language: str) -> str:
    """Return an edition's label: ``2022``, ``2024 (nhóm 63 tỉnh cũ)`` or ``2024 (34 tỉnh)``."""
    text = TEXT[language]
    if edition.group63:
        return text["edition_63"].format(year=edition.year)
    if edition.vintage == 2025:
        return text["edition_34"].format(year=edition.year)
    return text["edition_plain"].format(year=edition.year)


class Notes:
    """Numbers the sources a page cites, in order of first use."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def cite(self, ids: tuple[str, ...]) -> list[int]:
        """Return the note numbers of ``ids``, numbering new ones."""
        numbers = []
        for key in ids:
            if key not in self.order:
                self.order.append(key)
            numbers.append(self.order.index(key) + 1)
        return sorted(set(numbers))


def value_text(value: Value, what: str, language: str) -> str:
    """Return a value as shown: ``6/63``, ``4/63†``, ``0,5242``.

    Examples
    --------
    >>> value_text(Value(4.0, "list", 63, ("dti_rank_in_ordered_list",), ()), "rank", "vi")
    '4/63†'
    >>> value_text(Value(0.5242, "stated", None, ("dti_score",), ()), "score", "en")
    '0.5242'
    """
    if what == "rank":
        return format_rank(value.value, value.of, language) + MARKS[value.kind]
    return format_number(value.value, language)


def _shown(values: list[Value], what: str, language: str, notes: Notes, edition: str) -> list:
    return [
        {
            "text": value_text(v, what, language),
            "indicators": " ".join(v.indicators),
            "edition": edition,
            "notes": notes.cite(v.sources),
            "kind": v.kind,
        }
        for v in values
    ]


def change(previous: list[Value] | None, current: list[Value], language: str) -> dict[str, str]:
    """Return the change of rank from the previous comparable edition, in words.

    ``previous`` is None when there is no earlier edition in the same group.

    Examples
    --------
    >>> a = Value(10.0, "stated", 63, ("dti_rank",), ())
    >>> b = Value(6.0, "stated", 63, ("dti_rank",), ())
    >>> change([a], [b], "vi")["text"]
    '▲ tăng 4 bậc'
    >>> change([b], [a], "en")["text"]
    '▼ down 4 places'
    >>> change([Value(4.0, "list", 63, ("x",), ())], [b], "vi")["text"]
    '— không so sánh: hạng đọc từ danh sách hoặc suy ra'
    """
    text = TEXT[language]

    def why(key: str) -> dict[str, str]:
        return {"text": text["not_compared"].format(why=text[key]), "direction": "none"}

    if not current:
        return why("why_none")
    if previous is None:
        return why("why_first")
    if not previous:
        return why("why_missing")
    if len(previous) > 1 or len(current) > 1:
        return why("why_conflict")
    before, now = previous[0], current[0]
    if before.kind != "stated" or now.kind != "stated":
        return why("why_kind")
    if before.of != now.of:
        return why("why_count")
    steps = round(before.value - now.value)
    if steps > 0:
        return {"text": text["up"].format(n=format_number(steps, language)), "direction": "up"}
    if steps < 0:
        return {"text": text["down"].format(n=format_number(-steps, language)), "direction": "down"}
    return {"text": text["same"], "direction": "same"}


def tier(values: list[Value], language: str) -> dict[str, str | bool] | None:
    """Return the rank band of a single rank (the bands of the rank maps), or None."""
    from cdskit.maps import rank_bands

    if len(values) != 1 or values[0].of is None:
        return None
    bands = rank_bands(int(values[0].of))
    index = bands.class_of(values[0].value)
    if index is None:
        return None
    band = bands.labels(language)[index].replace(" – ", "–")
    return {
        "text": TEXT[language]["tier_text"].format(band=band, of=values[0].of),
        "colour": bands.colours[index],
        "dark": index < len(bands.colours) / 2,
    }


def _median(
    figures: Figures,
    regions: Regions,
    region_id: str,
    component: str,
    what: str,
    edition: Edition,
    language: str,
) -> dict[str, str]:
    """Return the region's median in words: ``full`` for the page, ``short`` for the print."""
    members = regions.members(region_id)
    value, n = figures.median(edition.vintage, members, component, what, edition.key)
    text = TEXT[language]
    if value is None or n < max(MIN_MEDIAN, len(members)):  # a partial list is a selection
        return {
            "full": text["median_few"].format(n=n, m=len(members)),
            "short": text["median_few_short"].format(n=n, m=len(members)),
        }
    shown = (
        format_rank(value, edition.of, language)
        if what == "rank"
        else format_number(value, language)
    )
    return {
        "full": text["median_of"].format(value=shown, n=n, m=len(members)),
        "short": text["median_of_short"].format(value=shown, m=len(members)),
    }


def _mean(figures: Figures, edition: Edition, component: str, language: str, notes: Notes):
    found = figures.means.get((edition.vintage, edition.key, component), [])
    return [
        {"text": format_number(value, language), "notes": notes.cite(ids)} for value, ids in found
    ]


def build_context(
    figures: Figures,
    province: Province,
    provinces: dict[tuple[int, str], Province],
    regions: Regions,
    language: str,
    *,
    sources: dict[str, Any] | None = None,
    region_sources: dict[str, Any] | None = None,
    report_links: dict[str, str] | None = None,
    prefix: str = "",
    steering: Steering | None = None,
    codebook: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Return the template context of one province's profile in one language.

    Parameters
    ----------
    figures : Figures
        From :func:`cdskit.profiles.read_figures`.
    province : Province
        The province (one vintage).
    provinces : dict
        ``(vintage, code)`` → every province with a profile (for links to the other vintage).
    regions : Regions
        Region membership of the province's vintage.
    language : {"vi", "en"}
        Reader's language.
    sources : dict, optional
        Source id → :class:`~cdskit.dataset.Source` (default: ``data/processed/sources.csv``).
    region_sources : dict, optional
        Source id → source of the region files (from ``data/raw/sources.yml``).
    report_links : dict, optional
        Province report file names by language, for a focus province.
    prefix : str
        Path from the page to the other profiles (``""`` in ``reports/profiles``).
    steering : Steering, optional
        The province's figures beyond the DTI (:func:`select_steering`), for a focus province.
    codebook : pandas.DataFrame, optional
        Labels and kinds of those figures (default: the project's codebook).

    Returns
    -------
    dict
        Texts and rows for ``templates/profile.html.j2``.
    """
    text = TEXT[language]
    notes = Notes()
    vintage, code = province.vintage, province.code
    rows = figures.rows.get((vintage, code))
    read = _Read(figures, regions, province, language, notes)
    editions = figures.editions.get(vintage, [])
    overall = _overall_rows(read, editions)
    components, missing = _component_rows(read, editions)
    steering_context = None
    if steering is not None:
        kinds, labels = _vocabulary(codebook, language)
        steering_context = steering_rows(steering, language, kinds, labels, notes.cite)
    region_note = notes.cite((REGION_SOURCES[vintage],))
    source_list = _source_list(notes, sources, region_sources, language)
    region_ids = read.region_ids
    return {
        "language": language,
        "t": text,
        "title": text["title"].format(name=province.label(language)),
        "vintage_text": text[f"vintage_{vintage}"],
        "colour": FOCUS_COLOURS.get(vintage, {}).get(code),
        "regions": [regions.regions[r].name(language) for r in region_ids],
        "region_note": text[f"region_note_{vintage}"],
        "region_notes": region_note,
        "spans": len(region_ids) > 1,
        "links": _links(province, provinces, language, prefix),
        "reports": report_links or {},
        "overall": overall,
        "break_text": text[f"break_{34 if vintage == 2025 else 63}"],
        "before_34": vintage == 2025,
        "components": components,
        "missing": ", ".join(missing),
        "no_components": not components,
        "sources": source_list,
        "source_halves": _halves(source_list),
        "count": 0 if rows is None else len(rows),
        "steering": steering_context,
        "other_language": _href(province, "en" if language == "vi" else "vi", prefix),
    }


@dataclass
class _Read:
    """What the rows of one profile are read from, and the notes their sources are cited in."""

    figures: Figures
    regions: Regions
    province: Province
    language: str
    notes: Notes

    @property
    def region_ids(self) -> tuple[str, ...]:
        """The regions of the province (more than one when it spans them)."""
        return tuple(self.regions.of.get(self.province.code, ()))

    def values(self, component: str, what: str, edition: Edition) -> list[Value]:
        """Return the province's ranks or scores (``what``) of a component in an edition."""
        province = self.province
        return self.figures.cell(province.vintage, province.code, component, what, edition.key)

    def shown(self, values: list[Value], what: str, edition: Edition) -> list[dict[str, Any]]:
        """Return ranks or scores as the page shows them, their sources cited."""
        return _shown(values, what, self.language, self.notes, edition.key)

    def means(self, component: str, edition: Edition) -> list[dict[str, Any]]:
        """Return the national means of a component in an edition, their sources cited."""
        return _mean(self.figures, edition, component, self.language, self.notes)

    def medians(self, component: str, edition: Edition) -> list[dict[str, dict[str, str]]]:
        """Return the median rank and score of each of the province's regions."""
        args = (self.figures, self.regions)
        return [
            {
                "rank": _median(*args, r, component, "rank", edition, self.language),
                "score": _median(*args, r, component, "score", edition, self.language),
            }
            for r in self.region_ids
        ]


def _overall_rows(read: _Read, editions: list[Edition]) -> list[dict[str, Any]]:
    """Return the overall DTI row of each edition: rank, score, tier, change, mean, medians."""
    language = read.language
    overall = []
    previous: list[Value] | None = None  # None before the first edition of the vintage
    for edition in editions:
        ranks = read.values(OVERALL, "rank", edition)
        scores = read.values(OVERALL, "score", edition)
        overall.append(
            {
                "label": edition_label(edition, language),
                "key": edition.key,
                "ranks": read.shown(ranks, "rank", edition),
                "scores": read.shown(scores, "score", edition),
                "tier": tier(ranks, language),
                "change": change(previous, ranks, language),
                "means": read.means(OVERALL, edition),
                "medians": read.medians(OVERALL, edition),
            }
        )
        previous = ranks
    return overall


def _component_rows(read: _Read, editions: list[Edition]) -> tuple[list[dict[str, Any]], list[str]]:
    """Return a row per component and edition with a figure, and the editions without any."""
    names = COMPONENT_NAMES[read.language]
    province = read.province
    components = []
    with_figures: set[str] = set()
    for component in read.figures.components(province.vintage, province.code):
        if component == OVERALL:
            continue
        for edition in editions:
            ranks = read.values(component, "rank", edition)
            scores = read.values(component, "score", edition)
            if not ranks and not scores:
                continue
            with_figures.add(edition.key)
            components.append(
                {
                    "name": names.get(component, component),
                    "label": edition_label(edition, read.language),
                    "ranks": read.shown(ranks, "rank", edition),
                    "scores": read.shown(scores, "score", edition),
                    "means": read.means(component, edition),
                    "medians": read.medians(component, edition),
                }
            )
    missing = [edition_label(e, read.language) for e in editions if e.key not in with_figures]
    return components, missing


def _source_list(
    notes: Notes,
    sources: dict[str, Any] | None,
    region_sources: dict[str, Any] | None,
    language: str,
) -> list[dict[str, Any]]:
    """Return the numbered notes: each cited source's text and link."""
    from cdskit.dataset.citations import load_sources

    sources = sources if sources is not None else load_sources()
    all_sources = {**(region_sources or {}), **sources}
    cited = citations(notes.order, all_sources, language)
    source_list = []
    for number, key in enumerate(notes.order, start=1):
        entry = all_sources.get(key)
        url = getattr(entry, "cite_url", "") or getattr(entry, "url", "")
        source_list.append(
            {"number": number, "text": safe_text(cited.get(key, key)), "url": safe_url(url) or ""}
        )
    return source_list


def _links(
    province: Province, provinces: dict[tuple[int, str], Province], language: str, prefix: str
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the links to the profiles of the other vintage: successor or former provinces."""
    text = TEXT[language]
    links = []
    if province.successor and (2025, province.successor) in provinces:
        other = provinces[(2025, province.successor)]
        links.append((text["successor"], [(other.label(language), _href(other, language, prefix))]))
    if province.former:
        former = [provinces.get((2008, c)) for c in province.former]
        links.append(
            (
                text["formed_from"],
                [(p.label(language), _href(p, language, prefix)) for p in former if p],
            )
        )
    return links


def _halves(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split the sources in two lists of about the same length of text (the print's columns).

    Two floated lists cost WeasyPrint a fraction of one list in balanced CSS columns.
    """
    sizes = [len(item["text"]) + len(item["url"]) + 40 for item in items]
    total, running = sum(sizes), 0
    for cut, size in enumerate(sizes):
        if running + size / 2 > total / 2:
            return [items[:cut], items[cut:]]
        running += size
    return [items, []]


def _vocabulary(
    codebook: pd.DataFrame | None, language: str
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Return the codebook's kinds and (label, unit) of each indicator in ``language``."""
    if codebook is None:
        from cdskit.dataset import load_codebook

        codebook = load_codebook()
    kinds = dict(zip(codebook["indicator"], codebook["kind"], strict=True))
    labels = {
        row["indicator"]: (str(row[f"label_{language}"]), _text(row.get(f"unit_{language}")))
        for row in codebook.to_dict("records")
    }
    return kinds, labels


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _href(province: Province, language: str, prefix: str) -> str:
    return f"{prefix}{province.slug}{'' if language == 'vi' else '-en'}.html"

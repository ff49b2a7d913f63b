"""Build a province narrative: figures → sentences → numbered footnotes → list of sources."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from cdskit import dataset
from cdskit.dataset.citations import load_sources
from cdskit.errors import ParameterError
from cdskit.formatting import check_language, format_period
from cdskit.narrative._format import (
    figure_value,
    has_denominator,
    origin_text,
    publication_date,
)
from cdskit.narrative._model import Figure, Footnote, Narrative, Section, Sentence, Source
from cdskit.narrative._select import (
    province_across_reform,
    province_rows,
    to_figures,
)
from cdskit.narrative._templates import label, say
from cdskit.narrative._topic_context import Context
from cdskit.narrative._topics import TOPICS, WRITERS
from cdskit.safe_text import safe_text, safe_url
from cdskit.terms import FOCUS_PROVINCE_NAMES

_LABEL_KEYS = (
    "label_narrative",
    "label_footnotes",
    "label_sources",
    "label_key_figures",
    "label_indicator",
    "label_period",
    "label_value",
    "label_note",
    "label_national",
    "label_rank_chart",
    "label_map",
    "label_no_map",
    "label_technical",
)


def build_narrative(
    province: str,
    year: int,
    language: str = "vi",
    *,
    observations: pd.DataFrame | None = None,
    codebook: pd.DataFrame | None = None,
    sources: dict[str, Source] | str | Path | None = None,
    include_undated: bool = True,
    period: str | None = None,
    generated: _dt.date | None = None,
) -> Narrative:
    """Write the narrative of one province for one year, every number with its source.

    Parameters
    ----------
    province : str
        Province name in either vintage (``"Lào Cai"``, ``"Bac Giang"``) or its code.
    year : int
        Reporting year: the figures of all its periods and the DTI edition of that year
        (with the previous edition for the change in rank and score).
    language : {"vi", "en"}, default "vi"
        Language of every text.
    observations : pandas.DataFrame, optional
        Observations (default: the processed dataset, :func:`cdskit.dataset.load`).
    codebook : pandas.DataFrame, optional
        Codebook for kinds, labels and preferred sources (default: the project's).
    sources : dict, str or pathlib.Path, optional
        Sources by id, or the ``sources.csv`` to read (default: ``data/processed``).
    include_undated : bool, default True
        List figures published without a period whose latest date falls in ``year`` in the
        labelled reference section (never as the state of the year); False leaves it out.
    period : str, optional
        One period of ``year`` only (``"2023-H1"``, ``"2022-06"``): the plain topics state the
        figures of that period; the DTI edition is still the year's.
    generated : datetime.date, optional
        Date written under the title (default: today).

    Returns
    -------
    Narrative
        Sections of sentences, numbered footnotes and the sources cited.

    Raises
    ------
    ParameterError
        For an unsupported language or a year that is not a whole number.
    UnknownUnitError
        For a province name that matches no province (with suggestions).

    Examples
    --------
    >>> story = build_narrative("Lao Cai", 2024, "vi")
    >>> story.title
    'Báo cáo chuyển đổi số tỉnh Lào Cai năm 2024'
    >>> all(sentence.note_numbers for sentence in story.sentences if sentence.figures)
    True
    """
    language = check_language(language)
    year = _check_year(year)
    period = _check_period(period, year)
    frame = dataset.load() if observations is None else observations
    book = dataset.load_codebook() if codebook is None else codebook
    registry = sources if isinstance(sources, dict) else load_sources(sources)
    preferred = _preferred(book)
    followed = province_across_reform(province)
    own = to_figures(province_rows(frame, followed), preferred, registry)
    national = to_figures(frame[frame["unit_level"] == "national"], preferred, registry)
    focus: dict[str, Sequence[Figure]] = {}
    for name in FOCUS_PROVINCE_NAMES:
        other = province_across_reform(name)
        if other.name != followed.name:
            rows = province_rows(frame, other)
            focus[name] = to_figures(rows[rows["unit_level"] == "province"], preferred, registry)
    context = Context(
        language=language,
        province=followed,
        year=year,
        own=own,
        national=national,
        focus=focus,
        kinds=dict(zip(book["indicator"], book["kind"], strict=True)),
        labels=_labels(book, language),
        include_undated=include_undated,
        period=period,
        sources=registry,
    )
    sections, footnotes, cited = _write(context, registry)
    day = generated or _dt.date.today()
    return Narrative(
        province=followed.name,
        year=year,
        language=language,
        title=say(
            language,
            "report",
            "title",
            followed.name,
            format_period(period, language) if period else year,
        ),
        date_text=say(language, "report", "generated", publication_date(day.isoformat(), language)),
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        sources=tuple(registry[s] for s in cited if s in registry),
        notice=(
            ""
            if any(sentence.figures for section in sections for sentence in section.sentences)
            else say(language, "report", "nothing", followed.name, year)
        ),
        labels={key.removeprefix("label_"): label(language, key) for key in _LABEL_KEYS},
        generated=day,
        compared_provinces=(followed.name, *focus),
    )


@dataclass(frozen=True)
class MapChoice:
    """The figures a connectivity map of the narrative's province can draw.

    Parameters
    ----------
    indicator : str
        Codebook id.
    period : str
        Period as stored.
    level : str
        Unit level of the figures (a map draws one level).
    vintage : int
        Administrative vintage of the boundaries to draw.
    """

    indicator: str
    period: str
    level: str
    vintage: int


def connectivity_map_choice(narrative: Narrative) -> MapChoice | None:
    """Return what a connectivity map of the province can show, or ``None`` when nothing.

    The first dated connectivity figure the narrative states is chosen; figures published
    without a date are never mapped (they would be drawn as if they held at one time).

    Parameters
    ----------
    narrative : Narrative
        From :func:`build_narrative`.

    Returns
    -------
    MapChoice or None
        Indicator, period, level and vintage to pass to :func:`cdskit.maps.choropleth` with
        boundaries of that level and vintage; ``None`` when the narrative states no dated
        connectivity figure (say so with the ``no_map`` label).
    """
    for sentence in narrative.sentences:
        if sentence.topic != "connectivity":
            continue
        for figure in sentence.figures:
            if figure.period != "undated" and figure.unit_level == "province":
                return MapChoice(figure.indicator, figure.period, "province", figure.vintage)
    return None


def _write(
    context: Context, registry: dict[str, Source]
) -> tuple[list[Section], list[Footnote], list[str]]:
    """Write the sections, one note per source (numbered at first citation), sources cited."""
    notes: dict[str, Footnote] = {}
    origins: dict[str, list[str]] = {}
    body: list[Section] = []
    for topic in TOPICS:
        context.named.clear()  # each section names a reformed province's vintage once in full
        sentences = []
        for text, figures in WRITERS[topic](context):
            numbers: dict[int, None] = {}
            for figure in figures:
                for cited in (figure, *figure.others):
                    origins.setdefault(cited.source_id, []).append(cited.origin)
                    if cited.source_id not in notes:
                        notes[cited.source_id] = _note(cited.source_id, len(notes) + 1, context)
                    numbers[notes[cited.source_id].number] = None
            if figures:
                text = _with_others(text, figures, context, registry)
            text = safe_text(text)  # names and titles from data: no invisible controls
            refs = tuple(numbers)
            sentences.append(Sentence(topic, text, figures, refs[0] if refs else None, refs))
        if sentences:
            body.append(Section(topic, _heading(context, topic), tuple(sentences)))
    summary = _summary(context, body)
    if summary:  # the summary opens with the reform statement: no section repeats it
        body = [section for section in body if section.topic != "reform"]
    sections = [*summary, *body, *_low(context, body, notes)]
    sections, notes = _in_reading_order(sections, notes)
    footnotes = [
        replace(note, technical=origin_text(origins[source_id], context.language))
        for source_id, note in notes.items()
    ]
    return sections, footnotes, list(notes)


def _in_reading_order(
    sections: list[Section], notes: dict[str, Footnote]
) -> tuple[list[Section], dict[str, Footnote]]:
    """Renumber the notes in order of first citation as read (the summary is written last)."""
    order: dict[int, int] = {}
    for section in sections:
        for sentence in section.sentences:
            for number in sentence.note_numbers:
                order.setdefault(number, len(order) + 1)
    for note in notes.values():
        order.setdefault(note.number, len(order) + 1)

    def renumbered(sentence: Sentence) -> Sentence:
        first = order[sentence.footnote] if sentence.footnote else None
        return replace(sentence, footnote=first, notes=tuple(order[n] for n in sentence.notes))

    sections = [
        replace(section, sentences=tuple(renumbered(s) for s in section.sentences))
        for section in sections
    ]
    ordered = sorted(notes.items(), key=lambda item: order[item[1].number])
    return sections, {key: replace(note, number=order[note.number]) for key, note in ordered}


def _note(source_id: str, number: int, context: Context) -> Footnote:
    language = context.language
    source = context.sources.get(source_id) or Source(source_id, source_id, "", "undated", "")
    citation = safe_text(source.citation(language, publication_date(source.date, language)))
    url = safe_url(source.link) or ""  # only http(s) addresses become links
    return Footnote(number, (f"{citation}.",), url=url, source_id=source_id)


def _with_others(
    text: str, figures: tuple[Figure, ...], context: Context, registry: dict[str, Source]
) -> str:
    """Name, in the sentence, a different figure another source gives for the same key."""
    language = context.language
    remarks = []
    for figure in figures:
        for other in figure.others:
            if other.value == figure.value and other.denominator == figure.denominator:
                continue
            source = registry.get(other.source_id)
            publisher = source.cited_publisher(language) if source else other.source_id
            publisher = re.sub(r"\s*\([^()]*\)$", "", publisher)  # the name, not its remarks
            kind = context.kinds.get(other.indicator, "count")
            value = figure_value(other, language, kind)
            remarks.append(say(language, "report", "other_value", value, publisher))
    if not remarks:
        return text
    return f"{text.rstrip('.')} ({'; '.join(remarks)})."


def _heading(context: Context, topic: str) -> str:
    return label(context.language, f"heading_{topic}")


def _summary(context: Context, body: list[Section]) -> list[Section]:
    """Open with the most important figures: the DTI and the first sentence of each topic."""
    chosen: list[Sentence] = []
    own = set(context.province.codes.values())

    def about_the_province(sentence: Sentence) -> bool:
        return all(f.unit_level != "province" or f.unit_code in own for f in sentence.figures)

    for section in body:
        if section.topic in ("reform", "reference", "local_rankings"):
            continue
        stated = [s for s in section.sentences if s.figures and about_the_province(s)]
        take = 2 if section.topic == "dti" else 1
        chosen.extend(stated[:take])
        if len(chosen) >= 5:
            break
    if not chosen:
        return []
    opening = [s for s in body if s.topic == "reform"]
    lead = list(opening[0].sentences) if opening else []
    sentences = tuple(
        Sentence("summary", s.text, s.figures, s.footnote, s.notes) for s in [*lead, *chosen[:5]]
    )
    return [Section("summary", _heading(context, "summary"), _named_once(context, sentences))]


def _named_once(context: Context, sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """Name a reformed province's vintage in full once in the summary, briefly after that.

    The summary copies sentences that each named the vintage in full in their own section.
    """
    if not context.reformed:
        return sentences
    language, parts = context.language, list(context.province.merged_from)
    pairs = {}
    for figure in (f for s in sentences for f in s.figures if f.unit_level == "province"):
        name = figure.unit_name
        if figure.vintage == 2025:
            full, brief = (
                say(language, "report", "new_province", name, parts or [name], whole)
                for whole in (True, False)
            )
        else:
            full, brief = (
                say(language, "report", "former_province", name, whole) for whole in (True, False)
            )
        pairs[full] = brief
    named: set[str] = set()
    out = []
    for sentence in sentences:
        text = sentence.text
        if not sentence.figures:  # the opening explains the names, it names no figure's unit
            out.append(sentence)
            continue
        for full, brief in pairs.items():
            if full in named:
                text = text.replace(full, brief)
            elif full in text:
                named.add(full)
                head, _, tail = text.partition(full)
                text = head + full + tail.replace(full, brief)
        out.append(replace(sentence, text=text))
    return tuple(out)


def _low(context: Context, body: list[Section], notes: dict[str, Footnote]) -> list[Section]:
    """List the figures below the mean or ranked in the lower half, from what was stated."""
    language = context.language
    sentences = []
    seen = set()
    for section in body:
        if section.topic in ("summary", "reference"):
            continue
        for sentence in section.sentences:
            for figure in sentence.figures:
                key = (figure.indicator, figure.period, figure.vintage)
                own = figure.unit_code == context.province.codes.get(figure.vintage)
                if key in seen or not own or figure.year != context.year:
                    continue
                kind = context.kinds.get(figure.indicator)
                denominator = figure.denominator if has_denominator(figure) else None
                if kind == "rank" and denominator is not None and not figure.qualifier:
                    if figure.value > denominator / 2:
                        seen.add(key)
                        name = context.labels.get(figure.indicator, (figure.indicator, ""))[0]
                        text = say(language, "report", "low_rank", name, context.value(figure))
                        sentences.append(
                            Sentence("low", text, (figure,), sentence.footnote, sentence.notes)
                        )
    score = next(
        (f for f in context.own if f.indicator == "dti_score" and f.period == str(context.year)),
        None,
    )
    mean = next(
        (
            f
            for f in context.national
            if f.indicator == "dti_provincial_mean" and f.period == str(context.year)
        ),
        None,
    )
    if score is not None and mean is not None and not score.qualifier and not mean.qualifier:
        if score.value < mean.value:
            kind = "index"
            text = say(
                language,
                "report",
                "low_score",
                context.year,
                figure_value(score, language, context.kinds.get("dti_score", kind)),
                figure_value(mean, language, context.kinds.get("dti_provincial_mean", kind)),
            )
            numbers = tuple(n for n in (_number_of(notes, score), _number_of(notes, mean)) if n)
            numbers = tuple(dict.fromkeys(numbers))
            first = numbers[0] if numbers else None
            sentences.append(Sentence("low", text, (score, mean), first, numbers))
    if not sentences:
        return []
    return [Section("low", _heading(context, "low"), tuple(sentences))]


def _number_of(notes: dict[str, Footnote], figure: Figure) -> int | None:
    note = notes.get(figure.source_id)
    return note.number if note is not None else None


def key_figures(narrative: Narrative, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the figures a narrative states as a table for readers.

    Parameters
    ----------
    narrative : Narrative
        A narrative from :func:`build_narrative`.
    codebook : pandas.DataFrame, optional
        Codebook for labels and kinds (default: the project's).

    Returns
    -------
    pandas.DataFrame
        Columns indicator, period, figure and note number (headers in the narrative's
        language), one row per figure, every cell text: no index to show, no NaN.
    """
    book = dataset.load_codebook() if codebook is None else codebook
    language = narrative.language
    labels = _labels(book, language)
    kinds = dict(zip(book["indicator"], book["kind"], strict=True))
    rows = []
    seen = set()
    note_of = {note.source_id: note.number for note in narrative.footnotes if note.source_id}
    for sentence in narrative.sentences:
        for figure in sentence.figures:
            key = (figure.vintage, figure.unit_code, figure.indicator, figure.period)
            if key in seen:
                continue
            seen.add(key)
            name = labels.get(figure.indicator, (figure.indicator, ""))[0]
            if figure.unit_level != "national" and figure.unit_name != narrative.province:
                name = f"{name} ({figure.unit_name})"
            elif figure.unit_level == "national":
                name = f"{name} ({narrative.labels['national']})"
            rows.append(
                {
                    narrative.labels["indicator"]: name,
                    narrative.labels["period"]: _capitalised(
                        format_period(figure.period, language)
                    ),
                    narrative.labels["value"]: figure_value(
                        figure, language, kinds.get(figure.indicator, "count")
                    ),
                    narrative.labels["note"]: str(note_of.get(figure.source_id, sentence.footnote)),
                }
            )
    columns = [narrative.labels[k] for k in ("indicator", "period", "value", "note")]
    return pd.DataFrame(rows, columns=columns, dtype=str)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _labels(book: pd.DataFrame, language: str) -> dict[str, tuple[str, str]]:
    label_column, unit_column = f"label_{language}", f"unit_{language}"
    return {
        row["indicator"]: (str(row[label_column]), _clean(row.get(unit_column)))
        for row in book.to_dict("records")
    }


def _preferred(book: pd.DataFrame) -> dict[str, str]:
    if "preferred_source" not in book.columns:
        return {}
    return {
        str(row["indicator"]): _clean(row["preferred_source"])
        for row in book.to_dict("records")
        if _clean(row["preferred_source"])
    }


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _check_period(period: str | None, year: int) -> str:
    if period is None or not str(period).strip():
        return ""
    text = str(period).strip()
    if text[:4] != str(year) or len(text) < 6:
        raise ParameterError(
            f"period={period!r} is not a period of year {year}: give one as stored in the "
            f"dataset, such as '{year}-H1' or '{year}-06', or leave it empty for the whole year."
        )
    return text


def _check_year(year: object) -> int:
    try:
        number = int(str(year).strip())
    except ValueError:
        raise ParameterError(
            f"year={year!r} is not a year: give a whole number such as 2023."
        ) from None
    if not 2000 <= number <= 2100:
        raise ParameterError(f"year={number} is outside 2000–2100: give a year such as 2023.")
    return number

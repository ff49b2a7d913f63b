"""The objects a narrative is made of: sentences, the figures they state, footnotes, sources."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from cdskit.dataset.citations import Source


@dataclass(frozen=True)
class Figure:
    """One observation a sentence states, with where it was read.

    Parameters
    ----------
    indicator : str
        Codebook id.
    unit_code, unit_name : str
        The unit in its vintage.
    vintage : int
        Administrative vintage (2008 or 2025).
    period : str
        Period as stored (``"2023-H1"``, ``"undated"``).
    value : float
        The number.
    denominator : float or None
        Denominator of a rank or fraction.
    qualifier : str
        Qualifier kept from the source (``"hơn"``, ``"trên"``…), or ``""``.
    value_as_published : str
        The value's exact text in the source.
    source_id : str
        Source of the figure.
    origin : str
        Cell or line in ``data/raw`` (``"dti/pillars.csv:line 38"``).
    others : tuple of Figure
        Figures of other sources for the same unit, indicator and period: disagreeing
        (``conflict``) or agreeing ones.
    time_basis : str
        ``period``, ``no_later_than``, ``until`` or ``unknown`` (see
        :mod:`cdskit.processing.dating`).
    as_of : str
        For a figure without a period: the latest date it can describe.
    superseded_by : str
        The later figure or fact showing the situation changed (empty: none known).
    """

    indicator: str
    unit_code: str
    unit_name: str
    vintage: int
    period: str
    value: float
    denominator: float | None
    qualifier: str
    value_as_published: str
    source_id: str
    origin: str
    unit_level: str = "province"
    others: tuple[Figure, ...] = ()
    time_basis: str = "period"
    as_of: str = ""
    superseded_by: str = ""

    @property
    def dated(self) -> bool:
        """Whether the source states the period the figure describes."""
        return self.time_basis == "period" and self.period[:4].isdigit()

    @property
    def year(self) -> int | None:
        """Calendar year of the period, or ``None`` when undated."""
        head = self.period[:4]
        return int(head) if head.isdigit() else None


@dataclass(frozen=True)
class Sentence:
    """One sentence of a narrative: its text, topic, and the figures it states.

    Parameters
    ----------
    topic : str
        Topic id (``"dti"``, ``"community"``, ``"connectivity"``…).
    text : str
        The sentence in the narrative's language, without footnote mark.
    figures : tuple of Figure
        The observations stated; empty for a sentence with no number.
    footnote : int or None
        Number of the note of the sentence's main source (every sentence stating a figure
        has one).
    notes : tuple of int
        Numbers of every source note the sentence refers to (its main source first; a
        comparison with an earlier figure may add the note of that figure's source).
    """

    topic: str
    text: str
    figures: tuple[Figure, ...] = ()
    footnote: int | None = None
    notes: tuple[int, ...] = ()

    @property
    def note_numbers(self) -> tuple[int, ...]:
        """Return the note numbers to print after the sentence, main source first."""
        if self.notes:
            return self.notes
        return (self.footnote,) if self.footnote else ()

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Sources of the figures stated (and of the other sources named), in order."""
        seen: dict[str, None] = {}
        for figure in self.figures:
            seen[figure.source_id] = None
            for other in figure.others:
                seen[other.source_id] = None
        return tuple(seen)


@dataclass(frozen=True)
class Footnote:
    """A numbered footnote: the lines naming each source of one sentence.

    Parameters
    ----------
    A footnote is one source, cited as a secretariat cites it ("Tên bài — cơ quan phát hành,
    ngày"); every sentence stating a figure of that source refers to it.

    number : int
        Footnote number, in order of first citation.
    lines : tuple of str
        The citation in the reader's language (no URL, no path).
    url : str
        Address of the source (shown as a link in HTML only).
    source_id : str
        The source cited.
    technical : str
        Where the figures were read in ``data/raw`` (for the HTML technical details only).
    """

    number: int
    lines: tuple[str, ...]
    url: str = ""
    source_id: str = ""
    technical: str = ""

    @property
    def text(self) -> str:
        """The footnote as one paragraph."""
        return " ".join(self.lines)


@dataclass(frozen=True)
class Section:
    """A titled group of sentences about one topic."""

    topic: str
    title: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Narrative:
    """A province report in one language: sections of sentences, footnotes and sources.

    Parameters
    ----------
    province : str
        Province name as reported (2008-vintage name when it existed then).
    year : int
        Reporting year.
    language : {"vi", "en"}
        Language of every text.
    title : str
        Report title.
    date_text : str
        "Generated on" line, in the language.
    sections : tuple of Section
        Topics with at least one sentence, in reading order.
    footnotes : tuple of Footnote
        Footnotes in number order.
    sources : tuple of Source
        Sources cited, in order of first citation.
    notice : str
        A plain statement shown when the dataset holds no figure for the selection.
    labels : dict
        Headings and captions in the language (``footnotes``, ``sources``, ``key_figures``…).
    generated : datetime.date, optional
        Date the narrative was written.
    compared_provinces : tuple of str
        The province and the other focus provinces, for charts that compare them.
    """

    province: str
    year: int
    language: str
    title: str
    date_text: str
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    sources: tuple[Source, ...]
    notice: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    generated: _dt.date | None = None
    compared_provinces: tuple[str, ...] = ()

    @property
    def sentences(self) -> list[Sentence]:
        """All sentences, in reading order."""
        return [sentence for section in self.sections for sentence in section.sentences]

    @property
    def source_ids(self) -> list[str]:
        """Ids of the sources cited, in order of first citation."""
        return [source.id for source in self.sources]

    @property
    def summary(self) -> str:
        """One sentence for an index card: the first sentence, or the notice when there is none."""
        sentences = self.sentences
        return sentences[0].text if sentences else self.notice

    @property
    def text(self) -> str:
        """The narrative's sentences as plain text, one paragraph per section."""
        return "\n\n".join(
            " ".join(sentence.text for sentence in section.sentences) for section in self.sections
        )

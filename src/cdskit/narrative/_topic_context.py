"""What the topic writers share: the report's language, province, year, figures and vocabulary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cdskit.narrative._format import figure_value
from cdskit.narrative._model import Figure
from cdskit.narrative._select import Province
from cdskit.narrative._templates import say

#: A sentence and the figures it states.
Said = tuple[str, tuple[Figure, ...]]


@dataclass(frozen=True)
class Context:
    """What the topic writers need: language, province, year, figures and codebook kinds."""

    language: str
    province: Province
    year: int
    own: Sequence[Figure]  # the province's figures, every year
    national: Sequence[Figure]
    focus: dict[str, Sequence[Figure]]  # other provinces followed: name -> figures
    kinds: dict[str, str]  # indicator -> codebook kind
    labels: dict[str, tuple[str, str]]  # indicator -> (label, unit) in the language
    include_undated: bool = True
    period: str = ""  # one period only ("2023-H1"); empty: every period of the year
    sources: dict = field(default_factory=dict)  # source id -> Source
    named: set = field(default_factory=set)  # vintages already named in full in this section

    def value(self, figure: Figure) -> str:
        """Write a figure with its qualifier and denominator."""
        return figure_value(figure, self.language, self.kinds.get(figure.indicator, "count"))

    @property
    def reformed(self) -> bool:
        """Whether the 1 July 2025 merger touched the province (absorbed or absorbing)."""
        return bool(self.province.absorbed or self.province.merged_from)

    def subject(self, figure: Figure) -> str:
        """Name the unit a figure is about; for a province the merger touched, its vintage.

        The first figure of each vintage in a section names the unit in full ("tỉnh Lào Cai
        (mới, gồm Lào Cai và Yên Bái)"), later ones briefly ("tỉnh Lào Cai (mới)").
        """
        if figure.unit_level != "province":
            return unit_subject(figure, self.language)
        if not self.reformed:
            return say(self.language, "report", "province", figure.unit_name)
        full = figure.vintage not in self.named
        self.named.add(figure.vintage)
        if figure.vintage == 2025:
            parts = list(self.province.merged_from) or [figure.unit_name]
            return say(self.language, "report", "new_province", figure.unit_name, parts, full)
        return say(self.language, "report", "former_province", figure.unit_name, full)

    def find(self, indicator: str, year: int, figures: Sequence[Figure] | None = None):
        """Return the annual figure of an indicator for a year, or ``None``."""
        for figure in self.own if figures is None else figures:
            if figure.indicator == indicator and figure.period == str(year):
                return figure
        return None


def unit_subject(figure: Figure, language: str) -> str:
    """Name a district, commune or agency (``thành phố Lào Cai``, ``Bát Xát district``)."""
    if figure.unit_level in ("district", "commune"):
        from cdskit import units

        try:
            unit = units.resolve(figure.unit_code, level=figure.unit_level, vintage=figure.vintage)
        except Exception:  # a unit the resolver does not know keeps its stored name
            return say(language, "report", "unit", figure.unit_name, figure.unit_level)
        kind, _, _ = unit.full_name.partition(unit.name)
        kind = kind.strip()
        if language == "vi":
            return f"{kind[:1].lower()}{kind[1:]} {unit.name}".strip()
        words = {"thành phố": "city", "thị xã": "town", "huyện": "district", "quận": "district"}
        word = words.get(kind.lower(), figure.unit_level)
        return f"{unit.name} {word}"
    return figure.unit_name

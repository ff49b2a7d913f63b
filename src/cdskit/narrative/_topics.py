"""What a report writes about, topic by topic, each only where the data has a figure.

Every function returns ``(text, figures)`` pairs: the sentence and the observations it states.
A topic without a figure returns nothing: no sentence with a zero, a guess or "N/A".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cdskit.narrative._format import figure_value, has_denominator, number, when_phrase
from cdskit.narrative._model import Figure
from cdskit.narrative._select import Province, follow
from cdskit.narrative._templates import has_macro, say

Said = tuple[str, tuple[Figure, ...]]

#: Topics written from plain figures, in reading order, each with its indicators in the order
#: a sentence names them.
FIGURE_TOPICS: dict[str, tuple[str, ...]] = {
    "community": (
        "community_digital_teams",
        "community_digital_team_members",
        "share_communes_with_digital_team",
        "share_villages_with_digital_team",
    ),
    "targets": (
        "dt_targets_met",
        "districts_with_dt_steering_committee",
        "target_communes_digital_transformation",
        "priority_task_groups",
    ),
    "online_services": (
        "online_public_services_total",
        "online_public_services_full",
        "online_public_services_partial",
        "online_public_services_level34",
        "online_public_services_level3",
        "online_public_services_level4",
        "share_online_public_services_level4",
        "services_integrated_national_portal",
        "share_eligible_services_online_level34",
        "share_public_services_eligible_level4",
        "essential_services_project06",
        "admin_procedures_published",
        "admin_procedures_published_province",
        "admin_procedures_published_commune",
        "admin_dossiers_received",
        "share_dossiers_received_online",
        "dossiers_digitized",
        "share_dossiers_digitized",
        "full_online_dossiers",
        "full_online_dossier_share",
    ),
    "documents": (
        "e_documents_exchanged",
        "e_documents_incoming",
        "e_documents_outgoing",
        "share_e_documents_digitally_signed",
        "share_e_documents_digitally_signed_province",
        "share_e_documents_digitally_signed_district",
        "share_e_documents_digitally_signed_commune",
        "share_documents_processed_online",
        "share_officials_processing_documents_online",
        "e_document_signing_rank",
    ),
    "connectivity": (
        "villages_with_mobile_coverage",
        "villages_with_3g4g",
        "villages_without_mobile_broadband",
        "villages_with_fibre",
        "villages_without_fibre",
        "share_villages_with_fibre",
        "villages_newly_covered_3g4g",
        "villages_mobile_gap_closed",
        "villages_without_mobile_signal",
        "villages_weak_mobile_signal",
        "villages_without_telecom",
        "villages_in_public_telecom_program",
        "households_with_fibre",
        "share_households_with_fibre",
        "fixed_internet_subscriptions",
        "mobile_internet_subscriptions",
        "vnpt_4g_area_coverage",
        "vnpt_3g_area_coverage",
        "vnpt_2g_area_coverage",
        "vnpt_fibre_villages",
        "specialised_network_connection_points",
        "specialised_network_services_configured",
        "villages_without_electricity",
    ),
    "digital_economy": (
        "digital_economy_share_grdp",
        "digital_economy_share_grdp_rank",
        "digital_citizen_app_accounts",
        "ecommerce_accounts",
        "epayment_accounts_new",
        "digital_shops",
        "share_households_digital_store_or_epayment",
    ),
    "other_rankings": (
        "ict_index_rank",
        "par_index_rank",
        "par_modernization_subindex_rank",
        "sipas_rank",
        "ndxp_transactions_rank",
        "public_service_index_rank",
        "public_service_index_publicity",
        "public_service_index_progress",
        "public_service_index_online_service",
        "public_service_index_satisfaction",
        "public_service_index_digitisation",
    ),
}

#: Reading order of every topic.
TOPICS: tuple[str, ...] = (
    "dti",
    "community",
    "targets",
    "online_services",
    "documents",
    "connectivity",
    "digital_economy",
    "other_rankings",
    "local_rankings",
)

_PILLARS = ("digital_government", "digital_economy", "digital_society")
_MAIN = (
    "awareness",
    "institutions",
    "infrastructure",
    "human_resources",
    "cybersecurity",
    "gov_activity",
    "econ_activity",
    "society_activity",
)
_LIST_POSITIONS = ("dti_rank_in_ordered_list", "dti_rank_in_top10_list")


def dti_method(year: int) -> str:
    """Return the DTI scoring method of an edition (scores compare only within one).

    Parameters
    ----------
    year : int
        DTI edition.

    Returns
    -------
    str
        ``"pillars"`` (2020), ``"main"`` (2021–2023) or ``"main-2024"`` (2024 on).

    Examples
    --------
    >>> dti_method(2022) == dti_method(2023), dti_method(2023) == dti_method(2024)
    (True, False)
    """
    if year <= 2020:
        return "pillars"
    return "main" if year <= 2023 else "main-2024"


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

    def value(self, figure: Figure) -> str:
        """Write a figure with its qualifier and denominator."""
        return figure_value(figure, self.language, self.kinds.get(figure.indicator, "count"))

    def subject(self, figure: Figure) -> str:
        """Name the unit a figure is about, naming a merger for a 2025 province."""
        if figure.unit_level == "province":
            if figure.vintage == 2025 and self.province.merged_from:
                parts = list(self.province.merged_from)
                return say(self.language, "report", "merged_province", figure.unit_name, parts)
            return say(self.language, "report", "province", figure.unit_name)
        return unit_subject(figure, self.language)

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


def dti(context: Context) -> list[Said]:
    """Write the DTI rank, score, change from the previous edition, pillars and peers."""
    language, year = context.language, context.year
    out: list[Said] = []
    rank = context.find("dti_rank", year)
    if rank is not None:
        after = rank.vintage == 2025
        text = say(language, "dti", "rank", year, context.subject(rank), context.value(rank), after)
        out.append((text, (rank,)))
        out.extend(_rank_change(context, rank))
    else:
        out.extend(_list_position(context))
    out.extend(_score(context))
    out.extend(_pillars(context, _PILLARS, main=False))
    out.extend(_pillars(context, _MAIN, main=True))
    out.extend(_pillar_scores(context))
    if rank is not None:
        out.extend(_focus(context, rank))
    return out


def _rank_change(context: Context, rank: Figure) -> list[Said]:
    previous = context.find("dti_rank", context.year - 1)
    if previous is None or not has_denominator(rank) or not has_denominator(previous):
        return []
    language = context.language
    if previous.denominator != rank.denominator:
        text = say(
            language,
            "dti",
            "not_comparable",
            context.year,
            number(rank.denominator, language),
            context.year - 1,
            context.value(previous),
        )
        return [(text, (rank, previous))]
    places = int(abs(previous.value - rank.value))
    direction = "up" if rank.value < previous.value else "down" if places else "same"
    text = say(
        language,
        "dti",
        "change",
        context.year - 1,
        context.value(previous),
        number(places, language),
        direction,
    )
    return [(text, (rank, previous))]


def _list_position(context: Context) -> list[Said]:
    for indicator in _LIST_POSITIONS:
        found = context.find(indicator, context.year)
        if found is None:
            continue
        denominator = number(found.denominator, context.language) if has_denominator(found) else ""
        text = say(
            context.language,
            "dti",
            "position",
            context.year,
            context.subject(found),
            number(found.value, context.language),
            denominator,
            indicator == "dti_rank_in_top10_list",
        )
        return [(text, (found,))]
    return []


def _score(context: Context) -> list[Said]:
    language, year = context.language, context.year
    score = context.find("dti_score", year)
    if score is None:
        return []
    out: list[Said] = [
        (
            say(language, "dti", "score", year, context.subject(score), context.value(score)),
            (score,),
        )
    ]
    previous = context.find("dti_score", year - 1)
    if previous is not None:
        if dti_method(year) == dti_method(year - 1):
            direction = _direction(score.value, previous.value)
            text = say(
                language, "dti", "score_same_method", year - 1, context.value(previous), direction
            )
            out.append((text, (score, previous)))
        else:
            text = say(language, "dti", "score_method_break", year, year - 1)
            out.append((text, (score, previous)))
    mean = context.find("dti_provincial_mean", year, context.national)
    if mean is not None and not score.qualifier and not mean.qualifier:
        direction = _direction(score.value, mean.value)
        text = say(language, "dti", "mean", year, context.value(mean), direction)
        out.append((text, (score, mean)))
    return out


def _direction(value: float, reference: float) -> str:
    return "up" if value > reference else "down" if value < reference else "same"


def _pillars(context: Context, keys: Sequence[str], *, main: bool) -> list[Said]:
    language, year = context.language, context.year
    found = []
    for key in keys:
        indicator = f"dti_{key}_rank"
        figure = context.find(indicator, year)
        if figure is not None:
            found.append((key, figure))
    if not found:
        return []
    items = [
        say(
            language, "dti", "pillar_item", context.value(f), say(language, "dti", "pillar_name", k)
        )
        for k, f in found
    ]
    best = weakest = ""
    denominators = {f.denominator for _, f in found}
    values = [f.value for _, f in found]
    if len(found) > 1 and len(denominators) == 1 and None not in denominators:
        if values.count(min(values)) == 1 and values.count(max(values)) == 1:
            best_key = min(found, key=lambda item: item[1].value)[0]
            weak_key = max(found, key=lambda item: item[1].value)[0]
            best = say(language, "dti", "pillar_name", best_key)
            weakest = say(language, "dti", "pillar_name", weak_key)
    subject = context.subject(found[0][1])
    text = say(language, "dti", "pillars", year, subject, items, best, weakest, main)
    return [(text, tuple(f for _, f in found))]


def _pillar_scores(context: Context) -> list[Said]:
    language, year = context.language, context.year
    found = []
    for key in _PILLARS:
        figure = context.find(f"dti_{key}_score", year)
        if figure is not None:
            name = say(language, "dti", "pillar_name", key)
            found.append((say(language, "dti", "score_item", name, context.value(figure)), figure))
    if not found:
        return []
    text = say(language, "dti", "pillar_scores", year, [item for item, _ in found])
    return [(text, tuple(f for _, f in found))]


def _focus(context: Context, rank: Figure) -> list[Said]:
    after = rank.vintage == 2025
    entries = [(context.province.name, rank, after and bool(context.province.merged_from))]
    for name, figures in context.focus.items():
        other = context.find("dti_rank", context.year, figures)
        if other is not None and other.vintage == rank.vintage:
            if other.denominator == rank.denominator and has_denominator(other):
                entries.append((name, other, after and bool(follow(name).merged_from)))
    if len(entries) < 2:
        return []
    entries.sort(key=lambda item: item[1].value)
    language = context.language
    items = [say(language, "dti", "focus_item", n, context.value(f), m) for n, f, m in entries]
    text = say(language, "dti", "focus", context.year, items, after)
    return [(text, tuple(f for _, f, _ in entries))]


def absorbed(context: Context) -> list[Said]:
    """Say that an absorbed province's figures now belong to its successor (Bắc Giang)."""
    province = context.province
    if not province.absorbed or context.year < 2024:
        return []
    for figure in context.national:
        if figure.indicator == "provincial_units" and figure.year and figure.year >= 2025:
            when = _reform_when(figure.period, context.language)
            text = say(
                context.language,
                "report",
                "absorbed",
                province.name,
                province.successor,
                when,
                number(figure.value, context.language),
            )
            return [(text, (figure,))]
    return []


def _reform_when(period: str, language: str) -> str:
    from cdskit.narrative._format import period_phrase

    return period_phrase(period, language)


def figures_topic(context: Context, topic: str) -> list[Said]:
    """Write one sentence per unit and period from the figures of a plain topic."""
    indicators = FIGURE_TOPICS[topic]
    chosen = [f for f in context.own if f.indicator in indicators and _in_report(f, context)]
    groups: dict[tuple, list[Figure]] = {}
    for figure in chosen:
        groups.setdefault((figure.vintage, figure.unit_code, figure.period), []).append(figure)
    out: list[Said] = []
    for key in sorted(groups, key=_group_order):
        members = sorted(groups[key], key=lambda f: indicators.index(f.indicator))
        phrases = [_phrase(context, f) for f in members]
        when = when_phrase(members[0].period, context.language)
        subject = context.subject(members[0])
        text = say(context.language, "report", "figures", when, subject, phrases)
        out.append((text, tuple(members)))
    return out


def _group_order(key: tuple) -> tuple:
    vintage, unit_code, period = key
    return (period == "undated", period, vintage, unit_code)


def _in_report(figure: Figure, context: Context) -> bool:
    if figure.period == "undated":
        return context.include_undated
    if context.period:
        return figure.period == context.period
    return figure.year == context.year


def _phrase(context: Context, figure: Figure) -> str:
    value = context.value(figure)
    if has_macro(context.language, "phrases", figure.indicator):
        phrase = say(context.language, "phrases", figure.indicator, value)
    else:
        label, unit = context.labels.get(figure.indicator, (figure.indicator, ""))
        label = label[:1].lower() + label[1:]
        phrase = say(context.language, "phrases", "fallback", value, label, unit)
    if context.kinds.get(figure.indicator) == "rank" and not has_denominator(figure):
        phrase = f"{phrase} {say(context.language, 'report', 'no_denominator')}"
    return phrase


def local_rankings(context: Context) -> list[Said]:
    """Write the province's own ranking of its agencies and districts, one sentence per group."""
    language = context.language
    ranks = [
        f for f in context.own if f.indicator == "dti_local_group_rank" and f.year == context.year
    ]
    scores = {
        (f.unit_code, f.period): f
        for f in context.own
        if f.indicator == "dti_local_score" and f.year == context.year
    }
    groups: dict[tuple[str, float | None], list[tuple[Figure, Figure | None]]] = {}
    for rank in ranks:
        score = scores.get((rank.unit_code, rank.period))
        maximum = score.denominator if score is not None and has_denominator(score) else None
        groups.setdefault((rank.unit_level, maximum), []).append((rank, score))
    out: list[Said] = []
    for (level, maximum), members in sorted(groups.items(), key=_local_group_order):
        members.sort(key=lambda pair: (pair[0].value, pair[0].unit_code))
        key = level if level != "agency" or maximum is None else f"agency-{int(maximum)}"
        items = [
            say(
                language,
                "report",
                "local_item",
                unit_subject(rank, language),
                number(rank.value, language),
                number(score.value, language, "points") if score is not None else "",
            )
            for rank, score in members
        ]
        text = say(
            language,
            "report",
            "local_ranking",
            context.year,
            say(language, "report", "local_group", key),
            number(maximum, language) if maximum is not None else "",
            items,
        )
        stated = tuple(f for pair in members for f in pair if f is not None)
        out.append((text, stated))
    return out


def _local_group_order(item) -> tuple:
    (level, maximum), _ = item
    return (level != "district", -(maximum or 0))


#: The writer of each topic.
WRITERS: dict[str, Callable[[Context], list[Said]]] = {
    "dti": lambda context: [*absorbed(context), *dti(context)],
    **{topic: (lambda context, t=topic: figures_topic(context, t)) for topic in FIGURE_TOPICS},
    "local_rankings": local_rankings,
}

"""What a report writes about, topic by topic, each only where the data has a figure.

Every writer returns ``(text, figures)`` pairs: the sentence and the observations it states.
A topic without a figure returns nothing: no sentence with a zero, a guess or "N/A".
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from cdskit.dataset.codebook import CONNECTIVITY_INDICATORS
from cdskit.formatting import format_period
from cdskit.narrative._dti import dti, reform
from cdskit.narrative._format import has_denominator, number, when_phrase
from cdskit.narrative._model import Figure
from cdskit.narrative._templates import has_macro, say
from cdskit.narrative._topic_context import Context, Said, unit_subject

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
        "target_fibre_household_share_2025",
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
    "connectivity": CONNECTIVITY_INDICATORS,
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
    "reform",
    "dti",
    "community",
    "targets",
    "online_services",
    "documents",
    "connectivity",
    "digital_economy",
    "other_rankings",
    "local_rankings",
    "reference",
)


#: Most phrases one sentence joins (a committee report keeps sentences short).
_MAX_PHRASES = 3
#: Most words of one sentence.
_MAX_WORDS = 40


def figures_topic(context: Context, topic: str) -> list[Said]:
    """Write the figures of a plain topic: one sentence per unit, period and source.

    Only figures whose source states a period of the report's year are stated; each is
    compared with the unit's latest earlier figure of the same indicator when there is one.
    """
    indicators = FIGURE_TOPICS[topic]
    chosen = [f for f in context.own if f.indicator in indicators and in_report(f, context)]
    groups: dict[tuple, list[Figure]] = {}
    for figure in chosen:
        key = (figure.vintage, figure.unit_code, figure.period, figure.source_id)
        groups.setdefault(key, []).append(figure)
    out: list[Said] = []
    for key in sorted(groups, key=_group_order):
        members = sorted(groups[key], key=lambda f: indicators.index(f.indicator))
        for chunk in _chunks(context, members):
            phrases, stated = [], []
            for figure in chunk:
                previous = _previous(context, figure)
                phrases.append(_phrase(context, figure, previous))
                stated.append(figure)
                if previous is not None:
                    stated.append(previous)
            when = when_phrase(chunk[0].period, context.language)
            subject = context.subject(chunk[0])
            people = _population(context, chunk[0]) if topic == "connectivity" else None
            if people is not None:
                value = context.value(people)
                subject = say(context.language, "report", "with_population", subject, value)
                stated.append(people)
            text = say(context.language, "report", "figures", when, subject, _joined(phrases))
            out.append((text, tuple(stated)))
    return out


def _population(context: Context, figure: Figure) -> Figure | None:
    """Return the 2019 census population of a commune or district a gap figure is about."""
    if figure.unit_level not in ("commune", "district"):
        return None
    for other in context.own:
        if (
            other.indicator == "population"
            and other.unit_code == figure.unit_code
            and other.vintage == figure.vintage
            and other.period == "2019"
        ):
            return other
    return None


def _chunks(context: Context, members: list[Figure]) -> list[list[Figure]]:
    chunks: list[list[Figure]] = []
    for figure in members:
        if chunks and len(chunks[-1]) < _MAX_PHRASES:
            trial = [*chunks[-1], figure]
            words = sum(len(_phrase(context, f, None).split()) for f in trial) + 8
            if words <= _MAX_WORDS:
                chunks[-1] = trial
                continue
        chunks.append([figure])
    return chunks


def _joined(phrases: list[str]) -> list[str]:
    """Drop a verb that repeats the previous phrase's ("có 1.676 tổ…, 9.042 thành viên")."""
    out: list[str] = []
    for phrase in phrases:
        if out:
            first, _, rest = phrase.partition(" ")
            if rest and out[-1].split(" ", 1)[0] == first:
                phrase = rest
        out.append(phrase)
    return out


def _group_order(key: tuple) -> tuple:
    vintage, unit_code, period, source_id = key
    return (period, vintage, unit_code, source_id)


def in_report(figure: Figure, context: Context) -> bool:
    """Return whether a report states a figure as a figure of its year (or period).

    Only figures whose source states the period, of the report's year, and not superseded.
    """
    if not figure.dated or figure.superseded_by:
        return False
    if context.period:
        return figure.period == context.period
    return figure.year == context.year


def _previous(context: Context, figure: Figure) -> Figure | None:
    """Return the unit's latest earlier dated figure of the indicator (same vintage)."""
    earlier = [
        f
        for f in context.own
        if f.indicator == figure.indicator
        and f.unit_code == figure.unit_code
        and f.vintage == figure.vintage
        and f.dated
        and f.period < figure.period
        and (f.year or 0) < (figure.year or 0)
        and (f.denominator is None) == (figure.denominator is None)
    ]
    return max(earlier, key=lambda f: f.period) if earlier else None


def _phrase(context: Context, figure: Figure, previous: Figure | None) -> str:
    value = context.value(figure)
    if has_macro(context.language, "phrases", figure.indicator):
        phrase = say(context.language, "phrases", figure.indicator, value)
    else:
        label, unit = context.labels.get(figure.indicator, (figure.indicator, ""))
        label = label[:1].lower() + label[1:]
        phrase = say(context.language, "phrases", "fallback", value, label, unit)
    if context.kinds.get(figure.indicator) == "rank" and not has_denominator(figure):
        phrase = f"{phrase} {say(context.language, 'report', 'no_denominator')}"
    if previous is not None:
        when = format_period(previous.period, context.language)
        compared = say(context.language, "report", "compared", when, context.value(previous))
        phrase = f"{phrase} {compared}"
    return phrase


def reference(context: Context) -> list[Said]:
    """List figures whose time is only bounded, in the report of the year they describe at latest.

    A figure without a stated period is never written as the state of the report's year: it
    goes to this labelled list, in plain "indicator: figure — date" items without status words,
    only in the report of the year of its latest possible date; a figure of unknown time is not
    written at all.
    """
    if not context.include_undated:
        return []
    language = context.language
    out: list[Said] = []
    for figure in context.own:
        if figure.dated or figure.time_basis not in ("no_later_than", "until"):
            continue
        if not figure.as_of[:4].isdigit() or int(figure.as_of[:4]) != context.year:
            continue
        label = context.labels.get(figure.indicator, (figure.indicator, ""))[0]
        where = context.subject(figure)
        when = format_period(figure.as_of[:7], language)
        text = say(
            language,
            "report",
            "reference_item",
            _without_status_words(label, language),
            where,
            context.value(figure),
            figure.time_basis,
            when,
        )
        out.append((text, (figure,)))
    return out


_STATUS_WORDS = {
    "vi": (("chưa có", "không có"), ("chưa được", "không được"), ("còn ", ""), ("hiện nay ", "")),
    "en": (("still ", ""), ("currently ", ""), ("yet ", "")),
}


def _without_status_words(label: str, language: str) -> str:
    text = label
    for old, new in _STATUS_WORDS[language]:
        text = text.replace(old, new).replace(old.capitalize(), new.capitalize())
    return text


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
        # a long ranking is split so that no sentence lists more than _LOCAL_ITEMS units
        first, rest = items[:_LOCAL_ITEMS], items[_LOCAL_ITEMS:]
        text = say(
            language,
            "report",
            "local_ranking",
            context.year,
            say(language, "report", "local_group", key),
            number(maximum, language) if maximum is not None else "",
            first,
        )
        pairs = members[:_LOCAL_ITEMS]
        out.append((text, tuple(f for pair in pairs for f in pair if f is not None)))
        for start in range(0, len(rest), _LOCAL_ITEMS):
            chunk = rest[start : start + _LOCAL_ITEMS]
            pairs = members[_LOCAL_ITEMS + start : _LOCAL_ITEMS + start + _LOCAL_ITEMS]
            text = say(language, "report", "local_next", chunk)
            out.append((text, tuple(f for pair in pairs for f in pair if f is not None)))
    return out


#: Most units one sentence of a ranking inside the province lists.
_LOCAL_ITEMS = 4


def _local_group_order(item) -> tuple:
    (level, maximum), _ = item
    return (level != "district", -(maximum or 0))


#: The writer of each topic.
WRITERS: dict[str, Callable[[Context], list[Said]]] = {
    "reform": reform,
    "dti": dti,
    **{topic: functools.partial(figures_topic, topic=topic) for topic in FIGURE_TOPICS},
    "local_rankings": local_rankings,
    "reference": reference,
}

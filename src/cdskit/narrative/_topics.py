"""What a report writes about, topic by topic, each only where the data has a figure.

Every writer returns ``(text, figures)`` pairs: the sentence and the observations it states.
A topic without a figure returns nothing: no sentence with a zero, a guess or "N/A".
"""

from __future__ import annotations

from collections.abc import Callable

from cdskit.narrative._context import Context, Said, unit_subject
from cdskit.narrative._dti import absorbed, dti
from cdskit.narrative._format import has_denominator, number, when_phrase
from cdskit.narrative._model import Figure
from cdskit.narrative._templates import has_macro, say

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
        "share_villages_without_mobile_signal",
        "share_villages_without_mobile_broadband",
        "share_villages_without_fibre",
        "named_villages_without_mobile_signal",
        "named_villages_without_3g4g",
        "named_villages_weak_mobile_signal",
        "named_villages_newly_covered_mobile",
        "households_newly_covered_mobile",
        "bts_stations",
        "schools_without_internet_coverage",
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

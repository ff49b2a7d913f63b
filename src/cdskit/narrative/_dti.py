"""Sentences on the provincial DTI: rank, score, change, pillars, peers and the 2025 reform.

Ranks are compared only when out of the same number of provinces; scores only within one
method; a position read from the order of a published list is marked as such.
"""

from __future__ import annotations

from collections.abc import Sequence

from cdskit.narrative._format import has_denominator, number
from cdskit.narrative._model import Figure
from cdskit.narrative._select import province_across_reform
from cdskit.narrative._templates import say
from cdskit.narrative._topic_context import Context, Said
from cdskit.terms import DTI_MAIN_INDICES, DTI_PILLARS

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
        listed = _derived_or_list_position(context)
        out.extend(listed)
        if not listed:
            text = say(language, "dti", "missing", year, context.province.name)
            out.append((text, ()))
    out.extend(_former_provinces(context))
    out.extend(_score(context))
    out.extend(_pillars(context, DTI_PILLARS, main=False))
    out.extend(_pillars(context, DTI_MAIN_INDICES, main=True))
    out.extend(_pillar_scores(context))
    if rank is not None:
        out.extend(_focus(context, rank))
    return out


def _rank_change(context: Context, rank: Figure) -> list[Said]:
    previous = context.find("dti_rank", context.year - 1)
    if previous is None or not has_denominator(rank) or not has_denominator(previous):
        return []
    language = context.language
    assert rank.denominator is not None  # has_denominator(rank)
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


def _derived_or_list_position(context: Context) -> list[Said]:
    derived = context.find("dti_rank_derived", context.year)
    if derived is not None:
        subject, value = context.subject(derived), context.value(derived)
        return [(say(context.language, "dti", "derived", context.year, subject, value), (derived,))]
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


def _former_provinces(context: Context) -> list[Said]:
    """DTI 2024 was also published for the 63 former provinces (vintage 2008)."""
    language, year = context.language, context.year
    out: list[Said] = []
    rank = context.find("dti_rank_group63", year)
    if rank is not None:
        text = say(
            language, "dti", "group63_rank", year, context.subject(rank), context.value(rank)
        )
        out.append((text, (rank,)))
    else:
        found = context.find("dti_rank_in_ordered_list_group63", year)
        if found is not None:
            position = number(found.value, language)
            text = say(language, "dti", "group63_position", year, context.subject(found), position)
            out.append((text, (found,)))
    score = context.find("dti_score_group63", year)
    if score is not None:
        text = say(
            language, "dti", "group63_score", year, context.subject(score), context.value(score)
        )
        out.append((text, (score,)))
    return out


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
    found = []  # (key, figure, is a list position)
    for key in keys:
        figure = context.find(f"dti_{key}_rank", year)
        if figure is not None:
            found.append((key, figure, False))
            continue
        position = context.find(f"dti_{key}_rank_in_ordered_list", year)
        if position is not None:
            found.append((key, position, True))
    if not found:
        return []
    items = []
    for key, figure, listed in found:
        name = say(language, "dti", "pillar_name", key)
        if listed:
            value = number(figure.value, language)
            items.append(say(language, "dti", "position_item", value, name))
        else:
            items.append(say(language, "dti", "pillar_item", context.value(figure), name))
    items = _without_repeated_verb(items)
    best = weakest = ""
    ranked = [(key, figure) for key, figure, listed in found if not listed]
    denominators = {figure.denominator for _, figure in ranked}
    values = [figure.value for _, figure in ranked]
    if len(ranked) > 1 and len(denominators) == 1 and None not in denominators:
        if values.count(min(values)) == 1 and values.count(max(values)) == 1:
            best_key = min(ranked, key=lambda item: item[1].value)[0]
            weak_key = max(ranked, key=lambda item: item[1].value)[0]
            best = say(language, "dti", "pillar_name", best_key)
            weakest = say(language, "dti", "pillar_name", weak_key)
    subject = context.subject(found[0][1])
    text = say(language, "dti", "pillars", year, subject, items, best, weakest, main)
    return [(text, tuple(figure for _, figure, _ in found))]


def _without_repeated_verb(items: list[str]) -> list[str]:
    """Write "xếp thứ 1/34 về A, 9/34 về B" rather than repeating "xếp thứ" each time."""
    out: list[str] = []
    lead = ""
    for item in items:
        words = item.split()
        verb = " ".join(next(([*words[:i]] for i, w in enumerate(words) if w[0].isdigit()), []))
        if out and verb and verb == lead:
            item = item[len(verb) + 1 :]
        else:
            lead = verb
        out.append(item)
    return out


def _pillar_scores(context: Context) -> list[Said]:
    language, year = context.language, context.year
    found = []
    for key in DTI_PILLARS:
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
                entries.append(
                    (name, other, after and bool(province_across_reform(name).merged_from))
                )
    if len(entries) < 2:
        return []
    entries.sort(key=lambda item: item[1].value)
    language = context.language
    items = [say(language, "dti", "focus_item", n, context.value(f), m) for n, f, m in entries]
    text = say(language, "dti", "focus", context.year, items, after)
    return [(text, tuple(f for _, f, _ in entries))]


def reform(context: Context) -> list[Said]:
    """Open a report of a province the 1 July 2025 merger touched by saying what happened.

    An absorbed province (Bắc Giang) is now part of its successor; a province that absorbed
    others (Lào Cai with Yên Bái) keeps its name for a larger unit. Every report of such a
    province, whatever its year, says so first (a statement of the reform, with no figure), so
    that each figure's "(cũ)" or "(mới)" reads clearly.
    """
    province = context.province
    if province.absorbed:
        text = say(context.language, "report", "absorbed", province.name, province.successor)
        return [(text, ())]
    if not province.merged_from:
        return []
    others = [name for name in province.merged_from if name != province.name]
    text = say(context.language, "report", "merged", province.name, others)
    return [(text, ())]

"""Matching of written unit names against the unit lists of one level and vintage.

A name is read with and without its prefix (``TP.``, ``Huyện``, ``Xã``...) or English suffix
(``Ward``, ``City``), then looked up in order: prefix + name, name as written, name without the
prefix, known variants, the same without spaces, and finally a conservative fuzzy match on
keys without diacritics. Results are cached per (text, level, vintage, province).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pandas as pd

from cdskit.errors import did_you_mean
from cdskit.units._parse import Query, display, match_key, parse
from cdskit.units._tables import province_merges, unit_table
from cdskit.vietnamese import clean_text

#: Digits of the NSO code at each level.
WIDTH = {"province": 2, "district": 3, "commune": 5}
_FUZZY_ACCEPT = 0.85  # difflib ratio on name keys needed to correct a misspelling
_FUZZY_MARGIN = 0.05  # ... and its lead over the next-closest unit
_FUZZY_SUGGEST = 0.6  # closeness needed to be suggested

# Prefixes that name a unit below each level ("Thành phố" below a province is a city that is
# not itself a province: a province that is a city matches "Thành phố" as its own type).
_LOWER_TYPES = {
    "province": {"thanh pho", "thi xa", "huyen", "quan", "xa", "phuong", "thi tran", "dac khu"},
    "district": {"xa", "phuong", "thi tran", "dac khu"},
    "commune": set(),
}
# Well-known ways of writing a province that neither the name nor the prefix rules cover.
_PROVINCE_VARIANTS = {
    "hcm": "79",
    "tphcm": "79",
    "ho chi minh city": "79",
    "hcmc": "79",
    "sai gon": "79",
}
# Names a province had in the other part of its own vintage: Thừa Thiên Huế became Huế on
# 1 January 2025 (a renaming, not a merger), so both names mean unit 46 in either vintage.
_RENAMED = {2008: {"hue": "46"}, 2025: {"thua thien hue": "46"}}

_CODE = re.compile(r"(\d+)(?:\.0+)?")


# ----------------------------------------------------------------------------- the index


@dataclass
class UnitIndex:
    """Look-up tables of one level and vintage; units are addressed by row position."""

    table: pd.DataFrame
    codes: list[str]
    names: list[str]
    full_names: list[str]
    district_codes: list[str]
    province: list[str]
    by_code: dict[str, int]
    full: dict[str, list[int]]
    short: dict[str, list[int]]
    alias: dict[str, list[int]]
    nospace: dict[str, list[int]]
    former: dict[str, list[int]]
    types: list[str]
    displays: list[tuple[str, str]]


def _add(mapping: dict[str, list[int]], key: str, position: int) -> None:
    positions = mapping.setdefault(key, [])
    if position not in positions:
        positions.append(position)


@cache
def unit_index(level: str, vintage: int) -> UnitIndex:
    """Return the (cached) look-up tables of one level and vintage."""
    table = unit_table(level, vintage)
    names, full_names = table["name"].tolist(), table["full_name"].tolist()
    codes = table["code"].tolist()
    full: dict[str, list[int]] = {}
    short: dict[str, list[int]] = {}
    alias: dict[str, list[int]] = {}
    nospace: dict[str, list[int]] = {}
    # The package lists former names of districts and communes (renamed, or merged into the
    # unit); provinces have abbreviations there ("hn", "hcm").
    former: dict[str, list[int]] = {}
    rows = zip(names, full_names, table["aliases"].tolist(), strict=True)
    for position, (name, full_name, aliases) in enumerate(rows):
        name_key_, full_key = match_key(name), match_key(full_name)
        _add(full, full_key, position)
        _add(short, name_key_, position)
        for key in (name_key_, full_key):
            _add(nospace, key.replace(" ", ""), position)
        for key in aliases:
            _add(nospace if level == "province" else former, key, position)
    by_code = {code: i for i, code in enumerate(codes)}
    if level == "province":
        for variant, code in (_PROVINCE_VARIANTS | _RENAMED[vintage]).items():
            _add(alias, variant, by_code[code])
            _add(nospace, variant.replace(" ", ""), by_code[code])
    return UnitIndex(
        table=table,
        codes=codes,
        names=names,
        full_names=full_names,
        district_codes=table["district_code"].tolist() if "district_code" in table else [],
        province=table["province_code"].tolist(),
        by_code=by_code,
        full=full,
        short=short,
        alias=alias,
        nospace=nospace,
        former=former,
        types=[match_key(t) for t in table["type"].tolist()],
        displays=[(display(n), display(f)) for n, f in zip(names, full_names, strict=True)],
    )


@cache
def _scope_keys(level: str, vintage: int, province_code: str | None) -> dict[str, list[int]]:
    index = unit_index(level, vintage)
    keys: dict[str, list[int]] = {}
    for mapping in (index.short, index.alias):
        for key, positions in mapping.items():
            for position in positions:
                if province_code is None or index.province[position] == province_code:
                    _add(keys, key, position)
    return keys


# ----------------------------------------------------------------------------- matching


def _in_scope(index: UnitIndex, positions: list[int] | None, scope: str | None) -> list[int]:
    if not positions:
        return []
    if scope is None:
        return list(positions)
    return [p for p in positions if index.province[p] == scope]


def _exact_tiers(index: UnitIndex, query: Query, scope: str | None) -> list[int]:
    typed = query.typed_readings
    tiers: list[list[int]] = [
        [p for r in typed for t in r.types for p in index.full.get(f"{t} {r.key}", ())],
        index.short.get(query.whole_key, []) + index.full.get(query.whole_key, []),
        [p for r in typed if not r.key.isdigit() for p in index.short.get(r.key, ())],
        [p for r in query.readings for p in index.alias.get(r.key, ())],
        [p for r in query.readings for p in index.nospace.get(r.key.replace(" ", ""), ())],
    ]
    types = query.types
    for tier in tiers:
        found = list(dict.fromkeys(_in_scope(index, tier, scope)))
        if len(found) > 1 and types:
            found = [p for p in found if index.types[p] in types] or found
        if found:
            return found
    return []


def _fuzzy(
    index: UnitIndex, level: str, vintage: int, query: Query, scope: str | None
) -> tuple[list[tuple[float, int]], int | None]:
    """Return (scored candidates best first, accepted position or None)."""
    keys = _scope_keys(level, vintage, scope)
    best: dict[int, float] = {}
    for probe in {reading.key for reading in query.readings}:
        if not probe:
            continue
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(probe)
        for key in keys:
            matcher.set_seq1(key)
            if (
                matcher.real_quick_ratio() < _FUZZY_SUGGEST
                or matcher.quick_ratio() < _FUZZY_SUGGEST
            ):
                continue
            score = matcher.ratio()
            if score >= _FUZZY_SUGGEST:
                for position in keys[key]:
                    best[position] = max(best.get(position, 0.0), score)
    ranked = sorted(((s, p) for p, s in best.items()), key=lambda sp: (-sp[0], index.codes[sp[1]]))
    if not ranked or min(len(r.key.replace(" ", "")) for r in query.readings) < 4:
        return ranked, None
    top_score, top = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    if top_score >= _FUZZY_ACCEPT and top_score - runner_up >= _FUZZY_MARGIN:
        return ranked, top
    return ranked, None


def _containing(level: str, vintage: int, query: Query, scope: str | None) -> list[int]:
    """Return up to five units whose name contains the query's words (``Bắc`` → ``Bắc Ninh``)."""
    words = f" {query.whole_key} "
    keys = _scope_keys(level, vintage, scope)
    found = [p for key, positions in keys.items() if words in f" {key} " for p in positions]
    index = unit_index(level, vintage)
    return sorted(set(found), key=lambda p: index.codes[p])[:5]


def _type_mismatch(index: UnitIndex, position: int, query: Query) -> set[str]:
    """Return the types the name's prefix states when they differ from the unit's type."""
    if position in index.short.get(query.whole_key, ()) or position in index.full.get(
        query.whole_key, ()
    ):
        return set()
    stated = query.types
    return set() if not stated or index.types[position] in stated else stated


def _same_spelling(index: UnitIndex, position: int, query: Query) -> bool:
    name_display, full_display = index.displays[position]
    return any(name_display == r.display for r in query.readings) or (
        full_display == query.whole_display
    )


def _label(index: UnitIndex, position: int, level: str, vintage: int) -> str:
    """Describe a unit for a message: name, code and where it lies."""
    if level == "province":
        return index.names[position]
    provinces = unit_index("province", vintage)
    where = [provinces.names[provinces.by_code[index.province[position]]]]
    if index.district_codes:
        districts = unit_index("district", vintage)
        district = districts.by_code.get(index.district_codes[position])
        if district is not None:
            where.insert(0, districts.full_names[district])
    return f"{index.full_names[position]} ({index.codes[position]}, {', '.join(where)})"


def _narrow_hint(level: str, scope: str | None) -> str:
    if level == "province" or scope is not None:
        return "Write the name with its prefix and diacritics, or use the unit code."
    return "Pass province= (a name or code), or use the unit code."


def _scope_text(scope: str | None, vintage: int) -> str:
    if scope is None:
        return ""
    provinces = unit_index("province", vintage)
    return f" within {provinces.full_names[provinces.by_code[scope]]}"


Result = tuple[int | None, str, str | None, tuple[str, ...]]


@dataclass(frozen=True)
class _Asked:
    """One name being looked up: as written and as read, and where it is looked for."""

    text: str
    query: Query
    level: str
    vintage: int
    scope: str | None
    where: str

    @property
    def named(self) -> str:
        """The name as a message quotes it: ``commune name 'Quán Thánh' in vintage 2025``."""
        return f"{self.level} name {self.text!r} {self.where}"


@lru_cache(maxsize=200_000)
def lookup(text: str, level: str, vintage: int, scope: str | None) -> Result:
    """Resolve one name or code.

    Parameters
    ----------
    text : str
        The name or code as written.
    level, vintage : str, int
        Where to look (already checked by the caller).
    scope : str or None
        Province code that must hold the unit.

    Returns
    -------
    tuple
        ``(row position or None, status, message or None, suggestions)``.
    """
    where = f"in vintage {vintage}{_scope_text(scope, vintage)}"
    stripped = clean_text(text)
    code = _CODE.fullmatch(stripped)
    if code:
        return _lookup_code(code.group(1), stripped, level, vintage, scope, where)
    query = parse(stripped)
    if not query.whole_key:
        return None, "unknown", f"Empty {level} name {text!r}: expected a name or a code.", ()
    asked = _Asked(text, query, level, vintage, scope, where)
    index = unit_index(level, vintage)
    renamed = _renamed(index, asked)
    if renamed is not None:
        return renamed
    found = _exact_tiers(index, query, scope)
    if len(found) > 1:
        # A name written with the very diacritics of one candidate picks that one.
        found = [p for p in found if _same_spelling(index, p, query)] or found
    if not found:
        former = _former_name(index, asked)
        if former is not None:
            return former
    if len(found) == 1:
        return _judge_single(index, found[0], asked)
    if len(found) > 1:
        labels = tuple(_label(index, p, level, vintage) for p in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        return (
            None,
            "ambiguous",
            f"Ambiguous {asked.named}: {len(found)} units have this name "
            f"({'; '.join(labels)}{more}). {_narrow_hint(level, scope)}",
            labels,
        )
    moved = _other_vintage(asked, same_spelling=False)
    if moved is not None:
        return moved
    ranked, accepted = _fuzzy(index, level, vintage, query, scope)
    if accepted is not None and (level == "province" or scope is not None):
        # Below the province level a misspelling is corrected only inside a given province.
        return accepted, "corrected", None, ()
    positions = [p for _, p in ranked] + _containing(level, vintage, query, scope)
    labels = tuple(_label(index, p, level, vintage) for p in list(dict.fromkeys(positions))[:5])
    hint = "" if scope is not None or level == "province" else " or pass province= to narrow it"
    return (
        None,
        "unknown",
        f"Unknown {asked.named}.{did_you_mean(text, labels, ranked=True)} "
        f"Check the spelling and the vintage{hint}.",
        labels,
    )


def _renamed(index: UnitIndex, asked: _Asked) -> Result | None:
    """Accept a province's other name of the same vintage (``Huế`` for 2008 unit 46)."""
    if asked.level != "province" or asked.scope is not None:
        return None
    for reading in asked.query.readings:
        code = _RENAMED[asked.vintage].get(reading.key)
        if code is not None:
            position = index.by_code[code]
            return position, "corrected", None, ()
    return None


def _other_vintage(asked: _Asked, *, same_spelling: bool) -> Result | None:
    """Explain a name that only exists in the other vintage (``Bắc Giang`` in 2025 data)."""
    if asked.level == "district":
        return None
    other = 2008 if asked.vintage == 2025 else 2025
    merges = province_merges()
    if asked.scope is None:
        scopes: list[str | None] = [None]
    elif asked.vintage == 2025:
        scopes = list(merges[asked.scope])
    else:
        scopes = [new for new, olds in merges.items() if asked.scope in olds]
    index = unit_index(asked.level, other)
    found = [p for s in scopes for p in _exact_tiers(index, asked.query, s)]
    if same_spelling:
        found = [p for p in found if _same_spelling(index, p, asked.query)]
    if not found:
        return None
    labels = tuple(_label(index, p, asked.level, other) for p in dict.fromkeys(found))[:5]
    period = "before" if other == 2008 else "from"
    advice = f"Use vintage={other} for figures of that period."
    suggestions = labels
    if asked.level == "province" and other == 2008 and len(labels) == 1:
        new = unit_index("province", 2025)
        new_code = next(n for n, olds in merges.items() if index.codes[found[0]] in olds)
        suggestions = (new.names[new.by_code[new_code]],)
        advice = (
            f"It merged into {suggestions[0]} ({new_code}) on 1 July 2025 (1/7/2025) and is "
            f"part of {suggestions[0]} since then. {advice} To compare with 2025 provinces, "
            "aggregate them with the province crosswalk."
        )
    message = (
        f"Unknown {asked.named}: it names {', '.join(labels)} in vintage {other} ({period} "
        f"1 July 2025). {advice}"
    )
    return None, "unknown", message, suggestions


def _former_name(index: UnitIndex, asked: _Asked) -> Result | None:
    """Explain a former district or commune name (renamed, or merged into a bigger unit)."""
    keys = {r.key.replace(" ", "") for r in asked.query.readings}
    found = [p for key in keys for p in _in_scope(index, index.former.get(key), asked.scope)]
    if not found:
        return None
    labels = tuple(_label(index, p, asked.level, asked.vintage) for p in dict.fromkeys(found))[:5]
    message = (
        f"Unknown {asked.named}: it is a former name of a unit that is now "
        f"{' or '.join(labels)} (renamed, or merged into it). Figures published under the "
        "former name may cover only part of that unit; write the current name or code if the "
        "whole unit is meant."
    )
    return None, "unknown", message, labels


def _lookup_code(
    digits: str, text: str, level: str, vintage: int, scope: str | None, where: str
) -> Result:
    index = unit_index(level, vintage)
    position = index.by_code.get(digits.zfill(WIDTH[level]))
    if position is not None and (scope is None or index.province[position] == scope):
        return position, "exact", None, ()
    if position is not None:
        label = _label(index, position, level, vintage)
        return (
            None,
            "unknown",
            f"The {level} code {text!r} is {label}, not a unit {where}. Check the code or the "
            "province.",
            (label,),
        )
    return (
        None,
        "unknown",
        f"Unknown {level} code {text!r} {where}: {level} codes have {WIDTH[level]} digits. "
        "Check the code and the vintage (codes were reused on 1 July 2025).",
        (),
    )


def _judge_single(index: UnitIndex, position: int, asked: _Asked) -> Result:
    """Accept the only candidate as exact or corrected, or refuse it with a reason."""
    mismatch = _type_mismatch(index, position, asked.query)
    if not mismatch and _same_spelling(index, position, asked.query):
        return position, "exact", None, ()
    label = _label(index, position, asked.level, asked.vintage)
    if mismatch and mismatch <= _LOWER_TYPES[asked.level]:
        # "Thành phố Lào Cai" at province level names the city, not the province.
        return (
            None,
            "unknown",
            f"Unknown {asked.named}: its prefix names a smaller unit than a {asked.level}."
            f"{did_you_mean(asked.text, [label], ranked=True)} Drop the prefix if the "
            f"{asked.level} is meant, or choose the level of the unit that is meant.",
            (label,),
        )
    ascii_only = any(r.display.isascii() for r in asked.query.readings)
    same = _same_spelling(index, position, asked.query)  # then only the prefix differs
    if not ascii_only and not same:
        # "Quán Thánh" in 2025 data is a pre-reform ward, not a misspelt "Quan Thành".
        moved = _other_vintage(asked, same_spelling=True)
        if moved is not None:
            return moved
    if same or ascii_only or asked.level == "province" or asked.scope is not None:
        return position, "corrected", None, ()
    # Diacritics that disagree with the only match ("Quán Thánh" vs "Quan Thành") are not
    # corrected across the whole country: the caller must confirm with a province.
    return (
        None,
        "unknown",
        f"Unknown {asked.named}: no unit is written this way, and the only unit with these "
        f"letters has other diacritics.{did_you_mean(asked.text, [label], ranked=True)} Pass "
        "province= to accept it, or fix the spelling.",
        (label,),
    )

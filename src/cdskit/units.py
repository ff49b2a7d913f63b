"""Administrative units of Vietnam in both vintages: look-up, name resolution and crosswalk.

Two vintages exist (see ``../shared/DESIGN.md``): ``2008`` for the 63-province era before
1 July 2025 (provinces, districts, communes) and ``2025`` for the 34 provinces and their communes
since. The lists come from the ``vietnamadminunits`` package (MIT licence) and are read on first
use.

Names are resolved robustly: Unicode form, case, spacing, tone-mark placement (``Hoá``/``Hóa``),
missing diacritics, prefixes and their abbreviations (``Tỉnh``, ``TP.``, ``Huyện``, ``H.``,
``TX.``, ``Q.``, ``P.``, ``TT.``...), numeric codes (``1``, ``01``) and a few known variants
(``TP HCM``, ``Thừa Thiên Huế``). A misspelling is corrected only when one unit is clearly the
closest; otherwise the name is reported as unknown or ambiguous with suggestions, never guessed.

Canonical names follow the package: NFC, tone marks of ``oa``/``oe``/``uy`` on the first vowel
(``Thanh Hóa``, ``Hòa Bình``), no type prefix in ``name`` (except units whose name is a number,
such as ``Quận 1``), the prefix in ``full_name``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from cdskit._unit_tables import normalise_tones, province_merges, unit_table
from cdskit.errors import ParameterError, UnknownUnitError, did_you_mean
from cdskit.vietnamese import clean_text, name_key

__all__ = [
    "LEVELS",
    "NATIONAL_CODE",
    "VINTAGES",
    "Unit",
    "agency_code",
    "new_province_of",
    "old_provinces_in",
    "province_crosswalk",
    "resolve",
    "resolve_many",
    "units",
]

NATIONAL_CODE = "VN"
VINTAGES = (2008, 2025)
LEVELS = ("province", "district", "commune")

_WIDTH = {"province": 2, "district": 3, "commune": 5}
_PUBLIC_COLUMNS = ["code", "name", "full_name", "name_en", "level", "vintage", "province_code"]
_FUZZY_ACCEPT = 0.85  # difflib ratio on name keys needed to correct a misspelling
_FUZZY_MARGIN = 0.05  # ... and its lead over the next-closest unit
_FUZZY_SUGGEST = 0.6  # closeness needed to be suggested

# Prefixes as written (accented, lower case) and their key; ASCII spellings count only when the
# whole name is written without diacritics ("Quán Thánh" is a name, not "Quận Thánh").
_PREFIXES = (
    (("thành", "phố"), "thanh pho"),
    (("thị", "xã"), "thi xa"),
    (("thị", "trấn"), "thi tran"),
    (("đặc", "khu"), "dac khu"),
    (("tỉnh",), "tinh"),
    (("huyện",), "huyen"),
    (("quận",), "quan"),
    (("xã",), "xa"),
    (("phường",), "phuong"),
    (("tp",), "thanh pho"),
    (("tx",), "thi xa"),
    (("tt",), "thi tran"),
    (("h",), "huyen"),
    (("q",), "quan"),
    (("p",), "phuong"),
)
_ASCII_PREFIXES = (
    (("thanh", "pho"), "thanh pho"),
    (("thi", "xa"), "thi xa"),
    (("thi", "tran"), "thi tran"),
    (("dac", "khu"), "dac khu"),
    (("tinh",), "tinh"),
    (("huyen",), "huyen"),
    (("quan",), "quan"),
    (("xa",), "xa"),
    (("phuong",), "phuong"),
)
# Prefixes that name a unit below each level ("Thành phố" below a province is a city that is
# not itself a province: a province that is a city matches "Thành phố" as its own type).
_LOWER_TYPES = {
    "province": {"thanh pho", "thi xa", "huyen", "quan", "xa", "phuong", "thi tran", "dac khu"},
    "district": {"xa", "phuong", "thi tran", "dac khu"},
    "commune": set(),
}
# English type words written after the name ("Lao Cai Ward"), for names without diacritics.
_ENGLISH_SUFFIXES = (
    (("special", "zone"), ("dac khu",)),
    (("province",), ("tinh",)),
    (("city",), ("thanh pho",)),
    (("district",), ("huyen", "quan")),
    (("town",), ("thi xa", "thi tran")),
    (("commune",), ("xa",)),
    (("ward",), ("phuong",)),
    (("township",), ("thi tran",)),
)
# Well-known ways of writing a province that neither the name nor the prefix rules cover.
_PROVINCE_VARIANTS = {
    "hcm": "79",
    "tphcm": "79",
    "ho chi minh city": "79",
    "sai gon": "79",
    "thua thien hue": "46",
    "hanoi": "01",
}
_TOKENS = re.compile(r"[^\W_]+")
_CODE = re.compile(r"(\d+)(?:\.0+)?")


@dataclass(frozen=True)
class Unit:
    """One administrative unit in one vintage.

    Parameters
    ----------
    code : str
        NSO code: 2-digit province, 3-digit district, 5-digit commune (zero-padded).
    name : str
        Canonical Vietnamese name without the type prefix, NFC (``"Thanh Hóa"``).
    full_name : str
        Name with its prefix (``"Tỉnh Thanh Hóa"``, ``"Thành phố Lào Cai"``).
    name_en : str
        Name without diacritics (``"Thanh Hoa"``).
    level : str
        ``"province"``, ``"district"`` or ``"commune"``.
    vintage : int
        ``2008`` or ``2025``.
    province_code : str
        Code of the province holding the unit (its own code for a province).
    """

    code: str
    name: str
    full_name: str
    name_en: str
    level: str
    vintage: int
    province_code: str


# ----------------------------------------------------------------------------- parameters


def _check(level: str, vintage: int) -> tuple[str, int]:
    if level not in LEVELS:
        close = difflib.get_close_matches(str(level), LEVELS, n=2, cutoff=0.4)
        raise ParameterError(
            f"Parameter level={level!r} is not a unit level; expected one of "
            f"{', '.join(LEVELS)}.{did_you_mean(close)}"
        )
    try:
        vintage = int(vintage)
    except (TypeError, ValueError):
        vintage = -1
    if vintage not in VINTAGES:
        raise ParameterError(
            f"Parameter vintage={vintage!r} is not an administrative vintage; expected 2008 "
            "(63 provinces, before 1 July 2025) or 2025 (34 provinces, from 1 July 2025)."
        )
    if level == "district" and vintage == 2025:
        raise ParameterError(
            "Parameter level='district' does not exist in vintage 2025: districts were "
            "abolished on 1 July 2025. Use vintage=2008 or level='commune'."
        )
    return level, vintage


# ----------------------------------------------------------------------------- the index


def _key(text: str) -> str:
    return " ".join(_TOKENS.findall(name_key(text)))


def _display(text: str) -> str:
    return " ".join(_TOKENS.findall(normalise_tones(clean_text(text)).casefold()))


@dataclass
class _Index:
    table: pd.DataFrame
    codes: list[str]
    names: list[str]
    province: list[str]
    by_code: dict[str, int]
    full: dict[str, list[int]]
    short: dict[str, list[int]]
    alias: dict[str, list[int]]
    nospace: dict[str, list[int]]
    types: list[str]
    displays: list[tuple[str, str]]


def _add(mapping: dict[str, list[int]], key: str, position: int) -> None:
    positions = mapping.setdefault(key, [])
    if position not in positions:
        positions.append(position)


@cache
def _index(level: str, vintage: int) -> _Index:
    table = unit_table(level, vintage)
    full: dict[str, list[int]] = {}
    short: dict[str, list[int]] = {}
    alias: dict[str, list[int]] = {}
    nospace: dict[str, list[int]] = {}
    rows = zip(table["name"], table["full_name"], table["aliases"], strict=True)
    for position, (name, full_name, aliases) in enumerate(rows):
        _add(full, _key(full_name), position)
        _add(short, _key(name), position)
        for key in (_key(name), _key(full_name), *aliases):
            _add(nospace, key.replace(" ", ""), position)
    if level == "province":
        by_code = {code: i for i, code in enumerate(table["code"])}
        for variant, code in _PROVINCE_VARIANTS.items():
            _add(alias, variant, by_code[code])
            _add(nospace, variant.replace(" ", ""), by_code[code])
    return _Index(
        table=table,
        codes=list(table["code"]),
        names=list(table["name"]),
        province=list(table["province_code"]),
        by_code={code: i for i, code in enumerate(table["code"])},
        full=full,
        short=short,
        alias=alias,
        nospace=nospace,
        types=[_key(t) for t in table["type"]],
        displays=[
            (_display(n), _display(f))
            for n, f in zip(table["name"], table["full_name"], strict=True)
        ],
    )


@cache
def _scope_keys(level: str, vintage: int, province_code: str | None) -> dict[str, list[int]]:
    index = _index(level, vintage)
    keys: dict[str, list[int]] = {}
    for mapping in (index.short, index.alias):
        for key, positions in mapping.items():
            for position in positions:
                if province_code is None or index.province[position] == province_code:
                    _add(keys, key, position)
    return keys


# ----------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Reading:
    """One way to read a name: the unit types its prefix or suffix implies, and the rest."""

    types: tuple[str, ...]
    key: str
    display: str


@dataclass(frozen=True)
class _Query:
    whole_key: str
    whole_display: str
    readings: tuple[_Reading, ...]

    @property
    def types(self) -> set[str]:
        return {t for reading in self.readings for t in reading.types}

    @property
    def typed_readings(self) -> list[_Reading]:
        return [reading for reading in self.readings if reading.types]


def _parse(text: str) -> _Query:
    """Read a name with and without a prefix (or an English suffix such as ``Ward``)."""
    tokens = _TOKENS.findall(normalise_tones(clean_text(text)).casefold())
    whole_display = " ".join(tokens)
    whole_key = _key(whole_display)
    ascii_only = whole_key == whole_display
    readings = [_Reading((), whole_key, whole_display)]
    for words, prefix in (_ASCII_PREFIXES + _PREFIXES) if ascii_only else _PREFIXES:
        n = len(words)
        if len(tokens) > n and tuple(tokens[:n]) == words:
            readings.append(_reading((prefix,), tokens[n:]))
            break
    if ascii_only:
        for words, types in _ENGLISH_SUFFIXES:
            n = len(words)
            if len(tokens) > n and tuple(tokens[-n:]) == words:
                readings.append(_reading(types, tokens[:-n]))
                break
    return _Query(whole_key, whole_display, tuple(readings))


def _reading(types: tuple[str, ...], rest: list[str]) -> _Reading:
    display = " ".join(rest)
    return _Reading(types, _key(display), display)


def _in_scope(index: _Index, positions: list[int] | None, scope: str | None) -> list[int]:
    if not positions:
        return []
    if scope is None:
        return list(positions)
    return [p for p in positions if index.province[p] == scope]


def _exact_tiers(index: _Index, query: _Query, scope: str | None) -> list[int]:
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
    index: _Index, level: str, vintage: int, query: _Query, scope: str | None
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


def _containing(level: str, vintage: int, query: _Query, scope: str | None) -> list[int]:
    """Return up to five units whose name contains the query's words (``Bắc`` → ``Bắc Ninh``)."""
    words = f" {query.whole_key} "
    keys = _scope_keys(level, vintage, scope)
    found = [p for key, positions in keys.items() if words in f" {key} " for p in positions]
    index = _index(level, vintage)
    return sorted(set(found), key=lambda p: index.codes[p])[:5]


def _type_mismatch(index: _Index, position: int, query: _Query) -> set[str]:
    """Return the types the name's prefix states when they differ from the unit's type."""
    if position in index.short.get(query.whole_key, ()) or position in index.full.get(
        query.whole_key, ()
    ):
        return set()
    stated = query.types
    return set() if not stated or index.types[position] in stated else stated


def _same_spelling(index: _Index, position: int, query: _Query) -> bool:
    name_display, full_display = index.displays[position]
    return any(name_display == r.display for r in query.readings) or (
        full_display == query.whole_display
    )


def _label(index: _Index, position: int, level: str, vintage: int) -> str:
    row = index.table.iloc[position]
    if level == "province":
        return str(row["name"])
    province = _index("province", vintage).table
    province_name = province["name"].iloc[_index("province", vintage).by_code[row["province_code"]]]
    return f"{row['full_name']} ({row['code']}, {province_name})"


def _narrow_hint(level: str, scope: str | None) -> str:
    if level == "province" or scope is not None:
        return "Write the name with its prefix and diacritics, or use the unit code."
    return "Pass province= (a name or code), or use the unit code."


def _scope_text(scope: str | None, vintage: int) -> str:
    if scope is None:
        return ""
    provinces = _index("province", vintage)
    return f" within {provinces.table['full_name'].iloc[provinces.by_code[scope]]}"


@lru_cache(maxsize=200_000)
def _lookup(
    text: str, level: str, vintage: int, scope: str | None
) -> tuple[int | None, str, str | None, tuple[str, ...]]:
    """Resolve one name: (position, status, message, suggestions)."""
    index = _index(level, vintage)
    where = f"in vintage {vintage}{_scope_text(scope, vintage)}"
    stripped = clean_text(text)
    code = _CODE.fullmatch(stripped)
    if code:
        digits = code.group(1)
        padded = digits.zfill(_WIDTH[level]) if len(digits) <= _WIDTH[level] else digits
        position = index.by_code.get(padded)
        if position is not None and (scope is None or index.province[position] == scope):
            return position, "exact", None, ()
        return (
            None,
            "unknown",
            f"Unknown {level} code {stripped!r} {where}: {level} codes have "
            f"{_WIDTH[level]} digits. Check the code and the vintage (codes were reused on "
            "1 July 2025).",
            (),
        )
    query = _parse(stripped)
    if not query.whole_key:
        return None, "unknown", f"Empty {level} name {text!r}: expected a name or a code.", ()
    found = _exact_tiers(index, query, scope)
    if len(found) > 1:
        # A name written with the very diacritics of one candidate picks that one.
        same = [p for p in found if _same_spelling(index, p, query)]
        found = same or found
    if len(found) == 1:
        position = found[0]
        mismatch = _type_mismatch(index, position, query)
        if mismatch and mismatch <= _LOWER_TYPES[level]:
            # "Thành phố Lào Cai" at province level names the city, not the province.
            label = _label(index, position, level, vintage)
            return (
                None,
                "unknown",
                f"Unknown {level} name {text!r} {where}: its prefix names a smaller unit than a "
                f"{level}.{did_you_mean([label])} Drop the prefix if the {level} is meant, or "
                "choose the level of the unit that is meant.",
                (label,),
            )
        if not mismatch and _same_spelling(index, position, query):
            return position, "exact", None, ()
        if (
            level == "province"
            or scope is not None
            or any(r.display.isascii() for r in query.readings)
        ):
            return position, "corrected", None, ()
        # Diacritics that disagree with the only match ("Quán Thánh" vs "Quan Thành") are not
        # corrected across the whole country: the caller must confirm with a province.
        label = _label(index, position, level, vintage)
        return (
            None,
            "unknown",
            f"Unknown {level} name {text!r} {where}: no unit is written this way, and the only "
            f"unit with these letters has other diacritics.{did_you_mean([label])} Pass "
            "province= to accept it, or fix the spelling.",
            (label,),
        )
    if len(found) > 1:
        labels = tuple(_label(index, p, level, vintage) for p in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        return (
            None,
            "ambiguous",
            f"Ambiguous {level} name {text!r} {where}: {len(found)} units have this name "
            f"({'; '.join(labels)}{more}). {_narrow_hint(level, scope)}",
            labels,
        )
    ranked, accepted = _fuzzy(index, level, vintage, query, scope)
    if accepted is not None:
        return accepted, "corrected", None, ()
    positions = [p for _, p in ranked] + _containing(level, vintage, query, scope)
    positions = list(dict.fromkeys(positions))[:5]
    labels = tuple(_label(index, p, level, vintage) for p in positions)
    hint = "" if scope is not None or level == "province" else " or pass province= to narrow it"
    return (
        None,
        "unknown",
        f"Unknown {level} name {text!r} {where}.{did_you_mean(labels)} "
        f"Check the spelling and the vintage{hint}.",
        labels,
    )


def _unit(index: _Index, position: int) -> Unit:
    row = index.table.iloc[position]
    return Unit(
        code=str(row["code"]),
        name=str(row["name"]),
        full_name=str(row["full_name"]),
        name_en=str(row["name_en"]),
        level=str(row["level"]),
        vintage=int(row["vintage"]),
        province_code=str(row["province_code"]),
    )


def _province_scope(province: object, level: str, vintage: int) -> str | None:
    if province is None or (not isinstance(province, str) and pd.isna(province)):
        return None
    if level == "province":
        raise ParameterError(
            "Parameter province= narrows districts and communes; it cannot be used with "
            "level='province'."
        )
    return resolve(str(province), level="province", vintage=vintage).code


# ----------------------------------------------------------------------------- public API


def units(
    level: str = "province", vintage: int = 2025, *, province: str | None = None
) -> pd.DataFrame:
    """Return every unit of one level and vintage.

    Parameters
    ----------
    level : {"province", "district", "commune"}
        Unit level; districts exist only in vintage 2008.
    vintage : {2025, 2008}
        Administrative vintage.
    province : str, optional
        Limit to one province, given by name or code in the same vintage.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``name``, ``full_name``, ``name_en``, ``level``, ``vintage``,
        ``province_code`` (plus ``district_code`` for 2008 communes), sorted by code.

    Examples
    --------
    >>> len(units("province", 2025)), len(units("province", 2008))
    (34, 63)
    """
    level, vintage = _check(level, vintage)
    scope = _province_scope(province, level, vintage)
    table = unit_table(level, vintage)
    columns = [*_PUBLIC_COLUMNS, *(["district_code"] if "district_code" in table else [])]
    frame = table[columns]
    if scope is not None:
        frame = frame[frame["province_code"] == scope]
    return frame.reset_index(drop=True).copy()


def resolve(
    name_or_code: str,
    *,
    level: str = "province",
    vintage: int = 2025,
    province: str | None = None,
) -> Unit:
    """Return the unit a name or code refers to.

    Parameters
    ----------
    name_or_code : str
        A name in any common spelling (``"TP. Lào Cai"``, ``"Thanh Hoa"``) or an NSO code
        (``"38"``, ``"1"``).
    level : {"province", "district", "commune"}
        Unit level.
    vintage : {2025, 2008}
        Administrative vintage.
    province : str, optional
        Province (name or code, same vintage) holding the district or commune.

    Returns
    -------
    Unit
        The unit.

    Raises
    ------
    UnknownUnitError
        When the name is unknown or matches several units; ``.suggestions`` lists candidates.

    Examples
    --------
    >>> resolve("Thanh Hoá").code
    '38'
    >>> resolve("TP. Lào Cai", level="district", vintage=2008).full_name
    'Thành phố Lào Cai'
    """
    level, vintage = _check(level, vintage)
    scope = _province_scope(province, level, vintage)
    if name_or_code is None or (not isinstance(name_or_code, str) and pd.isna(name_or_code)):
        raise UnknownUnitError(f"Missing {level} name: expected a name or a code.")
    position, _status, message, suggestions = _lookup(str(name_or_code), level, vintage, scope)
    if position is None:
        raise UnknownUnitError(message or "", suggestions)
    return _unit(_index(level, vintage), position)


def resolve_many(
    names: pd.Series,
    *,
    level: str,
    vintage: int,
    province: pd.Series | str | None = None,
) -> pd.DataFrame:
    """Resolve a column of names or codes, once per distinct (name, province) pair.

    Parameters
    ----------
    names : pandas.Series
        Names or codes; missing values give status ``unknown``.
    level : {"province", "district", "commune"}
        Unit level.
    vintage : {2025, 2008}
        Administrative vintage.
    province : pandas.Series or str, optional
        Province of each row (aligned with ``names``) or one province for all rows.

    Returns
    -------
    pandas.DataFrame
        Same index as ``names``; columns ``unit_code``, ``unit_name``, ``province_code``,
        ``status`` (``exact``, ``corrected``, ``unknown``, ``ambiguous``) and ``message``
        (missing unless the status is ``unknown`` or ``ambiguous``).

    Examples
    --------
    >>> out = resolve_many(pd.Series(["Thanh Hoa", "Lạng Sơn"]), level="province", vintage=2025)
    >>> out["unit_code"].tolist(), out["status"].tolist()
    (['38', '20'], ['corrected', 'exact'])
    """
    level, vintage = _check(level, vintage)
    if not isinstance(names, pd.Series):
        raise ParameterError(
            f"Parameter names must be a pandas Series, got {type(names).__name__}; "
            "wrap a list with pd.Series(...)."
        )
    if isinstance(province, pd.Series):
        if level == "province":
            _province_scope(province, level, vintage)  # raises: provinces have no province
        if not province.index.equals(names.index):
            raise ParameterError(
                "Parameter province must have the same index as names (one province per row)."
            )
        province_ids, province_values = pd.factorize(province, use_na_sentinel=True)
        scopes = [_row_scope(value, vintage) for value in province_values]
    else:
        province_ids = np.zeros(len(names), dtype=np.intp)
        scopes = [_province_scope(province, level, vintage)]
    name_ids, name_uniques = pd.factorize(names, use_na_sentinel=True)
    name_values = list(name_uniques)
    # One id per distinct (name, province) pair; -1 (missing) shifts to 0.
    combined = (name_ids.astype(np.int64) + 1) * (len(scopes) + 1) + province_ids + 1
    pair_ids, pairs = pd.factorize(combined)
    index = _index(level, vintage)
    results = []
    for pair in pairs:
        name_id, province_id = divmod(int(pair), len(scopes) + 1)
        text = None if name_id == 0 else name_values[name_id - 1]
        scope = None if province_id == 0 else scopes[province_id - 1]
        results.append(_resolve_one(index, level, vintage, text, scope))
    columns = list(zip(*results, strict=True)) if results else [()] * 5
    data = {
        column: pd.array(np.asarray(values, dtype=object), dtype="string")[pair_ids]
        for column, values in zip(_RESULT_COLUMNS, columns, strict=True)
    }
    return pd.DataFrame(data, index=names.index)


_RESULT_COLUMNS = ("unit_code", "unit_name", "province_code", "status", "message")


def _row_scope(value: object, vintage: int) -> str | UnknownUnitError:
    """Resolve one per-row province; an unknown province is kept as its error."""
    try:
        return resolve(str(value), level="province", vintage=vintage).code
    except UnknownUnitError as exc:
        return exc


def _resolve_one(
    index: _Index, level: str, vintage: int, text: object, scope: str | UnknownUnitError | None
) -> tuple[str | None, ...]:
    if text is None:
        return (None, None, None, "unknown", f"Missing {level} name: expected a name or a code.")
    if isinstance(scope, UnknownUnitError):
        return (None, None, None, "unknown", f"Cannot place {level} {str(text)!r}: {scope}")
    position, status, message, _ = _lookup(str(text), level, vintage, scope)
    if position is None:
        return (None, None, None, status, message)
    return (index.codes[position], index.names[position], index.province[position], status, None)


def agency_code(province_code: str, name: str) -> str:
    """Return a stable id for an agency under its province: ``<province code>-<slug>``.

    Parameters
    ----------
    province_code : str
        Code of the province the agency belongs to.
    name : str
        Agency name in any Unicode form.

    Returns
    -------
    str
        ``province_code`` and the name key with ``-`` between words.

    Examples
    --------
    >>> agency_code("10", "Sở Giáo dục và Đào tạo")
    '10-so-giao-duc-va-dao-tao'
    """
    slug = "-".join(_TOKENS.findall(_key(str(name))))
    code = clean_text(str(province_code))
    if not _CODE.fullmatch(code) or not slug:
        raise ParameterError(
            f"agency_code needs a numeric province code and a non-empty name; got "
            f"province_code={province_code!r}, name={name!r}."
        )
    return f"{code.zfill(2)}-{slug}"


def province_crosswalk() -> pd.DataFrame:
    """Return the 63 → 34 province crosswalk of the 1 July 2025 reform.

    Returns
    -------
    pandas.DataFrame
        One row per 2008-vintage province: ``old_code``, ``old_name``, ``new_code``,
        ``new_name``, sorted by ``old_code``.

    Examples
    --------
    >>> cw = province_crosswalk()
    >>> cw.loc[cw["old_name"] == "Bắc Giang", ["new_code", "new_name"]].values.tolist()
    [['24', 'Bắc Ninh']]
    """
    old = unit_table("province", 2008).set_index("code")["name"]
    new = unit_table("province", 2025).set_index("code")["name"]
    rows = [
        (old_code, old[old_code], new_code, new[new_code])
        for new_code, old_codes in province_merges().items()
        for old_code in old_codes
    ]
    frame = pd.DataFrame(rows, columns=["old_code", "old_name", "new_code", "new_name"])
    return frame.sort_values("old_code", ignore_index=True)


def old_provinces_in(new_code: str) -> pd.DataFrame:
    """Return the 2008-vintage provinces merged into one 2025 province.

    Parameters
    ----------
    new_code : str
        The 2025 province, by code or name.

    Returns
    -------
    pandas.DataFrame
        The old provinces as in :func:`units` (``level="province"``, ``vintage=2008``).

    Examples
    --------
    >>> old_provinces_in("24")["name"].tolist()
    ['Bắc Giang', 'Bắc Ninh']
    """
    new = resolve(new_code, level="province", vintage=2025)
    old_codes = province_merges()[new.code]
    frame = units("province", 2008)
    return frame[frame["code"].isin(old_codes)].reset_index(drop=True)


def new_province_of(old_code: str) -> Unit:
    """Return the 2025 province that a 2008-vintage province became part of.

    Parameters
    ----------
    old_code : str
        The 2008 province, by code or name.

    Returns
    -------
    Unit
        The 2025 province.

    Examples
    --------
    >>> new_province_of("15").name  # Yên Bái is now part of Lào Cai
    'Lào Cai'
    """
    old = resolve(old_code, level="province", vintage=2008)
    for new_code, old_codes in province_merges().items():
        if old.code in old_codes:
            return resolve(new_code, level="province", vintage=2025)
    raise UnknownUnitError(  # pragma: no cover - the converter covers all 63 provinces
        f"Province {old.full_name} ({old.code}) has no 2025 successor in the crosswalk."
    )

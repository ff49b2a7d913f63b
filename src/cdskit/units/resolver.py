"""Administrative units of Vietnam in both vintages: look-up, name resolution and crosswalk.

Two vintages exist: ``2008`` for the 63-province era before
1 July 2025 (provinces, districts, communes) and ``2025`` for the 34 provinces and their communes
since. The lists come from the ``vietnamadminunits`` package (MIT licence) and are read on first
use. Its pre-reform list is the state just before 1 July 2025 (63 provinces, 696 districts,
10,035 communes), so district mergers made before then already apply. One name is taken from
the 63-province era instead: province 46 is ``Thừa Thiên Huế`` in vintage 2008 (the name its
figures were published under) and ``Huế`` in vintage 2025; it was renamed on 1 January 2025,
so either name resolves to 46 in either vintage.

Names are resolved robustly: Unicode form, case, spacing, tone-mark placement (``Hoá``/``Hóa``),
missing diacritics, prefixes and their abbreviations (``Tỉnh``, ``TP.``, ``Huyện``, ``H.``,
``TX.``, ``Q.``, ``P.``, ``TT.``...), English type words (``Lao Cai City``), numeric codes
(``1``, ``01``) and a few known variants (``TP HCM``, ``Sài Gòn``). Each
result says whether the name was ``exact`` (same letters and diacritics, ignoring case, spacing,
Unicode form, tone placement and prefix abbreviations) or ``corrected`` (diacritics restored, a
variant, or a misspelling). A misspelling is corrected only when one unit is clearly the closest
(and, below the province level, only inside a given province); otherwise the name is reported as
unknown or ambiguous with suggestions, never guessed.

Canonical names follow the package: NFC, tone marks of ``oa``/``oe``/``uy`` on the first vowel
(``Thanh Hóa``, ``Hòa Bình``, ``Thủy``), no type prefix in ``name`` (except units whose name is a
number, such as ``Quận 1``), the prefix in ``full_name``, and ``name_en`` without diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cdskit.errors import ParameterError, UnknownUnitError, did_you_mean
from cdskit.terms import ADMIN_LEVELS, VINTAGES
from cdskit.units._match import UnitIndex, lookup, unit_index
from cdskit.units._parse import match_key
from cdskit.units._tables import province_merges, unit_table
from cdskit.vietnamese import clean_text

NATIONAL_CODE = "VN"

_PUBLIC_COLUMNS = ["code", "name", "full_name", "name_en", "level", "vintage", "province_code"]
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

    @property
    def display_name(self) -> str:
        """Name for a heading or a map label: ``TP. Hồ Chí Minh`` for a city, else the name.

        Examples
        --------
        >>> resolve("79").display_name, resolve("38").display_name
        ('TP. Hồ Chí Minh', 'Thanh Hóa')
        """
        city = self.level == "province" and self.full_name.startswith("Thành phố ")
        return f"TP. {self.name}" if city else self.name


# ----------------------------------------------------------------------------- parameters


def _check(level: str, vintage: int) -> tuple[str, int]:
    if level not in ADMIN_LEVELS:
        raise ParameterError(
            f"Parameter level={level!r} is not a unit level; expected one of "
            f"{', '.join(ADMIN_LEVELS)}.{did_you_mean(level, ADMIN_LEVELS)}"
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


def _unit(index: UnitIndex, position: int) -> Unit:
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


_PROVINCE_OF_PROVINCE = (
    "Parameter province= narrows districts and communes; it cannot be used with "
    "level='province'. Drop it, or resolve the districts or communes instead."
)


def _province_scope(province: object, level: str, vintage: int) -> str | None:
    if province is None or (not isinstance(province, str) and pd.isna(province)):
        return None
    if level == "province":
        raise ParameterError(_PROVINCE_OF_PROVINCE)
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
    name_or_code: str | int,
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
    position, _status, message, suggestions = lookup(str(name_or_code), level, vintage, scope)
    if position is None:
        raise UnknownUnitError(message or "", suggestions)
    return _unit(unit_index(level, vintage), position)


def resolve_in_vintages(
    name_or_code: str | int,
    *,
    level: str = "province",
    vintage: int | None = None,
    parameter: str = "province",
    how: str = "pass vintage=2008 or vintage=2025 with it, or write the unit's name",
) -> dict[int, Unit]:
    """Resolve a name or code given without a vintage, refusing one that means two units.

    Codes were reused on 1 July 2025 (``15`` is Yên Bái in vintage 2008 and Lào Cai in 2025;
    ``24`` is Bắc Giang and Bắc Ninh), so a bare code or name is accepted only when it means the
    same unit in every vintage it resolves in: one unit kept whole by the reform (``20``,
    ``Lạng Sơn``; ``46``, renamed Huế) or, for a name, a province and the 2025 province it
    continues under the same name (``Lào Cai``). Otherwise it is refused with both meanings,
    unless ``vintage`` says which one is meant. This is the one rule for names and codes taken
    without a vintage: the command line, the reports' parameters and the notebooks use it.

    Parameters
    ----------
    name_or_code : str or int
        A name in any common spelling, or an NSO code.
    level : {"province", "district", "commune"}
        Unit level.
    vintage : {2008, 2025}, optional
        The vintage meant; when given, only that vintage is looked at.
    parameter : str
        Name shown in the message (``"--province"``, ``"reports.toml province"``).
    how : str
        What the caller's user can do instead, ending before the two names
        (``"add --vintage 2008 or --vintage 2025, or write the province's name"``).

    Returns
    -------
    dict of int to Unit
        The unit in each vintage it resolves in (one or two entries).

    Raises
    ------
    ParameterError
        The code or name means different units in 2008 and 2025 and no vintage was given.
    UnknownUnitError
        It resolves in no vintage (the message of each vintage, with suggestions).

    Examples
    --------
    >>> sorted(resolve_in_vintages("Lạng Sơn"))
    [2008, 2025]
    >>> resolve_in_vintages("15", vintage=2008)[2008].name
    'Yên Bái'
    >>> resolve_in_vintages("15")
    Traceback (most recent call last):
    ...
    cdskit.errors.ParameterError: province: code '15' names Yên Bái in vintage 2008 and Lào Cai ...
    """
    if vintage is not None:
        _, vintage = _check(level, vintage)
        return {vintage: resolve(name_or_code, level=level, vintage=vintage)}
    found: dict[int, Unit] = {}
    errors: list[UnknownUnitError] = []
    for candidate in VINTAGES:
        if level == "district" and candidate == 2025:
            continue
        try:
            found[candidate] = resolve(name_or_code, level=level, vintage=candidate)
        except UnknownUnitError as exc:
            errors.append(exc)
    if not found:
        suggestions = list(dict.fromkeys(s for exc in errors for s in exc.suggestions))
        raise UnknownUnitError(" ".join(dict.fromkeys(map(str, errors))), suggestions)
    if len(found) == 2 and not _same_unit(found[2008], found[2025], str(name_or_code)):
        old, new = found[2008], found[2025]
        kind = "code" if _CODE.fullmatch(clean_text(str(name_or_code))) else "name"
        codes = ("", "") if kind == "code" else (f" (code {old.code})", f" (code {new.code})")
        raise ParameterError(
            f"{parameter}: {kind} {str(name_or_code)!r} names {old.name} in vintage 2008"
            f"{codes[0]} and {new.name} in vintage 2025{codes[1]}; codes and names were "
            f"reused on 1 July 2025; {how} ({old.name!r} or {new.name!r})."
        )
    return found


def _same_unit(old: Unit, new: Unit, given: str) -> bool:
    """Whether a code or name found in both vintages means one unit (kept or continued)."""
    if old.level != "province":
        return old.code == new.code and match_key(old.name) == match_key(new.name)
    merged = province_merges().get(new.code, ())
    if _CODE.fullmatch(clean_text(given)):  # a code: only a province the reform kept whole
        return old.code == new.code and list(merged) == [old.code]
    kept = list(merged) == [old.code]  # a name: the same province, kept whole or continued
    return old.code in merged and (kept or match_key(old.name) == match_key(new.name))


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
            raise ParameterError(_PROVINCE_OF_PROVINCE)
        if not province.index.equals(names.index):
            raise ParameterError(
                "Parameter province must have the same index as names (one province per row)."
            )
        province_ids, province_values = pd.factorize(province, use_na_sentinel=True)
        scopes: list[str | UnknownUnitError | None] = [
            _row_scope(value, vintage) for value in province_values
        ]
    else:
        province_ids = np.zeros(len(names), dtype=np.intp)
        scopes = [_province_scope(province, level, vintage)]
    name_ids, name_uniques = pd.factorize(names, use_na_sentinel=True)
    name_values = list(name_uniques)
    # One id per distinct (name, province) pair; -1 (missing) shifts to 0.
    combined = (name_ids.astype(np.int64) + 1) * (len(scopes) + 1) + province_ids + 1
    pair_ids, pairs = pd.factorize(combined)
    index = unit_index(level, vintage)
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
    index: UnitIndex, level: str, vintage: int, text: object, scope: str | UnknownUnitError | None
) -> tuple[str | None, ...]:
    if text is None:
        return (None, None, None, "unknown", f"Missing {level} name: expected a name or a code.")
    if isinstance(scope, UnknownUnitError):
        return (None, None, None, "unknown", f"Cannot place {level} {str(text)!r}: {scope}")
    position, status, message, _ = lookup(str(text), level, vintage, scope)
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
    slug = match_key(str(name)).replace(" ", "-")
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

"""Unit lists for both vintages, read from the ``vietnamadminunits`` package's data.

The package (MIT licence) ships a SQLite file with the units before 1 July 2025
(``admin_units_legacy``: 63 provinces, their districts and communes) and after
(``admin_units``: 34 provinces and 3,321 communes), plus ``converter_2025.json`` that maps the old
provinces onto the new ones. Everything here is read on first use and cached; nothing is read at
import time.

Canonical names keep the package's spelling in Unicode NFC. The package places the tone mark of
the open syllables ``oa``, ``oe`` and ``uy`` on the first vowel (``Hóa``, ``Hòa``, ``Thủy``);
:func:`normalise_tones` rewrites the other placement (``Hoá``, ``Hoà``, ``Thuỷ``) to it, so both
spellings compare equal and canonical names are consistent.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd

from cdskit.errors import CdskitError
from cdskit.vietnamese import ascii_fold, clean_text

_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
_LETTER = r"[^\W\d_]"


def _tone_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for upper_first in (False, True):
            for upper_second in (False, True):
                a = first.upper() if upper_first else first
                b = second.upper() if upper_second else second
                for tone in _TONES:
                    moved = a + unicodedata.normalize("NFC", b + tone)
                    pairs[moved] = unicodedata.normalize("NFC", a + tone) + b
    return pairs


_TONE_PAIRS = _tone_pairs()
# Only open syllables move the tone ("hoàng" keeps it on "a"); "qu" + "y" is not a diphthong.
_TONE_PATTERN = re.compile(
    rf"(?<![qQ])({'|'.join(sorted(_TONE_PAIRS, key=len, reverse=True))})(?!{_LETTER})"
)


def normalise_tones(text: str) -> str:
    """Return NFC ``text`` with tone marks of ``oa``/``oe``/``uy`` on the first vowel.

    Parameters
    ----------
    text : str
        Vietnamese text in any Unicode form.

    Returns
    -------
    str
        NFC text where ``Hoá`` became ``Hóa`` and ``Thuỷ`` became ``Thủy``.

    Examples
    --------
    >>> normalise_tones("Thanh Hoá, Hoà Bình, Thuỷ Nguyên, Quý, Hoàng")
    'Thanh Hóa, Hòa Bình, Thủy Nguyên, Quý, Hoàng'
    """
    text = unicodedata.normalize("NFC", text)
    return _TONE_PATTERN.sub(lambda m: _TONE_PAIRS[m.group(1)], text)


@cache
def commune_conversion() -> pd.DataFrame:
    """Return every pre-reform commune with the 2025 commune(s) it went into.

    Returns
    -------
    pandas.DataFrame
        ``old_code``, ``new_code``, ``divided`` (the old commune was split).
    """
    folder = _data_dir()
    converter = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    with sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True) as connection:
        old = {
            f"{p}_{d}_{w}": code
            for p, d, w, code in connection.execute(
                "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy "
                "WHERE wardCode IS NOT NULL"
            )
        }
        new = {
            (p, w): code
            for p, w, code in connection.execute(
                "SELECT provinceKey, wardKey, wardCode FROM admin_units"
            )
        }
    pairs = []
    for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            pairs += [(old.get(key), new.get((province, ward)), False) for key in olds]
    for province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, parts in olds.items():
            pairs += [(old.get(key), new.get((province, p["newWardKey"])), True) for p in parts]
    frame = pd.DataFrame(pairs, columns=["old_code", "new_code", "divided"]).dropna()
    return frame.drop_duplicates(["old_code", "new_code"]).reset_index(drop=True)


def _data_dir() -> Path:
    # find_spec locates the package without importing it (its import pulls in heavy modules).
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise CdskitError(
            "The 'vietnamadminunits' package is not installed; cdskit needs its unit lists. "
            "Install it with: pip install 'vietnamadminunits>=1.0.4'"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


_COLUMNS = {
    "admin_units_legacy": (
        "province, provinceShort, provinceCode, provinceKey, provinceAlias, "
        "district, districtShort, districtType, districtCode, districtAlias, "
        "ward, wardShort, wardType, wardCode, wardAlias"
    ),
    "admin_units": (
        "province, provinceShort, provinceCode, provinceKey, provinceAlias, "
        "ward, wardShort, wardType, wardCode, wardAlias"
    ),
}


@cache
def _raw_table(table: str) -> pd.DataFrame:
    path = _data_dir() / "dataset.db"
    if not path.is_file():
        raise CdskitError(
            f"The unit list {path} is missing from the 'vietnamadminunits' package; "
            "reinstall it with: pip install --force-reinstall vietnamadminunits"
        )
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return pd.read_sql_query(f'SELECT {_COLUMNS[table]} FROM "{table}"', connection)


def _frame(codes, names, full_names, types, level, vintage, province_codes) -> pd.DataFrame:
    names = [normalise_tones(clean_text(n)) for n in names.tolist()]
    return pd.DataFrame(
        {
            "code": codes.tolist(),
            "name": names,
            "full_name": [normalise_tones(clean_text(n)) for n in full_names.tolist()],
            "name_en": [ascii_fold(n) for n in names],
            "level": level,
            "vintage": vintage,
            "province_code": province_codes.tolist(),
            "type": [clean_text(t) for t in list(types)],
        }
    )


#: Provinces whose 2008-vintage name differs from the package's list (which is the state of
#: 30 June 2025): Thừa Thiên Huế became the city of Huế on 1 January 2025, but the 63-province
#: figures (DTI 2020-2023 and earlier) name it Thừa Thiên Huế.
NAMES_OF_2008: dict[str, tuple[str, str, str]] = {
    "46": ("Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế", "Tỉnh"),
}


def _names_of_2008(frame: pd.DataFrame) -> pd.DataFrame:
    for code, (name, full_name, type_) in NAMES_OF_2008.items():
        row = frame["code"] == code
        frame.loc[row, ["name", "full_name", "type"]] = [name, full_name, type_]
        frame.loc[row, "name_en"] = ascii_fold(name)
    return frame


def _province_type(full_name: str) -> str:
    return "Thành phố" if full_name.startswith("Thành phố") else "Tỉnh"


@cache
def unit_table(level: str, vintage: int) -> pd.DataFrame:
    """Return every unit of one level and vintage, sorted by code.

    Columns: ``code``, ``name``, ``full_name``, ``name_en``, ``level``, ``vintage``,
    ``province_code``, ``type`` (the prefix, e.g. ``Huyện``), ``aliases`` (former names as
    space-free keys, from the package) and, for 2008 communes, ``district_code``.
    Callers must not modify the returned frame.
    """
    raw = _raw_table("admin_units_legacy" if vintage == 2008 else "admin_units")
    if level == "province":
        rows = raw.drop_duplicates("provinceCode")
        frame = _frame(
            rows["provinceCode"],
            rows["provinceShort"],
            rows["province"],
            [_province_type(n) for n in rows["province"]],
            level,
            vintage,
            rows["provinceCode"],
        )
        alias_column = rows["provinceAlias"]
        if vintage == 2008:
            frame = _names_of_2008(frame)
    else:
        column = "district" if level == "district" else "ward"  # the package's column names
        rows = raw.dropna(subset=[f"{column}Code"]).drop_duplicates(f"{column}Code")
        frame = _frame(
            rows[f"{column}Code"],
            rows[f"{column}Short"],
            rows[column],
            rows[f"{column}Type"],
            level,
            vintage,
            rows["provinceCode"],
        )
        if level == "commune" and vintage == 2008:
            frame["district_code"] = rows["districtCode"].to_numpy()
        alias_column = rows[f"{column}Alias"]
    frame["aliases"] = [tuple(json.loads(a)) if isinstance(a, str) else () for a in alias_column]
    return frame.sort_values("code", ignore_index=True)


@cache
def province_merges() -> dict[str, tuple[str, ...]]:
    """Return ``{new province code: (old province codes, ...)}`` from the package's converter."""
    with open(_data_dir() / "converter_2025.json", encoding="utf-8") as handle:
        merges = json.load(handle)["DICT_PROVINCE"]
    old_raw = _raw_table("admin_units_legacy").drop_duplicates("provinceCode")
    new_raw = _raw_table("admin_units").drop_duplicates("provinceCode")
    old_codes = dict(zip(old_raw["provinceKey"], old_raw["provinceCode"], strict=True))
    new_codes = dict(zip(new_raw["provinceKey"], new_raw["provinceCode"], strict=True))
    return {
        new_codes[new_key]: tuple(sorted(old_codes[key] for key in old_keys))
        for new_key, old_keys in merges.items()
    }

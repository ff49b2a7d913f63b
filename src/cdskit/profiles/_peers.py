"""The peer picker: one offline page comparing up to six provinces' DTI ranks and scores.

Everything the page needs is embedded in it as JSON: the 63 former provinces (each followed
into its 2025 province for DTI 2024 out of 34), their figures already written in the reader's
language with their marks (``4/63†``), the regions, and every spelling the kit's unit
resolver accepts for a province, read without diacritics (``"lang son"``, ``"tp hcm"``,
``"20"``). The page's own script (``templates/peers.js``, no library) reads what the reader
types the same way, draws the chart as SVG and fills the table; no request leaves the page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cdskit.files import write_text_atomically
from cdskit.profiles._figures import OVERALL, Figures
from cdskit.profiles._profile import Province, ascii_key, edition_label, value_text
from cdskit.profiles._profile_templates import PROFILE_FOLDER, TEMPLATE_DIR, environment
from cdskit.profiles._regions import read_regions
from cdskit.terms import FOCUS_COLOURS, LANGUAGES, OTHER_COLOURS, VINTAGES

#: Most provinces the picker compares at once.
MAX_PICKED = 6
#: Spellings tried for every province besides its names and code; only those the resolver
#: maps to the same province are kept.
_PREFIXES = ("tinh", "tp", "t p", "thanh pho", "tp.")
_EXTRA = ("tp hcm", "tphcm", "hcm", "hcmc", "sai gon", "ho chi minh city", "hn", "hue", "tt hue")

PEERS_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "title": "So sánh DTI giữa các tỉnh",
        "intro": "Chọn tối đa 6 tỉnh, thành phố (gõ tên, có dấu hay không dấu, viết tắt như "
        "TP.HCM hoặc mã tỉnh) và khoảng kỳ DTI. Hạng ghi kèm số tỉnh được xếp hạng; "
        "† vị trí đọc từ danh sách đã công bố, ‡ hạng suy ra từ mức thay đổi đã công bố. Hạng "
        "trên 63 tỉnh cũ và hạng trên 34 tỉnh sau sáp nhập (từ DTI 2024) nằm ở hai phần riêng, "
        "không nối với nhau. Trang chạy hoàn toàn không cần mạng.",
        "input": "Tên tỉnh",
        "add": "Thêm",
        "from": "Từ kỳ",
        "to": "đến kỳ",
        "same_region": "+ cùng vùng",
        "remove": "Bỏ",
        "unknown": "Không nhận ra “{q}”. Thử tên tỉnh có dấu hoặc không dấu, ví dụ “Lạng Sơn”, "
        "“lang son”, “TP.HCM”.",
        "full": "Đã đủ 6 tỉnh; bỏ bớt một tỉnh trước khi thêm.",
        "already": "{name} đã có trong bảng.",
        "region_added": "Đã thêm {n} tỉnh cùng vùng {region}.",
        "region_left": "{n} tỉnh khác của vùng không được thêm vì tối đa 6 tỉnh.",
        "empty": "Chưa chọn tỉnh nào.",
        "province": "Tỉnh, thành phố",
        "rank": "Hạng",
        "score": "Điểm",
        "no_figure": "chưa có số liệu",
        "group_63": "Xếp hạng trên 63 tỉnh cũ",
        "group_34": "Xếp hạng trên 34 tỉnh (sau sáp nhập)",
        "chart_title": "Hạng DTI (hạng 1 ở trên cùng)",
        "chart_63": "trên 63 tỉnh cũ",
        "chart_34": "trên 34 tỉnh",
        "new_province": "tỉnh {name} mới",
        "profile": "hồ sơ",
        "region": "Vùng",
        "legend_marked": "điểm rỗng: hạng †/‡",
        "other": "English",
        "note": "Nguồn của từng số liệu: xem hồ sơ của tỉnh. Số liệu từ bộ dữ liệu cdskit; "
        "không số liệu nào được ước tính hay điền thêm.",
    },
    "en": {
        "title": "Compare provinces on the DTI",
        "intro": "Pick up to 6 provinces (type a name with or without diacritics, an "
        "abbreviation such as TP.HCM, or a province code) and a range of DTI editions. Ranks "
        "carry the number of provinces ranked; † a position read from a published list, ‡ a "
        "rank worked out from a stated change. Ranks out of the 63 former provinces and out of "
        "the 34 provinces after the merger (from DTI 2024) are kept apart and never joined. The "
        "page works entirely offline.",
        "input": "Province name",
        "add": "Add",
        "from": "From edition",
        "to": "to",
        "same_region": "+ same region",
        "remove": "Remove",
        "unknown": "“{q}” was not recognised. Try the province name with or without "
        "diacritics, e.g. “Lạng Sơn”, “lang son”, “TP.HCM”.",
        "full": "Six provinces already; remove one before adding another.",
        "already": "{name} is already in the table.",
        "region_added": "Added {n} provinces of the {region} region.",
        "region_left": "{n} other provinces of the region were not added (six at most).",
        "empty": "No province picked yet.",
        "province": "Province",
        "rank": "Rank",
        "score": "Score",
        "no_figure": "no figure",
        "group_63": "Ranks out of the 63 former provinces",
        "group_34": "Ranks out of 34 provinces (after the merger)",
        "chart_title": "DTI rank (rank 1 at the top)",
        "chart_63": "out of 63 former provinces",
        "chart_34": "out of 34",
        "new_province": "new {name} province",
        "profile": "profile",
        "region": "Region",
        "legend_marked": "hollow: rank †/‡",
        "other": "Tiếng Việt",
        "note": "The source of each figure: see the province's profile. Data from the cdskit "
        "dataset; nothing is estimated or filled in.",
    },
}


def spellings(vintage: int = 2008) -> dict[str, str]:
    """Return every accepted spelling of a province (read without diacritics) → its code.

    Candidates are each province's name, full name, English name, code and prefixed forms,
    plus common abbreviations; a candidate is kept only when :func:`cdskit.units.resolve`
    maps it to that same province.

    Examples
    --------
    >>> found = spellings()
    >>> found["lang son"], found["tp hcm"], found["thanh hoa"], found["20"], found["tphcm"]
    ('20', '79', '38', '20', '79')
    """
    from cdskit import units
    from cdskit.errors import UnknownUnitError

    table = units.units("province", vintage)
    out: dict[str, str] = {}
    candidates: list[tuple[str, str | None]] = [(text, None) for text in _EXTRA]
    for row in table.itertuples(index=False):
        names = {row.name, row.full_name, row.name_en}
        candidates += [(text, row.code) for text in names]
        candidates += [(f"{p} {row.name}", row.code) for p in _PREFIXES]
        candidates += [(row.code, row.code), (str(int(row.code)), row.code)]
    for text, code in candidates:
        try:
            found = units.resolve(text, level="province", vintage=vintage).code
        except UnknownUnitError:
            continue
        if code is not None and found != code:
            continue
        for key in (ascii_key(text), ascii_key(text).replace(" ", "")):
            if key:
                out.setdefault(key, found)
    return dict(sorted(out.items()))


def _cells(figures: Figures, vintage: int, code: str, language: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for edition in figures.editions.get(vintage, []):
        cell = {}
        for what in ("rank", "score"):
            values = figures.cell(vintage, code, OVERALL, what, edition.key)
            if values:
                cell[what] = [
                    {"t": value_text(v, what, language), "v": v.value, "k": v.kind} for v in values
                ]
        if cell:
            out[edition.key] = cell
    return out


def peers_data(
    figures: Figures, provinces: dict[tuple[int, str], Province], language: str
) -> dict[str, Any]:
    """Return everything the picker page embeds, in one language.

    Examples
    --------
    >>> from cdskit.dataset import load
    >>> from cdskit.profiles import read_figures, provinces_with_figures
    >>> figures = read_figures(load())
    >>> data = peers_data(figures, provinces_with_figures(figures), "vi")
    >>> [e["key"] for e in data["editions"]]
    ['2020', '2021', '2022', '2023', '2024-63', '2024']
    >>> data["cells"]["20"]["2023"]["rank"][0]["t"]
    '4/63†'
    """
    from cdskit import units

    regions = read_regions(2008)
    editions = [
        {"key": e.key, "vintage": e.vintage, "of": e.of, "label": edition_label(e, language)}
        for vintage in VINTAGES
        for e in figures.editions.get(vintage, [])
    ]
    table = units.units("province", 2008)
    rows = []
    for row in table.itertuples(index=False):
        successor = units.new_province_of(row.code)
        merged = len(units.old_provinces_in(successor.code)) > 1
        mine = provinces.get((2008, row.code))
        new = provinces.get((2025, successor.code))
        suffix = "" if language == "vi" else "-en"
        rows.append(
            {
                "code": row.code,
                "name": row.name,
                "region": regions.of[row.code][0],
                "colour": FOCUS_COLOURS[2008].get(row.code),
                "profile": f"{PROFILE_FOLDER}/{mine.slug}{suffix}.html" if mine else None,
                "successor": successor.code,
                "successor_name": successor.name,
                "successor_label": PEERS_TEXT[language]["new_province"].format(name=successor.name)
                if merged
                else successor.name,
                "successor_profile": f"{PROFILE_FOLDER}/{new.slug}{suffix}.html" if new else None,
            }
        )
    return {
        "language": language,
        "max": MAX_PICKED,
        "editions": editions,
        "provinces": rows,
        "cells": {code: _cells(figures, 2008, code, language) for code in table["code"]},
        "cells34": {
            code: _cells(figures, 2025, code, language)
            for code in units.units("province", 2025)["code"]
        },
        "regions": [
            {"id": key, "name": region.name(language), "members": regions.members(key)}
            for key, region in regions.regions.items()
        ],
        "spellings": spellings(2008),
        "colours": list(OTHER_COLOURS),
        "text": PEERS_TEXT[language],
    }


def embed_json(data: Any) -> str:
    r"""Return JSON safe inside ``<script type="application/json">`` (no ``</script>``).

    Examples
    --------
    >>> embed_json({"name": "</script><b>"})
    '{"name": "\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_peers(
    figures: Figures, provinces: dict[tuple[int, str], Province], language: str
) -> str:
    """Return the picker page in one language."""
    from markupsafe import Markup

    data = peers_data(figures, provinces, language)
    script = (TEMPLATE_DIR / "peers.js").read_text("utf-8")
    return (
        environment()
        .get_template("peers.html.j2")
        .render(
            t=PEERS_TEXT[language],
            language=language,
            data=Markup(embed_json(data)),
            script=Markup(script),
            other="peers-en.html" if language == "vi" else "peers.html",
        )
    )


def write_peers(
    out: Path,
    figures: Figures,
    provinces: dict[tuple[int, str], Province],
    *,
    languages: Sequence[str] = LANGUAGES,
) -> list[dict[str, Any]]:
    """Write ``peers.html`` and ``peers-en.html`` into ``out``; return their index entries."""
    entries = []
    for language in languages:
        name = "peers.html" if language == "vi" else "peers-en.html"
        write_text_atomically(out / name, render_peers(figures, provinces, language))
        entries.append(
            {
                "kind": "peers",
                "slug": "peers",
                "province": None,
                "province_code": None,
                "vintage": None,
                "language": language,
                "title": PEERS_TEXT[language]["title"],
                "path": name,
                "pdf": None,
            }
        )
    return entries

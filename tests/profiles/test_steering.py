"""The focus provinces' profiles carry their steering-committee figures (beyond the DTI).

What each page must show is worked out here from the observations: every province-level
figure beyond the DTI whose source states its period (and no later figure supersedes it), or
whose source bounds its time (``no_later_than`` / ``until`` with ``as_of``); figures of unknown
time and figures found only on a copy site are not stated but counted.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from cdskit.dataset import load, load_codebook
from cdskit.dataset.citations import load_sources
from cdskit.formatting import format_number, format_percent_value, format_period, with_qualifier
from cdskit.terms import FOCUS_PROVINCES

#: Indicators that describe the province itself, not its digital transformation.
BACKGROUND = {
    "area_km2",
    "population",
    "population_rural",
    "population_urban",
    "commune_level_units",
    "district_level_units",
    "count_communes",
    "count_villages_and_urban_groups",
}
NO_FIGURE = {"vi": "chưa có số liệu", "en": "no figure"}
BOUND = {"vi": "không muộn hơn", "en": "no later than"}


@pytest.fixture(scope="module")
def beyond_dti() -> pd.DataFrame:
    frame = load()
    frame = frame[
        (frame["unit_level"] == "province")
        & ~frame["indicator"].str.startswith("dti_")
        & ~frame["indicator"].isin(BACKGROUND)
        & frame["value"].notna()
    ].copy()
    frame["vintage"] = frame["vintage"].astype(int)
    return frame


def expected_text(row, kind: str, language: str) -> str:
    value = float(row.value)
    if kind == "percent":
        text = format_percent_value(value, language, decimals=4)
    elif kind == "index":
        text = format_number(value, language, decimals=4)
    else:
        text = format_number(value, language)
    if kind != "percent" and row.denominator == row.denominator and row.denominator is not None:
        text = f"{text}/{format_number(float(row.denominator), language)}"
    return with_qualifier(text, row.qualifier, language)


def stated(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The rows a profile states, and how many keys are of unknown time."""
    basis = rows["time_basis"].fillna("")
    superseded = rows["superseded_by"].fillna("").ne("")
    dated = (basis == "period") & rows["period"].str[:4].str.isdigit() & ~superseded
    bounded = (
        basis.isin(["no_later_than", "until"]) & rows["as_of"].fillna("").str[:4].str.isdigit()
    )
    unknown = rows[~dated & ~bounded & ~superseded]
    return rows[dated | (bounded & ~superseded)], unknown.groupby(["indicator", "period"]).ngroups


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_focus_profile_states_every_figure_beyond_the_dti_with_its_time(
    written, beyond_dti, language, stem_of
):
    folder, entries = written
    kinds = dict(zip(*(load_codebook()[c] for c in ("indicator", "kind")), strict=True))
    copies = {key: bool(source.copy_site) for key, source in load_sources().items()}
    checked = 0
    for vintage, codes in FOCUS_PROVINCES.items():
        for code in codes:
            stem = stem_of(vintage, code) + ("" if language == "vi" else "-en")
            page = folder / "profiles" / f"{stem}.html"
            if not page.is_file():  # a focus province without a DTI figure has no profile
                continue
            html = page.read_text("utf-8")
            assert 'id="steering"' in html, stem
            rows = beyond_dti[
                (beyond_dti["vintage"] == vintage) & (beyond_dti["unit_code"] == code)
            ]
            original = rows.loc[~rows["source_id"].map(lambda i: copies.get(i, False)).astype(bool)]
            copy_only = rows.groupby(["indicator", "period"]).ngroups
            copy_only -= original.groupby(["indicator", "period"]).ngroups
            shown, unknown = stated(original)
            keys = shown.groupby(["indicator", "period"])
            for (indicator, period), same in keys:
                found = re.search(
                    rf'<tr data-indicator="{indicator}" data-period="{period}">(.*?)</tr>',
                    html,
                    re.S,
                )
                assert found, f"{stem}: {indicator} {period} not shown"
                cell = found.group(1)
                texts = [
                    expected_text(r, kinds.get(indicator, "count"), language)
                    for r in same.itertuples()
                ]
                # a rank without its denominator says the source gives none: "3 (…)"
                assert any(f">{t}</span>" in cell or f">{t} (" in cell for t in texts), (
                    stem,
                    indicator,
                    texts,
                    cell,
                )
                first = same.iloc[0]
                if period[:4].isdigit():
                    when = format_period(period, language)
                    assert when[:1].upper() + when[1:] in cell, (stem, indicator)
                else:
                    month = format_period(str(first["as_of"])[:7], language)
                    assert month in cell and (
                        BOUND[language] in cell or "until" in cell or "đến" in cell
                    )
                checked += 1
            entry = next(e for e in entries if e["path"] == f"profiles/{stem}.html")
            assert entry["steering"] == keys.ngroups
            count = re.search(r"(?:Mục này có|This section shows) (\d+)", html)
            assert count and int(count.group(1)) == keys.ngroups, stem
            if unknown:
                assert re.search(rf"(?:Có|Not shown:) {unknown} [^.]*(?:rõ|unknown)", html)
            if copy_only:
                assert re.search(rf"(?:Có|Not shown:) {copy_only} [^.]*(?:bản|copy)", html)
    assert checked > 60  # the four provinces hold dozens of such figures


def test_a_topic_without_figures_says_so_and_other_profiles_have_no_such_section(written):
    folder, entries = written
    empty = 0
    for entry in entries:
        if "steering" not in entry:
            continue
        html = (folder / entry["path"]).read_text("utf-8")
        groups = re.findall(r'<tr class="group">.*?</tr>\s*(<tr.*?</tr>)', html, re.S)
        assert groups, entry["path"]
        for row in groups:
            if "data-indicator" not in row:
                assert NO_FIGURE[entry["language"]] in row, entry["path"]
                empty += 1
    assert empty > 0  # e.g. Lạng Sơn holds no figure on e-documents
    assert 'id="steering"' not in (folder / "profiles" / "ha-noi-63.html").read_text("utf-8")


def test_qualifiers_travel_with_their_figure(written):
    folder, _entries = written
    vi = (folder / "profiles" / "lang-son-63.html").read_text("utf-8")
    en = (folder / "profiles" / "lang-son-63-en.html").read_text("utf-8")
    # Lạng Sơn, June 2022: "hơn 1.680" community digital technology teams
    assert ">hơn 1.680</span>" in vi and ">more than 1,680</span>" in en
    assert ">trên 7.770</span>" in vi and ">over 7,770</span>" in en

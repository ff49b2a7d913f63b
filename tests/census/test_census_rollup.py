"""Census population published for the 2008-vintage units and rolled up to the 2025 communes."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import REPO, once_per_run

import cdskit as cds
from cdskit.processing.pipeline import build
from cdskit.units import units

#: 2019 totals of each 2025 province (sums of its former provinces, as the table prints them).
TOTALS_2025 = {
    "20": 781_655,  # Lạng Sơn
    "24": 1_803_950 + 1_368_840,  # Bắc Ninh = Bắc Giang + Bắc Ninh
    "15": 730_420 + 821_030,  # Lào Cai = Lào Cai + Yên Bái
    "38": 3_640_128,  # Thanh Hóa
}


def test_the_2008_provinces_carry_the_printed_totals_and_thanh_hoa_resolves(census):
    provinces = census[(census["unit_level"] == "province") & (census["indicator"] == "population")]
    values = provinces.set_index("unit_code")["value"].to_dict()
    assert values == {
        "20": 781_655,
        "24": 1_803_950,
        "10": 730_420,
        "15": 821_030,
        "27": 1_368_840,
        "38": 3_640_128,
    }
    thanh_hoa = provinces[provinces["unit_code"] == "38"].iloc[0]
    assert thanh_hoa["unit_name_as_published"] == "Tỉnh Thanh Hoá (Tổng số)"  # as printed
    assert thanh_hoa["unit_name"] == "Thanh Hóa"


def test_communes_and_districts_sum_to_their_province(census):
    old = census[(census["vintage"] == 2008) & (census["indicator"] == "population")]
    by_level = old.groupby(["unit_level", "province_code"])["value"].sum().unstack(0)
    assert (by_level["commune"] == by_level["province"]).all()
    assert (by_level["district"] == by_level["province"]).all()
    communes = old[old["unit_level"] == "commune"]
    assert len(communes) == 1_561 and communes["unit_code"].str.fullmatch(r"\d{5}").all()


@pytest.mark.parametrize("indicator", ["population", "population_urban", "population_rural"])
def test_each_2025_province_gets_its_2019_people_and_every_commune_a_value(census, indicator):
    new = census[(census["vintage"] == 2025) & (census["indicator"] == indicator)]
    expected = units("commune", 2025)
    expected = expected[expected["province_code"].isin(list(TOTALS_2025))]
    assert len(expected) == 429
    assert sorted(new["unit_code"]) == sorted(expected["code"])
    assert new["value"].notna().all() and (new["value"] >= 0).all()
    old = census[(census["vintage"] == 2008) & (census["indicator"] == indicator)]
    old_total = old[old["unit_level"] == "province"]["value"].sum()
    assert new["value"].sum() == old_total  # the roll-up loses nobody
    if indicator == "population":
        sums = new.groupby("province_code")["value"].sum().to_dict()
        for code, total in TOTALS_2025.items():
            assert sums[code] == pytest.approx(total, rel=1e-3)
            assert sums[code] == total  # whole people, apportioned by largest remainders


def test_apportioned_communes_say_how_in_their_note(census):
    new = census[(census["vintage"] == 2025) & (census["indicator"] == "population")]
    apportioned = new[new["note"].str.contains("apportioned by the areas", regex=False)]
    assert 0 < len(apportioned) < len(new)
    assert new["note"].str.startswith("Số liệu Tổng điều tra dân số 2019").all()


@pytest.fixture(scope="module")
def census_only_build(tmp_path_factory, mirror):
    """Build a dataset from a raw folder holding only the census entries of sources.yml.

    Built once per test run (the workers share it).
    """

    def make(folder):
        raw = folder / "raw"
        raw.mkdir(exist_ok=True)
        document = yaml.safe_load((REPO / "data/raw/sources.yml").read_text(encoding="utf-8"))
        files = [f for f in document["files"] if f.get("pinned")]
        cited = {f["source"] for f in files}
        document = {
            "sources": [s for s in document["sources"] if s["id"] in cited],
            "files": files,
        }
        (raw / "sources.yml").write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
        shutil.copy(REPO / "data/codebook.csv", raw.parent / "codebook.csv")
        build(raw)
        return raw.parent / "processed" / "observations.parquet"

    return once_per_run(tmp_path_factory, "census-only-build", make)


def test_the_build_publishes_the_census_and_load_returns_it(census_only_build):
    rows = cds.load(indicators="population", path=census_only_build)
    counts = rows.groupby(["vintage", "unit_level"]).size().to_dict()
    assert counts == {
        (2008, "commune"): 1_561,
        (2008, "district"): 74,
        (2008, "province"): 6,
        (2025, "commune"): 429,
    }
    lao_cai = cds.load(
        indicators="population", provinces="Lào Cai", vintage=2025, path=census_only_build
    )
    assert lao_cai["value"].sum() == 730_420 + 821_030
    assert set(rows["source_id"]) == {"gso-census-2019"}

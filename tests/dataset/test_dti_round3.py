"""The shipped dataset holds the round-3 DTI and connectivity figures, each traced to its page.

Round 3 is a collection of 111 published figures: DTI 2020 rank, score and pillars of the nine
leading provinces from a secondary compilation, an Điện Biên rank of uncertain edition,
telecom infrastructure of the merged Lào Cai and Bắc Ninh (vintage 2025), of the former Bắc
Giang and of VNPT Thanh Hóa, and the administrative-reform (PAR Index, SIPAS) results of Bắc
Giang and Đà Nẵng. ``FIGURES`` lists the 109 that are rows, as the collection gives them: the
page (an index into ``SOURCE_URLS``; the tag page of giaoducthoidai.vn is replaced by the
article it teases), the unit's code and vintage, the indicator, the period, the value and the
denominator of a rank. ``NOT_CARRIED`` lists the two that are not, with the reason the data
README gives.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import REPO

from cdskit.dataset.codebook import load_codebook

PUBLISHED = REPO / "data" / "processed"
#: The raw files that carry round 3.
RAW_FILES = (
    "dti/results_2020_compilation_en.csv",
    "dti/provinces_edition_uncertain.csv",
    "connectivity/telecom_infrastructure.csv",
    "connectivity/telecom_infrastructure_en.csv",
    "indices/par_index_2021_2023.csv",
)
#: Figures of the collection that are not rows: (unit, indicator, what the page says).
NOT_CARRIED = (
    ("Lào Cai", "5g_deployment_status", "5G mobile services have been initially deployed"),
    ("Bắc Giang", "share_industrial_residential_zones_underground_cable", "around 40 – 50 percent"),
)
COMPILATION = "https://huggingface.co/datasets/letrinhan/vn-dti-provincial"
# fmt: off
SOURCE_URLS = (
    "https://huggingface.co/datasets/letrinhan/vn-dti-provincial",
    "https://tpdienbienphu.dienbien.gov.vn/portal/pages/print.aspx?p=42773",
    "https://www.doingoailaocai.vn/en/bai-viet/24857",
    "https://www.vietnam.vn/en/hoi-nghi-giao-ban-cong-tac-quan-ly-nha-nuoc-ve-buu-chinh-vien-thong-6-thang-dau-nam-2025",
    "https://betaen.vietnamplus.vn/bac-giang-accelerates-digital-transformation-post231120.vnp",
    "https://vietnam.vn/phat-trien-ha-tang-vien-thong-phuc-vu-chuyen-doi-so",
    "https://lecourrier.vn/bac-giang-poursuit-ses-efforts-en-termes-de-reforme-administrative/1267359.html",
    "https://doanhnghiepbacgiang.vn/video/bac-giang-su-chuyen-minh-cua-bac-giang-trong-cchc/",
    "https://marimbapop.com/news/483f799248.html",
    "https://giaoducthoidai.vn/bac-giang-3-nam-dan-dau-ve-xay-dung-chinh-quyen-dien-tu-post635827.html",
)
FIGURES = """
0 48 2008 dti_rank 2020 1 63
0 48 2008 dti_score 2020 0.4874 -
0 48 2008 dti_digital_government_rank 2020 1 63
0 48 2008 dti_digital_government_score 2020 0.5346 -
0 48 2008 dti_digital_economy_rank 2020 1 63
0 48 2008 dti_digital_economy_score 2020 0.4155 -
0 48 2008 dti_digital_society_rank 2020 1 63
0 48 2008 dti_digital_society_score 2020 0.4964 -
0 46 2008 dti_rank 2020 2 63
0 46 2008 dti_score 2020 0.4097 -
0 46 2008 dti_digital_government_rank 2020 2 63
0 46 2008 dti_digital_government_score 2020 0.522 -
0 46 2008 dti_digital_economy_rank 2020 13 63
0 46 2008 dti_digital_economy_score 2020 0.304 -
0 46 2008 dti_digital_society_rank 2020 10 63
0 46 2008 dti_digital_society_score 2020 0.3655 -
0 27 2008 dti_rank 2020 3 63
0 27 2008 dti_score 2020 0.4096 -
0 27 2008 dti_digital_government_rank 2020 8 63
0 27 2008 dti_digital_government_score 2020 0.4449 -
0 27 2008 dti_digital_economy_rank 2020 2 63
0 27 2008 dti_digital_economy_score 2020 0.3668 -
0 27 2008 dti_digital_society_rank 2020 2 63
0 27 2008 dti_digital_society_score 2020 0.4052 -
0 22 2008 dti_rank 2020 4 63
0 22 2008 dti_score 2020 0.3897 -
0 22 2008 dti_digital_government_rank 2020 5 63
0 22 2008 dti_digital_government_score 2020 0.4513 -
0 22 2008 dti_digital_economy_rank 2020 14 63
0 22 2008 dti_digital_economy_score 2020 0.3019 -
0 22 2008 dti_digital_society_rank 2020 3 63
0 22 2008 dti_digital_society_score 2020 0.3955 -
0 79 2008 dti_rank 2020 5 63
0 79 2008 dti_score 2020 0.3848 -
0 79 2008 dti_digital_government_rank 2020 9 63
0 79 2008 dti_digital_government_score 2020 0.4446 -
0 79 2008 dti_digital_economy_rank 2020 6 63
0 79 2008 dti_digital_economy_score 2020 0.3136 -
0 79 2008 dti_digital_society_rank 2020 7 63
0 79 2008 dti_digital_society_score 2020 0.3764 -
0 82 2008 dti_rank 2020 6 63
0 82 2008 dti_score 2020 0.3761 -
0 82 2008 dti_digital_government_rank 2020 11 63
0 82 2008 dti_digital_government_score 2020 0.4168 -
0 82 2008 dti_digital_economy_rank 2020 11 63
0 82 2008 dti_digital_economy_score 2020 0.3065 -
0 82 2008 dti_digital_society_rank 2020 4 63
0 82 2008 dti_digital_society_score 2020 0.3915 -
0 92 2008 dti_rank 2020 7 63
0 92 2008 dti_score 2020 0.3696 -
0 92 2008 dti_digital_government_rank 2020 4 63
0 92 2008 dti_digital_government_score 2020 0.4544 -
0 92 2008 dti_digital_economy_rank 2020 10 63
0 92 2008 dti_digital_economy_score 2020 0.3087 -
0 92 2008 dti_digital_society_rank 2020 21 63
0 92 2008 dti_digital_society_score 2020 0.3174 -
0 37 2008 dti_rank 2020 8 63
0 37 2008 dti_score 2020 0.3645 -
0 37 2008 dti_digital_government_rank 2020 19 63
0 37 2008 dti_digital_government_score 2020 0.3915 -
0 37 2008 dti_digital_economy_rank 2020 4 63
0 37 2008 dti_digital_economy_score 2020 0.3161 -
0 37 2008 dti_digital_society_rank 2020 6 63
0 37 2008 dti_digital_society_score 2020 0.377 -
0 91 2008 dti_rank 2020 9 63
0 91 2008 dti_score 2020 0.3631 -
0 91 2008 dti_digital_government_rank 2020 15 63
0 91 2008 dti_digital_government_score 2020 0.403 -
0 91 2008 dti_digital_economy_rank 2020 12 63
0 91 2008 dti_digital_economy_score 2020 0.3051 -
0 91 2008 dti_digital_society_rank 2020 8 63
0 91 2008 dti_digital_society_score 2020 0.3678 -
1 11 2008 dti_rank_group63 2024 24 63
2 15 2025 bts_stations 2025-07 4017 -
2 15 2025 share_villages_with_3g4g 2025-07 99.3 -
2 15 2025 share_commune_centres_with_fibre 2025-07 100 -
2 15 2025 telecom_enterprises 2025-07 6 -
3 24 2025 telephone_subscribers 2025-H1 4045730 -
3 24 2025 internet_subscriptions 2025-H1 4397720 -
3 24 2025 bts_stations 2025-H1 3957 -
3 24 2025 bts_4g_new 2025-H1 118 -
3 24 2025 bts_5g_deployed 2025-H1 253 -
3 24 2025 bts_planned_by_end_2025 2025-H1 809 -
3 24 2025 public_telecom_fibre_subscribers 2025-H1 985 -
3 24 2025 public_telecom_mobile_subscribers 2025-H1 1982 -
4 24 2008 mobile_network_operators undated 5 -
4 24 2008 bts_stations undated 1400 -
4 24 2008 telecom_cable_km undated 5200 -
5 38-vnpt-thanh-hoa 2008 vnpt_broadband_communes undated 559 -
5 38-vnpt-thanh-hoa 2008 vnpt_sites undated 1555 -
5 38-vnpt-thanh-hoa 2008 vnpt_optical_access_stations undated 1500 -
5 38-vnpt-thanh-hoa 2008 vnpt_mobile_stations undated 1497 -
5 38-vnpt-thanh-hoa 2008 vnpt_fibre_km undated 25000 -
5 38-vnpt-thanh-hoa 2008 vnpt_fibre_access_km undated 15000 -
5 38-vnpt-thanh-hoa 2008 vnpt_fibre_trunk_km undated 9500 -
6 24 2008 par_index_rank 2021 7 63
6 24 2008 par_index_rank 2022 4 63
6 24 2008 par_index_rank 2023 4 63
7 24 2008 par_index_score 2022 88.54 -
7 24 2008 par_index_rank 2022 4 63
8 24 2008 par_modernization_subindex_rank 2023 1 63
8 24 2008 par_modernization_subindex_score 2023 91.99 -
8 24 2008 par_index_score 2023 91.16 -
8 24 2008 par_index_rank 2023 4 63
8 24 2008 sipas_rank 2023 38 63
8 24 2008 sipas_score 2023 81.62 -
8 48 2008 par_modernization_subindex_rank 2023 5 63
8 48 2008 par_modernization_subindex_score 2023 90.34 -
9 24 2008 par_index_score 2022 88.54 -
"""
# fmt: on


def expected() -> pd.DataFrame:
    """The 109 carried figures of round 3, one row each, with their page's URL."""
    rows = [line.split() for line in FIGURES.strip().splitlines()]
    frame = pd.DataFrame(
        rows, columns=["url", "unit_code", "vintage", "indicator", "period", "value", "den"]
    )
    frame["url"] = frame["url"].astype(int).map(dict(enumerate(SOURCE_URLS)))
    frame["vintage"] = frame["vintage"].astype(int)
    frame["value"] = frame["value"].astype(float)
    frame["den"] = pd.to_numeric(frame["den"].replace("-", None))
    return frame


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    """The published source list, indexed by id."""
    return pd.read_csv(PUBLISHED / "sources.csv", dtype=str, encoding="utf-8-sig").set_index("id")


@pytest.fixture(scope="module")
def shipped(sources) -> pd.DataFrame:
    """Observations of data/processed read from the round-3 files, with their source URL."""
    obs = pd.read_parquet(PUBLISHED / "observations.parquet")
    mine = obs["origin"].str.replace(r":line \d+$", "", regex=True).isin(RAW_FILES)
    urls = obs.loc[mine, "source_id"].map(sources["url"])
    return obs[mine].assign(url=urls).reset_index(drop=True)


def test_round_3_has_111_figures_109_carried_from_10_pages() -> None:
    figures = expected()
    assert len(figures) == 109 and len(figures) + len(NOT_CARRIED) == 111
    assert figures["url"].nunique() == len(SOURCE_URLS) == 10


def test_every_figure_is_shipped_once_with_its_page_and_value(shipped) -> None:
    figures = expected()
    keys = ["url", "unit_code", "vintage", "indicator", "period"]
    merged = figures.reset_index().merge(
        shipped.reset_index(), on=keys, how="left", suffixes=("", "_shipped")
    )
    merged = merged[(merged["value"] - merged["value_shipped"]).abs().fillna(1) < 1e-9]
    missing = figures.loc[~figures.index.isin(merged["index"])]
    assert missing.empty, f"not shipped:\n{missing.to_string()}"
    assert merged["index"].is_unique and merged["index_shipped"].is_unique
    assert len(shipped) == len(figures) == 109, "no figure is added or lost on the way"
    has_den = merged["den"].notna()
    assert (merged.loc[has_den, "den"] == merged.loc[has_den, "denominator"]).all()


def test_figures_not_carried_are_listed_in_the_data_readme_with_their_reason(shipped) -> None:
    readme = (REPO / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    for _unit, indicator, wording in NOT_CARRIED:
        assert indicator not in set(shipped["indicator"])
        assert f"`{indicator}`" in readme and wording in readme


def test_every_rank_carries_its_denominator_63_before_the_reform(shipped) -> None:
    kinds = load_codebook(REPO / "data" / "codebook.csv")["kind"]
    ranks = shipped[shipped["indicator"].map(kinds) == "rank"]
    assert len(ranks) == expected()["indicator"].str.contains("rank").sum() == 45
    assert set(ranks["vintage"]) == {2008} and set(ranks["denominator"]) == {63}
    listed_or_derived = ranks["indicator"].str.contains("_in_ordered_list|_in_top10_list|_derived")
    assert not listed_or_derived.any(), "round 3 has no list position and no derived rank"


def test_compiled_figures_say_so_in_note_and_source(shipped, sources) -> None:
    compiled = shipped[shipped["url"] == COMPILATION]
    assert len(compiled) == 72 and set(compiled["period"]) == {"2020"}
    assert compiled["note"].str.contains("secondary compilation").all()
    assert "secondary compilation" in sources.loc[compiled["source_id"].iat[0], "publisher"]


def test_sources_name_the_original_publisher_not_the_copy(shipped, sources) -> None:
    used = sources.loc[sorted(set(shipped["source_id"]))]
    assert not used["url"].str.contains("tag22533").any()  # tag page replaced by the article
    copy = used[used["url"].str.contains("marimbapop.com")]
    assert copy["publisher"].str.startswith("Báo Văn hóa").all() and len(copy) == 1
    assert used["title"].str.len().gt(0).all() and used["date"].str.len().gt(0).all()
    assert (shipped["value_as_published"].str.len() > 0).all()


def test_conflicts_between_sources_are_kept_side_by_side() -> None:
    obs = pd.read_parquet(PUBLISHED / "observations.parquet")
    dti_2020 = obs[(obs["indicator"] == "dti_rank") & (obs["period"] == "2020")]
    kien_giang = dti_2020[dti_2020["unit_code"] == "91"]
    assert sorted(kien_giang["value"]) == [8, 9] and kien_giang["conflict"].all()
    ninh_binh = dti_2020[dti_2020["unit_code"] == "37"]
    assert list(ninh_binh["value"]) == [8, 8] and not ninh_binh["conflict"].any()
    dien_bien = obs[(obs["unit_code"] == "11") & (obs["period"] == "2024")]
    group63 = dien_bien[dien_bien["indicator"] == "dti_rank_group63"]
    assert group63["note"].str.startswith("edition uncertain").all() and len(group63) == 1


def test_merged_lao_cai_2025_figures_stand_beside_the_former_province(shipped) -> None:
    lao_cai = shipped[(shipped["unit_code"] == "15") & (shipped["vintage"] == 2025)]
    share = lao_cai[lao_cai["indicator"] == "share_villages_with_3g4g"]
    assert share[["period", "value"]].values.tolist() == [["2025-07", 99.3]]
    assert share["note"].str.contains("30/7/2025").all()
    obs = pd.read_parquet(PUBLISHED / "observations.parquet")
    former = obs[(obs["unit_code"] == "10") & (obs["indicator"] == "villages_with_3g4g")]
    assert len(former) >= 1 and set(former["vintage"]) == {2008}


def test_every_new_indicator_has_vietnamese_and_english_labels(shipped) -> None:
    codebook = load_codebook(REPO / "data" / "codebook.csv")
    used = codebook.loc[sorted(set(shipped["indicator"]))]
    assert used["label_vi"].str.len().gt(0).all() and used["label_en"].str.len().gt(0).all()

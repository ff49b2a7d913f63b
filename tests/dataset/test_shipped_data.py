"""The shipped raw data builds cleanly and holds the published figures it promises.

The kit's own build runs on ``data/raw`` into a temporary folder; the assertions name specific
published figures (they stand on the project's data, not on any outside file).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"


@pytest.fixture(scope="module")
def built(shipped_build):
    """The kit's build of ``data/raw`` into a temporary folder (once per test run)."""
    return shipped_build


@pytest.fixture(scope="module")
def obs(built) -> pd.DataFrame:
    return pd.read_parquet(built.processed_dir / "observations.parquet")


@pytest.fixture(scope="module")
def register() -> dict:
    return yaml.safe_load((RAW / "sources.yml").read_text(encoding="utf-8"))


def _one(obs: pd.DataFrame, code: str, vintage: int, indicator: str, period: str) -> pd.DataFrame:
    return obs[
        (obs["unit_code"] == code)
        & (obs["vintage"] == vintage)
        & (obs["indicator"] == indicator)
        & (obs["period"] == period)
    ]


def test_shipped_raw_data_builds_without_a_single_reject(built):
    assert built.n_rejected == 0
    assert built.n_input == built.n_accepted > 350
    assert built.published


def test_dti_2022_rank_list_is_complete_with_the_tie_at_15(obs):
    ranks = obs[(obs["indicator"] == "dti_rank") & (obs["period"] == "2022")]
    assert len(ranks) == 63
    assert ranks["unit_code"].nunique() == 63
    assert set(ranks["vintage"]) == {2008}
    assert sorted(ranks["value"]) == [*range(1, 16), 15, *range(17, 64)]
    tied = ranks[ranks["value"] == 15].set_index("unit_code")["unit_name"].to_dict()
    assert tied == {"38": "Thanh Hóa", "15": "Yên Bái"}


# (province code, vintage, indicator, period, value, denominator or None)
DTI_FIGURES = [
    ("20", 2008, "dti_rank", "2020", 16, 63),
    ("20", 2008, "dti_rank", "2021", 5, 63),
    ("20", 2008, "dti_rank_in_top10_list", "2021", 5, 63),
    ("20", 2008, "dti_score", "2021", 0.5242, None),
    ("20", 2008, "dti_rank", "2022", 6, 63),
    ("20", 2008, "dti_rank_in_ordered_list", "2023", 4, 63),
    ("24", 2008, "dti_score", "2020", 0.3615, None),
    ("24", 2008, "dti_rank", "2020", 10, 63),
    ("24", 2008, "dti_rank_in_top10_list", "2020", 10, 63),
    ("24", 2008, "dti_rank", "2021", 10, 63),
    ("24", 2008, "dti_rank_in_top10_list", "2021", 10, 63),
    ("24", 2008, "dti_rank_derived", "2021", 10, 63),
    ("24", 2008, "dti_score", "2021", 0.4933, None),
    ("24", 2008, "dti_rank", "2022", 9, 63),
    ("24", 2008, "dti_rank_in_ordered_list", "2023", 9, 63),
    ("38", 2008, "dti_rank", "2020", 15, 63),
    ("38", 2008, "dti_score", "2021", 0.488, None),
    ("38", 2008, "dti_rank", "2021", 12, 63),
    ("38", 2008, "dti_rank", "2022", 15, 63),
    ("38", 2008, "dti_rank", "2023", 11, 63),
    ("38", 2025, "dti_rank", "2024", 5, 34),
    ("10", 2008, "dti_rank", "2022", 38, 63),
    ("15", 2025, "dti_score", "2024", 0.7167, None),
    ("15", 2025, "dti_rank", "2024", 14, 34),
]


@pytest.mark.parametrize(("code", "vintage", "indicator", "period", "value", "den"), DTI_FIGURES)
def test_every_published_dti_rank_and_score_of_the_four_provinces_is_present(
    obs, code, vintage, indicator, period, value, den
):
    rows = _one(obs, code, vintage, indicator, period)
    assert len(rows) >= 1
    assert rows["value"].tolist() == pytest.approx([value] * len(rows))
    if den is not None:
        assert rows["denominator"].tolist() == [den] * len(rows)


def test_dti_figures_of_the_four_provinces_are_exactly_the_known_ones(obs):
    dti = obs[
        obs["indicator"].isin(
            [
                "dti_rank",
                "dti_score",
                "dti_rank_in_top10_list",
                "dti_rank_in_ordered_list",
                "dti_rank_derived",
            ]
        )
        & (
            ((obs["vintage"] == 2008) & obs["unit_code"].isin(["20", "24", "10", "38"]))
            | ((obs["vintage"] == 2025) & obs["unit_code"].isin(["20", "24", "15", "38"]))
        )
    ]
    found = set(zip(dti["unit_code"], dti["vintage"], dti["indicator"], dti["period"], strict=True))
    expected = {row[:4] for row in DTI_FIGURES}
    assert found == expected


def test_bac_giang_has_no_dti_2024_figure_of_its_own(obs):
    dti_2024 = obs[obs["indicator"].str.startswith("dti") & (obs["period"] == "2024")]
    former = dti_2024["indicator"].str.endswith("_group63")
    assert set(dti_2024.loc[~former, "vintage"]) == {2025}
    assert set(dti_2024.loc[former, "vintage"]) == {2008}  # the 63 former provinces, kept apart
    assert not (dti_2024["unit_name"] == "Bắc Giang").any()


def test_lao_cai_2024_is_the_merged_province_not_yen_bai(obs):
    rows = _one(obs, "15", 2025, "dti_rank", "2024")
    assert rows["unit_name"].tolist() == ["Lào Cai"]
    assert "Yên Bái" in rows["note"].iat[0]


# (unit name, level, indicator, period, value, denominator, qualifier, source id)
SEED_FIGURES = [
    ("Lạng Sơn", "province", "dt_targets_met", "2023-H1", 19, 30, None, "steering-langson-2023-h1"),
    (
        "Lạng Sơn",
        "province",
        "community_digital_teams",
        "2023-H1",
        1676,
        None,
        None,
        "steering-langson-2023-h1",
    ),
    (
        "Lạng Sơn",
        "province",
        "community_digital_team_members",
        "2023-H1",
        9042,
        None,
        None,
        "steering-langson-2023-h1",
    ),
    (
        "Lạng Sơn",
        "province",
        "districts_with_dt_steering_committee",
        "2023-H1",
        11,
        11,
        None,
        "steering-langson-2023-h1",
    ),
    (
        "Lạng Sơn",
        "province",
        "priority_task_groups",
        "2020-08",  # published undated; the meeting of 23/8/2020 (data/raw/dating.csv)
        7,
        None,
        None,
        "steering-langson-2021",
    ),
    (
        "Bắc Giang",
        "province",
        "online_public_services_level34",
        "2021",
        1380,
        None,
        None,
        "steering-bacgiang-2022-01",
    ),
    (
        "Bắc Giang",
        "province",
        "share_eligible_services_online_level34",
        "2021",
        100,
        None,
        None,
        "steering-bacgiang-2022-01",
    ),
    (
        "Bắc Giang",
        "province",
        "share_e_documents_digitally_signed",
        "2021",
        100,
        None,
        "gần",
        "steering-bacgiang-2022-01",
    ),
    (
        "Bắc Giang",
        "province",
        "e_document_signing_rank",
        "2021",
        1,
        None,
        None,
        "steering-bacgiang-2022-01",
    ),
    ("Bắc Giang", "province", "dti_rank", "2020", 10, 63, None, "steering-bacgiang-2022-01"),
    (
        "Thanh Hóa",
        "province",
        "e_documents_exchanged",
        "2022-H1",
        1902270,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "e_documents_incoming",
        "2022-H1",
        1328552,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "e_documents_outgoing",
        "2022-H1",
        573718,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "share_e_documents_digitally_signed",
        "2022-H1",
        99.8,
        None,
        "trên",
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "share_officials_processing_documents_online",
        "2022-H1",
        100,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "share_documents_processed_online",
        "2022-H1",
        100,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "online_public_services_level3",
        "2022-H1",
        149,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "online_public_services_level4",
        "2022-H1",
        725,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "share_online_public_services_level4",
        "2022-H1",
        36,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "services_integrated_national_portal",
        "2022-H1",
        776,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Thanh Hóa",
        "province",
        "target_communes_digital_transformation",
        "2022",
        94,
        None,
        None,
        "steering-thanhhoa-2022-h1",
    ),
    (
        "Lào Cai",
        "province",
        "specialised_network_connection_points",
        "2023-Q1",
        170,
        None,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Lào Cai",
        "province",
        "specialised_network_services_configured",
        "2023-Q1",
        6,
        12,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Lào Cai",
        "province",
        "villages_mobile_gap_closed",
        "2023-Q1",
        21,
        None,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Sở Giáo dục và Đào tạo",
        "agency",
        "dti_local_score",
        "2022",
        625.30,
        1000,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Sở Tài Chính",
        "agency",
        "dti_local_score",
        "2022",
        603.20,
        1000,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Sở Thông tin và Truyền thông",
        "agency",
        "dti_local_score",
        "2022",
        601.90,
        1000,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Văn phòng UBND tỉnh",
        "agency",
        "dti_local_score",
        "2022",
        428.67,
        750,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Ban Tuyên giáo Tỉnh uỷ",
        "agency",
        "dti_local_score",
        "2022",
        402.00,
        750,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Đài Phát thanh - Truyền hình",
        "agency",
        "dti_local_score",
        "2022",
        393.38,
        750,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Lào Cai",
        "district",
        "dti_local_score",
        "2022",
        651.93,
        1000,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Bắc Hà",
        "district",
        "dti_local_score",
        "2022",
        585.45,
        1000,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Bát Xát",
        "district",
        "dti_local_score",
        "2022",
        585.22,
        1000,
        None,
        "steering-laocai-2023-q1",
    ),
    (
        "Bát Xát",
        "district",
        "dti_local_group_rank",
        "2022",
        3,
        None,
        None,
        "steering-laocai-2023-q1",
    ),
]


@pytest.mark.parametrize(
    ("unit", "level", "indicator", "period", "value", "den", "qualifier", "source"), SEED_FIGURES
)
def test_steering_committee_figures_are_present_with_their_report(
    obs, unit, level, indicator, period, value, den, qualifier, source
):
    rows = obs[
        (obs["unit_name"] == unit)
        & (obs["unit_level"] == level)
        & (obs["indicator"] == indicator)
        & (obs["period"] == period)
        & (obs["source_id"] == source)
    ]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["vintage"] == 2008
    assert row["value"] == pytest.approx(value)
    assert pd.isna(row["denominator"]) if den is None else row["denominator"] == den
    assert pd.isna(row["qualifier"]) if qualifier is None else row["qualifier"] == qualifier


def test_agencies_are_units_under_their_province(obs):
    agencies = obs[obs["unit_level"] == "agency"]
    # Lào Cai's own agency ranking, and VNPT Thanh Hóa (one operator's network figures)
    assert set(agencies["province_code"]) == {"10", "38"}
    assert "10-so-giao-duc-va-dao-tao" in set(agencies["unit_code"])


def test_every_report_file_has_its_figures_in_the_processed_data(obs, register):
    steering = {f["path"] for f in register["files"] if f["path"].startswith("steering/")}
    assert steering == {
        "steering/lang_son_2021.csv",
        "steering/bac_giang_2022.csv",
        "steering/thanh_hoa_2022.csv",
        "steering/lao_cai_2023.csv",
        "steering/lang_son_2023.csv",
    }
    origins = set(obs["origin"].str.split(":").str[0])
    assert steering <= origins


def test_every_processed_value_traces_back_to_exactly_one_raw_cell(obs, register):
    assert obs["origin"].is_unique
    # Pinned files (the census) are read from the mirror, not data/raw: tests/census checks them.
    pinned = tuple(f"{f['path']}:" for f in register["files"] if f.get("pinned"))
    obs = obs[~obs["origin"].str.startswith(pinned)] if pinned else obs
    # lookup tables (region membership, unit codes) hold no figures of their own
    locales = {
        f["path"]: f.get("number_locale", "vi")
        for f in register["files"]
        if not f.get("pinned") and f.get("layout") != "lookup"
    }
    raw_rows = 0
    lines_by_file = {}
    for path in locales:
        with open(RAW / path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        raw_rows += len(rows)
        lines_by_file[path] = rows
    assert raw_rows == len(obs)
    for origin, published, source in obs[["origin", "value_as_published", "source_id"]].itertuples(
        index=False
    ):
        match = re.fullmatch(r"(?P<file>.+):line (?P<line>\d+)", origin)
        assert match, origin
        rows = lines_by_file[match["file"]]
        cell = rows[int(match["line"]) - 2]  # line 1 is the header
        assert cell["value"] == published
        assert cell["source_id"] == source


def test_no_processed_value_lacks_a_source_entry(obs, register, built):
    ids = {entry["id"] for entry in register["sources"]}
    assert obs["source_id"].notna().all()
    assert set(obs["source_id"]) <= ids
    published = pd.read_csv(built.processed_dir / "sources.csv", encoding="utf-8-sig")
    assert set(obs["source_id"]) <= set(published["id"])
    for entry in register["sources"]:
        assert entry["title"] and entry["publisher"] and entry["licence"]
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?|undated", str(entry["date"]))


def test_same_figure_from_two_sources_is_kept_twice_and_not_a_conflict(obs):
    rows = _one(obs, "24", 2008, "dti_rank", "2020")
    assert sorted(rows["source_id"]) == [
        "baobacgiang-en-2021-dti2020",
        "steering-bacgiang-2022-01",
        "vietjo-2021-dti2020",
    ]
    assert not rows["conflict"].any()


def test_figures_of_different_dates_from_different_sources_stay_side_by_side(obs):
    members = obs[
        (obs["unit_code"] == "38") & (obs["indicator"] == "community_digital_team_members")
    ].sort_values("period")
    assert members["period"].tolist() == ["2024-10", "2025-05"]
    assert members["value"].tolist() == [15995, 14000]
    assert members["qualifier"].fillna("").tolist() == ["", "trên"]
    teams = obs[(obs["unit_code"] == "20") & (obs["indicator"] == "community_digital_teams")]
    assert dict(zip(teams["period"], teams["value"], strict=True)) == {
        "2022-06": 1680,
        "2023-H1": 1676,
        "2024-04": 1658,
    }
    assert teams["source_id"].nunique() == 3
    villages = obs[(obs["unit_code"] == "10") & (obs["indicator"] == "villages_with_3g4g")]
    assert sorted(villages["value"]) == [1525, 1533]
    assert set(villages["period"]) == {"2023-H1", "undated"}
    assert villages.loc[villages["period"] == "undated", "year"].isna().all()


# Every figure of the five steering-committee reports, counted by indicator (data/raw/README.md
# lists what was left out on purpose and why).
REPORT_INVENTORY = {
    "steering-langson-2021": {"priority_task_groups": 1},
    "steering-bacgiang-2022-01": {
        "online_public_services_level34": 1,
        "share_eligible_services_online_level34": 1,
        "share_e_documents_digitally_signed": 1,
        "e_document_signing_rank": 1,
        "dti_rank": 1,
    },
    "steering-thanhhoa-2022-h1": {
        "share_officials_processing_documents_online": 1,
        "share_documents_processed_online": 1,
        "e_documents_exchanged": 1,
        "e_documents_incoming": 1,
        "e_documents_outgoing": 1,
        "share_e_documents_digitally_signed": 1,
        "online_public_services_level3": 1,
        "online_public_services_level4": 1,
        "share_online_public_services_level4": 1,
        "services_integrated_national_portal": 1,
        "target_communes_digital_transformation": 1,
    },
    "steering-laocai-2023-q1": {
        "dti_local_score": 9,
        "dti_local_group_rank": 9,
        "specialised_network_connection_points": 1,
        "specialised_network_services_configured": 1,
        "villages_mobile_gap_closed": 1,
    },
    "steering-langson-2023-h1": {
        "districts_with_dt_steering_committee": 1,
        "community_digital_teams": 1,
        "community_digital_team_members": 1,
        "dt_targets_met": 1,
    },
}


def test_each_report_contributes_exactly_its_inventoried_figures(obs):
    steering = obs[obs["source_id"].str.startswith("steering-")]
    found = {
        source: rows["indicator"].value_counts().to_dict()
        for source, rows in steering.groupby("source_id")
    }
    assert found == REPORT_INVENTORY
    assert steering["value"].notna().all()


# (source id, indicator, period, value as published, denominator or None)
REPORT_WORDING = [
    ("steering-langson-2023-h1", "dt_targets_met", "2023-H1", "19/30 chỉ tiêu", 30),
    ("steering-langson-2023-h1", "districts_with_dt_steering_committee", "2023-H1", "11/11", 11),
    ("steering-laocai-2023-q1", "villages_mobile_gap_closed", "2023-Q1", "21 thôn", None),
    (
        "steering-laocai-2023-q1",
        "specialised_network_services_configured",
        "2023-Q1",
        "6/12 dịch vụ",
        12,
    ),
    ("steering-thanhhoa-2022-h1", "e_documents_exchanged", "2022-H1", "1.902.270 văn bản", None),
    (
        "steering-thanhhoa-2022-h1",
        "share_e_documents_digitally_signed",
        "2022-H1",
        "trên 99,8%",
        None,
    ),
    ("steering-bacgiang-2022-01", "share_e_documents_digitally_signed", "2021", "gần 100%", None),
    ("steering-bacgiang-2022-01", "dti_rank", "2020", "10/63", 63),
]


@pytest.mark.parametrize(("source", "indicator", "period", "published", "den"), REPORT_WORDING)
def test_report_figures_keep_the_wording_they_were_printed_with(
    obs, source, indicator, period, published, den
):
    rows = obs[
        (obs["source_id"] == source) & (obs["indicator"] == indicator) & (obs["period"] == period)
    ]
    assert rows["value_as_published"].tolist() == [published]
    assert rows["vintage"].tolist() == [2008]
    assert pd.isna(rows["denominator"].iat[0]) if den is None else rows["denominator"].iat[0] == den


def test_thanh_hoa_incoming_and_outgoing_documents_add_up_to_the_printed_total(obs):
    rows = obs[(obs["source_id"] == "steering-thanhhoa-2022-h1") & (obs["unit_code"] == "38")]
    value = rows.set_index("indicator")["value"]
    assert value["e_documents_incoming"] == 1328552
    assert value["e_documents_outgoing"] == 573718
    assert (
        value["e_documents_incoming"] + value["e_documents_outgoing"]
        == value["e_documents_exchanged"]
    )


def test_lao_cai_group_ranks_follow_the_printed_scores(obs):
    local = obs[obs["indicator"].isin(["dti_local_score", "dti_local_group_rank"])]
    wide = local.pivot_table(
        index=["unit_code", "unit_level"], columns="indicator", values="value"
    ).join(
        local[local["indicator"] == "dti_local_score"].set_index(["unit_code", "unit_level"])[
            "denominator"
        ]
    )
    groups = {key: rows for key, rows in wide.reset_index().groupby(["unit_level", "denominator"])}
    assert sorted(groups) == [("agency", 750.0), ("agency", 1000.0), ("district", 1000.0)]
    for rows in groups.values():
        by_score = rows.sort_values("dti_local_score", ascending=False)
        assert by_score["dti_local_group_rank"].tolist() == [1, 2, 3]
    top = groups[("district", 1000.0)].set_index("unit_code")["dti_local_score"]
    assert top.max() == pytest.approx(651.93)


def _period_end(period: str) -> pd.Timestamp:
    year, _, part = period.partition("-")
    month = {"": 12, "H1": 6, "H2": 12}.get(part)
    if month is None:
        month = int(part[-1]) * 3 if part.startswith("Q") else int(part)
    return pd.Timestamp(int(year), month, 1) + pd.offsets.MonthEnd(0)


def test_no_report_figure_is_dated_after_its_report_except_targets(obs, register):
    dates = {entry["id"]: str(entry["date"]) for entry in register["sources"]}
    steering = obs[obs["source_id"].str.startswith("steering-") & (obs["period"] != "undated")]
    # every steering figure has a period: the one printed undated is dated by the register
    assert len(steering) == len(obs[obs["source_id"].str.startswith("steering-")])
    late = [
        (row.source_id, row.indicator, row.period)
        for row in steering.itertuples()
        if _period_end(row.period) > pd.Timestamp(dates[row.source_id])
    ]
    assert late == [("steering-thanhhoa-2022-h1", "target_communes_digital_transformation", "2022")]


# (province code, indicator, period, value, denominator): counts and shares with the base the
# source printed beside them
BASE_FIGURES = [
    ("38", "villages_without_telecom", "undated", 118, 1850),
    ("38", "villages_with_mobile_coverage", "undated", 1732, 1850),
    ("10", "villages_without_mobile_broadband", "undated", 29, 1562),
    ("10", "villages_without_fibre", "undated", 226, 1562),
    ("10", "villages_with_fibre", "undated", 1336, 1562),
    ("20", "share_dossiers_digitized", "2024-09", 96, 979536),
    ("20", "dossiers_digitized", "2024-09", 942934, 979536),
    ("35", "full_online_dossier_share", "2024", 68.54, 168746),
    ("35", "full_online_dossiers", "2024", 115665, 168746),
]


@pytest.mark.parametrize(("code", "indicator", "period", "value", "den"), BASE_FIGURES)
def test_counts_and_shares_carry_the_base_printed_beside_them(
    obs, code, indicator, period, value, den
):
    rows = _one(obs, code, 2008, indicator, period)
    assert rows["value"].tolist() == pytest.approx([value])
    assert rows["denominator"].tolist() == [den]


# (unit code, vintage, indicator, period, value, denominator or None, source id): figures a source
# printed beside another one, each a row of its own
SIDE_FIGURES = [
    ("24", 2008, "par_modernization_subindex_rank", "2020", 1, 63, "vietnamnet-bacgiang-2023"),
    ("24", 2008, "par_modernization_subindex_rank", "2021", 1, 63, "vietnamnet-bacgiang-2023"),
    ("24", 2008, "par_modernization_subindex_rank", "2022", 1, 63, "vietnamnet-bacgiang-2023"),
    ("10", 2008, "ndxp_transactions_rank", "2022", 3, 63, "baodantoc-2023-laocai"),
    ("10", 2008, "ndxp_transactions_rank", "2023-03", 2, 63, "baodantoc-2023-laocai"),
    (
        "24",
        2008,
        "digital_economy_share_grdp_rank",
        "undated",
        3,
        None,
        "thoisutoancanh-bacninh-grdp",
    ),
    (
        "27",
        2008,
        "digital_economy_share_grdp_rank",
        "undated",
        1,
        None,
        "thoisutoancanh-bacninh-grdp",
    ),
    (
        "38",
        2008,
        "share_villages_with_digital_team",
        "2024-10",
        100,
        None,
        "baothanhhoa-2024-community-teams",
    ),
    (
        "VN",
        2008,
        "provinces_all_eligible_services_level4",
        "2021-10",
        23,
        63,
        "baolangson-2021-dti2020",
    ),
    ("15", 2025, "public_service_index_rank", "2025-H2", 15, 34, "vietnamvn-en-laocai-project06"),
    (
        "15",
        2025,
        "public_service_index_publicity",
        "2025-H2",
        15.42,
        None,
        "vietnamvn-en-laocai-project06",
    ),
    (
        "15",
        2025,
        "public_service_index_progress",
        "2025-H2",
        19.24,
        None,
        "vietnamvn-en-laocai-project06",
    ),
    (
        "15",
        2025,
        "public_service_index_online_service",
        "2025-H2",
        16.85,
        None,
        "vietnamvn-en-laocai-project06",
    ),
    (
        "15",
        2025,
        "public_service_index_satisfaction",
        "2025-H2",
        17.97,
        None,
        "vietnamvn-en-laocai-project06",
    ),
    (
        "15",
        2025,
        "public_service_index_digitisation",
        "2025-H2",
        19.24,
        None,
        "vietnamvn-en-laocai-project06",
    ),
]


@pytest.mark.parametrize(
    ("code", "vintage", "indicator", "period", "value", "den", "source"), SIDE_FIGURES
)
def test_figures_printed_beside_another_are_rows_of_their_own(
    obs, code, vintage, indicator, period, value, den, source
):
    rows = _one(obs, code, vintage, indicator, period)
    assert rows["source_id"].tolist() == [source]
    assert rows["value"].tolist() == pytest.approx([value])
    assert pd.isna(rows["denominator"].iat[0]) if den is None else rows["denominator"].iat[0] == den

"""The page helpers on the shipped dataset and on synthetic observations."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cdskit.connectivity import (
    GapThresholds,
    Quarter,
    commune_gaps,
    credit_lines,
    gap_sources,
    gap_summary,
    licence_table,
    map_specs,
    ranked_table,
)
from cdskit.connectivity._evidence import EVIDENCE_KINDS
from cdskit.connectivity._gap_page import published_table
from cdskit.dataset import COLUMN_NAMES, load, load_codebook
from cdskit.dataset.codebook import CONNECTIVITY_INDICATORS
from cdskit.narrative._topics import FIGURE_TOPICS
from cdskit.units import units

Q1 = Quarter("mobile", 2024, 1)


def _synthetic_ookla(observations: pd.DataFrame) -> pd.DataFrame:
    """Shipped observations plus synthetic Ookla figures for Lạng Sơn's communes."""
    communes = units("commune", 2025, province="20")
    rows = []
    for number, code in enumerate(communes["code"]):
        for indicator, value in (
            ("ookla_mobile_download_kbps", 1_000.0 * (number % 30)),
            ("ookla_mobile_measured_area_share", float(number % 100)),
        ):
            rows.append(
                {
                    "unit_code": code,
                    "unit_name": "x",
                    "unit_name_as_published": code,
                    "unit_level": "commune",
                    "vintage": 2025,
                    "province_code": "20",
                    "indicator": indicator,
                    "period": "2024-Q1",
                    "year": 2024,
                    "value": value,
                    "value_as_published": str(value),
                    "source_id": "ookla-mobile-2024-q1",
                    "conflict": False,
                    "origin": "synthetic.csv",
                    "denominator": np.nan,
                }
            )
    synthetic = pd.DataFrame(rows).reindex(columns=list(COLUMN_NAMES))
    return pd.concat([observations, synthetic], ignore_index=True)


def test_with_the_shipped_data_only_the_published_figures_are_there() -> None:
    sources = gap_sources(["Thanh Hóa"], Q1)
    assert sources.ookla.empty and sources.survey.empty
    assert set(sources.published["unit_name"]) >= {"Quan Sơn", "Mường Lát", "Bá Thước"}
    assert map_specs(sources) == []
    notes = sources.notes("en")
    assert len(notes) == 1 and "cdskit" not in notes[0], "one sentence, no command in the body"
    assert "Ookla" in notes[0] and "Thanh Hóa" in notes[0]
    commands = sources.commands()
    assert "cdskit connectivity ookla --year 2024 --quarter 1 --type mobile" in commands[0]
    assert 'cdskit connectivity template --province "Thanh Hóa"' in commands[1]
    gaps = commune_gaps(sources)
    assert len(gaps) == len(units("commune", 2025, province="38"))
    assert "No commune figures yet" in gap_summary(gaps, sources, "en")
    assert len(credit_lines(sources, "vi")) == 1, "no Ookla credit without Ookla figures"


def test_the_vietnamese_published_table_has_no_english_notes() -> None:
    sources = gap_sources(["Lạng Sơn"], Q1)
    vi, en = published_table(sources, "vi"), published_table(sources, "en")
    assert "Ghi chú" not in vi.columns and "Note" in en.columns
    assert any("Kiên Mộc" in row[0] for row in vi.rows)


def test_ookla_figures_give_two_maps_a_ranking_and_the_providers_credit() -> None:
    observations = _synthetic_ookla(load())
    sources = gap_sources(["Lạng Sơn"], Q1, observations=observations)
    thresholds = GapThresholds(download_mbps=8)
    specs = map_specs(sources, thresholds, "vi")
    assert [spec.name for spec in specs] == ["ookla-speed", "ookla-measured"]
    assert 8000.0 in specs[0].arguments["bins"]
    assert "dưới 8 Mbit/s" in specs[0].arguments["title"]
    gaps = commune_gaps(sources, thresholds)
    assert gaps["rank"].tolist() == list(range(1, len(gaps) + 1))
    slowest = gaps.iloc[0]
    assert slowest["gaps"] == 2 and slowest["download_mbps"] < 8
    table = ranked_table(gaps, "en", thresholds=thresholds, top=5)
    assert len(table.rows) == 5
    assert any("Median download speed" in note and "Lạng Sơn" in note for note in table.notes)
    assert any("CC BY-NC-SA 4.0" in line for line in credit_lines(sources, "en"))
    assert "communes with figures miss at least one threshold" in gap_summary(gaps, sources, "en")
    licences = licence_table(["vov-langson-song-may-tinh"], "vi")
    assert licences.rows[0][2] == "không nêu"


def test_the_published_table_shows_the_codebook_connectivity_topic_and_nothing_else() -> None:
    observations = load()
    district = observations[
        (observations["vintage"] == 2008)
        & (observations["unit_level"] == "district")
        & (observations["province_code"] == "20")
    ].iloc[[0]]
    assert len(district) == 1, "a district figure of the former Lạng Sơn to copy"
    extra = district.assign(indicator="villages_with_fibre", value=3.0, value_as_published="3")
    sources = gap_sources(
        ["Lạng Sơn"], Q1, observations=pd.concat([observations, extra], ignore_index=True)
    )
    shown = set(sources.published["indicator"])
    assert "villages_with_fibre" in shown, "a topic indicator the page had not listed before"
    assert "population" not in shown, "the districts' census figures are not gap figures"
    assert shown <= set(CONNECTIVITY_INDICATORS)
    assert set(CONNECTIVITY_INDICATORS) <= set(load_codebook().index)


def test_the_connectivity_topic_is_written_once_and_read_by_the_evidence_and_the_narrative():
    assert FIGURE_TOPICS["connectivity"] is CONNECTIVITY_INDICATORS
    assert set(EVIDENCE_KINDS) <= set(CONNECTIVITY_INDICATORS)

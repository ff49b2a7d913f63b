"""Data dictionary generated from a small codebook, processed table and source list.

synthetic test data: the indicators, figures and sources below are made up for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cdskit.dataset.codebook import CODEBOOK_COLUMNS
from cdskit.dataset.dictionary import write_data_dictionary
from cdskit.dataset.observations import COLUMN_NAMES
from cdskit.errors import InputError

_CODEBOOK = [
    [
        "dti_rank",
        "Xếp hạng DTI",
        "DTI rank",
        "hạng",
        "rank",
        "rank",
        "1",
        "63",
        "false",
        "not_aggregable",
        "",
        "Hạng trên 63 | 34",
        "Rank out of 63 | 34",
    ],
    [
        "villages_with_fibre",
        "Thôn có cáp quang",
        "Villages with fibre",
        "thôn",
        "villages",
        "count",
        "0",
        "",
        "true",
        "sum",
        "src-b",
        "",
        "",
    ],
    [
        "unused_indicator",
        "Chưa có số liệu",
        "No figures yet",
        "%",
        "%",
        "percent",
        "0",
        "100",
        "true",
        "not_aggregable",
        "",
        "",
        "",
    ],
]
# (indicator, period, year, source)
_FIGURES = [
    ("dti_rank", "2020", 2020, "src-a"),
    ("dti_rank", "2021", 2021, "src-a"),
    ("dti_rank", "2022", 2022, "src-b"),
    ("dti_rank", "2024", 2024, "src-a"),
    ("villages_with_fibre", "undated", None, "src-b"),
    ("villages_with_fibre", "2023-H1", 2023, "src-b"),
]


@pytest.fixture()
def inputs(tmp_path: Path) -> dict[str, Path]:
    codebook = tmp_path / "codebook.csv"
    pd.DataFrame(_CODEBOOK, columns=list(CODEBOOK_COLUMNS)).to_csv(codebook, index=False)
    records = []
    for number, (indicator, period, year, source) in enumerate(_FIGURES, start=2):
        record = dict.fromkeys(COLUMN_NAMES)
        record.update(
            unit_code="20",
            unit_name="Lạng Sơn",
            unit_level="province",
            vintage=2008,
            indicator=indicator,
            period=period,
            year=year,
            value=1.0,
            value_as_published="1",
            source_id=source,
            conflict=False,
            origin=f"synthetic.csv:line {number}",
        )
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=list(COLUMN_NAMES))
    frame["year"] = frame["year"].astype("Int64")
    processed = tmp_path / "processed"
    processed.mkdir()
    data = processed / "observations.parquet"
    frame.to_parquet(data, index=False)
    pd.DataFrame(
        [
            ["src-b", "Báo cáo B | phụ lục", "Nơi B", "undated", "", "not stated"],
            ["src-a", "Bài A", "Nơi A", "2022-08", "https://example.org/a", "not stated"],
        ],
        columns=["id", "title", "publisher", "date", "url", "licence"],
    ).to_csv(processed / "sources.csv", index=False, encoding="utf-8-sig")
    return {"codebook": codebook, "data": data, "out": tmp_path / "docs" / "dictionary.md"}


def _write(inputs: dict[str, Path]) -> str:
    path = write_data_dictionary(
        inputs["out"], data_path=inputs["data"], codebook_path=inputs["codebook"]
    )
    assert path == inputs["out"]
    return path.read_text(encoding="utf-8")


def test_dictionary_lists_each_indicator_with_meaning_unit_years_and_sources(inputs):
    text = _write(inputs)
    lines = text.splitlines()
    rank = next(line for line in lines if line.startswith("| `dti_rank`"))
    assert rank == (
        "| `dti_rank` | Xếp hạng DTI / DTI rank | hạng / rank | hạng / rank | 2020–2022, 2024 "
        "| 4 | `src-a`, `src-b` |"
    )
    fibre = next(line for line in lines if line.startswith("| `villages_with_fibre`"))
    assert "| 2023, undated | 2 | `src-b` |" in fibre


def test_indicators_without_figures_are_listed_with_visible_gaps(inputs):
    text = _write(inputs)
    unused = next(line for line in text.splitlines() if line.startswith("| `unused_indicator`"))
    assert unused.endswith("| — | 0 | — |")


def test_notes_sources_and_pipes_are_written_safely(inputs):
    text = _write(inputs)
    assert "Hạng trên 63 | 34" in text  # in the notes list, outside any table
    assert "Báo cáo B \\| phụ lục" in text  # escaped inside the sources table
    assert "[Bài A](https://example.org/a)" in text
    assert "nguồn ưu tiên / preferred source: `src-b`" in text
    assert text.index("`src-a`") < text.index("| `src-b` | Báo cáo B")


def test_same_inputs_give_byte_identical_output(inputs):
    first = _write(inputs)
    assert _write(inputs) == first


def test_missing_processed_data_names_the_build_command_and_keeps_the_old_file(inputs, tmp_path):
    inputs["out"].parent.mkdir(parents=True)
    inputs["out"].write_text("previous dictionary\n", encoding="utf-8")
    with pytest.raises(InputError, match="cdskit build"):
        write_data_dictionary(
            inputs["out"], data_path=tmp_path / "none.parquet", codebook_path=inputs["codebook"]
        )
    assert inputs["out"].read_text(encoding="utf-8") == "previous dictionary\n"

"""Publishing: formula neutralisation, atomic writes, deterministic files (synthetic test data)."""

from __future__ import annotations

import json

import frictionless
import pandas as pd
import pyarrow.parquet as pq
import pytest
from synthetic import write_project

from cdskit.dataset.observations import COLUMNS, FIGURE_KEY
from cdskit.files import write_folder_atomically
from cdskit.processing.pipeline import build
from cdskit.processing.publish import neutralise


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+84 912", "'+84 912"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("-", "-"),
        ("Thanh Hóa", "Thanh Hóa"),
        ("<script>", "<script>"),
        (None, None),
    ],
)
def test_text_cells_that_look_like_formulas_are_neutralised(cell, written):
    out = neutralise(pd.DataFrame({"text": pd.Series([cell], dtype=object)}))
    assert out["text"].iat[0] == written


def test_negative_numbers_in_numeric_columns_stay_numbers():
    out = neutralise(pd.DataFrame({"value": [-3.5, 2.0], "year": pd.array([2024, None], "Int64")}))
    assert out["value"].tolist() == [-3.5, 2.0]
    assert out["year"].dtype == "Int64"


def test_a_failing_writer_leaves_the_target_folder_untouched(tmp_path):
    target = tmp_path / "processed"
    write_folder_atomically(target, {"a.txt": lambda p: p.write_text("good", encoding="utf-8")})

    def broken(path):
        path.write_text("half", encoding="utf-8")
        raise OSError("disk full (simulated)")

    writers = {"a.txt": lambda p: p.write_text("new", encoding="utf-8"), "b.txt": broken}
    with pytest.raises(OSError, match="simulated"):
        write_folder_atomically(target, writers)
    assert [p.name for p in target.iterdir()] == ["a.txt"]
    assert (target / "a.txt").read_text(encoding="utf-8") == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["processed"]


def test_parquet_and_csv_follow_the_observation_schema(tmp_path):
    build(write_project(tmp_path))
    processed = tmp_path / "data" / "processed"
    schema = pq.read_schema(processed / "observations.parquet")
    assert schema.names == [column.name for column in COLUMNS]
    types = {column.name: str(schema.field(column.name).type) for column in COLUMNS}
    assert (types["vintage"], types["value"], types["conflict"]) == ("int64", "double", "bool")
    csv = pd.read_csv(processed / "observations.csv", encoding="utf-8-sig")
    assert list(csv.columns) == [column.name for column in COLUMNS]
    keys = list(csv[list(FIGURE_KEY)].astype(str).itertuples(index=False))
    assert keys == sorted(keys)


def test_the_datapackage_declares_keys_sources_and_licences(tmp_path):
    build(write_project(tmp_path))
    package = json.loads((tmp_path / "data" / "processed" / "datapackage.json").read_text("utf-8"))
    observations = package["resources"][0]["schema"]
    assert observations["primaryKey"] == [*FIGURE_KEY, "source_id"]
    assert {key["fields"] for key in observations["foreignKeys"]} == {"indicator", "source_id"}
    assert {source["title"] for source in package["sources"]} == {
        "Báo cáo A (synthetic)",
        "Báo cáo B (synthetic)",
    }
    assert {licence["title"] for licence in package["licenses"]} == {"CC BY 4.0", "not stated"}
    assert "modified" not in json.dumps(package) and "created" not in json.dumps(package)


def test_frictionless_notices_a_tampered_published_file(tmp_path):
    build(write_project(tmp_path))
    processed = tmp_path / "data" / "processed"
    text = (processed / "observations.csv").read_text("utf-8-sig").splitlines()
    duplicated = "\n".join([*text, text[1]]) + "\n"
    (processed / "observations.csv").write_text(duplicated, encoding="utf-8-sig")
    report = frictionless.validate(str(processed / "datapackage.json"))
    assert not report.valid
    assert "primary-key" in {row[0] for row in report.flatten(["type"])}

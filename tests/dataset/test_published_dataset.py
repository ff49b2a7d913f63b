"""The dataset published in data/processed is exactly what the build makes from data/raw.

data/processed is committed so the open dataset can be used without running Python; this test
fails when a raw file, the codebook or the pipeline changed without `make data`.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import REPO

PUBLISHED = REPO / "data" / "processed"
TEXT_FILES = [
    "observations.csv",
    "codebook.csv",
    "sources.csv",
    "raw_files.csv",
    "datapackage.json",
    "validation_report.csv",
    "validation_report.md",
    "validation_report.html",
]


@pytest.fixture(scope="module")
def fresh(shipped_build):
    """The folder a fresh build of ``data/raw`` wrote (once per test run)."""
    return shipped_build.processed_dir


@pytest.mark.parametrize("name", TEXT_FILES)
def test_the_published_file_matches_a_fresh_build(fresh, name):
    published = PUBLISHED / name
    assert published.is_file(), f"{published} is missing: run 'make data' and commit it"
    assert published.read_bytes() == (fresh / name).read_bytes(), (
        f"data/processed/{name} is out of date: run 'make data' and commit the result"
    )


def test_the_published_parquet_holds_the_same_rows_as_a_fresh_build(fresh):
    published = pd.read_parquet(PUBLISHED / "observations.parquet")
    pd.testing.assert_frame_equal(published, pd.read_parquet(fresh / "observations.parquet"))

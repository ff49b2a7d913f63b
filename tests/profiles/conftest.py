"""Fixtures of the profile tests: every profile and the picker written once, from the real
dataset (``data/processed``), and what each page must show worked out here from the
observations, independently of the profiles package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import once_per_run

from cdskit import units
from cdskit.dataset import load
from cdskit.formatting import format_number, format_rank
from cdskit.profiles import write_profiles
from cdskit.terms import PROVINCE_COUNT

#: The overall DTI indicators (rank and score) and what each holds.
OVERALL = {
    "dti_rank": ("rank", ""),
    "dti_rank_in_top10_list": ("rank", "†"),
    "dti_rank_in_ordered_list": ("rank", "†"),
    "dti_rank_derived": ("rank", "‡"),
    "dti_score": ("score", ""),
    "dti_rank_group63": ("rank", ""),
    "dti_rank_in_ordered_list_group63": ("rank", "†"),
    "dti_score_group63": ("score", ""),
}


@pytest.fixture(scope="session")
def written(tmp_path_factory, request) -> tuple[Path, list[dict]]:
    """Every profile and the picker, as published; shared by the xdist workers.

    When ``reports/`` holds what the current tree renders (``make all`` ran before the tests,
    as in CI), these are the profiles it published there, through the report matrix:
    :func:`write_profiles` finds them up to date and returns their index (a file it had to
    write again would replace the link of the matrix's snapshot, never change ``reports/``).
    Otherwise every profile is written once per test run into a folder of its own (not a
    render of every report: ``make test-quick`` uses this fixture).
    """
    from report_matrix import REPO as CHECKOUT
    from report_matrix import up_to_date

    if up_to_date(CHECKOUT / "reports"):
        matrix = request.getfixturevalue("report_matrix")
        if matrix["source"] == "reports/":
            return matrix["out"], write_profiles(matrix["out"])

    def make(folder: Path) -> tuple[Path, list[dict]]:
        return folder, write_profiles(folder, pdf="all", force=True)

    return once_per_run(tmp_path_factory, "profiles-written", make)


@pytest.fixture(scope="session")
def published_pdfs(report_matrix):
    """Copy the PDFs ``make all`` laid out, with their keys, into a new reports folder.

    Returns a function of the folder; it copies ``profiles/*.pdf`` and ``profiles/index.json``
    (which holds each PDF's key) when the report matrix is ``reports/`` of the current tree, and
    does nothing otherwise. A later :func:`write_profiles` there keeps a
    PDF whose print page it finds unchanged and lays out the others: a test of what is written
    again need not lay out all 150 first. No HTML page is copied.
    """

    def seed(folder: Path) -> None:
        if report_matrix["source"] != "reports/":
            return
        source, target = report_matrix["out"] / "profiles", folder / "profiles"
        target.mkdir(parents=True, exist_ok=True)
        for path in [*source.glob("*.pdf"), source / "index.json"]:
            shutil.copyfile(path, target / path.name)

    return seed


@pytest.fixture(scope="session")
def dti() -> pd.DataFrame:
    """Every province-level DTI figure of the dataset, with its edition key."""
    frame = load()
    frame = frame[
        frame["indicator"].str.startswith("dti_")
        & (frame["unit_level"] == "province")
        & pd.to_numeric(frame["value"], errors="coerce").notna()
    ].copy()
    frame["vintage"] = frame["vintage"].astype(int)
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    frame["edition"] = [
        f"{y}-63" if i.endswith("_group63") else str(y)
        for y, i in zip(frame["year"], frame["indicator"], strict=True)
    ]
    return frame


def profile_stem(vintage: int, code: str) -> str:
    """The file stem a profile must have, from the unit tables (no diacritics)."""
    import unicodedata

    name = units.resolve(code, vintage=vintage).name
    text = unicodedata.normalize("NFD", name).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return "-".join(words) + f"-{PROVINCE_COUNT[vintage]}"


def shown_text(rows: pd.DataFrame, indicator: str, value: float, of: float | None, language: str):
    """How a figure must read: a list or derived rank equal to a stated one reads as stated."""
    is_rank = "_rank" in indicator
    if not is_rank:
        return format_number(value, language)
    mark = "†" if "_in_" in indicator else "‡" if indicator.endswith("_derived") else ""
    stated = rows[
        rows["indicator"].map(lambda i: "_rank" in i and "_in_" not in i and "_derived" not in i)
    ]
    if mark and (abs(stated["value"] - value) < 1e-9).any():
        mark = ""
    return format_rank(value, int(of), language) + mark


@pytest.fixture(scope="session")
def stem_of():
    return profile_stem


@pytest.fixture(scope="session")
def text_of():
    return shown_text

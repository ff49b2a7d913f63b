"""Fixtures of the report runner tests: a project folder with synthetic data."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from synthetic import CODEBOOK, observation, table

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder used as CDSKIT_ROOT: a synthetic codebook and synthetic figures."""
    monkeypatch.setenv("CDSKIT_ROOT", str(tmp_path))
    monkeypatch.delenv("CDSKIT_SCHEDULER", raising=False)
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "codebook.csv").write_text(CODEBOOK, encoding="utf-8")
    rows = [
        observation("Lạng Sơn", 2022, 12, indicator="dti_rank"),
        observation("Thanh Hóa", 2022, 15, indicator="dti_rank"),
        observation("Lạng Sơn", 2024, 9, indicator="dti_rank"),
    ]
    table(rows).to_parquet(tmp_path / "data" / "processed" / "observations.parquet", index=False)
    return tmp_path


@pytest.fixture
def configure(project: Path) -> Callable[[str], Path]:
    """Return a function writing ``reports.toml`` (synthetic test data) into the project."""

    def write(text: str) -> Path:
        config = project / "reports.toml"
        config.write_text("# synthetic test data\n" + textwrap.dedent(text), encoding="utf-8")
        return config

    return write

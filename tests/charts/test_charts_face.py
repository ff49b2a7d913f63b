"""The face of the charts stage: a few names, and one selection taken the same way by all."""

from __future__ import annotations

import inspect

import pytest

from cdskit import charts

DTI_FUNCTIONS = [name for name in charts.__all__ if name.startswith("dti_")]


def test_the_charts_face_stays_small() -> None:
    assert len(charts.__all__) <= 25
    assert {"Selection", "save", "figure_html"} <= set(charts.__all__)


@pytest.mark.parametrize("name", DTI_FUNCTIONS)
def test_every_dti_chart_and_table_takes_a_selection_and_its_fields(name: str) -> None:
    parameters = inspect.signature(getattr(charts, name)).parameters
    assert parameters["selection"].annotation in ("Selection | None", charts.Selection | None)
    assert parameters["selection"].default is None
    assert [p.name for p in parameters.values() if p.kind is p.VAR_KEYWORD] == ["fields"]
    assert not {"provinces", "years", "language", "sources"} & set(parameters)

"""The face of the reports stage: what a report notebook needs, in a few names."""

from __future__ import annotations

import subprocess
import sys

import cdskit as cds
from cdskit.reports import page


def test_a_notebook_reaches_page_details_from_the_face() -> None:
    assert cds.reports.page_details is page.page_details
    assert "page_details" in cds.reports.__all__


def test_the_reports_face_stays_small() -> None:
    assert len(cds.reports.__all__) <= 25


def test_importing_the_reports_face_loads_no_notebook_machinery() -> None:
    code = (
        "import sys, cdskit.reports; "
        "print(sorted(m for m in ('papermill', 'nbconvert') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

"""Execute notebooks/province-profile.ipynb in a real ``python3`` kernel (papermill): the page
and its one-page A4 PDF saved, the same as the batch writes them, for any spelling of a name."""

from __future__ import annotations

import io
from pathlib import Path

import nbformat
import pytest
from notebook_kernels import execute_notebook
from pypdf import PdfReader

from cdskit import profiles

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "province-profile.ipynb"
A4_PT = (595.28, 841.89)

pytestmark = pytest.mark.slow


def _errors(executed: Path) -> list[str]:
    nb = nbformat.read(executed, as_version=4)
    return [
        f"{output.get('ename')}: {output.get('evalue')}"
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]


@pytest.mark.parametrize(
    ("spelling", "vintage", "language", "stem"),
    [("lao cai", 2025, "vi", "lao-cai-34"), ("THANH HOA", 2008, "en", "thanh-hoa-63-en")],
)
def test_the_profile_notebook_saves_the_page_and_its_one_page_pdf(
    tmp_path, spelling, vintage, language, stem
):
    out = tmp_path / "out"
    executed = tmp_path / "executed.ipynb"
    execute_notebook(
        str(NOTEBOOK),
        str(executed),
        parameters={
            "province": spelling,
            "vintage": vintage,
            "language": language,
            "output_dir": str(out),
        },
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    assert _errors(executed) == []
    assert sorted(path.name for path in out.iterdir()) == [f"{stem}.html", f"{stem}.pdf"]
    page = (out / f"{stem}.html").read_text(encoding="utf-8")
    assert page == profiles.profile_page(spelling, vintage=vintage, language=language)
    pages = PdfReader(io.BytesIO((out / f"{stem}.pdf").read_bytes())).pages
    assert len(pages) == 1
    size = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
    assert size == pytest.approx(A4_PT, abs=1)
    batch = PdfReader(
        io.BytesIO(profiles.profile_pdf(spelling, vintage=vintage, language=language))
    ).pages
    assert pages[0].extract_text() == batch[0].extract_text()


def test_without_pdf_the_notebook_saves_the_page_only(tmp_path):
    out = tmp_path / "out"
    execute_notebook(
        str(NOTEBOOK),
        str(tmp_path / "executed.ipynb"),
        parameters={"province": "Lạng Sơn", "output_dir": str(out), "pdf": False},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    assert [path.name for path in out.iterdir()] == ["lang-son-63.html"]


def test_a_former_province_asked_among_the_34_is_refused_with_the_way_out():
    from cdskit.errors import UnknownUnitError

    with pytest.raises(UnknownUnitError, match=r"merged into Tuyên Quang .* Use vintage=2008"):
        profiles.profile_pdf("Hà Giang", vintage=2025)

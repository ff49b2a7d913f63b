"""`cdskit narrative` writes a province narrative from the shipped data without a notebook."""

from __future__ import annotations

import io

import pytest
from docx import Document

from cdskit.cli import main


def test_markdown_goes_to_standard_output_by_default(capsys):
    assert main(["narrative", "--province", "Lào Cai", "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Báo cáo chuyển đổi số tỉnh Lào Cai năm 2023")
    assert "[^1]:" in out and "## Chú thích" in out and "1.548/1.562" in out
    assert "data/raw" not in out


@pytest.mark.parametrize("suffix", ["docx", "html", "md"])
def test_a_file_is_written_in_the_format_of_its_suffix(tmp_path, capsys, suffix):
    target = tmp_path / f"thanh-hoa.{suffix}"
    arguments = ["narrative", "--province", "Thanh Hoa", "--year", "2023", "--language", "en"]
    assert main([*arguments, "--output", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    if suffix == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(target.read_bytes())).paragraphs)
    else:
        text = target.read_text("utf-8")
    assert "Thanh Hóa province ranked 11/63" in text
    assert "rose 4 places" in text


def test_a_suffix_that_names_no_format_is_refused_before_anything_is_written(tmp_path, capsys):
    target = tmp_path / "report.txt"
    arguments = ["narrative", "--province", "Lạng Sơn", "--year", "2023", "--format", "html"]
    assert main([*arguments, "--output", str(target)]) == 2
    assert ".txt" in capsys.readouterr().err and not target.exists()
    target = tmp_path / "report.html"
    assert main([*arguments, "--output", str(target)]) == 0
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_bad_input_gets_a_clear_error_and_exit_code_2(capsys):
    assert main(["narrative", "--province", "Lào Cai", "--year", "2023", "--format", "docx"]) == 2
    assert "needs a file" in capsys.readouterr().err
    assert main(["narrative", "--province", "Lào Kai Xyz", "--year", "2023"]) == 2
    assert "Lào Kai Xyz" in capsys.readouterr().err

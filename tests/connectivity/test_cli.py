"""`cdskit connectivity ...` on the command line (synthetic tiles, loopback bucket)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from connectivity.ookla_synthetic import Bucket, bucket_handler

from cdskit.cli import main
from cdskit.connectivity import Quarter


@pytest.fixture
def bucket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Bucket, str]]:
    monkeypatch.setenv("CDSKIT_CACHE", str(tmp_path / "cache"))
    state = Bucket()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), bucket_handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_template_writes_the_provinces_workbook(tmp_path: Path, capsys) -> None:
    target = tmp_path / "ls.xlsx"
    assert (
        main(["connectivity", "template", "--province", "Lạng Sơn", "--output", str(target)]) == 0
    )
    assert f"Survey template: {target}" in capsys.readouterr().out
    assert openpyxl.load_workbook(target)["Khảo sát"].max_row == 66


def test_template_of_an_old_province_exits_two_naming_its_successor(tmp_path: Path, capsys) -> None:
    code = main(
        ["connectivity", "template", "--province", "Yên Bái", "--output", str(tmp_path / "x")]
    )
    assert code == 2
    assert "Lào Cai" in capsys.readouterr().err


def test_ookla_list_reads_the_buckets_listing(bucket: tuple[Bucket, str], capsys) -> None:
    state, url = bucket
    for quarter in (Quarter("mobile", 2023, 4), Quarter("mobile", 2024, 1)):
        state.put(quarter.key, b"synthetic")
    assert main(["connectivity", "ookla", "--list", "--bucket-url", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [["2023", "Q4"], ["2024", "Q1"]]


def test_ookla_with_half_a_quarter_says_how_to_name_one(capsys) -> None:
    assert main(["connectivity", "ookla", "--year", "2024"]) == 2
    assert "both --year and --quarter" in capsys.readouterr().err


def test_ookla_without_a_quarter_takes_the_latest_in_the_bucket(
    bucket: tuple[Bucket, str], tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, url = bucket
    monkeypatch.delenv("CDSKIT_MIRROR", raising=False)
    state.put(Quarter("mobile", 2023, 4).key, b"synthetic")
    state.put(Quarter("mobile", 2024, 2).key, b"synthetic: not a Parquet file")
    args = ["connectivity", "ookla", "--bucket-url", url, "--raw-dir", str(tmp_path)]
    assert main(args) == 2  # the synthetic bytes are no Parquet file: refused, named
    captured = capsys.readouterr()
    assert "Latest mobile quarter in the bucket: 2024 Q2" in captured.out
    assert "2024-04-01_performance_mobile_tiles.parquet" in captured.err


def test_ookla_offline_without_the_file_exits_two_with_how_to_provide_it(
    bucket: tuple[Bucket, str], tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, url = bucket
    monkeypatch.delenv("CDSKIT_MIRROR", raising=False)
    args = ["connectivity", "ookla", "--year", "2024", "--quarter", "1", "--bucket-url", url]
    assert main([*args, "--raw-dir", str(tmp_path)]) == 2
    assert "CDSKIT_MIRROR" in capsys.readouterr().err


def test_survey_checks_a_filled_template_and_reports_bad_cells(tmp_path: Path, capsys) -> None:
    target = tmp_path / "ls.xlsx"
    main(["connectivity", "template", "--province", "Lạng Sơn", "--output", str(target)])
    book = openpyxl.load_workbook(target)
    book["Khảo sát"]["C2"] = -1  # synthetic wrong count
    book.save(target)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sources.yml").write_text("# synthetic\nsources:\nfiles:\n", encoding="utf-8")
    args = ["connectivity", "survey", str(target), "--province", "Lạng Sơn", "--period", "2025-09"]
    args += ["--source-id", "survey-x", "--title", "Khảo sát (synthetic)", "--publisher", "Sở"]
    args += ["--date", "2025-10-01", "--raw-dir", str(raw)]
    assert main(args) == 2
    assert "Khảo sát!C2" in capsys.readouterr().err
    book["Khảo sát"]["C2"] = 12
    book.save(target)
    assert main(args) == 0
    assert "Survey checked and added" in capsys.readouterr().out
    assert (raw / "connectivity" / "surveys" / "survey_20_2025-09.xlsx").is_file()

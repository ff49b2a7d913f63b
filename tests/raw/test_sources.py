"""sources.yml: complete sources, recorded hashes, unlisted files, accept (synthetic test data)."""

from __future__ import annotations

import pytest
from synthetic import write_project

from cdskit.errors import InputError, RawFileChangedError
from cdskit.files import file_sha256
from cdskit.raw.sources import accept, check_sources, load_register


def test_a_complete_register_loads_with_its_sources_and_files(tmp_path):
    raw = write_project(tmp_path)
    register = check_sources(raw)
    assert sorted(register.sources) == ["pub-a", "pub-b"]
    assert register.sources["pub-b"].url == "https://example.org/b"
    assert [entry.path for entry in register.files] == ["dti/ranks.csv"]
    assert register.files[0].number_locale == "vi"


def test_a_changed_file_names_both_hashes_and_the_accept_command(tmp_path):
    raw = write_project(tmp_path)
    recorded = file_sha256(raw / "dti" / "ranks.csv")
    (raw / "dti" / "ranks.csv").write_text("synthetic test data\nedited\n", encoding="utf-8")
    actual = file_sha256(raw / "dti" / "ranks.csv")
    with pytest.raises(RawFileChangedError) as caught:
        check_sources(raw)
    message = str(caught.value)
    assert recorded in message and actual in message
    assert "cdskit accept data/raw/dti/ranks.csv" in message


def test_a_file_on_disk_but_not_listed_is_an_error(tmp_path):
    raw = write_project(tmp_path)
    (raw / "extra.csv").write_text("synthetic test data\n", encoding="utf-8")
    (raw / ".gitkeep").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"does not list 1 file\(s\).*extra\.csv"):
        check_sources(raw)


def test_a_listed_file_that_is_missing_suggests_the_file_on_disk(tmp_path):
    raw = write_project(tmp_path)
    (raw / "dti" / "ranks.csv").rename(raw / "dti" / "rank.csv")
    with pytest.raises(
        InputError, match=r"'dti/ranks\.csv' is listed but not found.*dti/rank\.csv"
    ):
        check_sources(raw)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('    licence: "CC BY 4.0"\n', "", r"'pub-b'\) lacks licence"),
        ("  - id: pub-b\n", "  - id: pub-a\n", "source id 'pub-a' appears twice"),
        ('    title: "Báo cáo B (synthetic)"\n', '    title: ""\n', "'title' is empty"),
        ("    date: undated\n", "    date: 10/07/2023\n", "must be ISO"),
        ("  - id: pub-b\n", "  - id: Pub B\n", "lowercase letters, digits and dashes"),
        ("    layout: long\n", "    layout: lung\n", "layout 'lung'.*Did you mean 'long'"),
        ("    number_locale: vi\n", "    number_locale: fr\n", "number_locale 'fr'"),
        (
            "    layout: long\n",
            "    layout: long\n    source: pub-c\n",
            "source 'pub-c' is not listed.*'pub-a'",
        ),
        ("    layout: long\n", "    layout: long\n    sheets: x\n", "Did you mean 'sheet'"),
        ("    layout: long\n", "    layout: wide\n", "a wide table needs unit_column"),
    ],
)
def test_a_malformed_register_is_an_error_naming_the_entry(tmp_path, old, new, message):
    raw = write_project(tmp_path)
    text = (raw / "sources.yml").read_text(encoding="utf-8")
    assert old in text
    (raw / "sources.yml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_register(raw)


def test_a_missing_register_says_what_to_create(tmp_path):
    with pytest.raises(InputError, match=r"sources\.yml not found"):
        load_register(tmp_path)


def test_accept_records_the_new_hash_and_keeps_comments(tmp_path, monkeypatch):
    raw = write_project(tmp_path)
    target = raw / "dti" / "ranks.csv"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    digest = accept("data/raw/dti/ranks.csv", raw)
    assert digest == file_sha256(target)
    text = (raw / "sources.yml").read_text(encoding="utf-8")
    assert text.startswith("# synthetic test data")
    assert f'sha256: "{digest}"' in text
    assert check_sources(raw).files[0].sha256 == digest
    assert [p.name for p in raw.iterdir() if p.name.startswith(".")] == []


def test_accept_also_takes_a_path_relative_to_the_raw_folder(tmp_path):
    raw = write_project(tmp_path)
    (raw / "dti" / "ranks.csv").write_text("synthetic test data\n", encoding="utf-8")
    accept("dti/ranks.csv", raw)
    check_sources(raw)


def test_accept_refuses_a_file_without_an_entry(tmp_path):
    raw = write_project(tmp_path)
    (raw / "dti" / "new.csv").write_text("synthetic test data\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"has no entry for 'dti/new\.csv'"):
        accept(raw / "dti" / "new.csv", raw)


def test_accept_refuses_a_file_outside_the_raw_folder(tmp_path):
    raw = write_project(tmp_path)
    outside = tmp_path / "outside.csv"
    outside.write_text("synthetic test data\n", encoding="utf-8")
    with pytest.raises(InputError, match="not inside the raw folder"):
        accept(outside, raw)


def test_a_file_entry_pointing_outside_the_raw_folder_is_refused(tmp_path):
    raw = write_project(tmp_path)
    text = (raw / "sources.yml").read_text(encoding="utf-8")
    (raw / "sources.yml").write_text(
        text.replace("path: dti/ranks.csv", "path: ../codebook.csv"), encoding="utf-8"
    )
    with pytest.raises(InputError, match="must be relative to data/raw and stay inside it"):
        load_register(raw)


def test_accept_finds_the_file_from_the_project_root_when_run_elsewhere(tmp_path, monkeypatch):
    raw = write_project(tmp_path / "project")
    (raw / "dti" / "ranks.csv").write_text("synthetic test data\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    accept("data/raw/dti/ranks.csv", raw)
    check_sources(raw)


def test_accept_rewrites_an_unusual_layout_without_losing_entries(tmp_path):
    raw = write_project(tmp_path)
    text = (raw / "sources.yml").read_text(encoding="utf-8")
    head, _, entry = text.partition("files:\n")
    digest = entry.split('sha256: "')[1].split('"')[0]
    flow = f'files:\n  - {{sha256: "{digest}", path: dti/ranks.csv, layout: long}}\n'
    (raw / "sources.yml").write_text(head + flow, encoding="utf-8")
    (raw / "dti" / "ranks.csv").write_text("synthetic test data\n", encoding="utf-8")
    new = accept("dti/ranks.csv", raw)
    register = check_sources(raw)
    assert register.files[0].sha256 == new
    assert sorted(register.sources) == ["pub-a", "pub-b"]

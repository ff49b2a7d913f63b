"""How each shipped source is cited: one row per source, no transcription remarks for readers."""

from __future__ import annotations

import re

import pytest
import yaml

from cdskit import paths
from cdskit.dataset import load_sources
from cdskit.errors import InputError
from cdskit.raw.citing import CITATION_COLUMNS, read_citations

#: Remarks a transcriber wrote that a reader must never see.
REMARKS = re.compile(
    r"byline|not printed|copy on|original publisher|english edition|english text|relaying",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def register() -> dict:
    return yaml.safe_load((paths.raw_dir() / "sources.yml").read_text(encoding="utf-8"))


def test_every_source_of_the_register_has_exactly_one_citation_row(register):
    ids = [source["id"] for source in register["sources"]]
    table = read_citations(paths.raw_dir(), ids)
    assert sorted(table["source_id"]) == sorted(ids)


def test_vietnamese_citations_hold_no_transcription_remark_and_links_are_http():
    for source in load_sources().values():
        for text in (source.cited_title("vi"), source.cited_publisher("vi")):
            assert not REMARKS.search(text), (source.id, text)
        assert source.link == "" or source.link.startswith(("http://", "https://")), source.id


def test_a_foreign_title_is_shown_in_vietnamese_with_the_translation_marked():
    foreign = [s for s in load_sources().values() if s.language not in ("vi", "")]
    assert foreign
    for source in foreign:
        assert "tiêu đề" in source.cited_title("vi"), (source.id, source.cited_title("vi"))


def test_the_census_is_cited_to_the_statistics_office_not_to_the_copy_it_was_fetched_from():
    census = load_sources()["gso-census-2019"]
    assert census.citation("vi").startswith("Tổng điều tra dân số và nhà ở năm 2019")
    assert census.cited_publisher("vi") == "Tổng cục Thống kê" and census.link == ""


def test_a_citation_row_of_an_unknown_source_or_with_a_script_address_is_refused(tmp_path):
    """Synthetic register rows."""
    header = ",".join(CITATION_COLUMNS)
    good = "a,vi,Tên,Tên,Báo,Báo,https://a.test,false,,,note"
    (tmp_path / "source_citations.csv").write_text(f"{header}\n{good}\n", encoding="utf-8")
    assert read_citations(tmp_path, ["a"])["copy_site"].tolist() == [False]
    with pytest.raises(InputError, match=r"not in sources\.yml"):
        read_citations(tmp_path, ["b"])
    bad = good.replace("https://a.test", "javascript:alert(1)")
    (tmp_path / "source_citations.csv").write_text(f"{header}\n{bad}\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an http"):
        read_citations(tmp_path, ["a"])

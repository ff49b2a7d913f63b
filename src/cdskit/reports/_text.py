"""Words of the report pages and the index that the kit writes, one dictionary per language.

Private to :mod:`cdskit.reports`; the templates (``templates/*.j2``) hold the words of the page
layout. The index shows both languages at once, so it reads each label from both dictionaries.
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        # a report's status on its index card (manifest status → label)
        "status_ok": "Đã tạo",
        "status_rendered": "Đã tạo",
        "status_reused": "Dùng lại bản trước",
        "status_failed": "Lỗi",
        "status_not rendered": "Chưa tạo",
        # the files a card links to
        "download_docx": "Bản Word (.docx)",
        "download_pdf": "Bản in A4 (PDF)",
        "download_md": "Markdown (.md)",
        # the published dataset the landing page links to
        "observations.csv": "Bộ dữ liệu (CSV)",
        "observations.parquet": "Bộ dữ liệu (Parquet)",
        "datapackage.json": "Mô tả gói dữ liệu (Frictionless)",
        "codebook.csv": "Danh mục chỉ tiêu",
        "sources.csv": "Nguồn số liệu",
        "validation_report.html": "Báo cáo kiểm tra dữ liệu",
        "data-dictionary.html": "Từ điển dữ liệu",
        # a source without a date in a page footer
        "undated": "không ghi ngày",
    },
    "en": {
        "status_ok": "Rendered",
        "status_rendered": "Rendered",
        "status_reused": "Reused",
        "status_failed": "Failed",
        "status_not rendered": "Not rendered",
        "download_docx": "Word (.docx)",
        "download_pdf": "A4 print (PDF)",
        "download_md": "Markdown (.md)",
        "observations.csv": "Dataset (CSV)",
        "observations.parquet": "Dataset (Parquet)",
        "datapackage.json": "Data package (Frictionless)",
        "codebook.csv": "Codebook",
        "sources.csv": "Sources",
        "validation_report.html": "Validation report",
        "data-dictionary.html": "Data dictionary",
        "undated": "undated",
    },
}


def both(key: str) -> dict[str, str]:
    """Return one label in both languages, as the index shows it (``{"vi": …, "en": …}``).

    Parameters
    ----------
    key : str
        A key of :data:`TEXT`.

    Returns
    -------
    dict
        The label by language.

    Examples
    --------
    >>> both("status_failed")
    {'vi': 'Lỗi', 'en': 'Failed'}
    """
    return {language: words[key] for language, words in TEXT.items()}

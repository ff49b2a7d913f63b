"""Words of the report pages and the index that the kit writes, one dictionary per language.

Private to :mod:`cdskit.reports`; the templates (``templates/*.j2``) hold the layout and take
every word from here (``page_*`` for a report page, ``index_*`` for the index). The index shows
both languages at once, so it reads each label from both dictionaries.
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
        # the header, footer and technical block of a report page
        "page_period": "Kỳ số liệu",
        "page_data_date": "Số liệu công bố đến",
        "page_kit": "Phiên bản cdskit",
        "page_generated": "Ngày tạo",
        "page_sources": "Nguồn số liệu",
        "page_technical": "Thông tin kỹ thuật",
        "page_parameters": "Tham số",
        "page_data_build": "Mã bản dữ liệu",
        "page_warnings": "Cảnh báo khi chạy",
        "page_details": "Chi tiết bản đồ",
        "page_chart": "Biểu đồ (xem bảng số liệu và ghi chú trong báo cáo)",
        "page_report_id": "Mã báo cáo",
        "page_none": "Không có",
        # the index: its head, cards, sections and footer ({…} are filled in by the index)
        "index_title": "Báo cáo chuyển đổi số",
        "index_languages": "Ngôn ngữ",
        "index_counts": "{reports} báo cáo, {ok} đã tạo",
        "index_failed": ", {failed} lỗi",
        "index_without_data": "; {without} chưa đủ số liệu",
        "index_updated": " · cập nhật {when}",
        "index_no_figure": "Không có hình",
        "index_read_in": "Đọc bằng:",
        "index_download": "Tải về:",
        "index_in_other_language": "(tiếng Anh)",
        "index_failed_at": "Lỗi ở ô",
        "index_last_good": "Liên kết mở bản đã tạo gần nhất.",
        "index_others": "Hồ sơ tỉnh và so sánh giữa các tỉnh",
        "index_profiles_2008": "Hồ sơ tỉnh: 63 tỉnh, thành phố (đến 30/6/2025)",
        "index_profiles_2025": "Hồ sơ tỉnh: 34 tỉnh, thành phố (từ 1/7/2025)",
        "index_profiles": "Hồ sơ tỉnh",
        "index_pdf": "PDF",
        "index_no_data": "Chưa đủ số liệu",
        "index_no_data_lead": (
            "Các báo cáo dưới đây chưa có số liệu nào về đối tượng của mình nên không nằm "
            "trong danh sách báo cáo ở trên."
        ),
        "index_no_data_reason": "Chưa có số liệu về đối tượng của báo cáo.",
        "index_data": "Dữ liệu",
        "index_footer": (
            "Tạo bằng cdskit {version}. Chi tiết kỹ thuật của từng báo cáo nằm trong manifest.json."
        ),
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
        "page_period": "Period",
        "page_data_date": "Data published up to",
        "page_kit": "cdskit version",
        "page_generated": "Generated",
        "page_sources": "Sources",
        "page_technical": "Technical details",
        "page_parameters": "Parameters",
        "page_data_build": "Data build",
        "page_warnings": "Warnings while running",
        "page_details": "Map details",
        "page_chart": "Chart (see the table and notes in the report)",
        "page_report_id": "Report id",
        "page_none": "None",
        "index_title": "Digital transformation reports",
        "index_languages": "Language",
        "index_counts": "{reports} reports, {ok} rendered",
        "index_failed": ", {failed} failed",
        "index_without_data": "; {without} without enough data yet",
        "index_updated": " · updated {when}",
        "index_no_figure": "No figure",
        "index_read_in": "Read in:",
        "index_download": "Download:",
        "index_in_other_language": "(in Vietnamese)",
        "index_failed_at": "Failed at cell",
        "index_last_good": "The link opens the last good version.",
        "index_others": "Province profiles and peer comparison",
        "index_profiles_2008": "Province profiles: the 63 provinces (to 30 June 2025)",
        "index_profiles_2025": "Province profiles: the 34 provinces (from 1 July 2025)",
        "index_profiles": "Province profiles",
        "index_pdf": "PDF",
        "index_no_data": "Not enough data yet",
        "index_no_data_lead": (
            "The reports below have no figure about their subject yet, so they are not among "
            "the reports above."
        ),
        "index_no_data_reason": "No figure about the subject of the report yet.",
        "index_data": "Data",
        "index_footer": (
            "Made with cdskit {version}. Technical details of each report are in manifest.json."
        ),
    },
}

#: Each language named in itself, as a language switch shows it.
LANGUAGE_NAMES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}


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

"""Words of the maps, tables and download links, one dictionary per language.

Private to :mod:`cdskit.maps`; every module of the stack reads its words here.
"""

from __future__ import annotations

from typing import Any

TEXT: dict[str, dict[str, Any]] = {
    "vi": {
        "schemes": {
            "quantiles": "phân vị",
            "natural_breaks": "ngắt tự nhiên (Fisher–Jenks)",
            "fixed": "ngưỡng cố định",
        },
        "rank_bands": "Nhóm {band} hạng, thang 1–{scale} (hạng 1 là cao nhất)",
        "classes": "Phân loại: {name}, {k} lớp",
        "level_names": {
            "province": "tỉnh, thành phố",
            "commune": "xã, phường",
            "district": "huyện",
        },
        "vintage_names": {2008: "địa giới trước 01/07/2025", 2025: "địa giới từ 01/07/2025"},
        "coverage": "{shown}/{total} {units} có số liệu",
        "coverage_undated": "{shown}/{total} {units} có số liệu của kỳ, {undated} số liệu "
        "không ghi kỳ",
        "mixed_title": "{label} — {period} và số liệu không ghi kỳ ({as_of})",
        "undated_label": "Số liệu không ghi kỳ, {as_of} (gạch chéo)",
        "mostly_missing": "Phần lớn đơn vị chưa có số liệu đã công bố",
        "share": {
            "label": "Tỷ lệ {label}",
            "note": "Tỷ lệ tính từ số đã công bố và tổng số đã công bố",
        },
        "rank_unit": "hạng trên {of}",
        "lines": {"focus": "Tỉnh trọng tâm", "outline": "Ranh giới tỉnh"},
        "numbered": "Tỉnh, thành phố ghi bằng số trên bản đồ",
        "footer": {"sources": "Nguồn số liệu", "made": "Tạo ngày {date} bằng cdskit {version}"},
        "plain_label": "Có số liệu (giá trị ghi trên bản đồ)",
        "tooltip": {
            "unit": "Đơn vị",
            "value": "Giá trị",
            "rank": "Hạng",
            "period": "Kỳ",
            "source": "Nguồn",
        },
        "columns": {
            "unit": "Đơn vị",
            "value": "Giá trị",
            "rank": "Hạng",
            "band": "Lớp màu trên bản đồ",
            "gap": "Cách đơn vị tốt nhất",
            "period": "Thời điểm",
            "source": "Nguồn",
        },
        "captions": {
            "rank": "Các đơn vị theo hạng (hạng 1 là cao nhất)",
            "gap": "Các đơn vị theo khoảng cách đến đơn vị tốt nhất, từ xa nhất",
            "plain": "Số liệu đã công bố của từng đơn vị, từ cao nhất",
        },
        "source_note": "[1], [2]…: số thứ tự của nguồn trong danh mục nguồn số liệu cuối trang.",
        "gap_columns": {
            "rank": "Thứ tự theo khoảng cách",
            "unit": "Đơn vị",
            "value": "Giá trị",
            "gap": "Cách đơn vị tốt nhất",
            "class": "Lớp",
            "period": "Kỳ",
            "source": "Nguồn",
        },
        "downloads": {
            "title": "Tải về",
            "html": "Bản đồ tương tác (HTML, mở được khi không có mạng)",
            "png": "Bản in (PNG, A4)",
            "svg": "Bản in (SVG)",
            "pdf": "Bản in (PDF)",
        },
        "context": "Tỉnh lân cận (để định hướng)",
        "as_of": "không muộn hơn {date}",
        "evidence": {
            "title": "Bằng chứng đã công bố về khoảng trống kết nối, theo xã "
            "(không phải bản đồ vùng phủ sóng)",
            "subtitle": "Số liệu dưới cấp tỉnh đã công bố, đặt vào xã, phường từ "
            "1/7/2025; mỗi số liệu kèm thời điểm của nó, phần lớn đã "
            "được báo cáo là đã khắc phục",
            "legend": "Số liệu đã công bố cho xã",
            "tooltip": (
                ("unit_name", "Xã, phường (từ 1/7/2025)"),
                ("former", "Đơn vị cũ"),
                ("province", "Tỉnh"),
                ("figures", "Số liệu đã công bố (thời điểm)"),
                ("population", "Dân số 2019"),
                ("sources", "Nguồn"),
            ),
            "neighbours": "Tỉnh lân cận (để định hướng)",
        },
    },
    "en": {
        "schemes": {
            "quantiles": "quantiles",
            "natural_breaks": "natural breaks (Fisher–Jenks)",
            "fixed": "fixed breaks",
        },
        "rank_bands": "Bands of {band} ranks on the full scale 1–{scale} (1 is best)",
        "classes": "Classes: {name}, {k} classes",
        "level_names": {
            "province": "provinces",
            "commune": "communes and wards",
            "district": "districts",
        },
        "vintage_names": {
            2008: "boundaries before 1 July 2025",
            2025: "boundaries from 1 July 2025",
        },
        "coverage": "{shown} of {total} {units} with a figure",
        "coverage_undated": "{shown} of {total} {units} with a figure of the period, "
        "{undated} undated",
        "mixed_title": "{label} — {period}, and undated figures ({as_of})",
        "undated_label": "Undated figure, {as_of} (hatched)",
        "mostly_missing": "Most units have no published figure",
        "share": {
            "label": "Share of {label}",
            "note": "Share computed from the published count and the published total",
        },
        "rank_unit": "rank out of {of}",
        "lines": {"focus": "Focus provinces", "outline": "Province boundary"},
        "numbered": "Provinces numbered on the map",
        "footer": {"sources": "Data sources", "made": "Made on {date} with cdskit {version}"},
        "plain_label": "With a figure (value written on the map)",
        "tooltip": {
            "unit": "Unit",
            "value": "Value",
            "rank": "Rank",
            "period": "Period",
            "source": "Source",
        },
        "columns": {
            "unit": "Unit",
            "value": "Value",
            "rank": "Rank",
            "band": "Map class",
            "gap": "Gap to the best unit",
            "period": "Time",
            "source": "Source",
        },
        "captions": {
            "rank": "Units by rank (1 is best)",
            "gap": "Units by their gap to the best unit, widest first",
            "plain": "The published figure of each unit, highest first",
        },
        "source_note": "[1], [2]…: number of the source in the list of sources at the end "
        "of the page.",
        "gap_columns": {
            "rank": "Order by gap",
            "unit": "Unit",
            "value": "Value",
            "gap": "Gap to the best unit",
            "class": "Class",
            "period": "Period",
            "source": "Source",
        },
        "downloads": {
            "title": "Downloads",
            "html": "Interactive map (HTML, opens offline)",
            "png": "Print version (PNG, A4)",
            "svg": "Print version (SVG)",
            "pdf": "Print version (PDF)",
        },
        "context": "Neighbouring provinces (for orientation)",
        "as_of": "no later than {date}",
        "evidence": {
            "title": "Published evidence of connectivity gaps by commune (not a coverage map)",
            "subtitle": "Figures published below province level, placed in the "
            "communes in force from 1 July 2025; each with its date, "
            "most later reported closed",
            "legend": "Published figures for the commune",
            "tooltip": (
                ("unit_name", "Commune (from 1 July 2025)"),
                ("former", "Former unit"),
                ("province", "Province"),
                ("figures", "Published figures (date)"),
                ("population", "Population 2019"),
                ("sources", "Source"),
            ),
            "neighbours": "Neighbouring provinces (for orientation)",
        },
    },
}

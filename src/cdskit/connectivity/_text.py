"""Words of the connectivity-gaps page, its maps and tables, one dictionary per language.

Private to :mod:`cdskit.connectivity`. Each dictionary has the keys ``"vi"`` and ``"en"``
(Vietnamese first); formatted strings take named fields (``{items}``, ``{speed}``...).

>>> sorted(PAGE) == sorted(EVIDENCE) == sorted(CATEGORIES) == sorted(EVIDENCE_TABLE)
True
>>> PAGE["vi"]["kind"]["mobile"]
'di động'
"""

from __future__ import annotations

from typing import Any

#: The page's notes, ranked-communes table, published-figures table, licences, key sentence,
#: thresholds and credit line.
PAGE: dict[str, dict[str, Any]] = {
    "vi": {
        "missing": "Chưa có trên trang này vì chưa được nạp: {items}.",
        "ookla_item": "số liệu đo tốc độ Ookla ({kind}) quý {quarter}/{year}",
        "survey_item": "kết quả khảo sát theo xã của {provinces}",
        "and": " và ",
        "kind": {"mobile": "di động", "fixed": "cố định"},
        "ranked": "Các xã có khoảng trống kết nối lớn nhất",
        "ranked_empty": "Chưa có số liệu theo xã của nguồn nào cho các tỉnh đã chọn.",
        "median": "Trung vị tốc độ tải xuống của các xã có đo: {items}.",
        "columns": (
            "Thứ tự",
            "Xã, phường",
            "Tỉnh",
            "Tải xuống (Mbit/s)",
            "Diện tích chưa có đo (%)",
            "Thôn chưa có sóng (%)",
            "Số tiêu chí chưa đạt",
            "Dân số 2019",
        ),
        "published": "Số liệu dưới cấp tỉnh đã công bố (theo địa giới trước 1/7/2025)",
        "published_columns": ("Đơn vị", "Cấp", "Chỉ tiêu", "Kỳ", "Giá trị", "Ghi chú", "Nguồn"),
        "published_note": (
            "Đây là bằng chứng có ngày tháng về nơi từng thiếu sóng, không phải bản đồ hiện "
            "trạng: phần lớn các thiếu hụt này đã được báo cáo là đã khắc phục."
        ),
        "levels": {"district": "huyện", "commune": "xã", "province": "tỉnh"},
        "licences": "Nguồn và giấy phép",
        "licence_columns": ("Nguồn", "Đơn vị công bố", "Giấy phép"),
        "not_stated": "không nêu",
        "summary": "{behind} trên {measured} xã, phường có số liệu chưa đạt ít nhất một ngưỡng.",
        "summary_unmeasured": (
            "Chưa có số liệu kết nối theo xã, phường; có {published} số liệu dưới cấp tỉnh "
            "đã công bố (theo địa giới trước 1/7/2025)."
        ),
        "thresholds": (
            "Chậm: tải xuống dưới {speed} Mbit/s; thiếu số liệu đo: trên {area} diện tích "
            "không có lượt đo; thôn chưa có sóng: trên {villages} số thôn"
        ),
        "ookla_credit": (
            "Speedtest® by Ookla® Global Fixed and Mobile Network Performance Maps, {period}; "
            "giấy phép {licence} (ghi nguồn Ookla, phi thương mại, chia sẻ tương tự)."
        ),
    },
    "en": {
        "missing": "Not on this page yet because not loaded: {items}.",
        "ookla_item": "Ookla speed-test data ({kind}) for Q{quarter} {year}",
        "survey_item": "the commune survey of {provinces}",
        "and": " and ",
        "kind": {"mobile": "mobile", "fixed": "fixed"},
        "ranked": "Communes with the largest connectivity gaps",
        "ranked_empty": "No commune figures from any source for the chosen provinces yet.",
        "median": "Median download speed of the communes with tests: {items}.",
        "columns": (
            "Order",
            "Commune",
            "Province",
            "Download (Mbit/s)",
            "Area without a test (%)",
            "Villages without signal (%)",
            "Gaps",
            "Population 2019",
        ),
        "published": "Figures published below province level (units before 1 July 2025)",
        "published_columns": ("Unit", "Level", "Indicator", "Period", "Value", "Note", "Source"),
        "published_note": (
            "Dated evidence of where gaps were, not a map of today: most of these gaps were "
            "later reported closed."
        ),
        "levels": {"district": "district", "commune": "commune", "province": "province"},
        "licences": "Sources and licences",
        "licence_columns": ("Source", "Publisher", "Licence"),
        "not_stated": "not stated",
        "summary": "{behind} of {measured} communes with figures miss at least one threshold.",
        "summary_unmeasured": (
            "No commune figures yet; {published} figures published below province level "
            "(units before 1 July 2025)."
        ),
        "thresholds": (
            "Slow: download below {speed} Mbit/s; unmeasured: over {area} of the area without "
            "any test; villages without signal: over {villages} of villages"
        ),
        "ookla_credit": (
            "Speedtest® by Ookla® Global Fixed and Mobile Network Performance Maps, {period}; "
            "licence {licence} (credit Ookla, non-commercial, share-alike)."
        ),
    },
}

#: Texts of a placed published figure (:func:`cdskit.connectivity.place_evidence`).
EVIDENCE: dict[str, dict[str, str]] = {
    "vi": {
        "no_count": "có nêu, không công bố số lượng",
        "no_commune": "đơn vị cũ không có trong bảng chuyển đổi xã năm 2025",
        "outside": "xã mới nằm ngoài các tỉnh đã chọn",
        "as_of": "không muộn hơn {date}",
    },
    "en": {
        "no_count": "named, no count published",
        "no_commune": "the former unit is not in the 2025 commune conversion table",
        "outside": "the new commune lies outside the chosen provinces",
        "as_of": "no later than {date}",
    },
}

#: Legend rows of the evidence map and the names of former units beside it.
CATEGORIES: dict[str, dict[str, str]] = {
    "vi": {
        "gap_2023": "Thiếu sóng, số liệu từ năm 2023",
        "gap_2021": "Thiếu sóng, số liệu năm 2021–2022",
        "gap_2019": "Thiếu sóng, số liệu đến năm 2020",
        "gap_undated": "Thiếu sóng, số liệu không ghi thời điểm",
        "superseded": "Thiếu sóng, đã có số liệu sau thay thế",
        "covered": "Chỉ có số liệu đã phủ sóng (kể từ thời điểm nêu)",
        "infrastructure": "Chỉ có số liệu hạ tầng (trạm BTS)",
        "district": "Chỉ có số liệu chung của huyện cũ",
        "none": "Chưa có số liệu đã công bố",
        "district_note": "{name} (số liệu chung của cả huyện)",
        "commune": "xã {name} ({district})",
        "split": "một phần",
    },
    "en": {
        "gap_2023": "Gap, figure of 2023 or later",
        "gap_2021": "Gap, figure of 2021–2022",
        "gap_2019": "Gap, figure of 2020 or earlier",
        "gap_undated": "Gap, figure without a date",
        "superseded": "Gap, superseded by a later figure",
        "covered": "Only figures of coverage (since the date given)",
        "infrastructure": "Only infrastructure figures (BTS)",
        "district": "Only a figure of the former district as a whole",
        "none": "No published figure",
        "district_note": "{name} (a figure of the whole district)",
        "commune": "{name} commune ({district})",
        "split": "part of",
    },
}

#: The table beside the evidence map.
EVIDENCE_TABLE: dict[str, dict[str, Any]] = {
    "vi": {
        "caption": "Số liệu đã công bố, đặt vào xã, phường từ 1/7/2025",
        "columns": (
            "Xã, phường (từ 1/7/2025)",
            "Đơn vị cũ",
            "Tỉnh",
            "Số liệu đã công bố",
            "Thời điểm",
            "Dân số 2019",
            "Nguồn",
        ),
        "communes": "{n} xã, phường: {names}",
        "note": (
            "Bằng chứng có thời điểm về nơi từng thiếu sóng, không phải bản đồ vùng phủ sóng. "
            "Số liệu của cả huyện cũ được ghi một lần, cho các xã mới nhận một phần huyện đó."
        ),
        "population_missing": "Dân số 2019 theo xã chưa được nạp: cột dân số để trống (—).",
    },
    "en": {
        "caption": "Published figures, placed in the communes in force from 1 July 2025",
        "columns": (
            "Commune (from 1 July 2025)",
            "Former unit",
            "Province",
            "Published figure",
            "Date",
            "Population 2019",
            "Source",
        ),
        "communes": "{n} communes: {names}",
        "note": (
            "Dated evidence of where gaps were, not a coverage map. A figure of a whole former "
            "district is listed once, for the new communes that took part of it."
        ),
        "population_missing": "Population 2019 by commune is not loaded: the column is blank (—).",
    },
}

"""Words of the DTI charts, tables and report sections, one dictionary per language.

Private to :mod:`cdskit.charts`.
"""

from __future__ import annotations

#: Marks written after a rank that is not stated as such (a footnote explains each).
KIND_MARKS: dict[str, str] = {"stated": "", "list": "†", "derived": "‡"}

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "lang": "vi",
        "rank_title": "Xếp hạng DTI cấp tỉnh {first}–{last}",
        "score_title": "Điểm DTI cấp tỉnh {first}–{last}",
        "pillar_title": "Xếp hạng ba trụ cột DTI {first}–{last}",
        "rank_axis": "Thứ hạng trên {n} tỉnh, thành phố (1 = cao nhất)",
        "score_axis": "Điểm DTI (thang 0–1)",
        "year": "Năm",
        "vintage_2008": "63 tỉnh (trước 1/7/2025)",
        "vintage_2025": "34 tỉnh (sau sáp nhập)",
        "pillars": "2020: tổng 3 trụ cột",
        "main": "2021–2023: tổng các chỉ số chính",
        "main-2024": "2024: 8 chỉ số chính",
        "method_change": "đổi phương pháp",
        "break": "Không so sánh được: {a} xếp trên 63 tỉnh, {b} trên 34 tỉnh sau sáp nhập.",
        "score_break": (
            "Mỗi khung là một phương pháp tính; điểm không so sánh được giữa các khung. "
            "Trục điểm là cả thang 0–1 ở mọi khung."
        ),
        "mean": "TB tỉnh",
        "mean_legend": "Giá trị DTI trung bình cấp tỉnh (đã công bố)",
        "mean_conflict": "Trung bình cấp tỉnh {year}: các nguồn công bố khác nhau ({values}).",
        "merged": "{year}: {new} sau sáp nhập gồm {old} trước 1/7/2025.",
        "missing": "Không có số liệu: {items}",
        "conflict": "Nguồn khác nhau (vẽ cả hai, không nối): {items}",
        "sources": "Nguồn",
        "province": "Tỉnh",
        "unit": "Đơn vị (theo địa giới năm đó)",
        "rank": "Hạng DTI",
        "score": "Điểm DTI",
        "dti_digital_government_rank": "Chính quyền số",
        "dti_digital_economy_rank": "Kinh tế số",
        "dti_digital_society_rank": "Xã hội số",
        "kind_stated": "Hạng được công bố",
        "kind_list": "† Vị trí trong danh sách đã công bố",
        "kind_derived": "‡ Hạng suy ra từ mức thay đổi",
        "note_list": (
            "† Vị trí đọc từ thứ tự của một danh sách đã công bố (ví dụ top 10), "
            "không phải hạng được nêu trực tiếp."
        ),
        "note_derived": (
            "‡ Hạng suy ra từ một hạng khác và mức thay đổi được nêu "
            "(ví dụ 'hạng 9 năm 2022, tăng 1 bậc' cho hạng 10 năm 2021)."
        ),
        "note_missing": "— Không có số liệu đã công bố.",
        "note_rank": "Hạng ghi kèm mẫu số: 63 tỉnh, thành phố (2020–2023), 34 (2024).",
        "none": "—",
        "alt": "Biểu đồ: {title}",
        "summary_label": "Xếp hạng DTI năm",
        "and": "và",
        "foreign_title": "[bài tiếng Nhật]",
        "heading": "So sánh chỉ số chuyển đổi số (DTI) cấp tỉnh",
        "intro": (
            "Thứ hạng và điểm DTI của {provinces} qua các năm {first}–{last}, mỗi số liệu "
            "kèm nguồn. Hạng 2020–2023 tính trên 63 tỉnh, thành phố; hạng 2024 tính trên 34 "
            "tỉnh, thành phố sau sắp xếp nên không nối với các năm trước. Phương pháp tính "
            "điểm đổi năm 2021 và năm 2024. Năm không có số liệu để trống, không ước tính."
        ),
        "ranks_heading": "Xếp hạng",
        "scores_heading": "Điểm",
        "pillars_heading": "Xếp hạng theo trụ cột",
        "pillars_intro": (
            "Ba trụ cột chính quyền số, kinh tế số và xã hội số, hạng trên 63 tỉnh, thành phố "
            "(các năm có số liệu được công bố cho từng tỉnh)."
        ),
        "table_heading": "Bảng số liệu và nguồn",
        "pillar_table_caption": "Xếp hạng ba trụ cột DTI theo năm",
        "later_pillars": "Hạng trụ cột năm {year} (trên 34 tỉnh sau sáp nhập, không vẽ): {items}.",
        "later_pillars_none": (
            "Năm {year}: không có số liệu hạng trụ cột (trên 34 tỉnh sau sáp nhập)."
        ),
        "table_caption": "Hạng và điểm DTI theo tỉnh và năm",
    },
    "en": {
        "lang": "en",
        "rank_title": "Provincial DTI rank {first}–{last}",
        "score_title": "Provincial DTI score {first}–{last}",
        "pillar_title": "DTI pillar ranks {first}–{last}",
        "rank_axis": "Rank among {n} provinces (1 = best)",
        "score_axis": "DTI score (0–1 scale)",
        "year": "Year",
        "vintage_2008": "63 provinces (before 1 July 2025)",
        "vintage_2025": "34 provinces (after the merger)",
        "pillars": "2020: sum of 3 pillars",
        "main": "2021–2023: sum of the main indices",
        "main-2024": "2024: 8 main indices",
        "method_change": "method changed",
        "break": "Not comparable: {a} ranks out of 63, {b} out of 34 (after the merger).",
        "score_break": (
            "Each panel is one scoring method; scores are not comparable across panels. "
            "Every panel shows the whole 0–1 scale."
        ),
        "mean": "Prov. avg",
        "mean_legend": "Average provincial DTI (as published)",
        "mean_conflict": (
            "Average provincial DTI {year}: sources print different values ({values})."
        ),
        "merged": "{year}: {new} after the merger includes {old} before 1 July 2025.",
        "missing": "No data: {items}",
        "conflict": "Sources disagree (both drawn, not joined): {items}",
        "sources": "Sources",
        "province": "Province",
        "unit": "Unit (boundaries of that year)",
        "rank": "DTI rank",
        "score": "DTI score",
        "dti_digital_government_rank": "Digital government",
        "dti_digital_economy_rank": "Digital economy",
        "dti_digital_society_rank": "Digital society",
        "kind_stated": "Rank as published",
        "kind_list": "† Position in a published list",
        "kind_derived": "‡ Rank derived from a stated change",
        "note_list": (
            "† Position read from the order of a published list (e.g. a top ten), "
            "not a rank stated as such."
        ),
        "note_derived": (
            "‡ Rank worked out from another rank and a stated change "
            "(e.g. '9th in 2022, up one place' gives 10th in 2021)."
        ),
        "note_missing": "— No published figure.",
        "note_rank": "Ranks carry their denominator: 63 provinces (2020–2023), 34 (2024).",
        "none": "—",
        "alt": "Chart: {title}",
        "summary_label": "DTI rank in",
        "and": "and",
        "foreign_title": "[article in Japanese]",
        "heading": "Provincial Digital Transformation Index (DTI) comparison",
        "intro": (
            "DTI ranks and scores of {provinces}, {first}–{last}, each figure with its source. "
            "Ranks for 2020–2023 are out of 63 provinces; ranks for 2024 are out of the 34 "
            "provinces after the merger, so they are never joined to earlier years. The "
            "scoring method changed in 2021 and in 2024. Years without a published figure "
            "stay empty; nothing is estimated."
        ),
        "ranks_heading": "Ranks",
        "scores_heading": "Scores",
        "pillars_heading": "Ranks by pillar",
        "pillars_intro": (
            "The three pillars, digital government, digital economy and digital society, "
            "ranked out of 63 provinces (years with a published figure for each province)."
        ),
        "table_heading": "Figures and sources",
        "pillar_table_caption": "DTI pillar ranks by year",
        "later_pillars": "Pillar ranks {year} (out of 34 after the merger, not drawn): {items}.",
        "later_pillars_none": "{year}: no pillar rank data (out of 34 after the merger).",
        "table_caption": "DTI rank and score by province and year",
    },
}

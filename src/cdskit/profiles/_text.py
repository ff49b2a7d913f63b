"""Words of the profile pages and the peer picker, in Vietnamese and English."""

from __future__ import annotations

#: Names of the DTI components (pillars 2020, main indices from 2021), by language.
COMPONENT_NAMES: dict[str, dict[str, str]] = {
    "vi": {
        "overall": "Chỉ số DTI",
        "digital_government": "Trụ cột Chính quyền số",
        "digital_economy": "Trụ cột Kinh tế số",
        "digital_society": "Trụ cột Xã hội số",
        "awareness": "Nhận thức số",
        "institutions": "Thể chế số",
        "infrastructure": "Hạ tầng số",
        "human_resources": "Nhân lực số",
        "cybersecurity": "An toàn thông tin mạng",
        "gov_activity": "Hoạt động chính quyền số",
        "econ_activity": "Hoạt động kinh tế số",
        "society_activity": "Hoạt động xã hội số",
    },
    "en": {
        "overall": "DTI",
        "digital_government": "Digital government pillar",
        "digital_economy": "Digital economy pillar",
        "digital_society": "Digital society pillar",
        "awareness": "Digital awareness",
        "institutions": "Digital institutions",
        "infrastructure": "Digital infrastructure",
        "human_resources": "Digital human resources",
        "cybersecurity": "Cybersecurity",
        "gov_activity": "Digital government activity",
        "econ_activity": "Digital economy activity",
        "society_activity": "Digital society activity",
    },
}

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "html_lang": "vi",
        "title": "Hồ sơ chuyển đổi số (DTI): {name}",
        "vintage_2008": "63 tỉnh, thành phố trước 1/7/2025",
        "vintage_2025": "34 tỉnh, thành phố từ 1/7/2025",
        "subtitle": "Chỉ số chuyển đổi số cấp tỉnh (DTI) do Bộ Thông tin và Truyền thông (nay là "
        "Bộ Khoa học và Công nghệ) công bố, theo từng kỳ đánh giá; mọi số liệu ghi nguồn.",
        "region": "Vùng kinh tế – xã hội",
        "region_note_2008": "theo Quy hoạch tổng thể quốc gia (Nghị quyết 81/2023/QH15)",
        "region_note_2025": "suy ra từ vùng của các tỉnh cũ hợp thành (Nghị quyết 202/2025/QH15; "
        "Nghị quyết 81/2023/QH15 liệt kê 63 tỉnh cũ)",
        "spans": "các tỉnh cũ hợp thành thuộc hai vùng",
        "formed_from": "Hợp thành từ các tỉnh cũ",
        "successor": "Từ 1/7/2025 thuộc",
        "see_profile": "xem hồ sơ",
        "report_link": "Báo cáo tỉnh",
        "other_lang": "English",
        "overall_heading": "Xếp hạng và điểm DTI theo kỳ",
        "components_heading": "Trụ cột và chỉ số chính",
        "edition": "Kỳ DTI",
        "rank": "Hạng",
        "tier": "Nhóm hạng",
        "change": "Thay đổi so với kỳ trước",
        "score": "Điểm (0–1)",
        "mean": "Trung bình các tỉnh",
        "median": "Trung vị vùng",
        "component": "Chỉ số",
        "sources": "Nguồn",
        "no_figure": "chưa có số liệu",
        "no_component": "Chưa có số liệu trụ cột hay chỉ số chính cho các kỳ: {editions}.",
        "no_component_any": "Chưa có số liệu trụ cột hay chỉ số chính của tỉnh trong bộ dữ liệu.",
        "break_63": "Xếp hạng trên 63 tỉnh, thành phố (trước sáp nhập)",
        "break_34": "Xếp hạng trên 34 tỉnh, thành phố (sau sáp nhập)",
        "edition_63": "{year} (nhóm 63 tỉnh cũ)",
        "edition_34": "{year} (34 tỉnh)",
        "edition_plain": "{year}",
        "before_34": "Các kỳ 2020–2023 xếp hạng 63 tỉnh cũ; xem hồ sơ của từng tỉnh cũ. Hạng trên "
        "34 không so sánh với hạng trên 63.",
        "tier_text": "{band} (trên {of})",
        "up": "▲ tăng {n} bậc",
        "down": "▼ giảm {n} bậc",
        "same": "= giữ nguyên hạng",
        "not_compared": "— không so sánh: {why}",
        "why_first": "kỳ đầu của nhóm này",
        "why_missing": "kỳ trước chưa có số liệu",
        "why_kind": "hạng đọc từ danh sách hoặc suy ra",
        "why_count": "khác số tỉnh được xếp hạng",
        "why_conflict": "các nguồn ghi khác nhau",
        "why_none": "kỳ này chưa có số liệu",
        "median_of": "{value} ({m} tỉnh của vùng)",
        "median_few": "chưa đủ số liệu (có {n}/{m} tỉnh)",
        "terms_heading": "Cách đọc",
        "term_rank": "Hạng 1 là cao nhất; mỗi hạng ghi kèm số tỉnh được xếp hạng (6/63).",
        "term_list": "† vị trí đọc từ thứ tự của một danh sách đã công bố, không phải câu "
        "“xếp thứ N”.",
        "term_derived": "‡ hạng suy ra từ một hạng khác và mức thay đổi đã công bố.",
        "term_tier": "Nhóm hạng: dải 10 hạng trên toàn thang (1–10, 11–20, …), như trên các bản "
        "đồ xếp hạng của bộ công cụ.",
        "term_change": "Thay đổi chỉ được tính khi cả hai hạng được nêu rõ và xếp trên cùng số "
        "tỉnh; điểm không so sánh giữa các kỳ vì phương pháp thay đổi (2020: 3 trụ cột; "
        "2021–2023: các chỉ số chính; 2024: 8 chỉ số chính).",
        "term_region": "Trung vị vùng: trung vị các hạng hoặc điểm được nêu rõ của các tỉnh trong "
        "vùng, chỉ tính khi mọi tỉnh của vùng có số liệu kỳ đó (báo chí thường chỉ đưa tin "
        "tỉnh xếp hạng cao, nên một phần danh sách không đại diện cho vùng).",
        "term_mean": "Trung bình các tỉnh: giá trị trung bình cấp tỉnh đã công bố (không tự tính).",
        "figures_count": "Trang này nêu {n} số liệu DTI của tỉnh trong bộ dữ liệu.",
        "footer": "Số liệu: bộ dữ liệu cdskit, mỗi số liệu kèm nguồn. Không có số liệu nào được "
        "ước tính hay điền thêm.",
        "index_title": "Hồ sơ DTI theo tỉnh",
        "date_unknown": "không ghi ngày",
    },
    "en": {
        "html_lang": "en",
        "title": "Digital transformation (DTI) profile: {name}",
        "vintage_2008": "63 provinces before 1 July 2025",
        "vintage_2025": "34 provinces from 1 July 2025",
        "subtitle": "Provincial Digital Transformation Index (DTI) published by the Ministry of "
        "Information and Communications (now the Ministry of Science and Technology), by "
        "edition; every figure cited.",
        "region": "Socio-economic region",
        "region_note_2008": "of the national master plan (Resolution 81/2023/QH15)",
        "region_note_2025": "derived from the regions of its former provinces (Resolution "
        "202/2025/QH15; Resolution 81/2023/QH15 lists the 63 former provinces)",
        "spans": "its former provinces lie in two regions",
        "formed_from": "Formed from the former provinces",
        "successor": "From 1 July 2025 part of",
        "see_profile": "see profile",
        "report_link": "Province report",
        "other_lang": "Tiếng Việt",
        "overall_heading": "DTI rank and score by edition",
        "components_heading": "Pillars and main indices",
        "edition": "DTI edition",
        "rank": "Rank",
        "tier": "Rank band",
        "change": "Change from the previous edition",
        "score": "Score (0–1)",
        "mean": "Provincial average",
        "median": "Regional median",
        "component": "Index",
        "sources": "Sources",
        "no_figure": "no figure",
        "no_component": "No pillar or main-index figure for the editions: {editions}.",
        "no_component_any": "The dataset holds no pillar or main-index figure of this province.",
        "break_63": "Ranks out of 63 provinces (before the merger)",
        "break_34": "Ranks out of 34 provinces (after the merger)",
        "edition_63": "{year} (group of 63 former provinces)",
        "edition_34": "{year} (34 provinces)",
        "edition_plain": "{year}",
        "before_34": "The 2020–2023 editions ranked the 63 former provinces; see the profile of "
        "each former province. Ranks out of 34 are not compared with ranks out of 63.",
        "tier_text": "{band} (of {of})",
        "up": "▲ up {n} places",
        "down": "▼ down {n} places",
        "same": "= unchanged",
        "not_compared": "— not compared: {why}",
        "why_first": "first edition of this group",
        "why_missing": "no figure for the previous edition",
        "why_kind": "a list position or a derived rank",
        "why_count": "different numbers of provinces ranked",
        "why_conflict": "sources disagree",
        "why_none": "no figure for this edition",
        "median_of": "{value} ({m} provinces of the region)",
        "median_few": "incomplete ({n} of {m} provinces)",
        "terms_heading": "How to read",
        "term_rank": "Rank 1 is best; every rank carries the number of provinces ranked (6/63).",
        "term_list": "† a position read from the order of a published list, not a stated "
        "“ranked N”.",
        "term_derived": "‡ a rank worked out from another rank and a stated change.",
        "term_tier": "Rank band: bands of 10 ranks over the whole scale (1–10, 11–20, …), as on "
        "the kit's rank maps.",
        "term_change": "A change is given only when both ranks are stated and out of the same "
        "number of provinces; scores are not compared across editions because the method "
        "changed (2020: 3 pillars; 2021–2023: main indices; 2024: 8 main indices).",
        "term_region": "Regional median: the median of the stated ranks or scores of the "
        "region's provinces, given only when every province of the region has a figure for "
        "that edition (the press mostly reports high ranks, so part of a list does not stand "
        "for the region).",
        "term_mean": "Provincial average: the published average of the provinces (not computed "
        "here).",
        "figures_count": "This page shows all {n} DTI figures of the province in the dataset.",
        "footer": "Data: the cdskit dataset, every figure with its source. Nothing is estimated "
        "or filled in.",
        "index_title": "DTI profiles by province",
        "date_unknown": "undated",
    },
}

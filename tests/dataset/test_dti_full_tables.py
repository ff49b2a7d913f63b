"""The shipped dataset holds every figure of the extended DTI tables, each traced to its page.

The extended tables are a collection of 298 published DTI figures (the 2021 table of the
dti.gov.vn home page, the 2020 top ten, pillar and main-index ranks, 2023 and 2024 results,
national means). ``FIGURES`` below lists them as the collection gives them: the page they were
read from (an index into ``SOURCE_URLS``), the unit's code and vintage, the indicator, the
period, the value and the denominator of a rank. The results of 2024 published for the 63
former provinces use the ``_group63`` indicators in vintage 2008; those for the 34 provinces
after the merger use the ordinary ones in vintage 2025.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import REPO

PUBLISHED = REPO / "data" / "processed"
#: The raw files that carry the extended tables.
RAW_FILES = (
    "dti/table_2021_home_page.csv",
    "dti/provinces_2020_2023.csv",
    "dti/provinces_2020_2023_en.csv",
    "dti/results_2024_34_provinces.csv",
    "dti/results_2024_34_provinces_en.csv",
    "dti/results_2024_63_former_provinces.csv",
    "dti/results_2024_63_former_provinces_en.csv",
)
# fmt: off
SOURCE_URLS = (
    "https://dti.gov.vn/",
    "https://demo1022.hasontech.vn/?p=3843",
    "https://en.vneconomy.vn/hcm-city-leads-2024-digital-transformation-index.htm",
    "https://vtcnews.vn/ha-noi-dan-dau-ca-nuoc-ve-chuyen-doi-so-cao-bang-dung-cuoi-bang-ar972306.html",
    "https://vneconomy.vn/sau-sap-nhap-tinh-thanh-hue-vuon-len-dung-thu-2-toan-quoc-ve-chuyen-doi-so.htm",
    "https://news.baokhanhhoa.vn/society/202511/driving-dti-progress-d4815fe",
    "https://baodongnai.com.vn/english/sci-tech/202511/dong-nai-continues-efforts-to-improve-digital-transformation-index-80b1603",
    "https://lite.baomoi.com/thai-nguyen-tang-toc-tren-ban-do-so-c53710679.epi",
    "https://www.vietnam.vn/en/hai-phong-vuon-len-top-3-toan-quoc-ve-chi-so-chuyen-doi-so-cap-tinh",
    "https://dantri.com.vn/khoa-hoc/ha-noi-dan-dau-ca-nuoc-ve-chi-so-chuyen-doi-so-20251021181803153.htm",
    "https://hanoitimes.vn/hanoi-leads-vietnam-s-2024-digital-transformation-index-with-top-performance.882551.html",
    "https://baomoi.net.vn/da-nang-tiep-tuc-dan-dau-ca-nuoc-ve-chuyen-doi-so-c51417541.epi",
    "https://diendandoanhnghiep.vn/hai-phong-chuyen-doi-so-dong-luc-trong-phat-trien-kinh-te-10149895.html",
    "https://doingoai.tuyenquang.gov.vn/vi/post/tuyen-quang-tang-10-bac-tren-bang-xep-hang-chuyen-doi-so-dti-nam-2023?type=NEWS&id=137762",
    "https://baohatinh.vn/ha-tinh-ra-mat-cong-thong-tin-dien-tu-thuc-hien-nghi-quyet-so-57-post291826.html",
    "https://baobinhduong.vn/en/binh-duong-strives-to-improve-dti-ranking-a306799.html",
    "https://en.doanhnghiephoinhap.vn/in-2022-quang-ngai-has-the-greatest-increase-in-terms-of-the-digital-transformation-index-dti-compared-to-the-country.html",
    "https://baomoi.net.vn/chi-so-danh-gia-chuyen-doi-so-nam-2022-yen-bai-xep-thu-15-63-c46601011.epi",
    "https://vietnamnet.vn/quang-ninh-vao-top-3-dia-phuong-dan-dau-ve-chi-so-chuyen-doi-so-2165207.html",
    "https://theleader.vn/quang-ninh-vuon-minh-chuyen-doi-so-1689505874516.htm",
    "https://mic.gov.vn/Pages/TinTuc/159363/HCM-City-ranks-high-in-digital-transformation-index.html",
    "https://huunghi.haugiang.gov.vn/index.php/vi/news/tin-tuc-su-kien/hau-giang-nam-trong-top-10-dia-phuong-dan-dau-toan-quoc-ve-ha-tang-so-985.html",
    "https://tapchisonghuong.com.vn/tin-tuc/p1/c12/n31636/Thua-Thien-Hue-xep-thu-2-toan-quoc-ve-Chi-so-chuye-n-do-i-so-DTI-nam-2021.html",
    "https://www.vccinews.com/news/48669/vinh-phuc-strives-for-top-10-position-in-digital-transformation-by-2025/index.html",
    "https://baovinhlong.com.vn/khao-hoc-cong-nghe/202208/vinh-long-tang-20-bac-ve-chi-so-chuyen-doi-so-3129116/",
    "https://m.vovworld.vn/en-US/digital-life/digital-transformation-motivates-socioeconomic-development-in-binh-duong-1153475.vov",
    "https://quangnam.gov.vn/webcenter/portal/ubnd_en/pages_list-news/detail?dDocName=PORTAL361005",
    "https://news.baolongan.vn/deputy-minister-of-information-and-communications-pham-duc-long-works-and-surveys-in-long-an-province-a179143.html",
    "https://yenbai.gov.vn/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID=29559&l=Tintrongtinh++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++&lv=5",
    "https://vccinews.com/news/48165/promoting-digital-transformation.html",
    "https://www.viet-jo.com/news/social/print_211021185939.html",
    "https://cchctest.soctrang.gov.vn/-/ket-qua-xep-hang-chi-so-chuyen-oi-so-dti-tinh-soc-trang-nam-2020?inheritRedirect=true",
    "https://sotttt.soctrang.gov.vn/sotttt/1229/27531/65430/370592/Chuyen-doi-so/Soc-Trang-nang-cao-thu-hang-chuyen-doi-so-nam-2022.aspx",
    "https://stttt.tuyenquang.gov.vn/DetailView/45754/4/Tuyen-Quang-xep-nhom-thu-3-trong-bang-xep-hang-chuyen-doi-so-(DTI)-cap-tinh-nam-2020.html",
    "https://thainguyentv.vn/xep-hang-chuyen-doi-so-2020-thai-nguyen-dung-thu-3-o-tru-cot-chinh-quyen-so-87036.html",
    "https://tab.baohaiduong.vn/khoa-hoc---cong-nghe/hai-duong-xep-thu-14-ve-chi-so-chuyen-doi-so-nam-2020-183739",
)
FIGURES = """
0 48 2008 dti_rank 2021 1 63
0 48 2008 dti_score 2021 0.6419 -
0 48 2008 dti_digital_government_rank 2021 1 63
0 48 2008 dti_digital_government_score 2021 0.6868 -
0 48 2008 dti_digital_economy_rank 2021 1 63
0 48 2008 dti_digital_economy_score 2021 0.6312 -
0 48 2008 dti_digital_society_rank 2021 1 63
0 48 2008 dti_digital_society_score 2021 0.6483 -
0 46 2008 dti_rank 2021 2 63
0 46 2008 dti_score 2021 0.5872 -
0 46 2008 dti_digital_government_rank 2021 2 63
0 46 2008 dti_digital_government_score 2021 0.6666 -
0 46 2008 dti_digital_economy_rank 2021 2 63
0 46 2008 dti_digital_economy_score 2021 0.5922 -
0 46 2008 dti_digital_society_rank 2021 2 63
0 46 2008 dti_digital_society_score 2021 0.5782 -
0 79 2008 dti_rank 2021 3 63
0 79 2008 dti_score 2021 0.5609 -
0 79 2008 dti_digital_government_rank 2021 3 63
0 79 2008 dti_digital_government_score 2021 0.6197 -
0 79 2008 dti_digital_economy_rank 2021 3 63
0 79 2008 dti_digital_economy_score 2021 0.5773 -
0 79 2008 dti_digital_society_rank 2021 4 63
0 79 2008 dti_digital_society_score 2021 0.5418 -
0 27 2008 dti_rank 2021 4 63
0 27 2008 dti_score 2021 0.5276 -
0 27 2008 dti_digital_government_rank 2021 4 63
0 27 2008 dti_digital_government_score 2021 0.5877 -
0 27 2008 dti_digital_economy_rank 2021 6 63
0 27 2008 dti_digital_economy_score 2021 0.532 -
0 27 2008 dti_digital_society_rank 2021 6 63
0 27 2008 dti_digital_society_score 2021 0.5292 -
0 20 2008 dti_rank 2021 5 63
0 20 2008 dti_score 2021 0.5242 -
0 20 2008 dti_digital_government_rank 2021 7 63
0 20 2008 dti_digital_government_score 2021 0.5549 -
0 20 2008 dti_digital_economy_rank 2021 7 63
0 20 2008 dti_digital_economy_score 2021 0.5299 -
0 20 2008 dti_digital_society_rank 2021 7 63
0 20 2008 dti_digital_society_score 2021 0.5168 -
0 37 2008 dti_rank 2021 6 63
0 37 2008 dti_score 2021 0.5064 -
0 37 2008 dti_digital_government_rank 2021 5 63
0 37 2008 dti_digital_government_score 2021 0.5702 -
0 37 2008 dti_digital_economy_rank 2021 8 63
0 37 2008 dti_digital_economy_score 2021 0.5239 -
0 37 2008 dti_digital_society_rank 2021 5 63
0 37 2008 dti_digital_society_score 2021 0.5323 -
0 22 2008 dti_rank 2021 7 63
0 22 2008 dti_score 2021 0.4972 -
0 22 2008 dti_digital_government_rank 2021 6 63
0 22 2008 dti_digital_government_score 2021 0.5596 -
0 22 2008 dti_digital_economy_rank 2021 10 63
0 22 2008 dti_digital_economy_score 2021 0.4969 -
0 22 2008 dti_digital_society_rank 2021 14 63
0 22 2008 dti_digital_society_score 2021 0.478 -
0 19 2008 dti_rank 2021 8 63
0 19 2008 dti_score 2021 0.496 -
0 19 2008 dti_digital_government_rank 2021 9 63
0 19 2008 dti_digital_government_score 2021 0.5496 -
0 19 2008 dti_digital_economy_rank 2021 5 63
0 19 2008 dti_digital_economy_score 2021 0.5364 -
0 19 2008 dti_digital_society_rank 2021 8 63
0 19 2008 dti_digital_society_score 2021 0.5137 -
0 70 2008 dti_rank 2021 9 63
0 70 2008 dti_score 2021 0.4954 -
0 70 2008 dti_digital_government_rank 2021 8 63
0 70 2008 dti_digital_government_score 2021 0.5497 -
0 70 2008 dti_digital_economy_rank 2021 14 63
0 70 2008 dti_digital_economy_score 2021 0.4735 -
0 70 2008 dti_digital_society_rank 2021 15 63
0 70 2008 dti_digital_society_score 2021 0.4747 -
0 24 2008 dti_rank 2021 10 63
0 24 2008 dti_score 2021 0.4933 -
0 24 2008 dti_digital_government_rank 2021 15 63
0 24 2008 dti_digital_government_score 2021 0.5158 -
0 24 2008 dti_digital_economy_rank 2021 9 63
0 24 2008 dti_digital_economy_score 2021 0.5169 -
0 24 2008 dti_digital_society_rank 2021 9 63
0 24 2008 dti_digital_society_score 2021 0.5051 -
0 36 2008 dti_rank 2021 11 63
0 36 2008 dti_score 2021 0.4885 -
0 36 2008 dti_digital_government_rank 2021 17 63
0 36 2008 dti_digital_government_score 2021 0.5102 -
0 36 2008 dti_digital_economy_rank 2021 26 63
0 36 2008 dti_digital_economy_score 2021 0.4443 -
0 36 2008 dti_digital_society_rank 2021 21 63
0 36 2008 dti_digital_society_score 2021 0.4514 -
0 38 2008 dti_rank 2021 12 63
0 38 2008 dti_score 2021 0.488 -
0 38 2008 dti_digital_government_rank 2021 12 63
0 38 2008 dti_digital_government_score 2021 0.5302 -
0 38 2008 dti_digital_economy_rank 2021 22 63
0 38 2008 dti_digital_economy_score 2021 0.4552 -
0 38 2008 dti_digital_society_rank 2021 12 63
0 38 2008 dti_digital_society_score 2021 0.4904 -
0 26 2008 dti_rank 2021 12 63
0 26 2008 dti_score 2021 0.488 -
0 26 2008 dti_digital_government_rank 2021 10 63
0 26 2008 dti_digital_government_score 2021 0.5483 -
0 26 2008 dti_digital_economy_rank 2021 4 63
0 26 2008 dti_digital_economy_score 2021 0.5671 -
0 26 2008 dti_digital_society_rank 2021 3 63
0 26 2008 dti_digital_society_score 2021 0.5634 -
0 30 2008 dti_rank 2021 14 63
0 30 2008 dti_score 2021 0.4843 -
0 30 2008 dti_digital_government_rank 2021 13 63
0 30 2008 dti_digital_government_score 2021 0.5241 -
0 30 2008 dti_digital_economy_rank 2021 18 63
0 30 2008 dti_digital_economy_score 2021 0.4586 -
0 30 2008 dti_digital_society_rank 2021 18 63
0 30 2008 dti_digital_society_score 2021 0.46 -
0 92 2008 dti_rank 2021 15 63
0 92 2008 dti_score 2021 0.4794 -
0 92 2008 dti_digital_government_rank 2021 21 63
0 92 2008 dti_digital_government_score 2021 0.493 -
0 92 2008 dti_digital_economy_rank 2021 11 63
0 92 2008 dti_digital_economy_score 2021 0.4944 -
0 92 2008 dti_digital_society_rank 2021 13 63
0 92 2008 dti_digital_society_score 2021 0.4787 -
0 31 2008 dti_rank 2021 16 63
0 31 2008 dti_score 2021 0.4675 -
0 31 2008 dti_digital_government_rank 2021 25 63
0 31 2008 dti_digital_government_score 2021 0.4718 -
0 31 2008 dti_digital_economy_rank 2021 25 63
0 31 2008 dti_digital_economy_score 2021 0.4464 -
0 31 2008 dti_digital_society_rank 2021 16 63
0 31 2008 dti_digital_society_score 2021 0.4645 -
0 93 2008 dti_rank 2021 17 63
0 93 2008 dti_score 2021 0.467 -
0 93 2008 dti_digital_government_rank 2021 16 63
0 93 2008 dti_digital_government_score 2021 0.5142 -
0 93 2008 dti_digital_economy_rank 2021 28 63
0 93 2008 dti_digital_economy_score 2021 0.4319 -
0 93 2008 dti_digital_society_rank 2021 25 63
0 93 2008 dti_digital_society_score 2021 0.4392 -
0 25 2008 dti_rank 2021 18 63
0 25 2008 dti_score 2021 0.4652 -
0 25 2008 dti_digital_government_rank 2021 20 63
0 25 2008 dti_digital_government_score 2021 0.4956 -
0 25 2008 dti_digital_economy_rank 2021 17 63
1 48 2008 dti_score_group63 2024 0.8335 -
1 48 2008 dti_rank_group63 2024 2 63
1 49 2008 dti_score_group63 2024 0.5803 -
1 49 2008 dti_rank_group63 2024 57 63
1 79 2008 dti_rank_group63 2024 1 63
1 48 2025 dti_score 2024 0.7069 -
1 48 2025 dti_rank 2024 17 34
2 79 2008 dti_rank_group63 2024 1 63
3 79 2008 dti_rank_group63 2024 1 63
3 48 2008 dti_rank_group63 2024 2 63
3 31 2008 dti_rank_in_ordered_list_group63 2024 3 63
3 01 2008 dti_rank_in_ordered_list_group63 2024 4 63
3 46 2008 dti_rank_in_ordered_list_group63 2024 5 63
4 46 2008 dti_rank_group63 2024 5 63
4 31 2008 dti_rank_in_ordered_list_group63 2024 3 63
4 01 2008 dti_rank_in_ordered_list_group63 2024 4 63
5 56 2025 dti_rank 2024 16 34
5 56 2025 dti_score 2024 0.7071 -
6 75 2025 dti_score 2024 0.7164 -
6 75 2025 dti_rank 2024 15 34
7 19 2025 dti_rank 2024 8 34
8 31 2025 dti_infrastructure_rank 2024 3 34
8 31 2025 dti_econ_activity_rank 2024 3 34
9 01 2025 dti_awareness_rank 2024 1 34
9 01 2025 dti_institutions_rank 2024 1 34
9 01 2025 dti_econ_activity_rank 2024 1 34
9 01 2025 dti_society_activity_rank 2024 1 34
10 01 2008 dti_rank 2023 5 63
11 48 2008 dti_score 2023 0.834 -
11 48 2008 dti_rank 2023 1 63
11 48 2008 dti_awareness_rank 2023 1 63
11 48 2008 dti_institutions_rank 2023 1 63
11 48 2008 dti_human_resources_rank 2023 1 63
11 48 2008 dti_cybersecurity_rank 2023 1 63
11 48 2008 dti_gov_activity_rank 2023 1 63
12 31 2008 dti_rank 2023 8 63
12 31 2008 dti_digital_government_rank 2023 28 63
12 31 2008 dti_digital_government_score 2023 0.7684 -
12 31 2008 dti_digital_economy_rank 2023 9 63
12 31 2008 dti_digital_economy_score 2023 0.7793 -
12 31 2008 dti_digital_society_rank 2023 10 63
12 31 2008 dti_digital_society_score 2023 0.7383 -
12 31 2008 dti_digital_government_rank_derived 2022 28 63
13 08 2008 dti_rank 2023 38 63
13 08 2008 dti_score 2023 0.6735 -
13 08 2008 dti_digital_government_rank 2023 42 63
13 08 2008 dti_digital_government_score 2023 0.7089 -
13 08 2008 dti_digital_economy_rank 2023 24 63
13 08 2008 dti_digital_economy_score 2023 0.6197 -
13 08 2008 dti_digital_society_rank 2023 18 63
13 08 2008 dti_digital_society_score 2023 0.4443 -
14 42 2008 dti_rank 2023 25 63
14 42 2008 dti_awareness_rank 2023 1 63
14 42 2008 dti_human_resources_rank 2023 6 63
14 42 2008 dti_gov_activity_rank 2023 23 63
14 42 2008 dti_institutions_rank 2023 32 63
14 42 2008 dti_cybersecurity_rank 2023 26 63
14 42 2008 dti_society_activity_rank 2023 37 63
14 42 2008 dti_infrastructure_rank 2023 44 63
14 42 2008 dti_econ_activity_rank 2023 41 63
15 74 2008 dti_awareness_rank 2022 1 63
15 74 2008 dti_institutions_rank 2022 16 63
15 74 2008 dti_infrastructure_rank 2022 9 63
15 74 2008 dti_human_resources_rank 2022 9 63
15 74 2008 dti_cybersecurity_rank 2022 41 63
15 74 2008 dti_gov_activity_rank 2022 6 63
15 74 2008 dti_econ_activity_rank 2022 62 63
15 74 2008 dti_society_activity_rank 2022 24 63
16 51 2008 dti_digital_government_rank 2022 17 63
16 51 2008 dti_digital_economy_rank 2022 17 63
16 51 2008 dti_digital_society_rank 2022 15 63
17 15 2008 dti_digital_government_rank 2022 15 63
17 15 2008 dti_digital_economy_rank 2022 7 63
17 15 2008 dti_digital_society_rank 2022 10 63
17 15 2008 dti_cybersecurity_rank 2022 9 63
17 15 2008 dti_institutions_rank 2022 15 63
17 15 2008 dti_econ_activity_rank 2022 11 63
18 22 2008 dti_digital_government_score 2022 0.7804 -
18 22 2008 dti_digital_government_rank 2022 4 63
18 22 2008 dti_digital_economy_score 2022 0.7187 -
18 22 2008 dti_digital_economy_rank 2022 9 63
18 22 2008 dti_digital_society_score 2022 0.6864 -
18 22 2008 dti_digital_society_rank 2022 2 63
19 22 2008 dti_institutions_rank 2022 1 63
19 22 2008 dti_society_activity_rank 2022 2 63
19 22 2008 dti_gov_activity_rank 2022 3 63
19 22 2008 dti_infrastructure_rank 2022 4 63
20 79 2008 dti_institutions_rank 2022 1 63
20 79 2008 dti_infrastructure_rank 2022 1 63
20 79 2008 dti_digital_government_rank 2022 2 63
20 79 2008 dti_digital_economy_rank 2022 4 63
21 79 2008 dti_infrastructure_rank_in_ordered_list 2022 1 63
21 48 2008 dti_infrastructure_rank_in_ordered_list 2022 2 63
21 77 2008 dti_infrastructure_rank_in_ordered_list 2022 3 63
21 22 2008 dti_infrastructure_rank_in_ordered_list 2022 4 63
21 20 2008 dti_infrastructure_rank_in_ordered_list 2022 5 63
21 19 2008 dti_infrastructure_rank_in_ordered_list 2022 6 63
21 25 2008 dti_infrastructure_rank_in_ordered_list 2022 7 63
21 86 2008 dti_infrastructure_rank_in_ordered_list 2022 8 63
21 74 2008 dti_infrastructure_rank_in_ordered_list 2022 9 63
21 93 2008 dti_infrastructure_rank_in_ordered_list 2022 10 63
22 46 2008 dti_rank 2021 2 63
22 46 2008 dti_gov_activity_rank 2021 1 63
22 46 2008 dti_cybersecurity_rank 2021 2 63
22 46 2008 dti_infrastructure_rank 2021 2 63
22 46 2008 dti_awareness_rank 2021 3 63
23 26 2008 dti_institutions_rank 2021 1 63
23 26 2008 dti_human_resources_rank 2021 3 63
23 26 2008 dti_cybersecurity_rank 2021 4 63
24 86 2008 dti_rank 2021 32 63
24 86 2008 dti_rank 2020 52 63
24 86 2008 dti_cybersecurity_rank 2021 8 63
25 74 2008 dti_rank 2021 22 63
26 49 2008 dti_rank 2021 25 63
27 80 2008 dti_rank 2020 27 63
27 80 2008 dti_rank 2021 21 63
28 15 2008 dti_rank 2021 27 63
28 15 2008 dti_rank 2020 40 63
28 15 2008 dti_digital_government_rank 2021 24 63
28 15 2008 dti_digital_economy_rank 2021 27 63
28 15 2008 dti_digital_society_rank 2021 29 63
28 15 2008 dti_digital_government_rank 2020 47 63
28 15 2008 dti_digital_economy_rank 2020 39 63
28 15 2008 dti_digital_society_rank 2020 29 63
29 92 2008 dti_rank 2021 7 63
30 48 2008 dti_rank 2020 1 63
30 46 2008 dti_rank 2020 2 63
30 27 2008 dti_rank 2020 3 63
30 22 2008 dti_rank 2020 4 63
30 79 2008 dti_rank 2020 5 63
30 82 2008 dti_rank 2020 6 63
30 92 2008 dti_rank 2020 7 63
30 37 2008 dti_rank 2020 8 63
30 91 2008 dti_rank 2020 8 63
30 24 2008 dti_rank 2020 10 63
30 58 2008 dti_rank 2020 63 63
30 58 2008 dti_score 2020 0.2108 -
30 54 2008 dti_rank 2020 62 63
30 04 2008 dti_rank 2020 61 63
30 VN 2008 dti_provincial_mean 2020 0.3026 -
31 94 2008 dti_rank 2020 57 63
31 94 2008 dti_digital_government_score 2020 0.3105 -
31 94 2008 dti_digital_government_rank 2020 51 63
31 94 2008 dti_digital_economy_score 2020 0.1931 -
31 94 2008 dti_digital_economy_rank 2020 58 63
31 94 2008 dti_digital_society_score 2020 0.2021 -
31 94 2008 dti_digital_society_rank 2020 58 63
31 VN 2008 dti_provincial_mean 2020 0.326 -
32 94 2008 dti_digital_government_rank 2022 32 63
33 08 2008 dti_rank 2020 44 63
34 19 2008 dti_rank 2020 12 63
34 19 2008 dti_digital_government_rank 2020 3 63
35 30 2008 dti_score 2020 0.3504 -
35 30 2008 dti_rank 2020 14 63
35 30 2008 dti_digital_government_rank 2020 22 63
35 30 2008 dti_digital_economy_rank 2020 9 63
35 30 2008 dti_digital_society_rank 2020 13 63
"""
# fmt: on


def expected() -> pd.DataFrame:
    """The 298 figures of the collection, one row each, with their page's URL."""
    rows = [line.split() for line in FIGURES.strip().splitlines()]
    frame = pd.DataFrame(
        rows, columns=["url", "unit_code", "vintage", "indicator", "period", "value", "den"]
    )
    frame["url"] = frame["url"].astype(int).map(dict(enumerate(SOURCE_URLS)))
    frame["vintage"] = frame["vintage"].astype(int)
    frame["value"] = frame["value"].astype(float)
    frame["den"] = pd.to_numeric(frame["den"].replace("-", None))
    return frame


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    """Observations of data/processed read from the extended tables, with their source URL."""
    obs = pd.read_parquet(PUBLISHED / "observations.parquet")
    sources = pd.read_csv(PUBLISHED / "sources.csv", dtype=str, encoding="utf-8-sig")
    urls = dict(zip(sources["id"], sources["url"], strict=True))
    mine = obs["origin"].str.replace(r":line \d+$", "", regex=True).isin(RAW_FILES)
    return obs[mine].assign(url=obs.loc[mine, "source_id"].map(urls)).reset_index(drop=True)


def test_the_collection_has_298_figures_from_36_pages() -> None:
    figures = expected()
    assert len(figures) == 298
    assert figures["url"].nunique() == len(SOURCE_URLS) == 36


def test_every_figure_is_shipped_once_with_its_page_and_value(shipped) -> None:
    figures = expected()
    keys = ["url", "unit_code", "vintage", "indicator", "period"]
    merged = figures.reset_index().merge(
        shipped.reset_index(), on=keys, how="left", suffixes=("", "_shipped")
    )
    merged = merged[
        (merged["value"] - merged["value_shipped"]).abs().fillna(1) < 1e-9
    ]  # same figure: same page, unit, indicator, period and value
    missing = figures.loc[~figures.index.isin(merged["index"])]
    assert missing.empty, f"not shipped:\n{missing.to_string()}"
    assert merged["index"].is_unique and merged["index_shipped"].is_unique
    assert len(shipped) == len(figures) == 298, "no figure is added or lost on the way"
    has_den = merged["den"].notna()
    assert (merged.loc[has_den, "den"] == merged.loc[has_den, "denominator"]).all()


def test_every_shipped_figure_names_a_source_with_its_url(shipped) -> None:
    assert shipped["url"].str.startswith("https://").all()
    assert (shipped["value_as_published"].str.len() > 0).all()


def test_2024_results_for_63_former_and_34_current_provinces_stay_apart(shipped) -> None:
    dti_2024 = shipped[shipped["period"] == "2024"]
    former = dti_2024[dti_2024["indicator"].str.endswith("_group63")]
    current = dti_2024[~dti_2024["indicator"].str.endswith("_group63")]
    assert len(former) == 14 and len(current) == 13
    assert set(former["vintage"]) == {2008} and set(current["vintage"]) == {2025}
    ranks = former["denominator"].dropna()
    assert len(ranks) == 12 and set(ranks) == {63}
    assert set(current["denominator"].dropna()) == {34}
    assert set(former["indicator"]) == {
        "dti_rank_group63",
        "dti_score_group63",
        "dti_rank_in_ordered_list_group63",
    }


def test_list_positions_and_derived_ranks_are_marked_in_indicator_and_note(shipped) -> None:
    listed = shipped[shipped["indicator"].str.contains("_in_ordered_list|_in_top10_list")]
    assert len(listed) == 15
    assert listed["note"].str.contains("order of a published list").all()
    derived = shipped[shipped["indicator"].str.endswith("_derived")]
    assert derived[["unit_code", "indicator", "period"]].values.tolist() == [
        ["31", "dti_digital_government_rank_derived", "2022"]
    ]
    assert derived["note"].str.contains("derived from a stated change").all()


def test_conflicts_between_sources_are_kept_side_by_side(shipped) -> None:
    obs = pd.read_parquet(PUBLISHED / "observations.parquet")
    can_tho = obs[
        (obs["unit_code"] == "92") & (obs["indicator"] == "dti_rank") & (obs["period"] == "2021")
    ]
    assert sorted(can_tho["value"]) == [7, 15] and can_tho["conflict"].all()
    mean_2020 = obs[(obs["indicator"] == "dti_provincial_mean") & (obs["period"] == "2020")]
    assert sorted(mean_2020["value"].round(4)) == [0.3026, 0.3026, 0.326]
    tie = shipped[
        (shipped["indicator"] == "dti_rank")
        & (shipped["period"] == "2021")
        & (shipped["value"] == 12)
    ]
    assert set(tie["unit_code"]) == {"38", "26"}  # Thanh Hóa and Vĩnh Phúc tied at 12

"""The kit's vocabulary: each term used across stages is defined here and nowhere else.

>>> from cdskit.terms import VINTAGES, PROVINCE_COUNT
>>> [PROVINCE_COUNT[vintage] for vintage in VINTAGES]
[63, 34]
>>> FOCUS_COLOURS[2008]["20"] == FOCUS_COLOURS[2025]["20"]  # Lạng Sơn, before and after 2025
True
"""

from __future__ import annotations

#: Administrative vintages: ``2008`` for the 63-province geography in force until 30 June 2025,
#: ``2025`` for the 34-province, two-level geography in force from 1 July 2025.
VINTAGES: tuple[int, ...] = (2008, 2025)

#: Number of provinces (tỉnh, thành phố) in each vintage: the denominator of a province rank.
PROVINCE_COUNT: dict[int, int] = {2008: 63, 2025: 34}

#: Levels of the administrative hierarchy that the unit resolver knows.
ADMIN_LEVELS: tuple[str, ...] = ("province", "district", "commune")

#: What an observation's ``unit_level`` can hold: the administrative levels plus the whole
#: country and a provincial agency (sở, ban, ngành).
UNIT_LEVELS: tuple[str, ...] = ("national", "province", "district", "commune", "agency")

#: Languages of reports, maps, charts and messages (Vietnamese first).
LANGUAGES: tuple[str, ...] = ("vi", "en")

#: Number conventions a raw file can declare (``number_locale``): ``vi`` writes 1.902.270 and
#: 99,8; ``en`` writes 1,902,270 and 99.8.
NUMBER_LOCALES: tuple[str, ...] = ("vi", "en")

#: The four provinces the kit was built for, by vintage (NSO codes): Lạng Sơn, Bắc Giang (2008)
#: or Bắc Ninh (2025, which absorbed Bắc Giang), Lào Cai (2025: with the former Yên Bái),
#: Thanh Hóa.
FOCUS_PROVINCES: dict[int, tuple[str, ...]] = {
    2008: ("20", "24", "10", "38"),
    2025: ("20", "24", "15", "38"),
}

#: The focus provinces' names as the DTI tables publish them (2008 vintage).
FOCUS_PROVINCE_NAMES: tuple[str, ...] = ("Lạng Sơn", "Bắc Giang", "Lào Cai", "Thanh Hóa")

#: One colour per focus province, the same on every chart, map highlight and table of the kit
#: (Okabe–Ito colours, told apart by colour-blind readers), by vintage and NSO code: Lạng Sơn
#: blue, Bắc Giang vermillion, Lào Cai bluish green, Thanh Hóa reddish purple, and, when shown on
#: their own, the former Bắc Ninh orange and Yên Bái sky blue. A 2025 province keeps the colour of
#: the focus province it continues: Bắc Ninh (24, with the former Bắc Giang) and Lào Cai (15,
#: with the former Yên Bái).
FOCUS_COLOURS: dict[int, dict[str, str]] = {
    2008: {
        "20": "#0072B2",
        "24": "#D55E00",
        "10": "#009E73",
        "38": "#CC79A7",
        "27": "#E69F00",
        "15": "#56B4E9",
    },
    2025: {"20": "#0072B2", "24": "#D55E00", "15": "#009E73", "38": "#CC79A7"},
}

#: Colours of the other provinces a chart compares, in order, after the focus colours: none
#: of them is a focus colour, so no other province is mistaken for a focus province.
OTHER_COLOURS: tuple[str, ...] = ("#4D4D4D", "#8C564B", "#7570B3", "#BCBD22", "#999999", "#000000")

#: The three pillars of the DTI 2020 (chính quyền số, kinh tế số, xã hội số), by component id:
#: an indicator ``dti_<component>_rank`` or ``_score`` holds a pillar's figure.
DTI_PILLARS: tuple[str, ...] = ("digital_government", "digital_economy", "digital_society")

#: The main indices of the DTI from 2021 on, by component id, in the order the reports list them.
DTI_MAIN_INDICES: tuple[str, ...] = (
    "awareness",
    "institutions",
    "infrastructure",
    "human_resources",
    "cybersecurity",
    "gov_activity",
    "econ_activity",
    "society_activity",
)

#: Font family of every chart and static map: it has a glyph for every Vietnamese letter.
FONT_FAMILY = "DejaVu Sans"

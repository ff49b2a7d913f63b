"""Builders of synthetic observations shared by the tests (never shipped data).

Every row made here says so in its ``origin`` (``synthetic.csv``) and the test sources' titles
say "(synthetic)".
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from cdskit.dataset import COLUMN_NAMES
from cdskit.terms import PROVINCE_COUNT

#: Province name → (code in vintage 2008, code in vintage 2025).
CODES = {
    "Lạng Sơn": ("20", "20"),
    "Bắc Giang": ("24", "24"),
    "Lào Cai": ("10", "15"),
    "Thanh Hóa": ("38", "38"),
}
#: Titles of the synthetic sources.
SOURCES = {"src-a": "Nguồn thử A (synthetic)", "src-b": "Nguồn thử B (synthetic)"}


def observation(
    province: str,
    year: int,
    value: float,
    *,
    indicator: str = "dti_rank",
    source: str = "src-a",
    vintage: int | None = None,
) -> dict:
    """Return one synthetic province observation in the kit's schema.

    The vintage follows the year (2025 from 2024 on) unless given; a rank's denominator is the
    number of provinces of its vintage.
    """
    vintage = vintage or (2025 if year >= 2024 else 2008)
    code = CODES[province][0 if vintage == 2008 else 1]
    rank = indicator.endswith("rank")
    return {
        "unit_code": code,
        "unit_name": province,
        "unit_name_as_published": province,
        "unit_level": "province",
        "vintage": vintage,
        "province_code": code,
        "indicator": indicator,
        "period": str(year),
        "year": year,
        "value": value,
        "qualifier": None,
        "denominator": float(PROVINCE_COUNT[vintage]) if rank else np.nan,
        "value_as_published": str(value),
        "missing_reason": None,
        "source_id": source,
        "conflict": False,
        "origin": "synthetic.csv:line 2",
        "note": None,
    }


def table(rows: list[dict]) -> pd.DataFrame:
    """Return rows made by :func:`observation` as an observation table."""
    frame = pd.DataFrame(rows, columns=list(COLUMN_NAMES))
    frame["year"] = frame["year"].astype("Int64")
    return frame


# A whole synthetic project: codebook, raw files and sources.yml.

CODEBOOK = """\
indicator,label_vi,label_en,unit_vi,unit_en,kind,min,max,higher_is_better,aggregation,preferred_source,notes_vi,notes_en
dti_score,Điểm DTI,DTI score,điểm,points,index,0,1,true,not_aggregable,,synthetic,synthetic
dti_rank,Xếp hạng DTI,DTI rank,hạng,rank,rank,1,63,false,not_aggregable,,,
fiber_villages,Số thôn có cáp quang,Villages with fibre,thôn,villages,count,0,,true,sum,,,
online_share,Tỷ lệ hồ sơ trực tuyến,Share of applications online,%,%,percent,0,100,true,mean,,,
"""

# synthetic test data: names and numbers written the messy ways published tables write them.
RANKS = """\
Bảng tổng hợp chỉ số (synthetic test data)

unit,unit_level,province,vintage,indicator,period,value,denominator,source_id,note
Thanh Hoá,province,,2008,dti_score,2022,"0,4874",,pub-a,
THANH HÓA,province,,2008,dti_rank,2022,10/63,,pub-a,
Thanh Hoa,province,,2008,dti_rank,2022,12,63,pub-b,
Bắc Giang,province,,2008,online_share,2023-H1,"99,8%",,pub-a,
Lạng Sơn,province,,2025,fiber_villages,2024-Q1-Q3,hơn 1.100,,pub-a,
Lang Son,province,,2025,fiber_villages,2025-06,-,,pub-a,
TP. Lào Cai,district,Lào Cai,2008,fiber_villages,2022,"1.234",,pub-a,
Cả nước,national,,2025,online_share,undated,"trên 95,5%",,pub-a,
Lạng Sơn,province,,2025,online_share,2024,,,pub-a,
"""

HOSTILE = (
    "synthetic test data\n\n"
    "unit,unit_level,province,vintage,indicator,period,value,source_id,note\n"
    '"=HYPERLINK(""http://x.example"",""<script>alert(1)</script>"")",province,,2025,'
    'dti_score,2024,"0,5",pub-a,"<script>alert(2)</script>"\n'
    'Lạng Sơn,province,,2025,dti_score,2024,"0,61",pub-a,"@SUM(A1:A2)"\n'
)

SOURCES_YML = """\
# synthetic test data: two made-up publications
sources:
  - id: pub-a
    title: "Báo cáo A (synthetic)"
    publisher: "Cơ quan A"
    date: "2023-07-10"
    url: ""
    licence: "not stated"
  - id: pub-b
    title: "Báo cáo B (synthetic)"
    publisher: "Cơ quan B"
    date: undated
    url: "https://example.org/b"
    licence: "CC BY 4.0"
files:
"""


def write_project(root: Path, files: dict[str, str] | None = None) -> Path:
    """Write a synthetic project (codebook, raw files, sources.yml); return its raw folder."""
    files = {"dti/ranks.csv": RANKS} if files is None else files
    data = root / "data"
    raw = data / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (data / "codebook.csv").write_text(CODEBOOK, encoding="utf-8")
    entries = []
    for name, text in files.items():
        target = raw / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        entries.append(
            f'  - path: {name}\n    sha256: "{digest}"\n    description: synthetic\n'
            "    layout: long\n    number_locale: vi\n"
        )
    (raw / "sources.yml").write_text(SOURCES_YML + "".join(entries), encoding="utf-8")
    return raw

"""The provinces' own village survey: an XLSX template per province, checked when filled in.

:func:`write_template` writes one row per 2025 commune of a province (code and name filled in
from the unit registry), the columns of the survey with Excel data validation (whole numbers
≥ 0, parts ≤ totals, survey dates after the 1 July 2025 reform) and an instructions sheet in
Vietnamese. A filled template is a raw file like any other: :func:`add_survey` checks it (every
problem is reported with the commune, its row and the cell), copies it into ``data/raw`` and
records it in ``sources.yml`` in the wide layout, so ``cdskit build`` publishes its counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from cdskit.files import write_atomically
from cdskit.units import resolve, units

#: Sheet holding the figures.
SURVEY_SHEET = "Khảo sát"
#: Sheet holding the instructions.
INSTRUCTIONS_SHEET = "Hướng dẫn"
#: First date a 2025 commune can be surveyed (the reform took effect on 1 July 2025).
FIRST_SURVEY_DATE = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class SurveyColumn:
    """One column of the survey sheet."""

    letter: str
    header: str
    indicator: str | None = None
    total: str | None = None  # letter of the column this one must not exceed


#: The survey's columns; counts map to codebook indicators.
COLUMNS = (
    SurveyColumn("A", "Mã xã"),
    SurveyColumn("B", "Tên xã, phường"),
    SurveyColumn("C", "Số thôn, tổ dân phố", "count_villages_and_urban_groups"),
    SurveyColumn("D", "Số thôn chưa có sóng di động", "villages_without_mobile_signal", "E"),
    SurveyColumn("E", "Số thôn chưa có sóng 3G/4G", "villages_without_mobile_broadband", "C"),
    SurveyColumn("F", "Số thôn chưa có cáp quang", "villages_without_fibre", "C"),
    SurveyColumn("G", "Số hộ có kết nối cáp quang", "households_with_fibre"),
    SurveyColumn("H", "Ngày khảo sát"),
    SurveyColumn("I", "Người trả lời"),
)
_COUNTS = [column for column in COLUMNS if column.indicator]
#: The indicator of each count column, by letter.
_INDICATORS = {column.letter: column.indicator for column in COLUMNS if column.indicator}
_BY_LETTER = {column.letter: column for column in COLUMNS}
_INSTRUCTIONS = [
    "HƯỚNG DẪN ĐIỀN MẪU KHẢO SÁT HẠ TẦNG VIỄN THÔNG THEO XÃ",
    "",
    "1. Mỗi dòng của trang «Khảo sát» là một xã, phường, đặc khu (đơn vị hành chính từ "
    "1/7/2025). Không sửa cột «Mã xã» và «Tên xã, phường»; không thêm hay xóa dòng.",
    "2. Cột C: tổng số thôn, tổ dân phố (kể cả bản, làng, ấp, khu phố) của xã.",
    "3. Cột D: số thôn chưa có sóng điện thoại di động tại nhà văn hóa hoặc trung tâm thôn "
    "(«thôn trắng sóng»). Một thôn chưa có sóng thì cũng chưa có 3G/4G: cột D không lớn hơn "
    "cột E.",
    "4. Cột E: số thôn chưa có sóng 3G/4G (kể cả thôn ở cột D); không lớn hơn cột C.",
    "5. Cột F: số thôn chưa có hạ tầng cáp quang đến thôn; không lớn hơn cột C.",
    "6. Cột G: số hộ gia đình có kết nối internet cáp quang.",
    "7. Các cột C–G là số nguyên, không âm, không ghi chữ hay dấu chấm, phẩy ngăn cách. "
    "Chưa có số liệu thì để trống (không ghi 0): ô trống được hiểu là chưa có số liệu.",
    "8. Cột H: ngày khảo sát (ngày/tháng/năm, từ 01/7/2025). Cột I: họ tên, chức vụ người trả lời.",
    "9. Excel kiểm tra các điều kiện trên khi nhập. Khi nộp, tệp được kiểm tra lại; mỗi lỗi "
    "được báo kèm tên xã, số dòng và ô (ví dụ: Khảo sát!D7).",
    "",
    "Tỷ lệ thôn chưa có sóng, chưa có 3G/4G, chưa có cáp quang được tính từ cột D, E, F "
    "chia cho cột C của cùng dòng.",
]


def write_template(province: str, path: str | Path | None = None) -> Path:
    """Write the survey template of a province's 2025 communes.

    Parameters
    ----------
    province : str
        Province name or code in the 2025 vintage (``"Lạng Sơn"``, ``"20"``).
    path : str or pathlib.Path, optional
        Output file (default: ``khao_sat_ket_noi_<code>.xlsx`` in the current folder).

    Returns
    -------
    pathlib.Path
        The workbook written.

    Raises
    ------
    UnknownUnitError
        When the province does not exist in 2025 (with suggestions).

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_template("Lạng Sơn", pathlib.Path(folder) / "t.xlsx")
    ...     book = openpyxl.load_workbook(path)
    ...     sheet = book["Khảo sát"]
    ...     sheet.max_row - 1, sheet["B2"].value
    (65, 'Phường Đông Kinh')
    """
    unit = resolve(province, level="province", vintage=2025)
    communes = units("commune", 2025, province=unit.code)
    target = Path(path) if path is not None else Path(f"khao_sat_ket_noi_{unit.code}.xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SURVEY_SHEET
    sheet.append([column.header for column in COLUMNS])
    for commune in communes.itertuples(index=False):
        sheet.append([commune.code, commune.full_name])
    last = len(communes) + 1
    _style(sheet, last)
    _validate(sheet, last)
    notes = book.create_sheet(INSTRUCTIONS_SHEET)
    notes.column_dimensions["A"].width = 110
    for line in [
        *_INSTRUCTIONS,
        "",
        f"Tỉnh, thành phố: {unit.full_name} (mã {unit.code}); {len(communes)} xã, phường.",
    ]:
        notes.append([line])
        notes.cell(row=notes.max_row, column=1).alignment = Alignment(wrap_text=True)
    notes["A1"].font = Font(bold=True)
    book.properties.title = f"Khảo sát hạ tầng viễn thông theo xã — {unit.full_name}"
    book.properties.keywords = f"cdskit-survey province={unit.code} vintage=2025"
    return write_atomically(target, book.save)


def _style(sheet: Any, last: int) -> None:
    widths = {"A": 9, "B": 30, "C": 14, "D": 18, "E": 18, "F": 18, "G": 16, "H": 14, "I": 28}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.freeze_panes = "C2"
    # Codes and names are locked (no password): only the survey columns can be typed into.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    for row in range(2, last + 1):
        sheet.cell(row=row, column=1).number_format = "@"
        sheet.cell(row=row, column=8).number_format = "DD/MM/YYYY"
        for column in range(3, 10):
            sheet.cell(row=row, column=column).protection = Protection(locked=False)


def _validate(sheet: Any, last: int) -> None:
    def add(rule: DataValidation, letter: str) -> None:
        rule.showErrorMessage = True
        rule.errorTitle = "Giá trị không hợp lệ"
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{last}")

    for column in _COUNTS:
        if column.total:
            rule = DataValidation(
                type="custom",
                formula1=(
                    f"AND(ISNUMBER({column.letter}2),INT({column.letter}2)={column.letter}2,"
                    f"{column.letter}2>=0,{column.letter}2<=${column.total}2)"
                ),
                allow_blank=True,
            )
            total = _BY_LETTER[column.total].header
            rule.error = f"Nhập số nguyên không âm, không lớn hơn cột {column.total} ({total})."
        else:
            rule = DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            )
            rule.error = "Nhập số nguyên không âm."
        add(rule, column.letter)
    first = FIRST_SURVEY_DATE
    rule = DataValidation(
        type="date",
        operator="greaterThanOrEqual",
        formula1=f"DATE({first.year},{first.month},{first.day})",
        allow_blank=True,
    )
    rule.error = "Nhập ngày khảo sát từ 01/7/2025 trở đi (ngày/tháng/năm)."
    add(rule, "H")

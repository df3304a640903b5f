"""Every warning code the package writes, with what it means and its Vietnamese message.

A `DataWarning` is made here and nowhere else: `warning(code, row, unit, **fields)` fills the
code's template with `str.format`. The reader's checks (reading/checks.py, reading/parse.py)
write the row-level codes; `skipped_sheet` and `note` are the rows the frame and the export add
to the warnings table. docs/WARNINGS.md lists them all (tests/reading/test_warning_codes.py
holds the two lists equal).
"""
from __future__ import annotations

from typing import NamedTuple

from analysis.model import DataWarning


class WarningCode(NamedTuple):
    code: str
    meaning: str  # English, for the docs
    template: str  # Vietnamese, for the user; {fields} filled by str.format


_ALL = (
    WarningCode(
        "unreadable_number",
        "A count cell holds text that is not a number; the cell is read as blank.",
        "Không đọc được số “{raw}” ở cột {field}; ô này được coi là trống. "
        "Hãy sửa lại trong tệp nếu cần."),
    WarningCode(
        "missing_count",
        "A unit row leaves documents sent or a signed count blank; the unit is kept.",
        "Thiếu số liệu ({fields}); đơn vị vẫn được giữ, ô trống được coi là chưa có số liệu."),
    WarningCode(
        "negative_count",
        "A count is negative.",
        "Số {field} là số âm ({value})."),
    WarningCode(
        "signed_exceeds_sent",
        "More documents signed (of one kind) than documents sent.",
        "Số {field} ({signed}) lớn hơn số văn bản gửi đi ({sent})."),
    WarningCode(
        "rate_mismatch",
        "The printed rate differs from signed / sent by more than its last printed digit; the "
        "recomputed rate is used.",
        "Tỷ lệ in trong bảng là {printed} nhưng {signed}/{sent} = {true}; "
        "ứng dụng dùng tỷ lệ tính lại."),
    WarningCode(
        "duplicate_unit",
        "The same unit (same key) appears twice in a sheet.",
        "Đơn vị “{name}” xuất hiện lần nữa (đã có ở dòng {first_row}). "
        "Hãy kiểm tra, có thể là dòng bị chép hai lần."),
    WarningCode(
        "total_mismatch",
        "A totals row agrees with no group of the units above it (the section, the units since "
        "the last total, the whole table); {differences} holds one TOTAL_DIFFERENCE per field.",
        "Dòng “{label}” không khớp với các đơn vị ở trên ({differences})."),
    WarningCode(
        "unnamed_row",
        "A row holds counts but no unit name; it is not counted.",
        "Dòng có số liệu nhưng không có tên đơn vị; dòng này không được tính."),
    WarningCode(
        "period_conflict",
        "The sheet name, the title rows and the file name name different periods; the best "
        "source's period is used.",
        "Kỳ báo cáo không thống nhất: {source} cho {chosen}, còn {other_source} cho {other}. "
        "Ứng dụng dùng {chosen}; hãy kiểm tra và sửa kỳ báo cáo nếu cần."),
    WarningCode(
        "period_unknown",
        "No reporting period found in the sheet name, the title rows or the file name.",
        "Không xác định được kỳ báo cáo (tháng/quý) từ tên trang tính, tiêu đề hay tên tệp. "
        "Hãy chọn kỳ báo cáo."),
    WarningCode(
        "rows_truncated",
        "The sheet has more rows than the reader reads (grid.MAX_ROWS); only the first are read.",
        "Trang tính có {total} dòng; chỉ đọc {limit} dòng đầu. "
        "Nếu bảng số liệu nằm ở dưới, hãy xóa các dòng thừa rồi tải lên lại."),
    WarningCode(
        "legacy_font_converted",
        "The sheet was typed in a legacy Vietnamese font encoding (TCVN3/ABC or VNI), detected "
        "from its fonts or its letters, and converted to Unicode "
        "(reading/formats/legacy_fonts.py).",
        "Trang tính dùng phông chữ cũ {encoding}; đã chuyển sang Unicode."),
    WarningCode(
        "invisible_characters",
        "Cells held characters that show nothing (zero-width space or joiner, BOM, soft hyphen, "
        "control characters such as Excel's _x0001_ or a NUL); they were removed before the "
        "names were keyed (cells.scrub_invisible). {cells}: how many cells.",
        "Đã xóa ký tự ẩn (khoảng trắng độ rộng 0, ký tự điều khiển…) trong {cells} ô; "
        "tên đơn vị được đọc như khi không có các ký tự này."),
    WarningCode(
        "skipped_sheet",
        "A sheet holds no readable table (frame.warnings_frame); the reason is the reader's.",
        "{reason}"),
    WarningCode(
        "rate_column_zero",
        "A printed-rate column holds 0 on every row although the units signed documents: "
        "formulas saved without their values (the file was never opened in Excel). The column "
        "is not checked; the rates are computed from the counts.",
        "Cột tỷ lệ “{header}” ghi 0% ở {rows} dòng có văn bản ký số: có lẽ là công thức chưa "
        "được tính (tệp chưa mở lại bằng Excel). Ứng dụng không kiểm tra cột này và tính tỷ lệ "
        "từ số liệu."),
    WarningCode(
        "cumulative_mismatch",
        "On a year-long sheet, a unit's cumulative (Lũy kế) count differs from the sum of its "
        "months read from the same sheet.",
        "Cột lũy kế “{header}” ghi {cumulative} nhưng cộng {months} tháng trong bảng được "
        "{total}."),
    WarningCode(
        "note",
        "A note of frame.units_frame on how the sheets were combined (a sheet without a period "
        "left out, sheets of one period in one file combined, a unit twice in a period, a "
        "period read again from a later file), in the "
        "export's warnings sheet (outputs/xlsx.py).",
        "{note}"),
)
CODES = {c.code: c for c in _ALL}

# a code's short Vietnamese name, for the "Loại" column of a warnings table on screen
TITLES = {
    "cumulative_mismatch": "Lũy kế lệch tổng các tháng",
    "rate_column_zero": "Cột tỷ lệ toàn số 0",
    "unreadable_number": "Ô số không đọc được",
    "missing_count": "Thiếu số liệu",
    "negative_count": "Số âm",
    "signed_exceeds_sent": "Số ký lớn hơn số gửi",
    "rate_mismatch": "Tỷ lệ in sai",
    "duplicate_unit": "Đơn vị lặp lại",
    "total_mismatch": "Dòng tổng không khớp",
    "unnamed_row": "Dòng không có tên đơn vị",
    "period_conflict": "Kỳ báo cáo không thống nhất",
    "period_unknown": "Chưa rõ kỳ báo cáo",
    "rows_truncated": "Bảng bị cắt bớt",
    "legacy_font_converted": "Đã chuyển phông chữ cũ",
    "invisible_characters": "Ký tự ẩn đã xóa",
    "skipped_sheet": "Trang tính bị bỏ qua",
    "note": "Ghi chú",
}


def title(code: str) -> str:
    """The short Vietnamese name of `code` (a code not registered is shown as "Khác")."""
    return TITLES.get(code, "Khác")

# one field of a total_mismatch message (joined by "; " into its {differences})
TOTAL_DIFFERENCE = "{field}: dòng tổng ghi {total}, cộng {units} đơn vị được {sum}"
# the codes about a sheet's period, dropped when the user sets the period
PERIOD_CODES = frozenset({"period_conflict", "period_unknown"})


def message(code: str, **fields) -> str:
    """The Vietnamese message of `code` with its fields filled."""
    return CODES[code].template.format(**fields)


def warning(code: str, row: int | None = None, unit: str | None = None,
            **fields) -> DataWarning:
    """A DataWarning of `code` on a row (1-based) and unit, or on the whole sheet."""
    return DataWarning(row, unit, code, CODES[code].template.format(**fields))

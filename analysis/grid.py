"""File bytes -> cell grids: one list of rows per sheet, every cell a str, int, float, date or None.

One reader for .xlsx/.xlsm/.xls/.ods (python-calamine) and one for .csv. Row i of a grid is
spreadsheet row i+1 (CSV: line i+1): leading empty rows are kept so row numbers stay true.
Merged ranges are reported so that a group header spanning several columns can be spread.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .model import ReadError

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


@dataclass
class Grid:
    name: Optional[str]  # sheet name; None for CSV
    rows: list  # list[list[cell]]
    merged: list = field(default_factory=list)  # [(row0, col0, row1, col1)] inclusive, 0-based


def read_grids(data: bytes, filename: str) -> list:
    """Read every sheet of a workbook (or the one table of a CSV) into grids."""
    ext = Path(filename).suffix.lower()
    if ext not in SPREADSHEET_EXTENSIONS:
        raise ReadError(
            f"Định dạng tệp “{ext or 'không rõ'}” không được hỗ trợ. "
            "Hãy tải lên tệp Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods) hoặc .csv."
        )
    if not data:
        raise ReadError("Tệp rỗng (0 byte). Hãy kiểm tra lại tệp đã tải về từ hệ thống.")
    if ext == ".csv":
        return [_read_csv(data)]
    return _read_calamine(data)


def _read_csv(data: bytes) -> Grid:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise ReadError("Không đọc được tệp CSV: mã hóa ký tự không phải UTF-8. "
                            "Hãy lưu lại tệp dưới dạng “CSV UTF-8”.") from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    if sample.count("\t") > max(sample.count(";"), sample.count(",")):
        delimiter = "\t"
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    rows = [[c if c.strip() else None for c in r] for r in rows]
    return Grid(name=None, rows=rows)


def _read_calamine(data: bytes) -> list:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise ReadError("Tệp được bảo vệ bằng mật khẩu. Hãy mở tệp trong Excel, gỡ mật khẩu "
                        "rồi lưu và tải lên lại.") from None
    except Exception as e:  # calamine raises several types for broken files
        if _looks_encrypted(data):
            raise ReadError("Tệp được bảo vệ bằng mật khẩu. Hãy mở tệp trong Excel, gỡ mật khẩu "
                            "rồi lưu và tải lên lại.") from None
        raise ReadError("Không đọc được tệp: tệp không phải bảng tính hoặc đã bị hỏng "
                        f"({type(e).__name__}). Hãy mở thử trong Excel và lưu lại.") from None
    grids = []
    for name in wb.sheet_names:
        try:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        except Exception as e:
            grids.append(Grid(name=name, rows=[], merged=[]))
            grids[-1].error = f"Không đọc được trang tính ({type(e).__name__})."
            continue
        grids.append(Grid(name=name, rows=[[None if c == "" else c for c in r] for r in rows],
                          merged=merged))
    return grids


def _looks_encrypted(data: bytes) -> bool:
    """An encrypted OOXML file is an OLE2 container holding an EncryptionInfo stream."""
    return data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data

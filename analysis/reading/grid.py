"""File bytes -> cell grids: one list of rows per sheet, every cell a str, int, float, bool, date
or None. An empty cell is None or "" (calamine's empty cell, kept as read: the reader treats both
as empty, and converting every cell would cost a Python step per cell).

One reader for .xlsx/.xlsm/.xls/.ods (python-calamine); web pages, XML spreadsheets, text and
legacy-font sheets are read by analysis/reading/formats/ (chosen from the bytes, whatever the
extension says). Row i of a grid is spreadsheet row i+1 (CSV: line i+1): leading empty rows are
kept so row numbers stay true.
Merged ranges are reported so that a group header spanning several columns can be spread.

The bytes pass the guards of guard.py (size, zip bombs, XML entities, sheet extents, passwords;
guard_xls.py for .xls records) before calamine sees them; at most `MAX_ROWS` rows per sheet are
read, and a longer sheet carries its `total_rows`; at most `MAX_TOTAL_CELLS` cells over all the
sheets of a file (the same budget as the readers of formats/), counted from each sheet's extent
before its cells become Python objects. Every message is Vietnamese: what is wrong and what
to do. Macros are never run: calamine only reads the stored cell values.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import ReadError
from analysis.reading.guard import (
    MAX_CELLS,
    MAX_TOTAL_CELLS,
    MSG_BROKEN,
    MSG_PASSWORD,
    check_size,
    check_workbook,
    file_too_big_message,
    too_big_message,
)

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".xml", ".htm",
                          ".html")

MAX_ROWS = 100_000  # rows read per sheet

# A broken file is the user's to fix, not a bug: its traceback is kept at INFO (the app's log
# file has it; the command line's stderr, at WARNING, stays one Vietnamese line).
log = logging.getLogger(__name__)

MSG_EMPTY = ("Tệp không có dữ liệu: mọi trang tính đều trống. Hãy kiểm tra đã chọn đúng tệp "
             "báo cáo chưa.")


@dataclass
class Grid:
    name: str | None  # sheet name; None for CSV
    rows: list  # list[list[cell]]
    merged: list = field(default_factory=list)  # [(row0, col0, row1, col1)] inclusive, 0-based
    error: str | None = None  # the sheet could not be read (Vietnamese); rows are then empty
    total_rows: int | None = None  # rows in the sheet, when more than MAX_ROWS (read in part)
    # the legacy font encoding the sheet was typed in and converted from ("tcvn3", "vni")
    legacy_encoding: str | None = None


def read_grids(data: bytes, filename: str) -> list:
    """Read every sheet of a workbook (or the one table of a CSV) into grids."""
    ext = Path(filename).suffix.lower()
    if ext not in SPREADSHEET_EXTENSIONS:
        raise ReadError(
            f"Định dạng tệp “{ext or 'không rõ'}” không được hỗ trợ. "
            "Hãy tải lên tệp Excel (.xlsx, .xlsm, .xls, .xml), OpenDocument (.ods), .csv, .txt "
            "hoặc trang web xuất từ hệ thống (.htm, .html)."
        )
    check_size(data)
    from analysis.reading import formats  # web pages, XML spreadsheets, text, legacy fonts

    kind = formats.sniff_kind(data)
    if kind in ("zip", "ole"):
        grids = formats.fix_workbook(_read_calamine(data), data, kind)
    else:
        grids = formats.read(data, filename, kind)
    if not any(g.error is None and _has_value(g.rows) for g in grids):
        errors = [g.error for g in grids if g.error]
        raise ReadError(errors[0] if errors else MSG_EMPTY)
    return grids


def _has_value(rows: list) -> bool:
    return any(any(c is not None and str(c).strip() for c in r) for r in rows)


def _read_calamine(data: bytes) -> list:
    from python_calamine import CalamineWorkbook, PasswordError

    too_big = check_workbook(data)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise ReadError(MSG_PASSWORD) from None
    except Exception:  # calamine raises several types for broken files
        log.warning("calamine could not open the workbook", exc_info=True)
        raise ReadError(MSG_BROKEN) from None
    grids, cells_read = [], 0
    for name in wb.sheet_names:
        if name in too_big:
            grids.append(Grid(name=name, rows=[], error=too_big[name]))
            continue
        try:
            sheet = wb.get_sheet_by_name(name)
            height = sheet.height
            if height * sheet.width > MAX_CELLS * 4:  # .xls: bounded by the format, still refuse
                cells = height * sheet.width
                grids.append(Grid(name=name, rows=[], error=too_big_message(name, cells)))
                continue
            cells_read += _cells_read(sheet)
            if cells_read > MAX_TOTAL_CELLS:  # before the cells become Python objects
                raise ReadError(file_too_big_message())
            rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        except PasswordError:
            raise ReadError(MSG_PASSWORD) from None
        except ReadError:
            raise
        except Exception:  # a sheet whose data calamine cannot read
            log.warning("calamine could not read sheet %r", name, exc_info=True)
            grids.append(Grid(name=name, rows=[], error=(
                f"Không đọc được trang tính “{name}” (dữ liệu trong trang bị hỏng). Hãy mở tệp "
                "trong Excel, sao chép bảng sang tệp mới rồi tải lên lại.")))
            continue
        grid = Grid(name=name, rows=rows, merged=merged)  # an empty cell is "" as calamine gives it
        # sheet.height counts from the first used row; rows before it are kept as empty rows
        total = (sheet.start[0] if sheet.start else 0) + height
        if total > MAX_ROWS:
            grid.total_rows = total
        grids.append(grid)
    return grids


def _cells_read(sheet) -> int:
    """Cells `to_python(skip_empty_area=False, nrows=MAX_ROWS)` makes of a sheet: from A1 to
    its last cell, at most MAX_ROWS rows."""
    row0, col0 = sheet.start or (0, 0)
    return min(row0 + sheet.height, MAX_ROWS) * (col0 + sheet.width)

"""Delimited text -> one Grid: CSV from Excel or a system ("CSV UTF-8", ";" or ","), and Excel's
"Unicode Text" (UTF-16 LE with a BOM, tab-separated, a cell with a line break quoted over two
lines), whatever the name says (.csv, .txt).

The encoding comes from the bytes: a BOM (UTF-8, UTF-16 LE/BE), UTF-16 without a BOM (every
other byte a NUL), else UTF-8 when the bytes are valid UTF-8, else a legacy font's bytes
(TCVN3/VNI, when the text reads as one: legacy_fonts converts it), else Windows-1258, whose tone
marks are combining characters. The text is composed to NFC ("Phòng": one code point a letter).
"""
from __future__ import annotations

import csv
import io
import unicodedata

from analysis.errors import ReadError
from analysis.reading.formats import legacy_fonts, limits
from analysis.reading.formats.sniff import bom_encoding, utf16_without_bom
from analysis.reading.grid import Grid
from analysis.vn_format import fmt_int

MSG_NOT_TEXT = ("Tệp .csv này không phải văn bản (có thể là tệp Excel hoặc tệp khác bị đổi "
                "đuôi). Hãy mở trong Excel và lưu lại dưới dạng “CSV UTF-8”.")
MSG_ODD_UTF16 = ("Tệp văn bản UTF-16 (Unicode Text) bị cắt cụt: số byte của tệp lẻ nên ký tự cuối "
                 "không trọn vẹn (có thể tải về chưa hết). Hãy tải lại tệp, hoặc mở trong Excel "
                 "và lưu lại dưới dạng “CSV UTF-8”.")
MAX_LINE_CHARS = 1_000_000  # one line of a text table (a report's line: a few hundred)


def msg_long_line(line: int) -> str:
    return (f"Dòng thứ {fmt_int(line)} của tệp dài hơn {fmt_int(MAX_LINE_CHARS)} ký tự, không "
            "giống một dòng của báo cáo (tệp bị hỏng, hoặc không phải bảng). Hãy mở tệp trong "
            "Excel và lưu lại dưới dạng “CSV UTF-8”, hoặc tải lên tệp .xlsx.")


def msg_many_fields(line: int) -> str:
    return (f"Dòng thứ {fmt_int(line)} của tệp có hơn {fmt_int(limits.MAX_COLUMNS)} cột (số cột "
            "tối đa của Excel), không giống một báo cáo. Hãy mở tệp trong Excel, xóa các cột "
            "thừa, lưu lại dưới dạng “CSV UTF-8” rồi tải lên lại.")


MSG_OPEN_QUOTE = ("Tệp CSV có dấu ngoặc kép (\") mở ở dòng {line} mà không đóng lại, nên mọi dòng "
                  "sau đó bị đọc thành một ô. Hãy sửa dòng {line} (xóa dấu \" thừa hoặc thêm dấu "
                  "đóng) rồi tải lên lại.")
MAX_CELL_LINES = 50  # line breaks in one quoted cell beyond which the quote is taken as unclosed


MSG_BROKEN_TEXT = ("Không đọc được tệp văn bản: mã hóa ký tự bị hỏng. Hãy mở tệp trong Excel và "
                   "lưu lại dưới dạng “CSV UTF-8”.")


def decode(data: bytes) -> str:
    """Bytes -> text by the rules in the module docstring."""
    enc, skip = bom_encoding(data)
    enc = enc or utf16_without_bom(data)
    if enc and enc.startswith("utf-16"):
        body = data[skip:]
        if len(body) % 2:
            raise ReadError(MSG_ODD_UTF16)
        try:
            return unicodedata.normalize("NFC", body.decode(enc))
        except UnicodeDecodeError:
            raise ReadError(MSG_BROKEN_TEXT) from None
    if b"\x00" in data[:4096]:
        raise ReadError(MSG_NOT_TEXT)
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        latin = data.decode("latin-1")  # a sheet typed in TCVN3/VNI saved as CSV: its bytes
        lines = [line for line in latin[:1 << 20].splitlines() if not line.isascii()]
        if legacy_fonts.detect(lines[:legacy_fonts.SAMPLE_CELLS])[1] == "legacy":
            return latin  # decoded to Unicode by legacy_fonts.fix_grids
        try:
            return unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError:
            raise ReadError("Không đọc được tệp CSV: mã hóa ký tự không phải UTF-8. "
                            "Hãy lưu lại tệp dưới dạng “CSV UTF-8”.") from None


def delimiter_of(text: str) -> str:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    if sample.count("\t") > max(sample.count(";"), sample.count(",")):
        delimiter = "\t"
    return delimiter


def looks_tabular(data: bytes) -> bool:
    """Whether text saved under a workbook's name (.xls) is a table, as some systems' "Xuất
    Excel" write: a UTF-16 BOM, or a head whose lines, split as CSV by tabs, ";" or ",", have the
    same number of fields (two or more) on three lines or more and on 60% of them."""
    if bom_encoding(data)[0] in ("utf-16-le", "utf-16-be") or utf16_without_bom(data):
        return True
    head = data[:16384]
    if b"\x00" in head:
        return False
    text = head.decode("utf-8", "replace")
    text = text[: text.rfind("\n") + 1] if len(data) > len(head) else text
    for sep in ("\t", ";", ","):
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)
                      if any(c.strip() for c in r)]
        except csv.Error:
            continue
        wide = [n for n in counts if n >= 2]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        if wide.count(common) >= max(3, 0.6 * len(counts)):
            return True
    return False


def _bounded_lines(lines, delimiter: str):
    """The lines of the text, each refused before the csv module splits it when it is longer
    than MAX_LINE_CHARS or holds more delimiters than Excel has columns (a field quoted over
    several lines is counted line by line)."""
    for k, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise ReadError(msg_long_line(k))
        if line.count(delimiter) >= limits.MAX_COLUMNS:
            raise ReadError(msg_many_fields(k))
        yield line


def read_text(data: bytes) -> list:
    """The one table of a text file. Short on purpose, its handlers within its first 256
    instructions: CPython 3.11 spins for ever when a MemoryError (a worker at its memory limit)
    unwinds into a handler from an instruction past the 256th of its function (it cannot
    allocate the instruction's index); the work is in _records, which has no handler."""
    text = decode(data)
    budget = limits.Budget()
    at = [0]  # the last line read
    try:
        rows, total = _records(text, delimiter_of(text), budget, at)
    except csv.Error as e:
        raise _broken(e, at[0]) from None
    except limits.SheetTooBig as e:
        return [Grid(name=None, rows=[], error=e.message(None))]
    return [_grid(rows, total, budget.max_rows)]


def _broken(e: csv.Error, line: int) -> ReadError:
    if "field limit" in str(e):  # a quote left open over megabytes of lines
        return ReadError(MSG_OPEN_QUOTE.format(line=line + 1))
    return ReadError("Không đọc được tệp CSV: cấu trúc dòng, cột bị hỏng. Hãy mở tệp trong "
                     "Excel và lưu lại dưới dạng “CSV UTF-8”.")


def _grid(rows: list, total: int, max_rows: int) -> Grid:
    grid = Grid(name=None, rows=rows)
    if total > max_rows:
        grid.total_rows = total
    return grid


def _records(text: str, delimiter: str, budget: limits.Budget, at: list) -> tuple:
    """(rows kept, records in all) of a text; at[0] follows the last line read."""
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))
    max_rows = budget.max_rows
    rows, total, line = [], 0, 0
    lines = _bounded_lines(io.StringIO(text, newline=""), delimiter)
    reader = csv.reader(lines, delimiter=delimiter)
    for r in reader:
        total += 1
        if reader.line_num - line > 1:  # a quoted cell with line breaks
            _refuse_open_quote(r, line + 1, reader.line_num, text)
        line = at[0] = reader.line_num
        if total <= max_rows:
            budget.take(len(r))
            rows.append([c if c.strip() else None for c in r])
    return rows, total


def _refuse_open_quote(record: list, first_line: int, last_line: int, text: str) -> None:
    """Raise MSG_OPEN_QUOTE when a record that spans lines first_line..last_line reads as a quote
    left open: one cell holding more than MAX_CELL_LINES line breaks, or a cell with a line break
    running to the end of a text that does not end with the closing quote. The line named is
    the one the quote opens on."""
    breaks = [cell.count("\n") for cell in record]
    worst = max(range(len(breaks)), key=breaks.__getitem__)
    at_end = last_line > first_line and not text.rstrip("\r\n").endswith('"')
    runs_to_end = at_end and worst == len(record) - 1 and text.endswith(record[-1])
    if breaks[worst] > MAX_CELL_LINES or (breaks[worst] and runs_to_end):
        raise ReadError(MSG_OPEN_QUOTE.format(line=first_line + sum(breaks[:worst])))

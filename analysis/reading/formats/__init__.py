"""Readers for the files that document systems and Excel save besides real workbooks, chosen by
what the bytes hold (`sniff.kind`), not by the file's name:

    html.py           a web page's <table>s (a system's "Xuất Excel" named .xls)
    spreadsheetml.py  Excel 2003 XML Spreadsheet (.xls or .xml)
    text.py           CSV and Excel's "Unicode Text" (UTF-8/16, Windows-1258)
    legacy_fonts.py   sheets typed in TCVN3 (ABC) or VNI fonts, decoded to Unicode
    xlsx_fonts.py     the cell fonts of an xlsx (for legacy_fonts)
    limits.py         the row and cell limits every reader applies, the safe lxml options

`read(data, filename, kind)` returns list[Grid] as grid.read_grids does for a workbook;
`fix_workbook(grids, data, kind)` decodes legacy-font sheets of a workbook read by calamine.
"""
from __future__ import annotations

import re
from pathlib import Path

from analysis.errors import ReadError
from analysis.reading.formats import legacy_fonts
from analysis.reading.formats.sniff import kind as sniff_kind  # noqa: F401  (for grid.read_grids)
from analysis.reading.formats.xlsx_fonts import xlsx_fonts

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
MSG_XML = ("Tệp này thực chất là trang web (HTML/XML) được đặt đuôi Excel, không phải bảng tính "
           "thật. Hãy mở tệp trong Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx) "
           "và tải lên tệp mới.")


def read(data: bytes, filename: str, kind: str) -> list:
    """A file that is neither a zip nor an OLE2 container -> grids, or a ReadError."""
    from analysis.reading.formats import html, spreadsheetml, text
    from analysis.reading.guard import MSG_BROKEN

    ext = Path(filename).suffix.lower()
    if kind == "spreadsheetml":
        grids, fonts = spreadsheetml.read_spreadsheetml(data)
        return legacy_fonts.fix_grids(grids, fonts["names"], fonts["cells"])
    if kind == "html":
        spreadsheetml.refuse_declarations(data, ("ENTITY",))  # <!DOCTYPE html> is common
        names = _font_names(data)
        grids, cells = html.read_html(data, legacy_fonts_named=bool(names))
        return legacy_fonts.fix_grids(grids, names, cells)
    if kind == "xml":
        raise ReadError(MSG_XML)
    if kind == "text" and (ext in TEXT_EXTENSIONS or text.looks_tabular(data)):
        return legacy_fonts.fix_grids(text.read_text(data))
    if ext in TEXT_EXTENSIONS:  # binary under a text name
        raise ReadError(text.MSG_NOT_TEXT)
    raise ReadError(MSG_BROKEN)


_FONT_NAME = re.compile(rb"(\.Vn[A-Za-z][A-Za-z0-9 -]{1,30}|VNI[- ][A-Za-z][A-Za-z0-9-]{1,20})")
_FONT_NAME16 = re.compile(
    rb"((?:\.\x00V\x00n\x00|V\x00N\x00I\x00[- ]\x00)(?:[A-Za-z0-9 -]\x00){2,30})")


def _font_names(data: bytes) -> set:
    """Legacy font names written anywhere in the bytes (an .xls FONT record, an HTML style)."""
    names = {m.decode("latin-1").strip() for m in _FONT_NAME.findall(data)}
    names |= {m.decode("utf-16-le").strip() for m in _FONT_NAME16.findall(data)}
    return names


def fix_workbook(grids: list, data: bytes, kind: str) -> list:
    """Decode the legacy-font sheets of a workbook calamine read (xlsx/ods/xls)."""
    if kind != "zip":
        return legacy_fonts.fix_grids(grids, _font_names(data))
    names, by_sheet = xlsx_fonts(data)
    cells = {i: by_sheet.get(g.name, {}) for i, g in enumerate(grids)}
    return legacy_fonts.fix_grids(grids, names, cells)

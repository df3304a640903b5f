"""Excel 2003 XML Spreadsheet (SpreadsheetML, `<?mso-application progid="Excel.Sheet"?>`), saved
as .xls or .xml -> one Grid per <Worksheet>. Rows and cells may skip ahead (`ss:Index`, 1-based),
a cell may span (`ss:MergeAcross`, `ss:MergeDown`: a merged range, the value in its top-left
cell), values are typed (`<Data ss:Type="Number|String|DateTime|Boolean|Error">`): numbers are
int or float, dates datetime, as the workbook reader gives them.

Parsed as a stream (lxml, entities never resolved, no network; a DOCTYPE or ENTITY declaration
is refused first), each row dropped once read; every placed cell counts against the budget.
Cell fonts (`ss:StyleID` -> `<Font ss:FontName>`) are kept for the legacy-font check.
"""
from __future__ import annotations

import io
import re
from datetime import datetime

from analysis.errors import ReadError
from analysis.reading.formats import limits
from analysis.reading.grid import Grid

NS = "{urn:schemas-microsoft-com:office:spreadsheet}"
MSG_BROKEN_XML = ("Không đọc được tệp bảng tính XML (Excel 2003 XML): cấu trúc tệp bị hỏng hoặc "
                  "bị cắt cụt. Hãy mở tệp trong Excel rồi chọn Lưu thành (Save As) → Sổ làm việc "
                  "Excel (.xlsx) và tải lên tệp mới.")
MSG_DECLARATION = ("Tệp chứa khai báo XML không được phép (DOCTYPE/ENTITY), dấu hiệu của tệp bị "
                   "sửa đổi có hại. Hãy mở tệp trong Excel, lưu thành tệp mới rồi tải lên lại.")


def refuse_declarations(data: bytes, words=("DOCTYPE", "ENTITY")) -> None:
    """A declaration "<!DOCTYPE" or "<!ENTITY" (those of `words`), in ASCII or UTF-16, is
    refused before any parser sees the bytes."""
    pattern = re.compile(rb"<!\s*(?:%s)" % b"|".join(w.encode() for w in words), re.I)
    utf16 = [("<!" + v).encode(enc) for w in words for v in (w, w.lower())
             for enc in ("utf-16-le", "utf-16-be")]
    if (b"<!" in data and pattern.search(data)) or any(u in data for u in utf16):
        raise ReadError(MSG_DECLARATION)


def _int(value, default: int) -> int:
    if value is None:
        return default
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def typed(kind: str | None, text: str):
    """A <Data> element's text as the value its ss:Type says."""
    if kind == "Number":
        try:
            f = float(text)
        except ValueError:
            return text
        return int(f) if f.is_integer() and abs(f) < 1e15 else f
    if kind == "DateTime":
        try:
            return datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE")
    return text if text.strip() else None


class _Sheet:
    def __init__(self, name: str, budget: limits.Budget):
        self.name = name
        self.budget = budget
        self.rows: list[list] = []
        self.merged: list[tuple] = []
        self.fonts: dict[tuple, str] = {}  # (row, col) -> font name
        self.next_row = 0  # 0-based index of the next row
        self.total = 0  # rows in the sheet
        self.too_big: limits.SheetTooBig | None = None

    def add_row(self, el, styles: dict) -> None:
        self.budget.take_row()
        r = _int(el.get(NS + "Index"), self.next_row + 1) - 1
        r = max(r, self.next_row)  # an Index may not go back
        self.next_row, self.total = r + 1, max(self.total, r + 1)
        if self.too_big is not None or r >= self.budget.max_rows:
            return
        row: list = []
        for cell in el.iterchildren(NS + "Cell"):
            c = _int(cell.get(NS + "Index"), len(row) + 1) - 1
            across = max(0, _int(cell.get(NS + "MergeAcross"), 0))
            down = max(0, _int(cell.get(NS + "MergeDown"), 0))
            c = max(c, len(row))
            try:
                if c + across >= limits.MAX_COLUMNS:
                    raise limits.SheetTooBig(column=c + across + 1)
                self.budget.take(c + 1 + across - len(row))
            except limits.SheetTooBig as e:
                self.too_big = e
                return
            row.extend([None] * (c - len(row)))
            data = cell.find(NS + "Data")
            row.append(typed(data.get(NS + "Type"), "".join(data.itertext()))
                       if data is not None else None)
            row.extend([None] * across)
            if across or down:
                self.merged.append((r, c, r + down, c + across))
            font = styles.get(cell.get(NS + "StyleID"))
            if font:
                self.fonts[(r, c)] = font
        while len(self.rows) < r:
            self.rows.append([])
        self.rows.append(row)

    def grid(self) -> Grid:
        if self.too_big is not None:
            return Grid(name=self.name, rows=[], error=self.too_big.message(self.name))
        g = Grid(name=self.name, rows=self.rows, merged=self.merged)
        if self.total > self.budget.max_rows:
            g.total_rows = self.total
        return g


def read_spreadsheetml(data: bytes) -> tuple:
    """(grids, fonts): fonts is {sheet index: {(row, col): font name}} and the set of every
    font name the workbook's styles use, for `legacy_fonts`."""
    from lxml import etree

    refuse_declarations(data)
    budget = limits.Budget()
    styles: dict[str, str] = {}  # style ID -> font name
    names: set[str] = set()
    sheets: list[_Sheet] = []
    sheet: _Sheet | None = None
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"),
                             tag=[NS + "Worksheet", NS + "Row", NS + "Style"],
                             **limits.xml_parser_options())
    try:
        for event, el in events:
            tag = el.tag
            if event == "start":
                if tag == NS + "Worksheet":
                    if len(sheets) >= limits.MAX_SHEETS:
                        raise limits.too_many_sheets()
                    budget.new_sheet()
                    sheet = _Sheet(el.get(NS + "Name") or f"Sheet{len(sheets) + 1}", budget)
                continue
            if tag == NS + "Row" and sheet is not None:
                sheet.add_row(el, styles)
                el.clear(keep_tail=True)
                while el.getprevious() is not None:
                    del el.getparent()[0]
            elif tag == NS + "Style":
                font = el.find(NS + "Font")
                name = font.get(NS + "FontName") if font is not None else None
                if name:
                    styles[el.get(NS + "ID")] = name
                    names.add(name)
            elif tag == NS + "Worksheet" and sheet is not None:
                sheets.append(sheet)
                sheet = None
                el.clear()
    except etree.XMLSyntaxError:
        raise ReadError(MSG_BROKEN_XML) from None
    fonts = {i: s.fonts for i, s in enumerate(sheets)}
    return [s.grid() for s in sheets], {"names": names, "cells": fonts}

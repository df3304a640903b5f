"""A web page -> one Grid per <table>: what a system's "Xuất Excel" button often writes, named
.xls. Title rows inside the table, rowspan/colspan headers (spread into `merged` ranges as the
workbook reader reports them, the value in the top-left cell), a <caption> or the headings just
above a table as its first rows. Numbers stay text ("3.563", "13,33", "98,89%"): the reader
reads them as a typed sheet's text.

The page is parsed as a stream (lxml's HTML parser, no entities, no network): each row is
dropped from the tree once read, so memory follows the largest row, not the page; spans are
bounded as browsers bound them, and every placed cell counts against `limits.Budget`.
"""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
from collections import deque

from analysis.errors import ReadError
from analysis.reading.formats import limits
from analysis.reading.formats.legacy_fonts import font_encoding
from analysis.reading.formats.sniff import bom_encoding
from analysis.reading.grid import Grid

MSG_NO_TABLE = ("Tệp này là trang web (HTML) nhưng không có bảng số liệu nào (thẻ <table>), nên "
                "không có gì để đọc. Hãy xuất lại báo cáo từ hệ thống, hoặc mở tệp trong Excel rồi "
                "chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx) và tải lên tệp mới.")
MSG_BROKEN_HTML = ("Không đọc được trang web (HTML) này: cấu trúc tệp bị hỏng. Hãy mở tệp trong "
                   "Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx) và tải lên tệp "
                   "mới.")

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_SPACES = re.compile(r"\s+")
_HEADINGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "caption"}
_SKIP = {"table", "script", "style", "head", "title"}
_MAX_HEADINGS = 5  # text blocks kept above a table as its title rows
_BREAKS = {"br", "p", "div", "li"}
_BREAK = "\x00"  # a line break in a cell, until spaces are collapsed
_BLOCKS = _HEADINGS | {"table"}
_CSS_RULE = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_FONT_FAMILY = re.compile(r"font-family\s*:\s*[\"']?([^;\"',}]+)", re.I)


def decode(data: bytes) -> str:
    """A BOM, else the <meta charset>, else UTF-8 when valid, else Windows-1258; NFC."""
    enc, skip = bom_encoding(data)
    body = data[skip:]
    candidates = [enc] if enc else []
    m = _META_CHARSET.search(data[:8192])
    if m and not enc:
        try:
            candidates.append(codecs.lookup(m.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            pass
    candidates += ["utf-8", "cp1258"]
    for name in candidates:
        try:
            return unicodedata.normalize("NFC", body.decode(name))
        except UnicodeDecodeError:
            continue
    return unicodedata.normalize("NFC", body.decode("cp1258", "replace"))


def cell_text(el) -> str | None:
    """The text of a cell (or heading) as a browser shows it: runs of spaces and source line
    breaks are one space, <br> (and a <p>/<div> inside) a line break; nested tables, scripts and
    comments are left out."""
    if not len(el):  # most cells: text only
        text = el.text
        return " ".join(text.split()) or None if text else None
    parts = [el.text or ""]
    stack = [(c, False) for c in reversed(el)]
    while stack:
        node, done = stack.pop()
        if done:
            parts.append(node.tail or "")
            continue
        stack.append((node, True))
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or tag in _SKIP:
            continue
        if tag in _BREAKS:
            parts.append(_BREAK)
            if tag == "br":
                continue
        parts.append(node.text or "")
        stack.extend((c, False) for c in reversed(node))
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split(_BREAK))
    text = "\n".join(line for line in lines if line)
    return text or None


def _span(el, name: str, cap: int) -> int:
    value = el.get(name)
    if value is None:
        return 1
    try:
        return max(1, min(int(value.strip() or 1), cap))
    except ValueError:
        return 1


class _Table:
    """One <table> being read row by row. A rowspan covers columns of the rows below: `spans`
    holds them as [first column, last column, rows left] (the current row included), disjoint
    and in column order, so a row costs its cells plus the spans, not the columns they cover."""

    def __init__(self, budget: limits.Budget, leading: list, classes: dict | None = None):
        self.budget = budget
        self.classes = classes  # CSS class -> font, when the page names a legacy font
        self.fonts: dict[tuple, str] = {}  # (row, col) -> legacy font of the cell
        self.rows = [[t] for t in leading]
        self.merged: list[tuple] = []
        self.spans: list[list[int]] = []
        self.row: list = []  # the row being read, while `open`
        self.open = False
        self.next_span = 0  # first span of `spans` right of the cells placed in this row
        self.total = len(self.rows)
        self.too_big: limits.SheetTooBig | None = None  # once over the sheet's limits
        self.body_started = False  # a <tr> seen (a <caption> after it is not a title)

    def start_row(self) -> None:
        self.row, self.next_span, self.open = [], 0, True
        self.body_started = True

    def _pad(self, width: int) -> None:
        self.budget.take(width - len(self.row))
        self.row.extend([None] * (width - len(self.row)))

    def add_cell(self, el) -> None:
        if not self.open:  # a cell outside any <tr>: a row of its own
            self.start_row()
        if self.too_big is not None:
            return
        colspan = _span(el, "colspan", limits.MAX_SPAN_COLUMNS)
        rowspan = _span(el, "rowspan", limits.MAX_SPAN_ROWS)
        try:
            spans = self.spans
            while self.next_span < len(spans) and spans[self.next_span][0] <= len(self.row):
                self._pad(max(len(self.row), spans[self.next_span][1] + 1))  # covered from above
                self.next_span += 1
            col = len(self.row)
            if self.classes is not None:
                self._note_font(el, col)
            if colspan == 1 and rowspan == 1 and col < limits.MAX_COLUMNS:  # most cells
                self.budget.take(1)
                self.row.append(cell_text(el))
                return
            if col + colspan > limits.MAX_COLUMNS:
                raise limits.SheetTooBig(column=col + colspan)
            self.budget.take(colspan)
        except limits.SheetTooBig as e:
            self.too_big = e
            return
        self.row.append(cell_text(el))
        self.row.extend([None] * (colspan - 1))
        r, last = self.total, col + colspan - 1
        if colspan > 1 or rowspan > 1:
            self.merged.append((r, col, r + rowspan - 1, last))
        if rowspan > 1:
            self.spans.insert(self.next_span, [col, last, rowspan])
            self.next_span += 1

    def _note_font(self, el, col: int) -> None:
        """The cell's legacy font: its style, its class (Excel's web page: .xl65 {font-family:
        ".VnTimeH"}), or a <font face> / styled element inside."""
        classes = self.classes or {}
        for node in el.iter():
            if not isinstance(node.tag, str):
                continue
            names = [node.get("face")] + _FONT_FAMILY.findall(node.get("style") or "")
            names += [classes.get(c) for c in (node.get("class") or "").split()]
            font = next((n for n in names if font_encoding(n)), None)
            if font:
                self.fonts[(self.total, col)] = font.strip()
                return

    def end_row(self) -> None:
        if not self.open:
            return
        self.open = False
        self.total += 1
        self.budget.take_row()
        if self.too_big is not None:
            return
        try:
            if self.spans:
                self._pad(max(len(self.row), max(b for _, b, _ in self.spans) + 1))
        except limits.SheetTooBig as e:
            self.too_big = e
        self.spans = [[a, b, n - 1] for a, b, n in self.spans if n > 1]
        if self.total <= self.budget.max_rows and self.too_big is None:
            self.rows.append(self.row)

    def grid(self, name: str | None) -> Grid | None:
        if self.too_big is not None:
            return Grid(name=name, rows=[], error=self.too_big.message(name))
        if not any(any(c for c in r) for r in self.rows):
            return None
        last = self.total - 1
        merged = [(a, b, min(c, last), d) for a, b, c, d in self.merged]
        merged = [m for m in merged if m[0] != m[2] or m[1] != m[3]]
        g = Grid(name=name, rows=self.rows, merged=merged)
        if self.total > self.budget.max_rows:
            g.total_rows = self.total
        return g


def _drop_read(el) -> None:
    """Free an element already read, and its preceding siblings."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


class _Page:
    """The tables of a page, fed lxml's start and end events."""

    def __init__(self):
        self.budget = limits.Budget()
        self.tables: list[_Table] = []
        self.stack: list[_Table] = []  # the tables open (a table may hold one)
        self.headings: deque[str] = deque(maxlen=_MAX_HEADINGS)  # text blocks since a table
        self.started = 0  # <table> tags met
        self.classes: dict | None = None  # CSS class -> font, once a legacy font is named

    def start(self, tag: str) -> None:
        if tag == "table":
            self.started += 1
            if self.started > limits.MAX_SHEETS:
                raise limits.too_many_sheets()
            self.budget.new_sheet()
            self.stack.append(_Table(self.budget, [] if self.stack else list(self.headings),
                                     self.classes))
            self.headings.clear()
        elif tag == "tr" and self.stack:
            self.stack[-1].start_row()

    def end(self, tag: str, el) -> None:
        table = self.stack[-1] if self.stack else None
        if table is None:
            self._outside(tag, el)
        elif tag == "table":
            self.tables.append(self.stack.pop())
        elif tag in ("td", "th"):
            table.add_cell(el)
        elif tag == "tr":
            table.end_row()
            _drop_read(el)
        elif tag == "caption" and not table.body_started:
            text = cell_text(el)
            if text:
                table.rows.append([text])
                table.total += 1

    def _outside(self, tag: str, el) -> None:
        """An element outside tables: CSS classes' fonts, the last headings; the rest freed."""
        if tag == "style" and self.classes is not None:
            for cls, body in _CSS_RULE.findall(el.text or ""):
                fonts = _FONT_FAMILY.findall(body)
                if fonts:
                    self.classes[cls] = fonts[0]
        elif tag in _HEADINGS and not any(c.tag in _BLOCKS for c in el):
            text = cell_text(el)
            if text and len(text) <= 300:
                self.headings.append(text)
            _drop_read(el)
        elif tag not in ("body", "html") and el.getparent() is not None and \
                el.getparent().tag in ("body", "html"):
            _drop_read(el)


def read_html(data: bytes, legacy_fonts_named: bool = False) -> tuple:
    """(grids, {grid index: {(row, col): legacy font}}); cell fonts are looked for only when
    the page names a legacy font (legacy_fonts_named)."""
    from lxml import etree

    source = io.BytesIO(decode(data).encode("utf-8"))
    page = _Page()
    if legacy_fonts_named:
        page.classes = {}
    events = etree.iterparse(source, events=("start", "end"), html=True, encoding="utf-8",
                             **limits.xml_parser_options(html=True))
    try:
        for event, el in events:
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                page.start(tag)
            else:
                page.end(tag, el)
    except etree.XMLSyntaxError:
        raise ReadError(MSG_BROKEN_HTML) from None
    named = [t for t in page.tables
             if t.too_big is not None or any(any(c for c in r) for r in t.rows)]
    if not named:
        raise ReadError(MSG_NO_TABLE)
    return ([t.grid(f"Bảng {i}") for i, t in enumerate(named, 1)],
            {i: t.fonts for i, t in enumerate(named)})

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
from analysis.reading.formats.sniff import bom_encoding
from analysis.reading.grid import Grid

MSG_NO_TABLE = ("Tệp này là trang web (HTML) nhưng không có bảng số liệu nào (thẻ <table>), nên "
                "không có gì để đọc. Hãy xuất lại báo cáo từ hệ thống, hoặc mở tệp trong Excel rồi "
                "chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx) và tải lên tệp mới.")
MSG_BROKEN_HTML = ("Không đọc được trang web (HTML) này: cấu trúc tệp bị hỏng. Hãy mở tệp trong "
                   "Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx) và tải lên tệp "
                   "mới.")

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_HEADINGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "caption"}
_SKIP = {"table", "script", "style", "head", "title"}
_MAX_HEADINGS = 5  # text blocks kept above a table as its title rows


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
    """The text of a cell (or heading): <br> is a line break, nested tables, scripts and comments
    are left out, runs of spaces are one space."""
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
        if tag == "br":
            parts.append("\n")
            continue
        parts.append(node.text or "")
        stack.extend((c, False) for c in reversed(node))
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text or None


def _span(el, name: str, cap: int) -> int:
    try:
        return max(1, min(int(str(el.get(name, "1")).strip() or 1), cap))
    except ValueError:
        return 1


class _Table:
    """One <table> being read row by row."""

    def __init__(self, budget: limits.Budget, leading: list):
        self.budget = budget
        self.rows = [[t] for t in leading]
        self.merged = []
        self.covered = {}  # column -> rows covered by a rowspan, the current row included
        self.row = None
        self.total = len(self.rows)
        self.too_big = None  # cells asked for, once over the sheet limit

    def start_row(self) -> None:
        self.row = []

    def add_cell(self, el) -> None:
        if self.row is None:  # a cell outside any <tr>: a row of its own
            self.start_row()
        if self.too_big is not None:
            return
        row, col = self.row, len(self.row)
        colspan = _span(el, "colspan", limits.MAX_SPAN_COLUMNS)
        rowspan = _span(el, "rowspan", limits.MAX_SPAN_ROWS)
        try:
            while self.covered.get(col):
                self.budget.take(1)
                row.append(None)
                col += 1
            if col + colspan > limits.MAX_COLUMNS:
                raise limits.SheetTooBig((self.total + 1) * (col + colspan))
            self.budget.take(colspan)
        except limits.SheetTooBig as e:
            self.too_big = e.args[0]
            return
        row.append(cell_text(el))
        row.extend([None] * (colspan - 1))
        r = self.total
        if colspan > 1 or rowspan > 1:
            self.merged.append([r, col, r + rowspan - 1, col + colspan - 1])
        if rowspan > 1:
            for c in range(col, col + colspan):
                self.covered[c] = max(self.covered.get(c, 0), rowspan)

    def end_row(self) -> None:
        if self.row is None:
            return
        row, self.row = self.row, None
        if self.too_big is None:
            width = max((c + 1 for c in self.covered), default=0)
            try:
                self.budget.take(max(0, width - len(row)))
            except limits.SheetTooBig as e:
                self.too_big = e.args[0]
            row.extend([None] * (width - len(row)))
        self.covered = {c: n - 1 for c, n in self.covered.items() if n > 1}
        self.total += 1
        if self.total <= limits.max_rows() and self.too_big is None:
            self.rows.append(row)

    def grid(self, name: str | None) -> Grid | None:
        if self.too_big is not None:
            return Grid(name=name, rows=[], error=limits.too_big(name, self.too_big))
        if not any(any(c for c in r) for r in self.rows):
            return None
        last = self.total - 1
        merged = [(a, b, min(c, last), d) for a, b, c, d in self.merged]
        merged = [m for m in merged if m[0] != m[2] or m[1] != m[3]]
        g = Grid(name=name, rows=self.rows, merged=merged)
        if self.total > limits.max_rows():
            g.notice, g.total_rows = limits.rows_notice(self.total), self.total
        return g


def _drop_read(el) -> None:
    """Free an element already read, and its preceding siblings."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def read_html(data: bytes) -> list:
    from lxml import etree

    source = io.BytesIO(decode(data).encode("utf-8"))
    budget = limits.Budget()
    tables, stack, headings = [], [], deque(maxlen=_MAX_HEADINGS)
    events = etree.iterparse(source, events=("start", "end"), html=True, encoding="utf-8",
                             **limits.xml_parser_options(html=True))
    try:
        for event, el in events:
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                if tag == "table":
                    budget.new_sheet()
                    stack.append(_Table(budget, [] if stack else list(headings)))
                    headings.clear()
                elif tag == "tr" and stack:
                    stack[-1].start_row()
                continue
            if tag == "table" and stack:
                tables.append(stack.pop())
            elif tag in ("td", "th") and stack:
                stack[-1].add_cell(el)
            elif tag == "tr" and stack:
                stack[-1].end_row()
                _drop_read(el)
            elif tag == "caption" and stack and not stack[-1].rows:
                text = cell_text(el)
                if text:
                    stack[-1].rows.append([text])
                    stack[-1].total += 1
            elif not stack and tag in _HEADINGS and not el.xpath(".//table|.//p|.//div"):
                text = cell_text(el)
                if text and len(text) <= 300:
                    headings.append(text)
                _drop_read(el)
    except etree.XMLSyntaxError:
        raise ReadError(MSG_BROKEN_HTML) from None
    named = [t for t in tables if t.too_big is not None or any(any(c for c in r) for r in t.rows)]
    if not named:
        raise ReadError(MSG_NO_TABLE)
    many = len(named) > 1
    return [t.grid(f"Bảng {i}" if many else None) for i, t in enumerate(named, 1)]

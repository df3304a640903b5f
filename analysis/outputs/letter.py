"""The draft reminder letter (công văn đôn đốc), in the style of seed 000, and its .docx.

    draft_text(frame, period=None, metric=None, target=100.0, high=None) -> str
    draft_docx(frame, period=None, metric=None, target=100.0, high=None) -> bytes

Per block: the units with high rates, then those not signing or with low rates, each as
"Name (95,45%)" in descending order of rate, the units that signed nothing named together;
first for the period, then for the year to date; then one overall line. `high` is the rate
(percent) from which a unit is listed as high; it defaults to the target.
"""
from __future__ import annotations

import functools
import io
import re

import pandas as pd

from analysis.figures import Summary, compute
from analysis.labels import BLOCK_LABELS, BLOCK_NOUNS, METRIC_PHRASES
from analysis.model import BLOCKS
from analysis.outputs import appendix
from analysis.periods import code_phrase
from analysis.vn_format import capitalize, fmt_date, fmt_int, fmt_pct

# (high group, low group, "signed nothing" group) subjects per block
GROUP_WORDS = {
    "department": ("Các phòng chuyên môn", "Các phòng", "các phòng chưa ký số"),
    "service_unit": ("Các đơn vị", "Các đơn vị", "các đơn vị chưa ký số"),
    "commune": ("Các xã", "Các xã", "các xã có tỷ lệ ký số"),
    "provincial_department": ("Các sở, ban, ngành", "Các sở, ban, ngành",
                              "các sở, ban, ngành chưa ký số"),
    "district": ("Các huyện, thị xã, thành phố", "Các huyện, thị xã, thành phố",
                 "các huyện, thị xã, thành phố chưa ký số"),
    "other": ("Các đơn vị", "Các đơn vị", "các đơn vị chưa ký số"),
}
_UBND = re.compile(r"^\s*(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+", re.IGNORECASE)
_XA = re.compile(r"^\s*xã\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)  # asked several times per unit for every letter
def short_name(name: str, block: str) -> str:
    """A commune as the letters name it under "Các xã": "UBND xã Tênh Phông" -> "Tênh Phông",
    "UBND thị trấn" -> "Thị trấn". Other blocks keep their name as written."""
    if block != "commune":
        return name.strip()
    n = _XA.sub("", _UBND.sub("", name.strip()))
    return capitalize(n.strip()) or name.strip()


def _item(name: str, rate) -> str:
    return f"{name} ({fmt_pct(rate)})"


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _sort_key(rec):
    """Rate descending, then file and row ascending; a missing value last (as sort_values with
    na_position="last" orders them)."""
    _, r, f, row = rec
    return (_missing(r), 0.0 if _missing(r) else -r, _missing(f), "" if _missing(f) else f,
            _missing(row), 0 if _missing(row) else row)


def _names(units: pd.DataFrame) -> list:
    """Unit names as written; a name that recurs in several districts of a block (a province's
    "Phòng Nội vụ") gets its district: "Phòng Nội vụ – Huyện Bá Thước"."""
    names = units["unit"].tolist()
    if "district" not in units:
        return names
    districts = units["district"].astype(object).where(units["district"].notna(), None).tolist()
    seen: dict = {}
    for b, n, d in zip(units["block"].tolist(), names, districts, strict=True):
        seen.setdefault((b, short_name(n, b)), set()).add(d)
    return [f"{n} – {d}" if d and len(seen[(b, short_name(n, b))]) > 1 else n
            for b, n, d in zip(units["block"].tolist(), names, districts, strict=True)]


def _by_block(units: pd.DataFrame, rate_col: str) -> dict:
    """block -> [(unit, rate, file, row)], each block's units in the letter's order."""
    out: dict = {}
    cols = zip(units["block"].tolist(), _names(units),
               units[rate_col].astype("Float64").tolist(), units["file"].tolist(),
               units["row"].tolist(), strict=True)
    for b, *rec in cols:
        out.setdefault(b, []).append(tuple(rec))
    for recs in out.values():
        recs.sort(key=_sort_key)
    return out


def _block_lines(units, block: str, rate_col: str, high: float, phrase: str) -> list:
    """The lines of one block: "- Khối …:" then "+ … cao: …", "+ … thấp: …; các … (0%): …".
    `units` is the Summary's units frame, or _by_block(units, rate_col) made once."""
    w_high, w_low, w_zero = GROUP_WORDS.get(block, GROUP_WORDS["other"])
    recs = (units if isinstance(units, dict) else _by_block(units, rate_col)).get(block, [])
    hi, zero, lo, none = [], [], [], []  # (name, rate) in that order
    for name, r, _, _ in recs:
        if _missing(r):
            none.append((name, r))
            continue
        if r + 1e-9 >= high:
            hi.append((name, r))
        if r == 0:
            zero.append((name, r))
        if r + 1e-9 < high and r > 0:
            lo.append((name, r))
    lines = [f"- {BLOCK_LABELS.get(block, block)}:"]
    if hi:
        items = "; ".join(_item(short_name(n, block), r) for n, r in hi)
        lines.append(f"+ {w_high} có tỷ lệ {phrase} cao: {items}.")
    if lo or zero:
        parts = [_item(short_name(n, block), r) for n, r in lo]
        if zero:
            names = ", ".join(short_name(n, block) for n, _ in zero)
            parts.append(f"{w_zero} (0%): {names}")
        lines.append(f"+ {w_low} chưa ký số hoặc tỷ lệ {phrase} thấp: {'; '.join(parts)}.")
    if none:
        names = ", ".join(short_name(n, block) for n, _ in none)
        lines.append(f"+ Không có văn bản đi: {names}.")
    return lines


def _target_phrase(target: float, phrase: str) -> str:
    if target >= 100:
        return f"đạt {fmt_pct(target)} {phrase}"
    return f"đạt tỷ lệ {phrase} từ {fmt_pct(target)} trở lên"


def overall_line(s: Summary) -> str:
    """"17/17 UBND cấp xã đạt 100% ký số cá nhân; …; tỷ lệ ký số cá nhân chung đạt 99,94%
    (1.854/1.855 văn bản)."""
    phrase = METRIC_PHRASES[s.metric]
    parts = []
    for b in s.blocks.itertuples():
        parts.append(f"{b.meeting_target}/{b.units} {BLOCK_NOUNS.get(b.block, b.block)} "
                     f"{_target_phrase(s.target, phrase)}")
    t = s.total
    parts.append(f"tỷ lệ {phrase} chung đạt {fmt_pct(t['rate'])} "
                 f"({fmt_int(t['signed'])}/{fmt_int(t['sent'])} văn bản)")
    return "Tổng hợp chung: " + "; ".join(parts) + "."


def _sections(s: Summary, rate_col: str, high: float) -> list:
    lines = []
    by_block = _by_block(s.units, rate_col)
    for b in BLOCKS:
        if b in by_block:
            lines += _block_lines(by_block, b, rate_col, high, METRIC_PHRASES[s.metric])
    return lines


def draft_lines(s: Summary, high: float | None = None) -> list:
    """The letter's paragraphs, one string each."""
    high = s.target if high is None else float(high)
    phrase = METRIC_PHRASES[s.metric]
    lines = [
        f"Kết quả {phrase} văn bản trên hệ thống quản lý văn bản và hồ sơ công việc "
        f"{s.label} (chỉ tiêu: tối thiểu {fmt_pct(s.target)} văn bản phát hành được {phrase}):",
        f"1. Kết quả {s.label} (từ ngày {fmt_date(s.start)} đến ngày {fmt_date(s.end)}):",
    ]
    lines += _sections(s, "rate", high)
    lines.append(f"2. Kết quả lũy kế từ đầu năm (từ ngày {fmt_date(s.span.year_start)} đến ngày "
                 f"{fmt_date(s.end)}):")
    if s.ytd_complete:
        lines += _sections(s, "ytd_rate", high)
    elif s.missing_months:
        months = ", ".join(code_phrase(m) for m in s.missing_months)
        lines.append(f"- Chưa tổng hợp được lũy kế từ đầu năm: thiếu số liệu {months}.")
    else:
        lines.append("- Chưa tổng hợp được lũy kế từ đầu năm cho kỳ báo cáo này.")
    lines.append(overall_line(s))
    lines.append("(Thống kê chi tiết trong phụ lục kèm theo)")
    return lines


def draft_text(frame: pd.DataFrame, period=None, metric=None, target: float = 100.0,
               high: float | None = None, summary: Summary | None = None) -> str:
    """The draft letter's text, paragraphs separated by newlines. Raises FiguresError."""
    s = summary or compute(frame, period, metric, target)
    return "\n".join(draft_lines(s, high))


# --- .docx -------------------------------------------------------------------------------------

def _font(run, size=14, bold=False, italic=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Times New Roman")


def _para(doc_or_cell, text, size=14, bold=False, italic=False, align=None, indent=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    p = doc_or_cell.add_paragraph()
    _font(p.add_run(text), size, bold, italic)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "justify":
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.space_after = Pt(3)
    return p


def _cell(cell, text, size=12, bold=False, align="center"):
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    _font(p.add_run(text), size, bold)
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]


def appendix_table(doc, s: Summary):
    """The appendix table (outputs/appendix.py): two-row merged header, sections, totals."""
    metrics = s.metrics
    cols = appendix.Columns(tuple(metrics))
    ncols = cols.count
    rows = appendix.appendix_rows(s, metrics)
    table = doc.add_table(rows=2 + len(rows), cols=ncols)
    table.style = "Table Grid"
    h1, h2 = table.rows[0].cells, table.rows[1].cells
    for c, text in [*enumerate(appendix.LEFT_HEADINGS), (cols.notes, appendix.NOTES_HEADING)]:
        merged = h1[c].merge(h2[c])
        _cell(merged, text, bold=True)
    for _, c, group in cols.kinds():
        _cell(h1[c].merge(h1[c + 1]), group, bold=True)
        _cell(h2[c], appendix.GROUP_COLUMNS[0], bold=True)
        _cell(h2[c + 1], appendix.GROUP_COLUMNS[1], bold=True)
    for r, row in enumerate(rows, start=2):
        cells = table.rows[r].cells
        if row["kind"] == "section":
            _cell(cells[0], row["stt"], bold=True)
            _cell(cells[1].merge(cells[ncols - 1]), row["name"], bold=True, align="left")
            continue
        bold = row["kind"] == "total"
        _cell(cells[0], "" if row["stt"] is None else str(row["stt"]), bold=bold)
        _cell(cells[1], row["name"], bold=bold, align="left")
        _cell(cells[2], fmt_int(row["sent"]) if row["sent"] is not None else "", bold=bold,
              align="right")
        for m, c, _ in cols.kinds():
            cnt = row["counts"][m]
            _cell(cells[c], fmt_int(cnt) if cnt is not None else "", bold=bold, align="right")
            rate = row["rates"][m]
            _cell(cells[c + 1], fmt_pct(rate) if rate is not None else "—", bold=bold,
                  align="right")
        _cell(cells[cols.notes], row["note"], bold=bold, align="left")
    # repeat the two header rows on every page
    from docx.oxml.ns import qn

    for tr in (table.rows[0], table.rows[1]):
        trpr = tr._tr.get_or_add_trPr()
        el = trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
        trpr.append(el)
    return table


def draft_docx(frame: pd.DataFrame, period=None, metric=None, target: float = 100.0,
               high: float | None = None, summary: Summary | None = None) -> bytes:
    """The draft letter as .docx (A4, Times New Roman) with the appendix table on a landscape
    page. Raises FiguresError."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    s = summary or compute(frame, period, metric, target)
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    _para(doc, "DỰ THẢO", 12, bold=True, align="right")
    _para(doc, f"V/v đôn đốc {METRIC_PHRASES[s.metric]} văn bản trên hệ thống quản lý văn bản "
               f"và hồ sơ công việc {s.label}", 13, italic=True, align="center")
    _para(doc, "Kính gửi:", 14, bold=True)
    _para(doc, "- Các cơ quan, đơn vị trên địa bàn huyện;", 14, indent=True)
    _para(doc, "- UBND các xã, thị trấn.", 14, indent=True)
    for line in draft_lines(s, high):
        _para(doc, line, 14, align="justify", indent=True,
              bold=bool(re.match(r"^\d\. ", line)))
    new = doc.add_section(WD_SECTION.NEW_PAGE)
    new.orientation = WD_ORIENT.LANDSCAPE
    new.page_width, new.page_height = Cm(29.7), Cm(21)
    new.left_margin, new.right_margin = Cm(1.5), Cm(1.5)
    _para(doc, appendix.TITLE, 14, bold=True, align="center")
    _para(doc, appendix.subtitle(s), 14, bold=True, align="center")
    _para(doc, appendix.REFERENCE, 13, italic=True, align="center")
    appendix_table(doc, s)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

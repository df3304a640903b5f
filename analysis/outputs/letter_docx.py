"""The letter as .docx in Nghị định 30/2020's layout (Phụ lục I), and its appendix.

    letter_docx(summary, letter) -> bytes

Page 1…: A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman.
The header is a borderless 2 × 2 table: the issuing body (its parent above, regular; its name
bold, a short rule under it) | the Quốc hiệu (12 pt bold) over the Tiêu ngữ (13 pt bold, a rule
under it); then "Số: …/symbol" over "V/v …" (12 pt) | the place and date (13 pt italic). The
body is 14 pt, justified, first line indented 1.27 cm, 6 pt after each paragraph, single
spacing. "Nơi nhận" (bold italic 12 pt, entries 11 pt) | the signer (13 pt bold capitals, the
name bold) close it, in a table whose rows do not split. The appendix follows in a landscape
section: its two header rows repeat on every page (w:tblHeader), no row splits (w:cantSplit),
the name column takes the width the figures leave.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analysis.figures import Summary
from analysis.outputs import appendix
from analysis.vn_format import fmt_int, fmt_pct

FONT = "Times New Roman"
BODY_PT = 14
A4 = (Cm(21), Cm(29.7))
MARGINS = {"top": Cm(2), "bottom": Cm(2), "left": Cm(3), "right": Cm(1.5)}
LANDSCAPE_MARGINS = {"top": Cm(2), "bottom": Cm(1.5), "left": Cm(2), "right": Cm(1.5)}
# issuing body | Quốc hiệu: 17 cm, 2.5 mm into each margin, no cell padding, so a long name
# ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 12 pt bold) and the Quốc hiệu each fit on one line while
# their centred text stays inside the 16.5 cm text width
HEADER_COLS = (Cm(7.6), Cm(9.4))
HEADER_OUTSET = Cm(0.25)
SIGN_COLS = (Cm(8.0), Cm(8.5))
FIRST_LINE = Cm(1.27)
# the appendix's fixed columns: TT, sent, each count and rate, notes; the name takes the rest
APPX_TT, APPX_SENT, APPX_FIG, APPX_NOTES = Cm(1.2), Cm(2.4), Cm(2.3), Cm(3.2)
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _font(run, size: float, bold=False, italic=False, underline=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(container, text: str, size: float = BODY_PT, bold=False, italic=False,
          align="left", indent=None, after: float = 0, before: float = 0, left=None):
    p = container.add_paragraph()
    if text:
        _font(p.add_run(text), size, bold, italic)
    pf = p.paragraph_format
    p.alignment = ALIGN[align]
    pf.space_after, pf.space_before = Pt(after), Pt(before)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if indent is not None:
        pf.first_line_indent = indent
    if left is not None:
        pf.left_indent = left
    return p


def _cell_para(cell, text, size, bold=False, italic=False, align="center", after=0, before=0):
    p = cell.add_paragraph()
    if text:
        _font(p.add_run(text), size, bold, italic)
    p.alignment = ALIGN[align]
    pf = p.paragraph_format
    pf.space_after, pf.space_before = Pt(after), Pt(before)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    return p


def _drop_first(*cells) -> None:
    """Remove the empty paragraph a new cell starts with (its content was added after it)."""
    for cell in cells:
        if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:
            cell._tc.remove(cell.paragraphs[0]._p)


def _rule(cell, width, cell_width) -> None:
    """A centred horizontal rule `width` long: an empty 1 pt paragraph with a bottom border,
    indented so the border spans `width` (Nghị định 30's line under the Tiêu ngữ and under the
    issuing body)."""
    p = _cell_para(cell, "", 1, before=2)
    pf = p.paragraph_format
    side = max(0, int((cell_width - width) / 2))
    pf.left_indent = pf.right_indent = side
    pf.line_spacing = Pt(1)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _outset(table, by) -> None:
    """Move the table `by` to the left, its cells without left and right padding."""
    tblpr = table._tbl.tblPr
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(-int(by.twips)))
    ind.set(qn("w:type"), "dxa")
    tblpr.append(ind)
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _widths(table, widths) -> None:
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


def _row_flag(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _page(section, size, margins, landscape=False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = size
    section.top_margin, section.bottom_margin = margins["top"], margins["bottom"]
    section.left_margin, section.right_margin = margins["left"], margins["right"]


def _default_font(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _header(doc, letter) -> None:
    t = doc.add_table(rows=2, cols=2)
    _no_borders(t)
    _widths(t, HEADER_COLS)
    _outset(t, HEADER_OUTSET)
    left, right = t.rows[0].cells
    if letter.parent:
        _cell_para(left, letter.parent, 12)
    for line in letter.body_lines:
        _cell_para(left, line, 12, bold=True)
    _rule(left, Cm(2.2), HEADER_COLS[0])
    from analysis.outputs.letter import QUOC_HIEU, TIEU_NGU

    _cell_para(right, QUOC_HIEU, 12, bold=True)
    _cell_para(right, TIEU_NGU, 13, bold=True)
    _rule(right, Cm(6.1), HEADER_COLS[1])
    left, right = t.rows[1].cells
    _cell_para(left, letter.number, 13, before=6)
    _cell_para(left, letter.subject, 12, before=2)
    _cell_para(right, letter.place_date, 13, italic=True, before=6)
    for row in t.rows:
        _drop_first(*row.cells)
        _row_flag(row, "w:cantSplit")


def _recipients(doc, letter) -> None:
    if len(letter.recipients) == 1:
        p = _para(doc, "", BODY_PT, align="left", before=12, after=6, left=Cm(2.5))
        _font(p.add_run("Kính gửi: "), BODY_PT)
        _font(p.add_run(letter.recipients[0]), BODY_PT)
        return
    _para(doc, "Kính gửi:", BODY_PT, before=12, left=Cm(2.5))
    for i, r in enumerate(letter.recipients):
        _para(doc, r, BODY_PT, left=Cm(4.5), after=6 if i == len(letter.recipients) - 1 else 0)


def _body(doc, letter) -> None:
    p = None
    for kind, text in letter.body:
        p = _para(doc, text, BODY_PT, bold=kind == "heading", align="justify", indent=FIRST_LINE,
                  after=6)
    if p is not None:  # the closing line goes over with the signature: never a signer alone
        p.paragraph_format.keep_with_next = True


def _signature(doc, letter) -> None:
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _widths(t, SIGN_COLS)
    left, right = t.rows[0].cells
    _cell_para(left, "Nơi nhận:", 12, bold=True, italic=True, align="left", before=6)
    for c in letter.copies:
        _cell_para(left, c, 11, align="left")
    first = True
    for line in (letter.authority, letter.title):
        if line:
            _cell_para(right, line, 13, bold=True, before=6 if first else 0)
            first = False
    for _ in range(4):
        _cell_para(right, "", 13)
    _cell_para(right, letter.signer, 13, bold=True)
    _drop_first(left, right)
    _row_flag(t.rows[0], "w:cantSplit")


def _cell(cell, text, size=12, bold=False, align="center", keep_next=False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    if text:
        _font(p.add_run(text), size, bold)
    p.alignment = ALIGN[align]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.keep_with_next = keep_next or None
    # the paragraph mark at the table's size too, so an empty cell is no taller than the rest
    ppr = p._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size * 2)))
        rpr.append(el)
    ppr.append(rpr)


def appendix_widths(cols: appendix.Columns, text_width) -> list:
    fixed = [APPX_TT, None, APPX_SENT] + [APPX_FIG] * (2 * len(cols.metrics)) + [APPX_NOTES]
    rest = int(text_width) - sum(int(w) for w in fixed if w is not None)
    return [w if w is not None else rest for w in fixed]


def appendix_table(doc, s: Summary, text_width):
    """The appendix table (outputs/appendix.py): two-row merged header repeated on every page,
    section rows, units, totals; no row splits across a page."""
    cols = appendix.Columns(tuple(s.metrics))
    ncols = cols.count
    rows = appendix.appendix_rows(s, s.metrics)
    table = doc.add_table(rows=2 + len(rows), cols=ncols)
    table.style = "Table Grid"
    _widths(table, appendix_widths(cols, text_width))
    h1, h2 = table.rows[0].cells, table.rows[1].cells
    for c, text in [*enumerate(appendix.LEFT_HEADINGS), (cols.notes, appendix.NOTES_HEADING)]:
        _cell(h1[c].merge(h2[c]), text, bold=True)
    for _, c, group in cols.kinds():
        _cell(h1[c].merge(h1[c + 1]), group, bold=True)
        _cell(h2[c], appendix.GROUP_COLUMNS[0], bold=True)
        _cell(h2[c + 1], appendix.GROUP_COLUMNS[1], bold=True)
    for r, row in enumerate(rows, start=2):
        _appendix_row(table.rows[r].cells, row, cols, ncols)
    for i, tr in enumerate(table.rows):
        if i < 2:
            _row_flag(tr, "w:tblHeader")
        _row_flag(tr, "w:cantSplit")
    return table


def _appendix_row(cells, row, cols, ncols) -> None:
    if row["kind"] == "section":  # kept with the row under it: never alone at a page's foot
        _cell(cells[0], row["stt"], bold=True, keep_next=True)
        _cell(cells[1].merge(cells[ncols - 1]), row["name"], bold=True, align="left",
              keep_next=True)
        return
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


def _page_numbers(section, restart: bool = False) -> None:
    """Nghị định 30/2020: page numbers in Arabic figures, 13 pt upright, centred in the top
    margin, not shown on the first page; an appendix numbered on its own (from 1)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"),
                       ("end", None)):
        run = p.add_run()
        _font(run, 13)
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            run.text = text  # the field's shown value until the reader updates it
    section.first_page_header.is_linked_to_previous = False
    if restart:
        num = OxmlElement("w:pgNumType")
        num.set(qn("w:start"), "1")
        section._sectPr.insert_element_before(  # its place in the schema's sequence
            num, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
            "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
            "w:sectPrChange")


def letter_docx(s: Summary, letter) -> bytes:
    doc = Document()
    _default_font(doc)
    _page(doc.sections[0], A4, MARGINS)
    _page_numbers(doc.sections[0])
    _header(doc, letter)
    _recipients(doc, letter)
    _body(doc, letter)
    _signature(doc, letter)
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(sec, (A4[1], A4[0]), LANDSCAPE_MARGINS, landscape=True)
    _page_numbers(sec, restart=True)
    _para(doc, appendix.TITLE, 13, bold=True, align="center")
    _para(doc, appendix.subtitle(s), 13, bold=True, align="center")
    _para(doc, letter.appendix_reference, 13, italic=True, align="center", after=6)
    width = sec.page_width - sec.left_margin - sec.right_margin
    appendix_table(doc, s, width)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

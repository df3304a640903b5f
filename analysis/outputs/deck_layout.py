"""The deck's page furniture: a 16:9 presentation, a slide with its title (a real title
placeholder, so PowerPoint's outline and screen readers find it), text boxes, figure cards,
a colour legend, tables and the footer. Sizes in points; titles ≥ 28 pt, text ≥ 14 pt.
"""
from __future__ import annotations

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from analysis.outputs.deck_charts import FONT, TEXT, Box, rgb

SLIDE_W = Inches(13.333)
SLIDE_H = Inches(7.5)
MARGIN = Inches(0.5)
TITLE_PT = 30
BODY_PT = 18
SMALL_PT = 14
ACCENT = "0072B2"
MUTED = "4B5563"
TITLE_LAYOUT = 5  # "Title Only" of python-pptx's default template


def presentation():
    prs = Presentation()
    prs.slide_width = SLIDE_W
    prs.slide_height = SLIDE_H
    return prs


def content_box(top: float = 1.45, bottom: float = 0.55) -> Box:
    """The slide's area under the title and above the footer (inches from top and bottom)."""
    t = Inches(top)
    return Box(MARGIN, t, SLIDE_W - 2 * MARGIN, SLIDE_H - t - Inches(bottom))


def new_slide(prs, title: str, subtitle: str | None = None):
    """A slide with its title at the top (and a line under it when given)."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    ph = slide.shapes.title
    ph.left, ph.top, ph.width, ph.height = MARGIN, Inches(0.25), SLIDE_W - 2 * MARGIN, Inches(0.8)
    tf = ph.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    tf.text = title
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    run_font(p.runs[0], TITLE_PT, bold=True, color=ACCENT)
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.05), Inches(1.6),
                                 Pt(4))
    bar.fill.solid()
    bar.fill.fore_color.rgb = rgb(ACCENT)
    bar.line.fill.background()
    if subtitle:
        text(slide, Box(MARGIN + Inches(1.8), Inches(0.95), SLIDE_W - 2 * MARGIN - Inches(1.8),
                        Inches(0.45)), [subtitle], size=SMALL_PT + 2, color=MUTED)
    return slide


def run_font(run, size: int, bold: bool = False, color: str = TEXT) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = rgb(color)


def text(slide, box: Box, lines: list, size: int = BODY_PT, bold: bool = False,
         color: str = TEXT, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    """A text box of one paragraph a line; a line is a string or a list of (text, options)
    runs, options a dict of size, bold, color."""
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        runs = [(line, {})] if isinstance(line, str) else line
        for t, opts in runs:
            r = p.add_run()
            r.text = t
            run_font(r, opts.get("size", size), opts.get("bold", bold),
                      opts.get("color", color))
    return shape


def card(slide, box: Box, value: str, label: str, note: str | None, color: str = ACCENT):
    """A figure card: the label, the figure in large type, a note under it."""
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, box.left, box.top, box.width,
                                   box.height)
    shape.adjustments[0] = 0.06
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb("F3F6FA")
    shape.line.color.rgb = rgb(color)
    shape.line.width = Pt(2.5)
    pad = Inches(0.25)
    inner = Box(box.left + pad, box.top + Inches(0.15), box.width - 2 * pad,
                box.height - Inches(0.3))
    lines = [[(label, {"size": 20, "bold": True, "color": MUTED})],
             [(value, {"size": 48, "bold": True, "color": color})]]
    if note:
        lines.append([(note, {"size": SMALL_PT + 2, "color": TEXT})])
    text(slide, inner, lines)
    return shape


def legend(slide, box: Box, items: list) -> None:
    """A row of coloured squares and their names: items = [(name, hex colour)]."""
    line = []
    for name, color in items:
        line.append(("■ ", {"color": color, "size": SMALL_PT + 4}))
        line.append((name + "     ", {"size": SMALL_PT + 2}))
    text(slide, box, [line], anchor=MSO_ANCHOR.MIDDLE)


def table(slide, box: Box, header: list, rows: list, widths: list, size: int = 16):
    """A plain table: header row in the accent colour, rows in the body size; widths are
    fractions of the box width. Row height follows the box."""
    n = len(rows) + 1
    shape = slide.shapes.add_table(n, len(header), box.left, box.top, box.width,
                                   min(box.height, Inches(0.5) * n))
    tbl = shape.table
    for j, w in enumerate(widths):
        tbl.columns[j].width = Emu(int(box.width * w))
    for i, row in enumerate([header] + rows):
        for j, value in enumerate(row):
            cell = tbl.cell(i, j)
            cell.text = str(value)
            p = cell.text_frame.paragraphs[0]
            run_font(p.runs[0], size, bold=(i == 0), color="FFFFFF" if i == 0 else TEXT)
            if j > 0 and i > 0 and j != 1:
                p.alignment = PP_ALIGN.CENTER
            if i == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(ACCENT)
            else:
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb("FFFFFF" if i % 2 else "EEF2F7")
    return shape


def footer(slide, left: str, number: int, total: int) -> None:
    """The office and period at the bottom left, the slide's number at the right."""
    y = SLIDE_H - Inches(0.5)
    text(slide, Box(MARGIN, y, Inches(10), Inches(0.4)), [left], size=SMALL_PT, color=MUTED)
    text(slide, Box(SLIDE_W - MARGIN - Inches(2), y, Inches(2), Inches(0.4)),
         [f"{number}/{total}"], size=SMALL_PT, color=MUTED, align=PP_ALIGN.RIGHT)

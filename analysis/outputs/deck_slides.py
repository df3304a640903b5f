"""The deck's first slides: the title, the headline figures, the block rates and one slide
(or more) per block with its units sorted. Each takes the presentation and the DeckInput;
every figure is read from the Summary (analysis.figures), every number written by vn_format.
"""
from __future__ import annotations

import math

import pandas as pd
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from analysis.labels import METRIC_LABELS, STATUS_LABELS
from analysis.model import STATUSES
from analysis.outputs.charts import STATUS_COLORS
from analysis.outputs.deck_charts import Box, Plot, Series, bar_chart, rgb
from analysis.outputs.deck_data import DeckInput
from analysis.outputs.deck_layout import (
    ACCENT,
    MARGIN,
    MUTED,
    SLIDE_H,
    SLIDE_W,
    SMALL_PT,
    card,
    content_box,
    legend,
    new_slide,
    run_font,
    text,
)
from analysis.vn_format import fmt_int, fmt_pct, fmt_pp

UNITS_PER_SLIDE = 16  # a block of more units continues on further slides (type never shrinks)
BLOCK_BAR = "0072B2"
NO_RATE = "không có VB đi"


def pct_or_none(v) -> float | None:
    """A rate as the chart's data holds it: a float, None where there is none."""
    if v is None or v is pd.NA:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def metric_line(d: DeckInput) -> str:
    s = d.summary
    return f"{METRIC_LABELS.get(s.metric, s.metric)} · chỉ tiêu {fmt_pct(s.target)}"


def unit_names(units: pd.DataFrame) -> list:
    """Unit names on a chart; a name several districts share gets its district (as the app)."""
    names = units["unit"].astype(str)
    shared = set(names[names.duplicated(keep=False)])
    dist = units["district"].astype(object).where(units["district"].notna(), None)
    return [f"{n} – {di}" if (n in shared and di) else n
            for n, di in zip(names, dist, strict=True)]


# --- 1. title ------------------------------------------------------------------------------------

def title_slide(prs, d: DeckInput):
    s = d.summary
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, SLIDE_W, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = band.line.color.rgb = rgb(ACCENT)
    if d.office:
        text(slide, Box(MARGIN, Inches(1.0), SLIDE_W - 2 * MARGIN, Inches(0.9)),
             [d.office.upper()], size=24, bold=True, color=MUTED, align=PP_ALIGN.CENTER)
    ph = slide.shapes.title
    ph.left, ph.top = MARGIN, Inches(2.1)
    ph.width, ph.height = SLIDE_W - 2 * MARGIN, Inches(1.6)
    ph.text_frame.word_wrap = True
    ph.text_frame.text = f"Kết quả ký số văn bản {s.label}"
    p = ph.text_frame.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    run_font(p.runs[0], 44, bold=True, color=ACCENT)
    lines = [metric_line(d), d.scope,
             f"{fmt_int(s.total.get('units') or 0)} cơ quan, đơn vị · "
             f"{fmt_int(len(s.blocks))} khối"]
    text(slide, Box(MARGIN, Inches(4.0), SLIDE_W - 2 * MARGIN, Inches(2.2)), lines, size=24,
         align=PP_ALIGN.CENTER)
    return slide


# --- 2. headline -------------------------------------------------------------------------------

def _names_note(names: list, limit: int = 3) -> str | None:
    if not names:
        return None
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return shown + (f" và {fmt_int(more)} đơn vị khác" if more > 0 else "")


def headline_slide(prs, d: DeckInput):
    s = d.summary
    t = s.total
    slide = new_slide(prs, f"Kết quả chung {s.label}", metric_line(d))
    area = content_box(top=1.6)
    gap = Inches(0.3)
    w = (area.width - gap) // 2
    h = (area.height - gap) // 2
    boxes = [Box(area.left + (w + gap) * (i % 2), area.top + (h + gap) * (i // 2), w, h)
             for i in range(4)]
    delta = t.get("delta_pp")
    if delta is None:
        note = "Chưa có số liệu kỳ trước để so sánh"
    else:
        note = (f"{fmt_pp(delta)} so với {s.span.previous().phrase()} "
                f"({fmt_pct(t.get('prev_rate'))})")
    card(slide, boxes[0], fmt_pct(t.get("rate")), "Tỷ lệ ký số chung", note)
    n_units = int(t.get("units") or 0)
    meeting = int(t.get("meeting_target") or 0)
    card(slide, boxes[1], f"{fmt_int(meeting)}/{fmt_int(n_units)}", "Đơn vị đạt chỉ tiêu",
         f"Chỉ tiêu {fmt_pct(s.target)}")
    nothing = s.units[s.units["status"] == "signed_nothing"]
    card(slide, boxes[2], fmt_int(len(nothing)), "Đơn vị không ký số văn bản nào",
         _names_note(unit_names(nothing)), color=STATUS_COLORS["signed_nothing"])
    if s.ytd_complete:
        ytd, ytd_note = fmt_pct(t.get("ytd_rate")), f"Từ 01/{s.end.year} đến hết {s.label}"
    else:
        ytd = "—"
        ytd_note = ("Chưa đủ số liệu, thiếu: " + ", ".join(s.missing_months[:6])
                    if s.missing_months else "Không tính được lũy kế cho kỳ này")
    card(slide, boxes[3], ytd, "Lũy kế từ đầu năm", ytd_note, color="009E73")
    return slide


# --- 3. blocks against the target --------------------------------------------------------------

def block_category(rec) -> str:
    """A block on the chart's axis, with how many of its units meet the target."""
    return (f"{rec['block_label']} ({fmt_int(rec['meeting_target'])}/{fmt_int(rec['units'])} "
            "đạt)")


def blocks_slide(prs, d: DeckInput):
    s = d.summary
    slide = new_slide(prs, f"Tỷ lệ ký số theo khối {s.label}", metric_line(d))
    b = s.blocks
    values = [pct_or_none(v) for v in b["rate"]]
    area = content_box(top=1.6, bottom=1.1)
    series = Series("Tỷ lệ ký số (%)", values, [_unit_label(v) for v in values], BLOCK_BAR)
    plot = Plot(0.30, 0.08, 0.58, 0.90)
    bar_chart(slide, area, [block_category(r) for r in b.to_dict("records")], [series],
              plot=plot, target=s.target, gap=60)
    _target_note(slide, area, s.target, plot)
    total = s.total
    text(slide, Box(MARGIN, SLIDE_H - Inches(1.15), SLIDE_W - 2 * MARGIN, Inches(0.5)),
         [[("Toàn bộ: ", {"bold": True}), (f"{fmt_pct(total.get('rate'))} · "
           f"{fmt_int(total.get('meeting_target') or 0)}/{fmt_int(total.get('units') or 0)} "
           "đơn vị đạt chỉ tiêu", {})]], size=20)
    return slide


def _target_note(slide, box: Box, target: float, plot: Plot) -> None:
    """The target line's name just above the plot, at the line."""
    x = box.left + int(box.width * (plot.x + plot.w * min(target, 100) / 100))
    y = box.top + int(box.height * (plot.y + plot.h)) + Inches(0.04)
    text(slide, Box(x - Inches(1.5), y, Inches(3), Inches(0.36)),
         [f"Chỉ tiêu {fmt_pct(target)}"], size=SMALL_PT, bold=True, color="C0392B",
         align=PP_ALIGN.CENTER)


# --- 4. one slide per block --------------------------------------------------------------------

def chunks(n: int, per: int = UNITS_PER_SLIDE) -> list:
    """[(start, stop)] splitting n units into the fewest slides of at most `per`, as even."""
    k = max(1, math.ceil(n / per))
    size = math.ceil(n / k)
    return [(i, min(i + size, n)) for i in range(0, n, size)] or [(0, 0)]


def _unit_label(rate) -> str:
    r = pct_or_none(rate)
    return NO_RATE if r is None else fmt_pct(r)


def block_slides(prs, d: DeckInput) -> list:
    s = d.summary
    slides = []
    for rec in s.blocks.to_dict("records"):
        units = s.units[(s.units["block"] == rec["block"]).to_numpy()]
        parts = chunks(len(units))
        for i, (a, b) in enumerate(parts):
            part = units.iloc[a:b]
            more = f" ({i + 1}/{len(parts)})" if len(parts) > 1 else ""
            sub = (f"Tỷ lệ khối {fmt_pct(rec['rate'])} · {fmt_int(rec['meeting_target'])}/"
                   f"{fmt_int(rec['units'])} đơn vị đạt chỉ tiêu {fmt_pct(s.target)}")
            slide = new_slide(prs, f"{rec['block_label']} {s.label}{more}", sub)
            slides.append(slide)
            _units_chart(slide, part, s.target)
    return slides


def _units_chart(slide, part: pd.DataFrame, target: float) -> None:
    area = content_box(top=1.55, bottom=1.45)
    head = Inches(0.45)  # the value axis' labels above the bars
    # a few units get bars no thicker than a tenth of the area; many fill it
    rows_h = int((area.height - head) * max(len(part), 1) / max(len(part), 10))
    box = Box(area.left, area.top, area.width, head + rows_h)
    plot = Plot(0.36, head / box.height, 0.54, rows_h / box.height - 0.005)
    colors = [STATUS_COLORS.get(st, "8C8C8C") for st in part["status"]]
    values = [pct_or_none(v) for v in part["rate"]]
    labels = [_unit_label(r) for r in part["rate"]]
    names = [n if v is not None else f"{n} ({NO_RATE})"
             for n, v in zip(unit_names(part), values, strict=True)]
    bar_chart(slide, box, names, [Series("Tỷ lệ ký số (%)", values, labels, colors)],
              plot=plot, target=target, gap=35)
    _target_note(slide, box, target, plot)
    status_legend(slide)


def status_legend(slide) -> None:
    items = [(STATUS_LABELS[st], STATUS_COLORS[st]) for st in STATUSES]
    legend(slide, Box(MARGIN, SLIDE_H - Inches(0.98), SLIDE_W - 2 * MARGIN, Inches(0.45)),
           items)

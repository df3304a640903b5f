"""The deck's later slides: most improved and declined units with the units new or missing,
the month beside the year to date per block, the units at 0% for two months or more, and the
monthly trend. Figures from the Summary (`figures.movers`, the blocks' `ytd_rate`) and from
`figures.trend`; numbers written by vn_format.
"""
from __future__ import annotations

import math

from pptx.util import Inches

from analysis.figures import movers
from analysis.labels import BLOCK_LABELS
from analysis.outputs.charts import DOWN_COLOR, SERIES_COLORS, UP_COLOR
from analysis.outputs.deck_charts import Box, Plot, Series, bar_chart, line_chart
from analysis.outputs.deck_data import DeckInput
from analysis.outputs.deck_layout import (
    MARGIN,
    MUTED,
    SLIDE_H,
    SLIDE_W,
    content_box,
    new_slide,
    table,
    text,
)
from analysis.outputs.deck_slides import metric_line, pct_or_none, unit_names
from analysis.periods import Period
from analysis.vn_format import fmt_int, fmt_pct, fmt_pp

MOVERS = 5
ZERO_ROWS_PER_SLIDE = 8
MONTH_COLOR = "0072B2"
YTD_COLOR = "E69F00"


def _list_text(names: list, limit: int = 8) -> str:
    if not names:
        return "không có"
    more = len(names) - limit
    return ", ".join(names[:limit]) + (f" và {fmt_int(more)} đơn vị khác" if more > 0 else "")


# --- 5. movers, new and missing ----------------------------------------------------------------

def movers_slide(prs, d: DeckInput):
    s = d.summary
    prev = s.span.previous().phrase()
    slide = new_slide(prs, f"Đơn vị tăng, giảm nhiều nhất {s.label}",
                      f"Thay đổi tỷ lệ so với {prev}, điểm phần trăm")
    if s.previous is None:
        text(slide, content_box(top=1.8), [f"Chưa có số liệu {prev} để so sánh."], size=24,
             color=MUTED)
        return slide
    up, down = movers(s, MOVERS)
    area = content_box(top=1.55, bottom=2.0)
    half = (area.width - Inches(0.4)) // 2
    for i, (rows, title, color) in enumerate(((up, "Tăng nhiều nhất", UP_COLOR),
                                              (down, "Giảm nhiều nhất", DOWN_COLOR))):
        box = Box(area.left + i * (half + Inches(0.4)), area.top, half, area.height)
        text(slide, Box(box.left, box.top, box.width, Inches(0.5)), [title], size=22,
             bold=True, color=color)
        chart_box = Box(box.left, box.top + Inches(0.5), box.width, box.height - Inches(0.5))
        if rows.empty:
            text(slide, chart_box, ["Không có đơn vị nào."], size=20, color=MUTED)
            continue
        values = [float(v) for v in rows["delta_pp"]]
        labels = [fmt_pp(v, unit="") for v in values]
        n = len(rows)
        chart_box.height = int(chart_box.height * (n + 1) / (MOVERS + 1))
        reach = math.ceil(max(abs(v) for v in values) * 1.5 / 20) * 20
        lo, hi = (0, reach) if i == 0 else (-reach, 0)
        bar_chart(slide, chart_box, unit_names(rows), [Series("Thay đổi (điểm %)", values,
                                                               labels, color)],
                  plot=Plot(0.45, 0.12, 0.52, 0.86), value_max=hi, value_min=lo,
                  axis_format="0", gap=40, major_unit=reach / 2)
    new = unit_names(s.new_units) if len(s.new_units) else []
    gone = unit_names(s.missing_units) if len(s.missing_units) else []
    text(slide, Box(MARGIN, SLIDE_H - Inches(1.95), SLIDE_W - 2 * MARGIN, Inches(1.4)),
         [[("Đơn vị mới trong báo cáo: ", {"bold": True}), (_list_text(new), {})],
          [(f"Đơn vị có trong {prev} nhưng không có trong {s.label}: ", {"bold": True}),
           (_list_text(gone), {})]], size=18)
    return slide


# --- 6. month beside year to date --------------------------------------------------------------

def ytd_slide(prs, d: DeckInput):
    s = d.summary
    slide = new_slide(prs, f"{s.span.label()} và lũy kế từ đầu năm theo khối",
                      metric_line(d))
    b = s.blocks
    month = [pct_or_none(v) for v in b["rate"]]
    ytd = [pct_or_none(v) for v in b["ytd_rate"]] if s.ytd_complete else [None] * len(b)
    ytd_name = f"Lũy kế 01/{s.end.year}–{s.end.month:02d}/{s.end.year}"
    series = [Series(s.span.label(), month, [fmt_pct(v) for v in month], MONTH_COLOR),
              Series(ytd_name, ytd, [fmt_pct(v) if v is not None else None for v in ytd],
                     YTD_COLOR)]
    area = content_box(top=1.6, bottom=1.2)
    plot = Plot(0.27, 0.08, 0.55, 0.78)
    bar_chart(slide, area, list(b["block_label"]), series, plot=plot, target=s.target,
              legend=True, gap=50)
    t = s.total
    if s.ytd_complete:
        line = [("Toàn bộ: ", {"bold": True}),
                (f"{s.label} {fmt_pct(t.get('rate'))} · lũy kế {fmt_pct(t.get('ytd_rate'))}",
                 {})]
    else:
        miss = ", ".join(s.missing_months) or "kỳ không nằm trọn trong một năm"
        line = [("Lũy kế chưa tính được: ", {"bold": True}), (f"thiếu {miss}", {})]
    text(slide, Box(MARGIN, SLIDE_H - Inches(1.2), SLIDE_W - 2 * MARGIN, Inches(0.6)), [line],
         size=20)
    return slide


# --- 7. units at 0% two months or more ---------------------------------------------------------

def zero_slides(prs, d: DeckInput) -> list:
    s = d.summary
    title = f"Đơn vị 0% từ hai tháng liền trở lên, đến {s.label}"
    z = d.zeros
    if z.empty:
        slide = new_slide(prs, title, "Tỷ lệ 0%: có văn bản gửi đi nhưng không ký số văn bản nào")
        if not s.span.is_month:
            msg = "Chỉ xét được khi kỳ báo cáo là một tháng."
        elif d.months_before == 0:
            msg = (f"Chưa có số liệu {s.span.previous().phrase()} nên chưa xác định được "
                   "đơn vị không ký số hai tháng liền.")
        else:
            msg = "Không có đơn vị nào ở mức 0% hai tháng liền."
        text(slide, content_box(top=1.8), [msg], size=24, color=MUTED)
        return [slide]
    slides = []
    parts = [(i, min(i + ZERO_ROWS_PER_SLIDE, len(z)))
             for i in range(0, len(z), ZERO_ROWS_PER_SLIDE)]
    names = unit_names(z)
    for k, (a, b) in enumerate(parts):
        more = f" ({k + 1}/{len(parts)})" if len(parts) > 1 else ""
        slide = new_slide(prs, title + more,
                          f"{fmt_int(len(z))} đơn vị có văn bản gửi đi nhưng không ký số "
                          "văn bản nào")
        rows = [[str(a + i + 1), names[a + i], BLOCK_LABELS.get(r["block"], r["block"]),
                 fmt_int(r["months"]), r["since"]]
                for i, r in enumerate(z.iloc[a:b].to_dict("records"))]
        table(slide, content_box(top=1.6, bottom=0.7),
              ["STT", "Đơn vị", "Khối", "Số tháng liền", "Từ"], rows,
              [0.06, 0.38, 0.31, 0.11, 0.14], size=16)
        slides.append(slide)
    return slides


# --- 8. trend ----------------------------------------------------------------------------------

def trend_data(d: DeckInput):
    """(period codes, labels, [(scope, rates)]) of the trend, total first; None with fewer
    than two months."""
    tr = d.trend
    if tr.empty or tr["period"].nunique() < 2:
        return None
    codes = list(dict.fromkeys(tr["period"]))
    spans = {}
    for p, a, b in zip(tr["period"], tr["period_start"], tr["period_end"], strict=True):
        spans[p] = Period(a, b)
    scopes = list(dict.fromkeys(tr["scope"]))
    by = {(p, sc): pct_or_none(r) for p, sc, r in zip(tr["period"], tr["scope"], tr["rate"],
                                                      strict=True)}
    years = {spans[c].end.year for c in codes}
    if len(years) == 1 and all(spans[c].is_month for c in codes):  # the year in the subtitle
        labels = [f"T{spans[c].end.month}" for c in codes]
    else:  # "T11/20": short enough to stay on one line under its point
        labels = [f"T{spans[c].end.month}/{spans[c].end.year % 100:02d}"
                  if spans[c].is_month else spans[c].short() for c in codes]
    return codes, labels, [
        (sc, [by.get((c, sc)) for c in codes]) for sc in scopes]


def trend_slide(prs, d: DeckInput):
    s = d.summary
    got = trend_data(d)
    if got is None:
        return None
    codes, labels, scopes = got
    first = Period.from_code(codes[0]).short()
    slide = new_slide(prs, f"Diễn biến tỷ lệ ký số theo tháng đến {s.label}",
                      f"{first}–{s.span.short()} · {metric_line(d)}")
    series = []
    for i, (sc, values) in enumerate(scopes):
        name = "Toàn bộ" if sc == "total" else BLOCK_LABELS.get(sc, sc)
        series.append(Series(name, values, [fmt_pct(v) if v is not None else None
                                            for v in values],
                             SERIES_COLORS[i % len(SERIES_COLORS)]))
    area = content_box(top=1.6, bottom=0.7)
    line_chart(slide, area, labels, series, target=s.target,
               target_name=f"Chỉ tiêu {fmt_pct(s.target)}", plot=Plot(0.06, 0.06, 0.62, 0.82))
    return slide

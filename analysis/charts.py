"""Altair chart specs for the app and for slides. Pure: frames in, `alt.Chart` out; no Streamlit.

Every builder takes a small pandas frame (columns documented per function), the target in percent
and `presentation` (large type and bars for a projector). Rates are percentages 0-100, NaN where
undefined (a unit that sent nothing). Axis titles and labels are Vietnamese; printed rates are
written the Vietnamese way ("95,45%"). Colours are from the Okabe-Ito palette, which stays
distinguishable for the common colour-vision deficiencies and on a washed-out projector.

`chart_png(chart)` renders any of them to PNG bytes through vl-convert.
"""
from __future__ import annotations

from typing import Optional

import altair as alt
import pandas as pd

from .vn_format import STATUS_LABELS, fmt_int as vn_int, fmt_pct as vn_pct, fmt_pp as vn_pp

# --- Vietnamese labels (charts may be drawn outside the app, so they live here) ----------------
T_RATE = "Tỷ lệ ký số (%)"
T_UNIT = "Đơn vị"
T_BLOCK = "Khối"
T_MONTH = "Kỳ báo cáo"
T_SERIES = "Số liệu"
T_STATUS = "Tình trạng"
T_TARGET = "Chỉ tiêu {target}"
T_PREV = "Kỳ trước"
T_CURRENT = "Kỳ này"
T_SENT = "VB gửi đi"
T_SIGNED = "VB ký số"
T_MEETING = "Đạt chỉ tiêu"
T_CHANGE = "Thay đổi"
T_RATE_SHORT = "Tỷ lệ"

STATUS_ORDER = ("meets_target", "below_target", "signed_nothing", "no_documents")

# Okabe-Ito: blue / orange / vermillion / grey; sky blue and others for series.
STATUS_COLORS = {
    "meets_target": "#0072B2",
    "below_target": "#E69F00",
    "signed_nothing": "#D55E00",
    "no_documents": "#8C8C8C",
}
SERIES_COLORS = ["#000000", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                 "#F0E442"]
TARGET_COLOR = "#C0392B"
PREV_COLOR = "#9E9E9E"
UP_COLOR = "#0072B2"
DOWN_COLOR = "#D55E00"

VN_LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3],
                        "currency": ["", " đ"], "percent": "%"}}


def _style(presentation: bool) -> dict:
    """Font sizes and bar step for the two modes."""
    if presentation:
        return {"label": 20, "title": 22, "text": 20, "heading": 28, "step": 40, "band": 0.72,
                "point": 260, "stroke": 4, "legend": 20, "width": 1100}
    return {"label": 12, "title": 13, "text": 12, "heading": 16, "step": 22, "band": 0.75,
            "point": 90, "stroke": 2, "legend": 12, "width": 640}


def _finish(chart, presentation: bool, title: Optional[str] = None):
    s = _style(presentation)
    if title:
        chart = chart.properties(title=alt.Title(title, fontSize=s["heading"], anchor="start",
                                                 offset=12 if presentation else 8))
    return (
        chart.configure(locale=VN_LOCALE, font="DejaVu Sans, Arial, sans-serif")
        .configure_axis(labelFontSize=s["label"], titleFontSize=s["title"], labelLimit=420,
                        titleFontWeight="normal", grid=True, gridOpacity=0.5)
        .configure_legend(labelFontSize=s["legend"], titleFontSize=s["legend"], orient="bottom",
                          symbolSize=s["point"], labelLimit=400)
        .configure_view(stroke=None)
    )


def _unique_labels(values) -> list:
    """Make category labels unique (one bar per row): a repeated name gets ' (2)', ' (3)'..."""
    seen: dict = {}
    out = []
    for v in (str(x) for x in values):
        n = seen.get(v, 0) + 1
        seen[v] = n
        out.append(v if n == 1 else f"{v} ({n})")
    return out


def _sorted_keys(df: pd.DataFrame, label: str, rate: str = "rate") -> list:
    """Labels in descending order of rate, undefined rates last, ties by name."""
    d = df[[label, rate]].copy()
    d["_r"] = pd.to_numeric(d[rate], errors="coerce").astype(float)
    d["_na"] = d["_r"].isna()
    d = d.sort_values(["_na", "_r", label], ascending=[True, False, True], kind="mergesort")
    return [str(x) for x in d[label].tolist()]


def _target_layers(target: float, presentation: bool, axis: str = "x", text_at_end: bool = True):
    """A dashed rule at the target with its label ('Chỉ tiêu 100%')."""
    s = _style(presentation)
    tdf = pd.DataFrame({"target": [float(target)], "label": [T_TARGET.format(target=vn_pct(target))]})
    base = alt.Chart(tdf)
    enc = {axis: alt.X("target:Q") if axis == "x" else alt.Y("target:Q")}
    rule = base.mark_rule(color=TARGET_COLOR, strokeDash=[8, 4], strokeWidth=s["stroke"] + 1).encode(**enc)
    if axis == "x":
        text = base.mark_text(color=TARGET_COLOR, fontSize=s["text"], fontWeight="bold",
                              align="right", baseline="bottom", dx=-4, dy=-4).encode(
            x="target:Q", y=alt.value(0), text="label:N")
    else:
        text = base.mark_text(color=TARGET_COLOR, fontSize=s["text"], fontWeight="bold",
                              align="right", baseline="bottom", dy=-4).encode(
            y="target:Q", x=alt.value(s["width"]), text="label:N")
    return rule, text


INSIDE_MIN = 30.0  # a bar at least this long carries its label inside


def _bar_labels(base, y, text_field: str, presentation: bool, weight: str = "bold"):
    """Labels inside the end of long bars (white on blue, black on orange), after short ones."""
    s = _style(presentation)
    inside = base.transform_filter(f"datum.rate_pos >= {INSIDE_MIN}").mark_text(
        align="right", dx=-6, fontSize=s["text"], fontWeight=weight).encode(
        x=alt.X("rate_pos:Q"), y=y, text=f"{text_field}:N",
        color=alt.condition("datum.status == 'meets_target'", alt.value("#FFFFFF"),
                            alt.value("#111111")))
    outside = base.transform_filter(f"datum.rate_pos < {INSIDE_MIN}").mark_text(
        align="left", dx=6, fontSize=s["text"], fontWeight=weight).encode(
        x=alt.X("rate_pos:Q"), y=y, text=f"{text_field}:N",
        color=alt.condition("datum.status == 'signed_nothing'", alt.value(STATUS_COLORS["signed_nothing"]),
                            alt.value("#111111")))
    return inside, outside


def _x_rate(presentation: bool, title: str = T_RATE):
    return alt.X("rate:Q", title=title, scale=alt.Scale(domain=[0, 100], clamp=True),
                 axis=alt.Axis(labelExpr="datum.value + '%'", tickCount=5 if presentation else 10))


def block_bars(blocks: pd.DataFrame, target: float, presentation: bool = False,
               title: Optional[str] = None):
    """Horizontal bars of block rates, sorted, with the labelled target rule.

    `blocks` columns: label (block name), rate, and optionally units, meeting, sent, signed.
    """
    s = _style(presentation)
    d = blocks.copy()
    d["label"] = _unique_labels(d["label"])
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["rate_text"] = [vn_pct(r) for r in d["rate"]]
    if "units" in d and "meeting" in d:
        d["bar_text"] = [f"{vn_pct(r)}  ({int(m)}/{int(n)} đạt)" for r, m, n in
                         zip(d["rate"], d["meeting"], d["units"])]
    else:
        d["bar_text"] = d["rate_text"]
    d["status"] = ["no_documents" if pd.isna(r) else
                   ("meets_target" if r >= target else "below_target") for r in d["rate"]]
    d["status_label"] = d["status"].map(STATUS_LABELS)
    d["rate_pos"] = d["rate"].fillna(0.0)
    order = _sorted_keys(d, "label")
    tooltip = [alt.Tooltip("label:N", title=T_BLOCK), alt.Tooltip("rate_text:N", title=T_RATE_SHORT)]
    for col, t in (("sent", T_SENT), ("signed", T_SIGNED)):
        if col in d:
            d[col + "_text"] = [vn_int(v) for v in d[col]]
            tooltip.append(alt.Tooltip(f"{col}_text:N", title=t))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    base = alt.Chart(d)
    bars = base.mark_bar(cornerRadiusEnd=3, size=s["step"] * s["band"]).encode(
        x=_x_rate(presentation), y=y,
        color=alt.Color("status:N", scale=alt.Scale(domain=list(STATUS_ORDER),
                                                    range=[STATUS_COLORS[k] for k in STATUS_ORDER]),
                        legend=None),
        tooltip=tooltip)
    inside, outside = _bar_labels(base, y, "bar_text", presentation)
    rule, rule_text = _target_layers(target, presentation)
    chart = alt.layer(bars, rule, inside, outside, rule_text).properties(
        width="container", height=max(1, len(d)) * s["step"] * 1.35)
    return _finish(chart, presentation, title)


def unit_bars(units: pd.DataFrame, target: float, presentation: bool = False,
              title: Optional[str] = None, legend: bool = True):
    """One horizontal bar per unit, sorted by rate, coloured by status, with the target rule.

    `units` columns: unit, rate, status; optionally sent, signed, block_label.
    A unit that signed nothing shows '0%'; one that sent nothing shows '—' at the axis.
    """
    s = _style(presentation)
    d = units.copy()
    d["unit"] = _unique_labels(d["unit"])
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["rate_text"] = [vn_pct(r) for r in d["rate"]]
    d["rate_pos"] = d["rate"].fillna(0.0)
    d["status_label"] = d["status"].map(STATUS_LABELS).fillna(d["status"])
    order = _sorted_keys(d, "unit")
    present = [k for k in STATUS_ORDER if k in set(d["status"])]
    tooltip = [alt.Tooltip("unit:N", title=T_UNIT), alt.Tooltip("rate_text:N", title=T_RATE_SHORT),
               alt.Tooltip("status_label:N", title=T_STATUS)]
    for col, t in (("sent", T_SENT), ("signed", T_SIGNED)):
        if col in d:
            d[col + "_text"] = [vn_int(v) for v in d[col]]
            tooltip.append(alt.Tooltip(f"{col}_text:N", title=t))
    if "block_label" in d:
        tooltip.append(alt.Tooltip("block_label:N", title=T_BLOCK))
    y = alt.Y("unit:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=520 if presentation else 360))
    base = alt.Chart(d)
    status_scale = alt.Scale(domain=[STATUS_LABELS[k] for k in present],
                             range=[STATUS_COLORS[k] for k in present])
    color = alt.Color(
        "status_label:N", title=T_STATUS, scale=status_scale,
        legend=alt.Legend(orient="bottom", direction="horizontal") if legend else None)
    bars = base.mark_bar(cornerRadiusEnd=2, size=s["step"] * s["band"]).encode(
        x=_x_rate(presentation), y=y, color=color, tooltip=tooltip)
    inside, outside = _bar_labels(base, y, "rate_text", presentation,
                                  weight="bold" if presentation else "normal")
    rule, rule_text = _target_layers(target, presentation)
    chart = alt.layer(bars, rule, inside, outside, rule_text).properties(
        width="container", height=max(1, len(d)) * s["step"])
    return _finish(chart, presentation, title)


def trend_lines(trend: pd.DataFrame, target: float, presentation: bool = False,
                title: Optional[str] = None):
    """Monthly rates: one line per series (overall first), with the target rule.

    `trend` columns: period (sortable key, e.g. 'YYYY-MM'), period_label ('T3/2021'), series, rate.
    The series listed first is drawn thicker (the overall rate).
    """
    s = _style(presentation)
    d = trend.copy()
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["rate_text"] = [vn_pct(r) for r in d["rate"]]
    periods = d.sort_values("period")["period_label"].drop_duplicates().tolist()
    series = list(dict.fromkeys(d["series"].tolist()))
    d["main"] = d["series"] == series[0] if series else False
    x = alt.X("period_label:N", sort=periods, title=T_MONTH,
              axis=alt.Axis(labelAngle=0 if len(periods) <= 6 or presentation else -45))
    color = alt.Color("series:N", title=T_SERIES, sort=series,
                      scale=alt.Scale(domain=series, range=SERIES_COLORS[:len(series)] or ["#000"]),
                      legend=alt.Legend(orient="bottom", columns=3 if presentation else 2,
                                        labelLimit=320))
    base = alt.Chart(d)
    y = alt.Y("rate:Q", title=T_RATE, scale=alt.Scale(domain=[0, 100]),
              axis=alt.Axis(labelExpr="datum.value + '%'"))
    lines = base.mark_line(point=alt.OverlayMarkDef(size=s["point"], filled=True)).encode(
        x=x, y=y, color=color,
        strokeWidth=alt.condition("datum.main", alt.value(s["stroke"] * 2), alt.value(s["stroke"])),
        tooltip=[alt.Tooltip("series:N", title=T_SERIES),
                 alt.Tooltip("period_label:N", title=T_MONTH),
                 alt.Tooltip("rate_text:N", title=T_RATE_SHORT)])
    rule = alt.Chart(pd.DataFrame({"target": [float(target)],
                                   "label": [T_TARGET.format(target=vn_pct(target))]}))
    rule_line = rule.mark_rule(color=TARGET_COLOR, strokeDash=[8, 4],
                               strokeWidth=s["stroke"] + 1).encode(y="target:Q")
    rule_text = rule.mark_text(color=TARGET_COLOR, fontSize=s["text"], fontWeight="bold",
                               align="left", baseline="bottom", dx=4, dy=-4).encode(
        y="target:Q", x=alt.value(0), text="label:N")
    chart = alt.layer(lines, rule_line, rule_text).properties(
        width="container", height=460 if presentation else 320)
    return _finish(chart, presentation, title)


def dumbbell(units: pd.DataFrame, target: float, presentation: bool = False,
             title: Optional[str] = None):
    """Previous vs current rate per unit: a grey dot, a coloured dot, a line between.

    `units` columns: unit, prev_rate, rate. Units are sorted by current rate, descending;
    the current dot is blue when the rate rose or held, vermillion when it fell.
    """
    s = _style(presentation)
    d = units.copy()
    d["unit"] = _unique_labels(d["unit"])
    for c in ("rate", "prev_rate"):
        d[c] = pd.to_numeric(d[c], errors="coerce").astype(float)
    d = d[d["rate"].notna() | d["prev_rate"].notna()]
    d["delta"] = d["rate"] - d["prev_rate"]
    d["rate_text"] = [vn_pct(r) for r in d["rate"]]
    d["prev_text"] = [vn_pct(r) for r in d["prev_rate"]]
    d["delta_text"] = [vn_pp(v) for v in d["delta"]]
    d["direction"] = ["Giảm" if (pd.notna(v) and v < 0) else "Tăng hoặc giữ nguyên" for v in d["delta"]]
    order = _sorted_keys(d, "unit")
    y = alt.Y("unit:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    tooltip = [alt.Tooltip("unit:N", title=T_UNIT), alt.Tooltip("prev_text:N", title=T_PREV),
               alt.Tooltip("rate_text:N", title=T_CURRENT), alt.Tooltip("delta_text:N", title=T_CHANGE)]
    base = alt.Chart(d)
    link = base.mark_rule(color="#BBBBBB", strokeWidth=s["stroke"] + 1).encode(
        x=alt.X("prev_rate:Q", title=T_RATE, scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(labelExpr="datum.value + '%'")),
        x2="rate:Q", y=y)
    prev = base.mark_point(filled=True, size=s["point"], color=PREV_COLOR).encode(
        x="prev_rate:Q", y=y, tooltip=tooltip)
    cur = base.mark_point(filled=True, size=s["point"] * 1.3).encode(
        x="rate:Q", y=y, tooltip=tooltip,
        color=alt.Color("direction:N", title=f"{T_CURRENT} so với {T_PREV.lower()}",
                        scale=alt.Scale(domain=["Tăng hoặc giữ nguyên", "Giảm"],
                                        range=[UP_COLOR, DOWN_COLOR])),
        shape=alt.Shape("direction:N", title=f"{T_CURRENT} so với {T_PREV.lower()}",
                        scale=alt.Scale(domain=["Tăng hoặc giữ nguyên", "Giảm"],
                                        range=["circle", "triangle-down"])))
    rule, rule_text = _target_layers(target, presentation)
    chart = alt.layer(link, prev, cur, rule, rule_text).properties(
        width="container", height=max(1, len(d)) * s["step"])
    return _finish(chart, presentation, title)


BUILDERS = {}  # name -> builder, for callers that cache specs by name


def build_spec(kind: str, data: pd.DataFrame, target: float, presentation: bool = False,
               title: Optional[str] = None, **kw) -> dict:
    """The Vega-Lite dict of one of the builders above, by name (for caching callers).

    Not validated against the Vega-Lite schema: altair's validation costs three times the
    building (0.4 s for 1,400 units) on every first view of a chart, and the builders' specs
    are validated by tests/test_charts.py instead."""
    return BUILDERS[kind](data, target, presentation=presentation, title=title, **kw).to_dict(
        validate=False)


def chart_png(chart, scale: float = 2.0, width: Optional[int] = None) -> bytes:
    """Render a chart (or its Vega-Lite dict) to PNG bytes for slides; 'container' widths
    become a fixed width."""
    import copy

    import vl_convert as vlc

    spec = copy.deepcopy(chart) if isinstance(chart, dict) else chart.to_dict()
    fixed = width or 900
    _fix_width(spec, fixed)
    return vlc.vegalite_to_png(vl_spec=spec, scale=scale, vl_version="6.4")


def _fix_width(spec, width: int) -> None:
    if isinstance(spec, dict):
        if spec.get("width") == "container":
            spec["width"] = width
        for v in spec.values():
            _fix_width(v, width)
    elif isinstance(spec, list):
        for v in spec:
            _fix_width(v, width)


BUILDERS.update(block_bars=block_bars, unit_bars=unit_bars, trend_lines=trend_lines,
                dumbbell=dumbbell)

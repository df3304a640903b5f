"""Chart specs for the app and for slides. Pure: frames in, a Vega-Lite dict out; no Streamlit.

Every builder takes a small pandas frame (columns documented per function), the target in percent
and `presentation` (large type and bars for a projector). Rates are percentages 0-100, NaN where
undefined (a unit that sent nothing). Axis titles and labels are Vietnamese; printed rates are
written the Vietnamese way ("95,45%"). Colours are from the Okabe-Ito palette, which stays
distinguishable for the common colour-vision deficiencies and on a washed-out projector.

The specs are put together from altair's typed Vega-Lite classes (see the note above _spec).
`chart_png(spec)` renders any of them to PNG bytes through vl-convert.
"""
from __future__ import annotations

import functools

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from analysis.labels import STATUS_LABELS
from analysis.model import STATUSES as STATUS_ORDER
from analysis.vn_format import fmt_int as vn_int
from analysis.vn_format import fmt_many
from analysis.vn_format import fmt_pct as vn_pct
from analysis.vn_format import fmt_points as vn_points  # charts, like tables: two decimals
from analysis.vn_format import fmt_rate as vn_rate

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
                "point": 260, "stroke": 4, "legend": 20}
    return {"label": 12, "title": 13, "text": 12, "heading": 16, "step": 22, "band": 0.75,
            "point": 90, "stroke": 2, "legend": 12}


# How the builders stay fast (a chart is rebuilt for every new filter, and altair's chart layer,
# alt.Chart().mark_bar().encode(), costs 15-20 ms a chart in copies and schema look-ups before
# any data): a chart is put together from altair's typed Vega-Lite classes (UnitSpec, MarkDef,
# Encoding, channel objects such as alt.X, a condition as a typed value, never a string, dict or
# alt.condition for altair to look up) with altair's debug mode off, and turned into a dict in
# one pass. Label colours that depend on the row are a column of the rows, drawn with
# `scale=None`; a sorted axis sorts on an `order` column instead of listing its 1,400 labels;
# the rows are one named dataset, added to the dict as plain records. tests/test_charts.py
# validates each builder's spec against the Vega-Lite schema and checks what Vega draws.

ROWS = "rows"  # the name of a chart's dataset


def _built(builder):
    """Run a builder with altair's debug mode off (no validation of each object as it is made)."""
    @functools.wraps(builder)
    def build(*args, **kwargs):
        with debug_mode(False):
            return builder(*args, **kwargs)
    return build


def _spec(layers: list, data: pd.DataFrame, presentation: bool, title: str | None,
          height: float) -> dict:
    """The layered chart's Vega-Lite dict at container width, with the rows of `data`, the
    Vietnamese locale, the mode's font sizes and the title (when given)."""
    s = _style(presentation)
    props: dict = {}
    if title:
        props["title"] = alt.TitleParams(text=title, fontSize=s["heading"], anchor="start",
                                         offset=12 if presentation else 8)
    config = alt.Config(
        locale=VN_LOCALE, font="DejaVu Sans, Arial, sans-serif",
        axis=alt.AxisConfig(labelFontSize=s["label"], titleFontSize=s["title"], labelLimit=420,
                            titleFontWeight="normal", grid=True, gridOpacity=0.5),
        legend=alt.LegendConfig(labelFontSize=s["legend"], titleFontSize=s["legend"],
                                orient="bottom", symbolSize=s["point"], labelLimit=400),
        view=alt.ViewConfig(stroke=None))
    spec = alt.TopLevelLayerSpec(layer=layers, data=alt.NamedData(name=ROWS), width="container",
                                 height=height, config=config, **props).to_dict(validate=False)
    spec["$schema"] = alt.SCHEMA_URL
    spec["datasets"] = {ROWS: _records(data)}
    return spec


def _layer(mark: str, encoding: dict, transform: str | None = None, data=None, **mark_props):
    """One layer: a mark with its properties, its encoding, an optional filter expression and
    its own rows (default: the chart's)."""
    props: dict = {"transform": [alt.FilterTransform(filter=transform)]} if transform else {}
    if data is not None:
        props["data"] = alt.InlineData(values=data)
    return alt.UnitSpec(mark=alt.MarkDef(type=mark, **mark_props),  # type: ignore[arg-type]
                        encoding=alt.Encoding(**encoding),
                        **props)


def _records(d: pd.DataFrame) -> list:
    """The rows as JSON-ready dicts, a missing value as None."""
    values = []
    for c in d.columns:
        col = d[c]
        vals = col.tolist()
        missing = col.isna().to_numpy()
        if missing.any():
            vals = [None if m else v for v, m in zip(vals, missing.tolist(), strict=True)]
        values.append(vals)
    cols = [str(c) for c in d.columns]
    return [dict(zip(cols, row, strict=True)) for row in zip(*values, strict=True)]


def _unique_labels(values) -> list:
    """Make category labels unique (one bar per row): a repeated name gets ' (2)', ' (3)'..."""
    seen: dict = {}
    out = []
    for v in (str(x) for x in values):
        n = seen.get(v, 0) + 1
        seen[v] = n
        out.append(v if n == 1 else f"{v} ({n})")
    return out


def _sort_order(df: pd.DataFrame, label: str, rate: str = "rate") -> list:
    """Each row's place when sorted by descending rate, undefined rates last, ties by name."""
    r = pd.to_numeric(df[rate], errors="coerce").astype(float).tolist()
    names = df[label].astype(str).tolist()
    ranked = sorted(range(len(r)), key=lambda i: (1, 0.0, names[i]) if r[i] != r[i]
                    else (0, -r[i], names[i]))
    order = [0] * len(ranked)
    for place, i in enumerate(ranked):
        order[i] = place
    return order


def _y_sorted(field: str, label_limit: int):
    """A nominal y axis in the order of the rows' `order` column."""
    return alt.Y(field=field, type="nominal", title=None, axis=alt.Axis(labelLimit=label_limit),
                 sort=alt.EncodingSortField(field="order", op="min", order="ascending"))


def _q(field: str, channel=alt.X, **kw):
    """A quantitative field on a channel."""
    return channel(field=field, type="quantitative", **kw)


def _n(field: str, channel, **kw):
    """A nominal field on a channel."""
    return channel(field=field, type="nominal", **kw)


def _target_layers(target: float, presentation: bool, axis: str = "x") -> list:
    """A dashed rule at the target with its label ('Chỉ tiêu 100%')."""
    s = _style(presentation)
    rows = [{"target": float(target), "label": T_TARGET.format(target=vn_pct(target))}]
    label = _n("label", alt.Text)
    if axis == "x":
        at, text_enc = {"x": _q("target")}, {"x": _q("target"), "y": alt.YValue(0), "text": label}
    else:
        at = {"y": _q("target", alt.Y)}
        text_enc = {"y": _q("target", alt.Y), "x": alt.XValue(0), "text": label}
    return [
        _layer("rule", at, data=rows, color=TARGET_COLOR, strokeDash=[8, 4],
               strokeWidth=s["stroke"] + 1),
        _layer("text", text_enc, data=rows, color=TARGET_COLOR, fontSize=s["text"],
               fontWeight="bold", align="right" if axis == "x" else "left", baseline="bottom",
               dx=-4 if axis == "x" else 4, dy=-4),
    ]


INSIDE_MIN = 30.0  # a bar at least this long carries its label inside


def _label_colors(d: pd.DataFrame) -> list:
    """The colour of each bar's label: white inside a blue bar, black inside an orange one;
    after a short bar, vermillion for a unit that signed nothing, else black."""
    out = []
    for pos, status in zip(d["rate_pos"], d["status"], strict=True):
        if pos >= INSIDE_MIN:
            out.append("#FFFFFF" if status == "meets_target" else "#111111")
        else:
            out.append(STATUS_COLORS["signed_nothing"] if status == "signed_nothing" else "#111111")
    return out


def _bar_labels(y, text_field: str, presentation: bool, weight: str = "bold") -> list:
    """Labels inside the end of long bars, after short ones (colours from `label_color`).
    Without aria: a label repeats its bar, which screen readers already describe."""
    s = _style(presentation)
    enc = {"x": _q("rate_pos"), "y": y, "text": _n(text_field, alt.Text),
           "color": _n("label_color", alt.Color, scale=None)}
    return [
        _layer("text", enc, f"datum.rate_pos >= {INSIDE_MIN}", align="right", dx=-6,
               fontSize=s["text"], fontWeight=weight, aria=False),
        _layer("text", enc, f"datum.rate_pos < {INSIDE_MIN}", align="left", dx=6,
               fontSize=s["text"], fontWeight=weight, aria=False),
    ]


def _x_rate(presentation: bool, title: str = T_RATE):
    return _q("rate", title=title, scale=alt.Scale(domain=[0, 100], clamp=True),
              axis=alt.Axis(labelExpr="datum.value + '%'", tickCount=5 if presentation else 10))


def _tooltip(field: str, title: str):
    return _n(field, alt.Tooltip, title=title)


@_built
def block_bars(blocks: pd.DataFrame, target: float, presentation: bool = False,
               title: str | None = None) -> dict:
    """Horizontal bars of block rates, sorted, with the labelled target rule.

    `blocks` columns: label (block name), rate, and optionally units, meeting, sent, signed.
    """
    s = _style(presentation)
    d = blocks.copy()
    d["label"] = _unique_labels(d["label"])
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["rate_text"] = fmt_many(d["rate"], vn_rate)
    if "units" in d and "meeting" in d:
        d["bar_text"] = [f"{vn_rate(r)}  ({int(m)}/{int(n)} đạt)" for r, m, n in
                         zip(d["rate"], d["meeting"], d["units"], strict=True)]
    else:
        d["bar_text"] = d["rate_text"]
    d["status"] = ["no_documents" if pd.isna(r) else
                   ("meets_target" if r >= target else "below_target") for r in d["rate"]]
    d["status_label"] = d["status"].map(STATUS_LABELS)
    d["rate_pos"] = d["rate"].fillna(0.0)
    d["order"] = _sort_order(d, "label")
    d["label_color"] = _label_colors(d)
    tooltip = [_tooltip("label", T_BLOCK), _tooltip("rate_text", T_RATE_SHORT)]
    for col, t in (("sent", T_SENT), ("signed", T_SIGNED)):
        if col in d:
            d[col + "_text"] = fmt_many(d[col], vn_int)
            tooltip.append(_tooltip(f"{col}_text", t))
    y = _y_sorted("label", 420)
    color = _n("status", alt.Color, legend=None,
               scale=alt.Scale(domain=list(STATUS_ORDER),
                               range=[STATUS_COLORS[k] for k in STATUS_ORDER]))
    bars = _layer("bar", {"x": _x_rate(presentation), "y": y, "color": color, "tooltip": tooltip},
                  cornerRadiusEnd=3, size=s["step"] * s["band"])
    rule, rule_text = _target_layers(target, presentation)
    return _spec([bars, rule, *_bar_labels(y, "bar_text", presentation), rule_text], d,
                 presentation, title, height=max(1, len(d)) * s["step"] * 1.35)


@_built
def unit_bars(units: pd.DataFrame, target: float, presentation: bool = False,
              title: str | None = None, legend: bool = True) -> dict:
    """One horizontal bar per unit, sorted by rate, coloured by status, with the target rule.

    `units` columns: unit, rate, status; optionally sent, signed, block_label.
    A unit that signed nothing shows '0%'; one that sent nothing shows '—' at the axis.
    """
    s = _style(presentation)
    d = units.copy()
    d["unit"] = _unique_labels(d["unit"])
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["rate_text"] = fmt_many(d["rate"], vn_rate)
    d["rate_pos"] = d["rate"].fillna(0.0)
    d["status_label"] = d["status"].map(STATUS_LABELS).fillna(d["status"])
    d["order"] = _sort_order(d, "unit")
    d["label_color"] = _label_colors(d)
    present = [k for k in STATUS_ORDER if k in set(d["status"])]
    tooltip = [_tooltip("unit", T_UNIT), _tooltip("rate_text", T_RATE_SHORT),
               _tooltip("status_label", T_STATUS)]
    for col, t in (("sent", T_SENT), ("signed", T_SIGNED)):
        if col in d:
            d[col + "_text"] = fmt_many(d[col], vn_int)
            tooltip.append(_tooltip(f"{col}_text", t))
    if "block_label" in d:
        tooltip.append(_tooltip("block_label", T_BLOCK))
    y = _y_sorted("unit", 520 if presentation else 360)
    color = _n("status_label", alt.Color, title=T_STATUS,
               scale=alt.Scale(domain=[STATUS_LABELS[k] for k in present],
                               range=[STATUS_COLORS[k] for k in present]),
               legend=alt.Legend(orient="bottom", direction="horizontal") if legend else None)
    bars = _layer("bar", {"x": _x_rate(presentation), "y": y, "color": color, "tooltip": tooltip},
                  cornerRadiusEnd=2, size=s["step"] * s["band"])
    rule, rule_text = _target_layers(target, presentation)
    labels = _bar_labels(y, "rate_text", presentation, weight="bold" if presentation else "normal")
    return _spec([bars, rule, *labels, rule_text], d, presentation, title,
                 height=max(1, len(d)) * s["step"])


@_built
def trend_lines(trend: pd.DataFrame, target: float, presentation: bool = False,
                title: str | None = None) -> dict:
    """Monthly rates: one line per series (overall first), with the target rule.

    `trend` columns: period (sortable key, e.g. 'YYYY-MM'), period_label ('T3/2021'), series, rate.
    The series listed first is drawn thicker (the overall rate).
    """
    s = _style(presentation)
    d = trend.copy()
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["rate_text"] = fmt_many(d["rate"], vn_rate)
    periods = d.sort_values("period")["period_label"].drop_duplicates().tolist()
    series = list(dict.fromkeys(d["series"].tolist()))
    d["main"] = d["series"] == series[0] if series else False
    x = _n("period_label", alt.X, sort=periods, title=T_MONTH,
           axis=alt.Axis(labelAngle=0 if len(periods) <= 6 or presentation else -45))
    color = _n("series", alt.Color, title=T_SERIES, sort=series,
               scale=alt.Scale(domain=series, range=SERIES_COLORS[:len(series)] or ["#000"]),
               legend=alt.Legend(orient="bottom", columns=3 if presentation else 2,
                                 labelLimit=320))
    y = _q("rate", alt.Y, title=T_RATE, scale=alt.Scale(domain=[0, 100]),
           axis=alt.Axis(labelExpr="datum.value + '%'"))
    lines = _layer("line", {"x": x, "y": y, "color": color,
                            "strokeWidth": alt.StrokeWidthValue(
                                value=s["stroke"],
                                condition=alt.ConditionalPredicateValueDefnumberExprRef(
                                    test="datum.main", value=s["stroke"] * 2)),
                            "tooltip": [_tooltip("series", T_SERIES),
                                        _tooltip("period_label", T_MONTH),
                                        _tooltip("rate_text", T_RATE_SHORT)]},
                   point=alt.OverlayMarkDef(size=s["point"], filled=True))
    return _spec([lines, *_target_layers(target, presentation, axis="y")], d, presentation,
                 title, height=460 if presentation else 320)


@_built
def dumbbell(units: pd.DataFrame, target: float, presentation: bool = False,
             title: str | None = None) -> dict:
    """Previous vs current rate per unit: a grey dot, a coloured dot, a line between.

    `units` columns: unit, prev_rate, rate. Units are sorted by current rate, descending;
    the current dot is blue when the rate rose or held, vermillion when it fell.
    """
    s = _style(presentation)
    d = units.copy()
    d["unit"] = _unique_labels(d["unit"])
    for c in ("rate", "prev_rate"):
        d[c] = pd.to_numeric(d[c], errors="coerce").astype(float)
    d = d[d["rate"].notna() | d["prev_rate"].notna()].reset_index(drop=True)
    d["delta"] = d["rate"] - d["prev_rate"]
    d["rate_text"] = fmt_many(d["rate"], vn_rate)
    d["prev_text"] = fmt_many(d["prev_rate"], vn_rate)
    d["delta_text"] = fmt_many(d["delta"], vn_points)
    d["direction"] = ["Giảm" if (pd.notna(v) and v < 0) else "Tăng hoặc giữ nguyên"
                      for v in d["delta"]]
    d["order"] = _sort_order(d, "unit")
    y = _y_sorted("unit", 360)
    tooltip = [_tooltip("unit", T_UNIT), _tooltip("prev_text", T_PREV),
               _tooltip("rate_text", T_CURRENT), _tooltip("delta_text", T_CHANGE)]
    link = _layer("rule", {"x": _q("prev_rate", title=T_RATE, scale=alt.Scale(domain=[0, 100]),
                                   axis=alt.Axis(labelExpr="datum.value + '%'")),
                           "x2": alt.X2(field="rate"), "y": y},
                  color="#BBBBBB", strokeWidth=s["stroke"] + 1)
    prev = _layer("point", {"x": _q("prev_rate"), "y": y, "tooltip": tooltip},
                  filled=True, size=s["point"], color=PREV_COLOR)
    direction = f"{T_CURRENT} so với {T_PREV.lower()}"
    ways = ["Tăng hoặc giữ nguyên", "Giảm"]
    cur = _layer("point", {
        "x": _q("rate"), "y": y, "tooltip": tooltip,
        "color": _n("direction", alt.Color, title=direction,
                    scale=alt.Scale(domain=ways, range=[UP_COLOR, DOWN_COLOR])),
        "shape": _n("direction", alt.Shape, title=direction,
                    scale=alt.Scale(domain=ways, range=["circle", "triangle-down"]))},
        filled=True, size=s["point"] * 1.3)
    return _spec([link, prev, cur, *_target_layers(target, presentation)], d, presentation, title,
                 height=max(1, len(d)) * s["step"])


BUILDERS: dict = {}  # name -> builder, for callers that cache specs by name


def build_spec(kind: str, data: pd.DataFrame, target: float, presentation: bool = False,
               title: str | None = None, **kw) -> dict:
    """The Vega-Lite dict of one of the builders above, by name (for caching callers)."""
    return BUILDERS[kind](data, target, presentation=presentation, title=title, **kw)


def chart_png(spec: dict, scale: float = 2.0, width: int | None = None) -> bytes:
    """Render a chart's Vega-Lite dict to PNG bytes for slides; 'container' widths become a
    fixed width."""
    import copy

    import vl_convert as vlc

    spec = copy.deepcopy(spec)
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

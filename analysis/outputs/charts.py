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
    """Font sizes and the row bands (few rows, many rows) of the two modes."""
    if presentation:
        return {"label": 20, "title": 22, "text": 20, "heading": 28, "few": 56, "many": 40,
                "band": 0.7, "point": 260, "stroke": 4, "legend": 20}
    return {"label": 12, "title": 13, "text": 12, "heading": 16, "few": 36, "many": 22,
            "band": 0.72, "point": 90, "stroke": 2, "legend": 12}


FEW_ROWS, MANY_ROWS = 15, 60  # up to FEW_ROWS rows get the wide band, from MANY_ROWS the narrow


def band_step(rows: int, presentation: bool = False, lines: int = 1) -> float:
    """The height in pixels of one row's band (bar plus gap): wide while the rows are few,
    narrowing linearly to the reading minimum at MANY_ROWS rows (1,400 units stay scrollable);
    a row whose axis label has `lines` lines gets room for each."""
    s = _style(presentation)
    few, many = float(s["few"]), float(s["many"])
    if rows <= FEW_ROWS:
        step = few
    elif rows >= MANY_ROWS:
        step = many
    else:
        step = few - (few - many) * (rows - FEW_ROWS) / (MANY_ROWS - FEW_ROWS)
    if lines > 1:
        step = max(step, lines * s["label"] * 1.25 + 12)
    return round(step, 1)


def _y_scale(presentation: bool):
    """The band scale of a bar chart's rows: a gap between bars in every mode."""
    band = _style(presentation)["band"]
    return alt.Scale(paddingInner=round(1 - band, 2), paddingOuter=0.25)


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
TOOLBAR_ROOM = 34  # pixels kept free above a chart's plot (the toolbar's height and a margin)


def _built(builder):
    """Run a builder with altair's debug mode off (no validation of each object as it is made)."""
    @functools.wraps(builder)
    def build(*args, **kwargs):
        with debug_mode(False):
            return builder(*args, **kwargs)
    return build


def _spec(layers: list, data: pd.DataFrame, presentation: bool, title: str | None,
          height) -> dict:
    """The layered chart's Vega-Lite dict at container width, with the rows of `data`, the
    Vietnamese locale, the mode's font sizes and the title (when given). `height`: pixels, or
    alt.Step(px) for one band a row."""
    s = _style(presentation)
    props: dict = {}
    if title:
        props["title"] = alt.TitleParams(text=title, fontSize=s["heading"], anchor="start",
                                         offset=12 if presentation else 8)
    config = alt.Config(
        locale=VN_LOCALE, font="DejaVu Sans, Arial, sans-serif",
        axis=alt.AxisConfig(labelFontSize=s["label"], titleFontSize=s["title"], labelLimit=420,
                            titleFontWeight="normal", grid=True, gridOpacity=0.5,
                            titlePadding=10),
        legend=alt.LegendConfig(labelFontSize=s["legend"], titleFontSize=s["legend"],
                                orient="bottom", symbolSize=s["point"], labelLimit=400,
                                titlePadding=10, rowPadding=8, columnPadding=24),
        view=alt.ViewConfig(stroke=None))
    # room above the plot for the chart's toolbar, which Streamlit draws over its top right
    padding = alt.Padding(top=TOOLBAR_ROOM, left=5, right=5, bottom=5)
    spec = alt.TopLevelLayerSpec(layer=layers, data=alt.NamedData(name=ROWS), width="container",
                                 height=height, config=config, padding=padding,
                                 **props).to_dict(validate=False)
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


def _y_sorted(field: str, label_limit: int, presentation: bool = False, label_expr=None):
    """A nominal y axis in the order of the rows' `order` column, a gap between its bands."""
    axis = alt.Axis(labelLimit=label_limit, labelOverlap=True, labelPadding=6,
                    **({"labelExpr": label_expr} if label_expr else {}))
    return alt.Y(field=field, type="nominal", title=None, axis=axis,
                 scale=_y_scale(presentation),
                 sort=alt.EncodingSortField(field="order", op="min", order="ascending"))


def _q(field: str, channel=alt.X, **kw):
    """A quantitative field on a channel."""
    return channel(field=field, type="quantitative", **kw)


def _n(field: str, channel, **kw):
    """A nominal field on a channel."""
    return channel(field=field, type="nominal", **kw)


def _target_layers(target: float, presentation: bool, axis: str = "x",
                   orient: str = "bottom") -> list:
    """A dashed rule at the target, named in the legend ('Chỉ tiêu 100%'; `orient`: where the
    legend goes): a label drawn in the plot would cover bar labels, points or the chart's
    toolbar."""
    s = _style(presentation)
    label = T_TARGET.format(target=vn_pct(target))
    rows = [{"target": float(target), "label": label}]
    dash = _n("label", alt.StrokeDash, title=None,
              scale=alt.Scale(domain=[label], range=[[8, 4]]),
              legend=alt.Legend(orient=orient, symbolType="stroke",  # type: ignore[arg-type]
                                symbolStrokeColor=TARGET_COLOR, symbolStrokeWidth=s["stroke"] + 1,
                                symbolSize=s["point"] * 4, labelColor=TARGET_COLOR,
                                labelFontWeight="bold"))
    at = {"x": _q("target")} if axis == "x" else {"y": _q("target", alt.Y)}
    return [_layer("rule", {**at, "strokeDash": dash}, data=rows, color=TARGET_COLOR,
                   strokeWidth=s["stroke"] + 1)]


INSIDE_MIN = 30.0  # a bar at least this long carries its label inside
OVER = "over_100"  # a bar's drawing status for a rate over 100% (more signed than sent)
T_OVER = "Vượt 100%: kiểm tra số liệu"
OVER_COLOR = "#CC79A7"  # Okabe-Ito reddish purple: no status uses it
_EPS = 1e-9


def _drawn_status(status, rate) -> list:
    """A row's status for its bar's colour: OVER where the rate passes 100%, which no status
    of the figures names (such a unit 'meets' any target; its figures need checking)."""
    return [OVER if (r == r and r > 100 + _EPS) else s
            for s, r in zip(status, rate, strict=True)]


def _status_labels(statuses) -> list:
    return [T_OVER if s == OVER else STATUS_LABELS.get(s, s) for s in statuses]


def _label_colors(d: pd.DataFrame) -> list:
    """The colour of each bar's label: white inside a blue bar, black inside an orange or purple
    one; after a short bar, vermillion for a unit that signed nothing, else black."""
    out = []
    for pos, status in zip(d["rate_pos"], d["status"], strict=True):
        if pos >= INSIDE_MIN:
            out.append("#FFFFFF" if status == "meets_target" else "#111111")
        else:
            out.append(STATUS_COLORS["signed_nothing"] if status == "signed_nothing" else "#111111")
    return out


def _bar_texts(d: pd.DataFrame) -> list:
    """The label of each bar: its rate, with the warning for a rate over 100%."""
    return [f"{t} – {T_OVER.lower()}" if s == OVER else t
            for t, s in zip(d["rate_text"], d["status"], strict=True)]


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


PICK = "pick"  # the point selection of a bar chart (a click on a bar; st.vega_lite_chart's event)


def _pick(field: str) -> list:
    """The click selection of a bar chart's rows by `field` (the app's drill-down)."""
    return [alt.SelectionParameter(name=PICK, select=alt.PointSelectionConfig(
        type="point", fields=[field], on="click", clear="dblclick"))]


def _status_color(present: list, legend):
    return _n("status_label", alt.Color, title=T_STATUS, legend=legend,
              scale=alt.Scale(domain=_status_labels(present),
                              range=[OVER_COLOR if k == OVER else STATUS_COLORS[k]
                                     for k in present]))


def _present(statuses) -> list:
    have = set(statuses)
    return [k for k in (*STATUS_ORDER, OVER) if k in have]


@_built
def block_bars(blocks: pd.DataFrame, target: float, presentation: bool = False,
               title: str | None = None) -> dict:
    """Horizontal bars of block rates, sorted, with the target rule (named in the legend).

    `blocks` columns: label (block name), rate, and optionally block (code: what a click
    selects), units, meeting, sent, signed. With units and meeting, each axis label has a
    second line '12/37 đơn vị đạt'.
    """
    d = blocks.copy()
    d["label"] = _unique_labels(d["label"])
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["rate_text"] = fmt_many(d["rate"], vn_rate)
    lines = 1
    d["name"] = d["label"]
    if "units" in d and "meeting" in d:
        d["label"] = [f"{lab}\n{vn_int(m)}/{vn_int(n)} đơn vị đạt" for lab, m, n in
                      zip(d["label"], d["meeting"], d["units"], strict=True)]
        lines = 2
    status = ["no_documents" if pd.isna(r) else
              ("meets_target" if r + _EPS >= target else "below_target") for r in d["rate"]]
    d["status"] = _drawn_status(status, d["rate"])
    d["status_label"] = _status_labels(d["status"])
    d["bar_text"] = _bar_texts(d)
    d["rate_pos"] = d["rate"].fillna(0.0)
    d["order"] = _sort_order(d, "label")
    d["label_color"] = _label_colors(d)
    if "block" not in d:
        d["block"] = d["name"]
    tooltip = [_tooltip("name", T_BLOCK), _tooltip("rate_text", T_RATE_SHORT)]
    for col, t in (("sent", T_SENT), ("signed", T_SIGNED)):
        if col in d:
            d[col + "_text"] = fmt_many(d[col], vn_int)
            tooltip.append(_tooltip(f"{col}_text", t))
    y = _y_sorted("label", 420, presentation, label_expr="split(datum.label, '\\n')")
    bars = _layer("bar", {"x": _x_rate(presentation), "y": y, "tooltip": tooltip,
                          "color": _status_color(_present(d["status"]), None)},
                  cornerRadiusEnd=3, cursor="pointer")
    bars.params = _pick("block")
    return _spec([bars, *_target_layers(target, presentation),
                  *_bar_labels(y, "bar_text", presentation)], d, presentation, title,
                 height=alt.Step(step=band_step(len(d), presentation, lines)))


@_built
def unit_bars(units: pd.DataFrame, target: float, presentation: bool = False,
              title: str | None = None, legend: bool = True) -> dict:
    """One horizontal bar per unit, sorted by rate, coloured by status, with the target rule.

    `units` columns: unit, rate, status; optionally key (what a click selects; default the
    name), sent, signed, block_label. A unit that signed nothing shows '0%'; one that sent
    nothing shows '—' at the axis; a rate over 100% its own colour and a warning.
    """
    d = units.copy()
    d["unit"] = _unique_labels(d["unit"])
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["rate_text"] = fmt_many(d["rate"], vn_rate)
    d["rate_pos"] = d["rate"].fillna(0.0)
    d["status"] = _drawn_status(d["status"], d["rate"])
    d["status_label"] = _status_labels(d["status"])
    d["bar_text"] = _bar_texts(d)
    d["order"] = _sort_order(d, "unit")
    d["label_color"] = _label_colors(d)
    if "key" not in d:
        d["key"] = d["unit"]
    tooltip = [_tooltip("unit", T_UNIT), _tooltip("rate_text", T_RATE_SHORT),
               _tooltip("status_label", T_STATUS)]
    for col, t in (("sent", T_SENT), ("signed", T_SIGNED)):
        if col in d:
            d[col + "_text"] = fmt_many(d[col], vn_int)
            tooltip.append(_tooltip(f"{col}_text", t))
    if "block_label" in d:
        tooltip.append(_tooltip("block_label", T_BLOCK))
    y = _y_sorted("unit", 520 if presentation else 360, presentation)
    color = _status_color(_present(d["status"]),
                          alt.Legend(orient="bottom", direction="horizontal") if legend else None)
    bars = _layer("bar", {"x": _x_rate(presentation), "y": y, "color": color, "tooltip": tooltip},
                  cornerRadiusEnd=2, cursor="pointer")
    bars.params = _pick("key")
    labels = _bar_labels(y, "bar_text", presentation, weight="bold" if presentation else "normal")
    return _spec([bars, *_target_layers(target, presentation), *labels], d, presentation, title,
                 height=alt.Step(step=band_step(len(d), presentation)))


def rate_domain(rates, target: float) -> list:
    """A rate axis fitted to the data with the target always inside: from a multiple of 10 at
    least 5 points under the lowest rate (or the target), to 100% (or past it when a rate is)."""
    vals = [float(v) for v in rates if v == v and v is not None] + [float(target)]
    lo = max(0.0, (min(vals) - 5.0) // 10 * 10)
    top = max(vals)
    hi = 100.0 if top <= 100.0 else float(-(-top // 10) * 10)
    return [lo, hi]


def _month_axis(periods: list, presentation: bool):
    """The trend's x axis: horizontal labels; months as 'T3' over their year, the year written
    on the first month and on each January only."""
    months = all(p.startswith("T") and "/" in p and p[1:p.index("/")].isdigit() for p in periods)
    expr = ("datum.index == 0 || indexof(datum.label, 'T1/') == 0 ? split(datum.label, '/') "
            ": split(datum.label, '/')[0]") if months else None
    return alt.Axis(labelAngle=0, labelOverlap=True, labelPadding=6,
                    **({"labelExpr": expr} if expr else {"labelLimit": 160}))


@_built
def trend_lines(trend: pd.DataFrame, target: float, presentation: bool = False,
                title: str | None = None) -> dict:
    """Monthly rates: one line per series (overall first), with the target rule; the rate axis
    fitted to the data (rate_domain).

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
           axis=_month_axis(periods, presentation))
    color = _n("series", alt.Color, title=T_SERIES, sort=series,
               scale=alt.Scale(domain=series, range=SERIES_COLORS[:len(series)] or ["#000"]),
               legend=alt.Legend(orient="bottom", columns=3 if presentation else 2,
                                 labelLimit=320))
    y = _q("rate", alt.Y, title=T_RATE,
           scale=alt.Scale(domain=rate_domain(d["rate"].tolist(), target), nice=False,
                           zero=False),
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
    # the target's legend above the plot, at its left: beside the series' legend it would pass
    # the chart's width in a half-width column
    return _spec([lines, *_target_layers(target, presentation, axis="y", orient="top")], d,
                 presentation, title, height=460 if presentation else 320)


UP, SAME, DOWN, NO_PREV = "Tăng", "Không đổi", "Giảm", "Chưa có kỳ trước"
NEUTRAL_COLOR = "#555555"
_WAYS = {UP: (UP_COLOR, "circle"), SAME: (NEUTRAL_COLOR, "diamond"),
         DOWN: (DOWN_COLOR, "triangle-down"), NO_PREV: (NEUTRAL_COLOR, "square")}


def _direction(delta, prev) -> str:
    """Tăng / Không đổi (0% -> 0% included) / Giảm / Chưa có kỳ trước, to 0.005 point."""
    if prev != prev or delta != delta:
        return NO_PREV
    if abs(delta) < 0.005:
        return SAME
    return UP if delta > 0 else DOWN


@_built
def dumbbell(units: pd.DataFrame, target: float, presentation: bool = False,
             title: str | None = None) -> dict:
    """Previous vs current rate per unit: a grey dot, a coloured dot, a line between.

    `units` columns: unit, prev_rate, rate. Units are sorted by current rate, descending;
    the current dot is blue when the rate rose, vermillion when it fell, dark grey when it held
    (0% -> 0% included) or there is no previous rate.
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
    d["direction"] = [_direction(v, p) for v, p in zip(d["delta"], d["prev_rate"], strict=True)]
    d["order"] = _sort_order(d, "unit")
    y = _y_sorted("unit", 360, presentation)
    tooltip = [_tooltip("unit", T_UNIT), _tooltip("prev_text", T_PREV),
               _tooltip("rate_text", T_CURRENT), _tooltip("delta_text", T_CHANGE)]
    link = _layer("rule", {"x": _q("prev_rate", title=T_RATE,
                                   scale=alt.Scale(domain=[0, 100], clamp=True),
                                   axis=alt.Axis(labelExpr="datum.value + '%'",
                                                 tickCount=5 if presentation else 10)),
                           "x2": alt.X2(field="rate"), "y": y},
                  color="#BBBBBB", strokeWidth=s["stroke"] + 1)
    prev = _layer("point", {"x": _q("prev_rate"), "y": y, "tooltip": tooltip},
                  filled=True, size=s["point"], color=PREV_COLOR)
    direction = f"{T_CURRENT} so với {T_PREV.lower()}"
    ways = [w for w in _WAYS if w in set(d["direction"])] or [UP]
    cur = _layer("point", {
        "x": _q("rate"), "y": y, "tooltip": tooltip,
        "color": _n("direction", alt.Color, title=direction,
                    scale=alt.Scale(domain=ways, range=[_WAYS[w][0] for w in ways])),
        "shape": _n("direction", alt.Shape, title=direction,
                    scale=alt.Scale(domain=ways, range=[_WAYS[w][1] for w in ways]))},
        filled=True, size=s["point"] * 1.3)
    return _spec([link, prev, cur, *_target_layers(target, presentation)], d, presentation, title,
                 height=alt.Step(step=band_step(len(d), presentation)))


BUILDERS: dict = {}  # name -> builder, for callers that cache specs by name


def build_spec(kind: str, data: pd.DataFrame, target: float, presentation: bool = False,
               title: str | None = None, **kw) -> dict:
    """The Vega-Lite dict of one of the builders above, by name (for caching callers)."""
    return BUILDERS[kind](data, target, presentation=presentation, title=title, **kw)


def chart_png(spec: dict, scale: float = 2.0, width: int | None = None,
              height: int | None = None) -> bytes:
    """Render a chart's Vega-Lite dict to PNG bytes; 'container' widths become a fixed width.
    With `height` too, the whole image (title, axes, legends) is fitted to width x height
    (logical pixels; the PNG is `scale` times that)."""
    import copy

    import vl_convert as vlc

    spec = copy.deepcopy(spec)
    fixed = width or 900
    _fix_width(spec, fixed)
    if height:
        spec.update(width=fixed, height=height, padding=24,
                    autosize={"type": "fit", "contains": "padding"})
    return vlc.vegalite_to_png(vl_spec=spec, scale=scale, vl_version="6.4")


SLIDE = (1920, 1080)  # a 16:9 slide, in pixels


def slide_scale(rows: int) -> float:
    """How much a slide's PNG magnifies its chart: type twice the screen's size while the rows
    fit (20 rows), less as they grow, so that each row keeps about a line of text."""
    if rows <= 20:
        return 2.0
    if rows <= 40:
        return 1.5
    return 1.0


def slide_png(kind: str, data: pd.DataFrame, target: float, title: str, subtitle: str,
              **kw) -> bytes:
    """One of the builders' charts as a 1920 x 1080 PNG for a slide: its title and, under it,
    the period, metric and target (`subtitle`)."""
    spec = build_spec(kind, data, target, False, title, **kw)
    spec["title"]["subtitle"] = subtitle
    spec["title"]["subtitleFontSize"] = 13
    spec["title"]["subtitleColor"] = "#333333"
    scale = slide_scale(len(data))
    w, h = (round(v / scale) for v in SLIDE)
    spec.setdefault("config", {})["background"] = "#FFFFFF"
    return chart_png(spec, scale=scale, width=w, height=h)


def png_size(png: bytes) -> tuple:
    """(width, height) read from a PNG's header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


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

# the drill-down's charts live in their own module, built with the helpers above
from analysis.outputs.month_charts import unit_month_heatmap, unit_trend  # noqa: E402

BUILDERS.update(unit_trend=unit_trend, unit_month_heatmap=unit_month_heatmap)

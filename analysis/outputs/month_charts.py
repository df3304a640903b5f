"""The drill-down's charts (Vega-Lite dicts, built as charts.py builds its own): one unit's months
as a small trend, and the unit x month grid of a year as a heatmap. Rows come from
analysis.unit_months (`monthly`, `year_grid`); months are labelled here ("T3/2021", "T3").
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.model import STATUSES
from analysis.outputs.charts import (
    OVER,
    OVER_COLOR,
    STATUS_COLORS,
    T_MONTH,
    T_RATE,
    T_RATE_SHORT,
    T_SENT,
    T_SIGNED,
    T_STATUS,
    T_UNIT,
    _built,
    _drawn_status,
    _layer,
    _n,
    _q,
    _spec,
    _status_labels,
    _style,
    _target_layers,
    _tooltip,
    _y_scale,
    band_step,
    rate_domain,
)
from analysis.rates import unit_status
from analysis.vn_format import fmt_int, fmt_many, fmt_rate

T_ZERO_RUN = "0% liên tiếp {n} tháng"


def _month_label(code: str) -> str:
    return f"T{int(code[5:7])}/{code[:4]}"


def _statuses(d: pd.DataFrame, target: float) -> list:
    status = unit_status(d["sent"].astype("Int64"), d["signed"].astype("Int64"),
                         d["rate"].astype("Float64"), target)
    return _drawn_status(list(status), d["rate"].astype(float).fillna(float("nan")).tolist())


@_built
def unit_trend(months: pd.DataFrame, target: float, presentation: bool = False,
               title: str | None = None) -> dict:
    """One unit's rate month by month, each point labelled with its rate, the counts in the
    tooltip, with the target rule. `months` columns: period ('YYYY-MM'), sent, signed, rate."""
    s = _style(presentation)
    d = months[["period", "sent", "signed", "rate"]].copy()
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d = d.sort_values("period").reset_index(drop=True)
    d["month"] = [_month_label(c) for c in d["period"]]
    d["rate_text"] = fmt_many(d["rate"], fmt_rate)
    d["sent_text"] = fmt_many(d["sent"], fmt_int)
    d["signed_text"] = fmt_many(d["signed"], fmt_int)
    x = _n("month", alt.X, sort=d["month"].tolist(), title=T_MONTH,
           axis=alt.Axis(labelAngle=0, labelOverlap=True,
                         labelExpr="datum.index == 0 || indexof(datum.label, 'T1/') == 0 "
                                   "? split(datum.label, '/') : split(datum.label, '/')[0]"))
    y = _q("rate", alt.Y, title=T_RATE, axis=alt.Axis(labelExpr="datum.value + '%'"),
           scale=alt.Scale(domain=rate_domain(d["rate"].tolist(), target), nice=False,
                           zero=False))
    tooltip = [_tooltip("month", T_MONTH), _tooltip("rate_text", T_RATE_SHORT),
               _tooltip("sent_text", T_SENT), _tooltip("signed_text", T_SIGNED)]
    line = _layer("line", {"x": x, "y": y, "tooltip": tooltip}, color="#0072B2",
                  strokeWidth=s["stroke"], point=alt.OverlayMarkDef(size=s["point"], filled=True,
                                                                    color="#0072B2"))
    labels = _layer("text", {"x": x, "y": y, "text": _n("rate_text", alt.Text)},
                    dy=-12, fontSize=s["text"] - 1, color="#111111", aria=False)
    return _spec([line, labels, *_target_layers(target, presentation, axis="y")], d,
                 presentation, title, height=300 if presentation else 200)


def _cell_text_color(status: str) -> str:
    return "#FFFFFF" if status in ("meets_target", "signed_nothing") else "#111111"


@_built
def unit_month_heatmap(grid: pd.DataFrame, target: float, presentation: bool = False,
                       title: str | None = None) -> dict:
    """The unit x month grid of a year: one row per unit (in the rows' order), one column per
    month, each cell coloured by the month's status (a rate over 100% in its own colour) and
    labelled with its rate. `grid` columns: uid, unit (label), period ('YYYY-MM'), sent, signed,
    rate, and optionally zero_run (months at 0% up to the last month: a badge on the label)."""
    s = _style(presentation)
    d = grid.copy()
    d["rate"] = pd.to_numeric(d["rate"], errors="coerce").astype(float)
    d["status"] = _statuses(d, target)
    d["status_label"] = _status_labels(d["status"])
    d["month_num"] = [int(c[5:7]) for c in d["period"]]
    d["month"] = [f"T{m}" for m in d["month_num"]]
    d["rate_text"] = fmt_many(d["rate"], fmt_rate)
    d["sent_text"] = fmt_many(d["sent"], fmt_int)
    d["signed_text"] = fmt_many(d["signed"], fmt_int)
    d["text_color"] = [_cell_text_color(x) for x in d["status"]]
    runs = d["zero_run"] if "zero_run" in d else pd.Series(0, index=d.index)
    d["row_label"] = [f"{u}  ⚠ {T_ZERO_RUN.format(n=int(r))}" if r >= 2 else u
                      for u, r in zip(d["unit"], runs.fillna(0), strict=True)]
    first = dict.fromkeys(d["uid"])
    order = {u: i for i, u in enumerate(first)}
    d["order"] = d["uid"].map(order)
    months = sorted(set(d["month_num"]))
    present = [k for k in (*STATUSES, OVER) if k in set(d["status"])]
    x = _n("month", alt.X, sort=[f"T{m}" for m in months], title=T_MONTH,
           axis=alt.Axis(labelAngle=0, orient="top", grid=False),
           scale=alt.Scale(paddingInner=0.06))
    y = alt.Y(field="row_label", type="nominal", title=None, scale=_y_scale(presentation),
              axis=alt.Axis(labelLimit=520 if presentation else 380, labelOverlap=True,
                            grid=False),
              sort=alt.EncodingSortField(field="order", op="min", order="ascending"))
    color = _n("status_label", alt.Color, title=T_STATUS,
               scale=alt.Scale(domain=_status_labels(present),
                               range=[OVER_COLOR if k == OVER else STATUS_COLORS[k]
                                      for k in present]),
               legend=alt.Legend(orient="bottom", direction="horizontal"))
    tooltip = [_tooltip("unit", T_UNIT), _tooltip("month", T_MONTH),
               _tooltip("rate_text", T_RATE_SHORT), _tooltip("sent_text", T_SENT),
               _tooltip("signed_text", T_SIGNED), _tooltip("status_label", T_STATUS)]
    cells = _layer("rect", {"x": x, "y": y, "color": color, "tooltip": tooltip},
                   cornerRadius=2)
    text = _layer("text", {"x": x, "y": y, "text": _n("rate_text", alt.Text),
                           "color": _n("text_color", alt.Color, scale=None)},
                  fontSize=s["text"] - 1, aria=False)
    n = len(first)
    return _spec([cells, text], d, presentation, title,
                 height=alt.Step(step=band_step(n, presentation)))

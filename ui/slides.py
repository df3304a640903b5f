"""The projector's slides (the overview in projector mode): one at a time, each fitting a 16:9
screen without scrolling.

The deck: the KPIs; the blocks; each block's units (at most UNITS_PER_SLIDE a slide, lowest
rates first, shared evenly, so that a long block runs over several slides and no bar is
squeezed); the movers (when the previous period is loaded); the trend (two months or more).
Charts are the app's own (ui/data.chart_spec, presentation sizes) drawn to the height of the
slide's body.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from analysis.figures import movers
from analysis.vn_format import capitalize, fmt_int, fmt_many, fmt_pct, fmt_points, fmt_rate

from . import data, present, views
from . import periods as ui_periods
from . import strings as S

UNITS_PER_SLIDE = 14  # at most (bars that never touch at 1366×768); a block's slides share its
# units evenly (19 units: two slides of 10 and 9)
BLOCK_ROW_PX = 120  # a block's bar band at most (a deck of 1 to 3 blocks stays readable)


def deck(summary) -> list:
    """(id, label) of the slides for this Summary, in order."""
    out = [("kpi", S.PM_SLIDE_KPI), ("blocks", S.PM_SLIDE_BLOCKS)]
    units = summary.units
    for rec in summary.blocks.to_dict("records"):
        n = int((units["block"] == rec["block"]).sum())
        parts = _parts(n)
        for k in range(parts):
            label = (S.PM_SLIDE_UNITS.format(block=rec["block_label"]) if parts == 1 else
                     S.PM_SLIDE_UNITS_PART.format(block=rec["block_label"], part=k + 1,
                                                  parts=parts))
            out.append((f"units:{rec['block']}:{k}", label))
    if summary.previous:
        out.append(("movers", S.PM_SLIDE_MOVERS))
    out.append(("trend", S.PM_SLIDE_TREND))
    return out


def _parts(n: int) -> int:
    return math.ceil(n / UNITS_PER_SLIDE) if n else 0


def _per_slide(n: int) -> int:
    """Units a slide of a block of n units (the block's slides share them evenly)."""
    return math.ceil(n / _parts(n)) if n else UNITS_PER_SLIDE


def show(d: data.SessionData) -> None:
    """The deck's bar and the slide chosen."""
    summary = d.summary
    slides = deck(summary)
    labels = dict(slides)
    title = f"{capitalize(summary.label)} · {views.subtitle(summary)}"
    sid = present.controls(title, [s for s, _ in slides], labels)
    if sid == "kpi":
        kpis(summary)
    elif sid == "blocks":
        blocks(summary)
    elif sid.startswith("units:"):
        _, block, part = sid.split(":")
        block_units(summary, block, int(part))
    elif sid == "movers":
        movers_slide(d)
    else:
        trend(d)


def _chart(kind: str, rows: pd.DataFrame, target: float, key: str, legend: bool = True,
           max_px: int | None = None) -> None:
    """An app chart filling the slide's body (no toolbar, no download)."""
    spec = dict(data.chart_spec(kind, rows, float(target), True, None, legend))
    spec["height"] = "container"
    present.body_css(max_px)
    with st.container(key="pm_body", height="stretch"):
        st.vega_lite_chart(spec, width="stretch", height="stretch", theme=None,
                           key=f"pm_chart_{key}")


def kpis(summary) -> None:
    total = summary.total
    st.header(S.OV_HEADER.format(period=summary.label))
    c1, c2, c3, c4 = st.columns(4)
    delta = total.get("delta_pp")
    c1.metric(S.OV_KPI_RATE, fmt_rate(total.get("rate")),
              delta=fmt_points(delta) if delta is not None else None, border=True)
    n_units = int(total.get("units") or 0)
    meeting = int(total.get("meeting_target") or 0)
    c2.metric(S.OV_KPI_MEETING, f"{fmt_int(meeting)}/{fmt_int(n_units)}", border=True)
    units = summary.units
    nothing = int((units["status"] == "signed_nothing").sum())
    c3.metric(S.OV_KPI_NOTHING, fmt_int(nothing), border=True)
    c4.metric(S.OV_KPI_YTD, fmt_rate(total.get("ytd_rate")) if summary.ytd_complete else "—",
              border=True)
    st.markdown(S.PM_KPI_LINE.format(meeting=fmt_int(meeting), units=fmt_int(n_units),
                                     target=fmt_pct(summary.target), nothing=fmt_int(nothing)))
    if delta is None:
        st.caption(S.OV_KPI_NO_PREV)
    else:
        st.caption(S.OV_KPI_PREV.format(prev=ui_periods.previous_name(summary),
                                        rate=fmt_rate(total.get("prev_rate"))))
    if not summary.ytd_complete and summary.missing_months:
        st.caption(S.OV_KPI_YTD_INCOMPLETE.format(
            months=ui_periods.months(summary.missing_months, limit=6)))


def blocks(summary) -> None:
    st.header(S.OV_BLOCKS)
    bdf = views.blocks_for_chart(summary.blocks)
    _chart("block_bars", bdf, summary.target, "blocks",
           max_px=90 + BLOCK_ROW_PX * max(1, len(bdf)))


def block_units(summary, block: str, part: int) -> None:
    """One slide of a block's units: the `part`-th group (at most UNITS_PER_SLIDE), lowest
    rate first (units that sent nothing last)."""
    units = summary.units
    rec = summary.blocks[summary.blocks["block"] == block].iloc[0]
    udf = views.units_for_chart(units)[(units["block"] == block).to_numpy()]
    order = udf.assign(_r=udf["rate"].fillna(math.inf)).sort_values(["_r", "unit"],
                                                                     kind="stable")
    per = _per_slide(len(order))
    first = part * per
    chunk = order.iloc[first:first + per].drop(columns="_r")
    title = S.PM_UNITS_TITLE.format(block=rec["block_label"], rate=fmt_rate(rec["rate"]),
                                    meeting=fmt_int(rec["meeting_target"]),
                                    units=fmt_int(rec["units"]))
    if len(order) > per:
        title += " · " + S.PM_UNITS_PART.format(first=fmt_int(first + 1),
                                                last=fmt_int(first + len(chunk)))
    st.header(title)
    _chart("unit_bars", chunk, summary.target, f"units_{block}_{part}", legend=False,
           max_px=90 + 60 * max(1, len(chunk)))


def movers_slide(d: data.SessionData) -> None:
    summary = d.summary
    st.header(S.PM_SLIDE_MOVERS + " · " + S.CP_HEADER.format(
        period=summary.label, prev=ui_periods.previous_name(summary)))
    up, down = d.derived("movers", movers, 5)
    c1, c2 = st.columns(2)
    for col, title, df in ((c1, S.CP_IMPROVED, up), (c2, S.CP_DECLINED, down)):
        with col:
            st.markdown(f"**{title}**")
            if df.empty:
                st.caption(S.CP_NONE)
                continue
            st.table(pd.DataFrame({S.COL_UNIT: views.unit_labels(df, summary.units),
                                   S.COL_PREV: fmt_many(df["prev_rate"], fmt_rate),
                                   S.COL_RATE: fmt_many(df["rate"], fmt_rate),
                                   S.COL_DELTA: fmt_many(df["delta_pp"], fmt_points)}
                                  ).set_index(S.COL_UNIT))


def trend(d: data.SessionData) -> None:
    """The monthly trend (views.trend's rows, without its download button)."""
    st.header(S.OV_TREND)
    tdf = views.trend_rows(d)
    if tdf is None:
        return
    _chart("trend_lines", tdf, d.summary.target, "trend")

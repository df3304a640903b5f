"""The drill-down: a click on a block's bar shows its units, a click on a unit its months (a small
trend and the counts); the unit x month heatmap of the year; units at 0% two months running.

The months come from analysis.unit_months over the data under the sidebar's filters, computed
once per Summary (SessionData.derived). The overview's charts report their clicks through
callbacks (st.vega_lite_chart's on_select), which set the keys below before the next run draws.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import unit_months
from analysis.outputs.charts import PICK
from analysis.vn_format import fmt_int, fmt_many, fmt_rate

from . import data, periods, session, views
from . import strings as S

K_SCOPE = "ov_scope"  # the overview's units scope (its segmented control)
K_UNIT = "ov_unit"  # the unit whose months the overview shows (a uid), or None
K_HEAT_SCOPE = "un_heat_scope"
HEATMAP_MAX = 500  # units a heatmap draws (a row each); a larger block asks for a filter
PICKER_MAX = 2000  # units the month picker offers (the filtered rows of the units page)


def _frame(d: data.SessionData) -> pd.DataFrame:
    s = session.settings()
    return data._filtered(d.key, s.blocks, s.districts, d.frame())


def monthly(d: data.SessionData) -> pd.DataFrame:
    """Every unit's calendar months (unit_months.monthly) of the data under the filters."""
    return d.derived("unit_months", lambda summary: unit_months.monthly(_frame(d), summary.metric))


def zero_runs(d: data.SessionData) -> pd.Series:
    """Months at 0% running up to the Summary's period, per unit (uid)."""
    return d.derived("zero_runs", lambda summary: unit_months.zero_runs_of(
        monthly(d), summary.period))


def _picked(key: str, field: str):
    """The value of `field` of the bar clicked in the chart drawn with `key`, or None."""
    state = st.session_state.get(f"chart_{key}")
    try:
        rows = state["selection"][PICK]
    except (KeyError, TypeError):
        return None
    return rows[0].get(field) if rows else None


def on_block_click() -> None:
    """A block's bar clicked: the units chart below shows that block's units."""
    block = _picked("blocks", "block")
    if block:
        st.session_state[K_SCOPE] = block
        st.session_state[K_UNIT] = None


def on_unit_click() -> None:
    """A unit's bar clicked: its months are shown under the chart."""
    st.session_state[K_UNIT] = _picked("units", "key")


def close_unit() -> None:
    st.session_state[K_UNIT] = None


def unit_panel(d: data.SessionData, uid: str | None, key: str = "drill") -> None:
    """One unit's months: the small trend (rate, counts in its tooltip) and the table."""
    summary = d.summary
    units = summary.units
    if not uid or uid not in set(units["_uid"]):
        return
    name = views.unit_labels(units)[list(units["_uid"]).index(uid)]
    m = monthly(d)
    rows = m[m["uid"] == uid]
    head, close = st.columns([6, 1])
    head.subheader(S.DR_UNIT_HEADER.format(unit=name))
    if key == "drill":
        close.button(S.DR_UNIT_CLOSE, key=f"{key}_close", on_click=close_unit,
                     icon=":material/close:")
    run = int(zero_runs(d).get(uid, 0))
    if run >= 2:
        st.warning(S.DR_ZERO_RUN.format(n=fmt_int(run)), icon=":material/warning:")
    if len(rows) < 2:
        st.info(S.DR_UNIT_ONE_MONTH)
    else:
        views.chart("unit_trend", rows[["period", "sent", "signed", "rate"]], summary.target,
                    session.present(), S.DR_UNIT_HEADER.format(unit=name), f"{key}_trend")
    st.dataframe(pd.DataFrame({
        S.DR_COL_MONTH: [periods.code_name(c) for c in rows["period"]],
        S.COL_SENT: fmt_many(rows["sent"], fmt_int),
        S.COL_SIGNED: fmt_many(rows["signed"], fmt_int),
        S.COL_RATE: fmt_many(rows["rate"], fmt_rate)}), hide_index=True, width="stretch")


def unit_picker(d: data.SessionData, rows: pd.DataFrame) -> None:
    """Choose a unit among the units page's filtered `rows` and see its months (the units
    page's way to the drill-down); at most PICKER_MAX of them."""
    units = d.summary.units
    if len(rows) > PICKER_MAX:
        st.caption(S.DR_UNIT_PICK_TOO_MANY.format(n=fmt_int(PICKER_MAX)))
        return
    labels = dict(zip(rows["_uid"], views.unit_labels(rows, units), strict=True))
    uid = st.selectbox(S.DR_UNIT_PICK, list(labels), index=None, key="un_drill_unit",
                       format_func=lambda u: labels.get(u, u),
                       placeholder=S.DR_UNIT_PICK_NONE)
    if uid:
        unit_panel(d, uid, key="un_drill")


def zero_list(d: data.SessionData) -> None:
    """The units at 0% two months running or more, longest run first."""
    summary = d.summary
    units = summary.units
    runs = zero_runs(d)
    u = units.assign(run=units["_uid"].map(runs).fillna(0).astype(int))
    u = u[u["run"] >= 2].sort_values(["run", "unit"], ascending=[False, True])
    st.markdown(f"**{S.DR_ZERO.format(period=summary.label)}** ({fmt_int(len(u))})")
    if u.empty:
        st.caption(S.DR_ZERO_NONE)
        return
    st.dataframe(pd.DataFrame({
        S.COL_UNIT: views.unit_labels(u, units),
        S.COL_BLOCK: [S.BLOCK_SHORT.get(b, b) for b in u["block"]],
        S.DR_COL_RUN: [S.DR_ZERO_RUN.format(n=fmt_int(n)) for n in u["run"]]}),
        hide_index=True, width="stretch", height=min(38 + 35 * len(u), 420))


def heatmap(d: data.SessionData) -> None:
    """The unit x month heatmap of the Summary's year, one block at a time, units in the
    order of the overview's chart (by this period's rate)."""
    summary = d.summary
    units = summary.units
    year = summary.span.end.year
    st.subheader(S.DR_HEATMAP.format(year=year))
    counts = units["block"].value_counts()
    blocks = [b for b in summary.blocks["block"] if counts.get(b, 0)]
    if not blocks:
        return
    choice = st.segmented_control(
        S.DR_HEATMAP_SCOPE, blocks, default=blocks[0], key=K_HEAT_SCOPE, required=True,
        format_func=lambda b: f"{S.BLOCK_LABELS.get(b, b)} ({fmt_int(counts[b])})",
        label_visibility="collapsed")
    b = choice if choice in blocks else blocks[0]
    if counts[b] > HEATMAP_MAX:
        st.info(S.DR_HEATMAP_TOO_MANY.format(n=fmt_int(HEATMAP_MAX)))
        return
    m = monthly(d)
    grid = m[m["period"].str.startswith(f"{year:04d}-")]
    mine = units[units["block"] == b].sort_values("rank", kind="stable")
    grid = grid[grid["uid"].isin(set(mine["_uid"]))]
    if grid.empty:
        st.info(S.DR_HEATMAP_NONE.format(year=year))
        return
    order = {u: i for i, u in enumerate(mine["_uid"])}
    labels = dict(zip(mine["_uid"], views.unit_labels(mine, units), strict=True))
    grid = grid.assign(unit=grid["uid"].map(labels), zero_run=grid["uid"].map(zero_runs(d)),
                       _o=grid["uid"].map(order)).sort_values(["_o", "period"], kind="stable")
    views.chart("unit_month_heatmap", grid.drop(columns="_o"), summary.target, session.present(),
                S.DR_HEATMAP.format(year=year) + f" – {S.BLOCK_LABELS.get(b, b)}", "heatmap")


def chosen_unit():
    """The uid of the unit whose months the overview shows, or None."""
    return st.session_state.get(K_UNIT)

"""Tổng quan: KPI cards, block rates, every unit sorted by rate, the monthly trend."""
import streamlit as st

from analysis import charts
from analysis.vn_format import BLOCK_LABELS, fmt_int, fmt_pct, fmt_pp, month_label
from ui import state, views
from ui import strings as S

frame, _notes = state.require_data()
summary, error = state.summary(frame)
if summary is None:
    st.warning(error)
    st.stop()
cfg = state.settings()
present = cfg["present"]
target = summary.target
units = summary.units
blocks = summary.blocks
total = summary.total

st.header(S.OV_HEADER.format(period=summary.label))
st.caption(views.subtitle(summary))

# --- KPI cards ---------------------------------------------------------------------------------
c1, c2, c3, c4 = st.columns(4)
delta = total.get("delta_pp")
c1.metric(S.OV_KPI_RATE, fmt_pct(total.get("rate")),
          delta=fmt_pp(delta) if delta is not None else None,
          delta_description="so với kỳ trước" if delta is not None else None,
          help=S.OV_KPI_RATE_HELP, border=True)
if delta is None:
    c1.caption(S.OV_KPI_NO_PREV)
n_units = int(total.get("units") or 0)
meeting = int(total.get("meeting_target") or 0)
c2.metric(S.OV_KPI_MEETING, f"{fmt_int(meeting)}/{fmt_int(n_units)}", border=True,
          help=f"Chỉ tiêu {fmt_pct(target)}")
nothing = units[units["status"] == "signed_nothing"]
c3.metric(S.OV_KPI_NOTHING, fmt_int(len(nothing)), border=True,
          help=", ".join(nothing["unit"].head(30)) or None)
if summary.ytd_complete:
    c4.metric(S.OV_KPI_YTD, fmt_pct(total.get("ytd_rate")), border=True)
else:
    c4.metric(S.OV_KPI_YTD, "—", border=True)
    if summary.missing_months:
        c4.caption(S.OV_KPI_YTD_INCOMPLETE.format(
            months=", ".join(month_label(m) for m in summary.missing_months[:6])
            + ("…" if len(summary.missing_months) > 6 else "")))

# --- blocks ------------------------------------------------------------------------------------
bdf = views.blocks_for_chart(blocks)
udf = views.units_for_chart(units)
if present:
    views.chart(charts.block_bars(bdf, target, presentation=True, title=S.OV_BLOCKS),
                S.OV_BLOCKS, "blocks")
    for rec in blocks.to_dict("records"):
        sub = udf[units["block"] == rec["block"]]
        if sub.empty:
            continue
        title = S.OV_BLOCK_CHART_TITLE.format(block=rec["block_label"], rate=fmt_pct(rec["rate"]),
                                              meeting=fmt_int(rec["meeting_target"]),
                                              units=fmt_int(rec["units"]))
        views.chart(charts.unit_bars(sub, target, presentation=True, title=title,
                                     legend=False), rec["block_label"], f"units_{rec['block']}")
else:
    left, right = st.columns([1, 1])
    with left:
        st.subheader(S.OV_BLOCKS)
        views.chart(charts.block_bars(bdf, target), S.OV_BLOCKS, "blocks")
    with right:
        st.subheader(S.OV_TREND)
        views.trend(state.filtered_frame(frame), summary, present=False)
    st.subheader(S.OV_UNITS)
    tabs_blocks = [b for b in blocks["block"] if (units["block"] == b).any()]
    tabs = st.tabs([f"Tất cả ({fmt_int(len(units))})"] +
                   [f"{BLOCK_LABELS.get(b, b)} ({fmt_int(int((units['block'] == b).sum()))})"
                    for b in tabs_blocks])
    with tabs[0]:
        views.chart(charts.unit_bars(udf, target), S.OV_UNITS, "units_all")
    for tab, b in zip(tabs[1:], tabs_blocks):
        with tab:
            views.chart(charts.unit_bars(udf[units["block"] == b], target),
                        BLOCK_LABELS.get(b, b), f"units_{b}")

if present:
    views.trend(state.filtered_frame(frame), summary, present=True)

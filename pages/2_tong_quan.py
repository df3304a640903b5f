"""Tổng quan: KPI cards, block rates, every unit sorted by rate, the monthly trend; in projector
mode the slides of ui/slides.py."""
import streamlit as st

from analysis.labels import BLOCK_LABELS
from analysis.vn_format import fmt_int, fmt_pct, fmt_points, fmt_rate
from ui import drill, periods, session, slides, views
from ui import strings as S
from ui.safe_text import md_join


def kpi_cards(summary) -> None:
    total = summary.total
    c1, c2, c3, c4 = st.columns(4)
    delta = total.get("delta_pp")
    c1.metric(S.OV_KPI_RATE, fmt_rate(total.get("rate")),
              delta=fmt_points(delta) if delta is not None else None,
              help=S.OV_KPI_RATE_HELP, border=True)
    if delta is None:
        c1.caption(S.OV_KPI_NO_PREV)
    else:
        c1.caption(S.OV_KPI_PREV.format(prev=periods.previous_name(summary),
                                        rate=fmt_rate(total.get("prev_rate"))))
    n_units = int(total.get("units") or 0)
    meeting = int(total.get("meeting_target") or 0)
    c2.metric(S.OV_KPI_MEETING, f"{fmt_int(meeting)}/{fmt_int(n_units)}", border=True,
              help=f"Chỉ tiêu {fmt_pct(summary.target)}")
    units = summary.units
    nothing = units[units["status"] == "signed_nothing"]
    c3.metric(S.OV_KPI_NOTHING, fmt_int(len(nothing)), border=True,
              help=md_join(nothing["unit"].head(30)) or None)
    if summary.ytd_complete:
        c4.metric(S.OV_KPI_YTD, fmt_rate(total.get("ytd_rate")), border=True)
    else:
        c4.metric(S.OV_KPI_YTD, "—", border=True)
        if summary.missing_months:
            c4.caption(S.OV_KPI_YTD_INCOMPLETE.format(
                months=periods.months(summary.missing_months, limit=6)))


def screen_charts(d, bdf, udf) -> None:
    """The blocks beside the trend, then one block's units at a time (only that chart built)."""
    summary = d.summary
    units, target = summary.units, summary.target
    st.caption(S.DR_HINT)
    left, right = st.columns([1, 1])
    with left:
        st.subheader(S.OV_BLOCKS)
        views.chart("block_bars", bdf, target, False, S.OV_BLOCKS, "blocks",
                    on_select=drill.on_block_click)
    with right:
        st.subheader(S.OV_TREND)
        views.trend(d, present=False)
    st.subheader(S.OV_UNITS)
    present_blocks = [b for b in summary.blocks["block"] if (units["block"] == b).any()]
    counts = {b: int((units["block"] == b).sum()) for b in present_blocks}
    options = ["all"] + present_blocks
    session.keep_one(drill.K_SCOPE, options, "all")
    choice = st.segmented_control(
        S.OV_UNITS_SCOPE, options, key=drill.K_SCOPE, required=True,
        format_func=lambda b: S.OV_ALL_UNITS.format(n=fmt_int(len(units))) if b == "all"
        else f"{BLOCK_LABELS.get(b, b)} ({fmt_int(counts[b])})",
        label_visibility="collapsed")
    sub = udf if choice in (None, "all") else udf[(units["block"] == choice).to_numpy()]
    name = S.OV_UNITS if choice in (None, "all") else BLOCK_LABELS.get(choice, choice)
    views.chart("unit_bars", sub, target, False, name, "units", on_select=drill.on_unit_click)
    drill.unit_panel(d, drill.chosen_unit())


def main() -> None:
    d = views.require_summary()
    summary = d.summary
    if session.present():  # projector mode: one slide at a time (ui/slides.py)
        slides.show(d)
        return
    st.header(S.OV_HEADER.format(period=summary.label))
    st.caption(views.subtitle(summary))
    kpi_cards(summary)
    views.combine_offer(d)  # an upload without the stored months: the way to add them
    bdf = views.blocks_for_chart(summary.blocks)
    udf = views.units_for_chart(summary.units)
    screen_charts(d, bdf, udf)


main()

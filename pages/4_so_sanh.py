"""So sánh: month over month and year to date, per block and per unit."""
import pandas as pd
import streamlit as st

from analysis.figures import movers
from analysis.vn_format import fmt_int, fmt_many, fmt_points, fmt_rate
from ui import periods, session, tables, views
from ui import strings as S

# px: the block table's eight columns fit 880 px (the main area at 1,366 px)
WIDTHS = {S.COL_BLOCK: 150, S.COL_UNITS: 80, S.CP_COL_MONTH_RATE: 100, S.COL_PREV: 88,
          S.COL_DELTA: 128, S.CP_COL_YTD_RATE: 100, S.COL_MEETING: 96, S.CP_COL_COUNTS: 128,
          S.COL_RATE: 96, S.COL_YTD: 120, S.COL_UNIT: 230}
# the movers' half-width tables (~440 px at 1,366 px)
HALF = {S.COL_UNIT: 180, S.COL_PREV: 82, S.COL_RATE: 88, S.COL_DELTA: 88}


def _show(df: pd.DataFrame, height="auto", widths: dict | None = None) -> None:
    """A compare table: its change coloured, every column but the first two (name, block)
    right-aligned, widths that fit the main area at 1,366 px (no last column cut)."""
    widths = widths or WIDTHS
    text_cols = [c for c in df.columns[:2] if c in (S.COL_UNIT, S.COL_BLOCK)]
    numbers = [c for c in df.columns if c not in text_cols]
    config = tables.right_aligned(numbers, {c: widths.get(c, 100) for c in numbers})
    for c in text_cols:
        config[c] = st.column_config.TextColumn(c, width=widths.get(c, 220), pinned=True)
    st.dataframe(_colored(df) if S.COL_DELTA in df.columns else df, hide_index=True,
                 width="stretch", height=height, column_config=config)


def _points(v) -> str:
    """A change under the header "Thay đổi (điểm %)": "+1,30" (the unit is in the header)."""
    return fmt_points(v, unit="")


def _colored(df: pd.DataFrame):
    """The table with its change column coloured (text already Vietnamese)."""
    return tables.prepared_styler(
        df, css={S.COL_DELTA: [views.delta_color(v) for v in df[S.COL_DELTA]]})


def _unit_table(summary) -> pd.DataFrame:
    units = summary.units
    return pd.DataFrame({
        S.COL_UNIT: views.unit_labels(units),
        S.COL_BLOCK: [S.BLOCK_SHORT.get(b, b) for b in units["block"]],
        S.COL_PREV: fmt_many(units["prev_rate"], fmt_rate),
        S.COL_RATE: fmt_many(units["rate"], fmt_rate),
        S.COL_DELTA: fmt_many(units["delta_pp"], _points),
        S.COL_YTD: fmt_many(units["ytd_rate"], fmt_rate),
    })


def _block_table(summary) -> pd.DataFrame:
    """Per block: the month beside the year to date (as seed 000 reports them)."""
    rows = []
    for rec in [*summary.blocks.to_dict("records"), {**summary.total, "block_label": "Tổng cộng"}]:
        rows.append({
            S.COL_BLOCK: S.BLOCK_SHORT.get(rec.get("block"), rec["block_label"]),
            S.COL_UNITS: fmt_int(rec["units"]),
            S.CP_COL_MONTH_RATE: fmt_rate(rec["rate"]),
            S.COL_PREV: fmt_rate(rec.get("prev_rate")),
            S.COL_DELTA: fmt_points(rec.get("delta_pp"), unit=""),
            S.CP_COL_YTD_RATE: fmt_rate(rec.get("ytd_rate")),
            S.COL_MEETING: f"{fmt_int(rec['meeting_target'])}/{fmt_int(rec['units'])}",
            S.CP_COL_COUNTS:
                f"{fmt_int(rec['signed'])}/{fmt_int(rec['sent'])}",
        })
    return pd.DataFrame(rows)


def header(summary) -> None:
    prev_label = periods.previous_name(summary)
    if summary.previous:
        st.header(S.CP_HEADER.format(period=summary.label, prev=prev_label))
    else:
        st.header(S.CP_HEADER_NO_PREV.format(period=summary.label))
    st.caption(views.subtitle(summary))
    if not summary.previous:
        st.info(S.CP_NO_PREV.format(prev=prev_label))
    if not summary.ytd_complete and summary.missing_months:
        st.warning(S.CP_YTD_INCOMPLETE.format(months=periods.months(summary.missing_months)))


def changes(d) -> None:
    """Movers, new and missing units, and the dumbbell of one block at a time."""
    summary = d.summary
    units = summary.units
    up, down = d.derived("movers", movers, 5)
    c1, c2 = st.columns(2)
    for col, title, df in ((c1, S.CP_IMPROVED, up), (c2, S.CP_DECLINED, down)):
        with col:
            st.subheader(title)
            if df.empty:
                st.caption(S.CP_NONE)
            else:
                t = pd.DataFrame({S.COL_UNIT: views.unit_labels(df, units),
                                  S.COL_PREV: fmt_many(df["prev_rate"], fmt_rate),
                                  S.COL_RATE: fmt_many(df["rate"], fmt_rate),
                                  S.COL_DELTA: fmt_many(df["delta_pp"], _points)})
                _show(t, widths=HALF)
    c3, c4 = st.columns(2)
    for col, title, df in ((c3, S.CP_NEW, summary.new_units),
                           (c4, S.CP_MISSING, summary.missing_units)):
        with col:
            st.markdown(f"**{title}** ({fmt_int(len(df))})")
            if df.empty:
                st.caption(S.CP_NONE)
            else:
                _show(pd.DataFrame({
                    S.COL_UNIT: views.unit_labels(df, units),
                    S.COL_BLOCK: [S.BLOCK_SHORT.get(b, b) for b in df["block"]],
                    S.COL_RATE: fmt_many(df["rate"], fmt_rate)}))
    st.subheader(S.CP_DUMBBELL)
    views.dumbbell(summary, session.present())


def main() -> None:
    d = views.require_summary()
    summary = d.summary
    header(summary)
    st.subheader(S.CP_BLOCKS)
    _show(_block_table(summary))
    if summary.previous:
        changes(d)
    st.subheader(S.CP_UNITS)
    _show(d.derived("compare_units", _unit_table), height=420)


main()

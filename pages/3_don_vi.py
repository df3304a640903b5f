"""Đơn vị: filter the units and download exactly the filtered rows (Excel, CSV)."""
import streamlit as st

from analysis.outputs.safety import safe_filename
from analysis.vn_format import fmt_int
from ui import drill, exports, session, tables, views
from ui import strings as S


def filters(units):
    """The page's status, rate, search and empty-rate filters; the rows they keep."""
    status_codes = [s for s in S.STATUS_LABELS if s in set(units["status"])]
    c1, c2, c3 = st.columns([2, 2, 2])
    session.keep_among("un_status", status_codes)  # a link may name a status not here
    statuses = c1.multiselect(S.UN_STATUS, status_codes, format_func=lambda s: S.STATUS_LABELS[s],
                              key="un_status", placeholder=S.SB_FILTER_PLACEHOLDER,
                              select_all=False)
    rate_range = c2.slider(S.UN_RANGE, min_value=0.0, max_value=100.0, value=(0.0, 100.0),
                           step=1.0, format="%.0f%%", key="un_range")
    search = c3.text_input(S.UN_SEARCH, placeholder=S.UN_SEARCH_PLACEHOLDER, key="un_search",
                           help=S.UN_SEARCH_HELP)
    include_no_rate = st.checkbox(S.UN_INCLUDE_NO_RATE, value=True, key="un_no_rate")
    return tables.filter_units(units, statuses, rate_range, include_no_rate, search)


def downloads(rows, summary) -> None:
    stem = safe_filename(f"don_vi_{summary.period}")
    d1, d2, d3 = st.columns([1, 1, 2], vertical_alignment="bottom")
    style = d3.selectbox(S.UN_CSV_STYLE, list(S.UN_CSV_STYLES), key="un_csv_style",
                         format_func=S.UN_CSV_STYLES.get, help=S.UN_CSV_HELP)
    d1.download_button(S.UN_DOWNLOAD_XLSX, data=lambda: exports.units_xlsx(rows, summary),
                       file_name=f"{stem}.xlsx", on_click="ignore", type="primary",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", key="un_xlsx", disabled=rows.empty)
    d2.download_button(S.UN_DOWNLOAD_CSV, data=lambda: exports.units_csv(rows, summary, style),
                       file_name=f"{stem}.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:", key="un_csv", disabled=rows.empty)


def main() -> None:
    d = views.require_summary()
    summary = d.summary
    units = summary.units
    st.header(S.UN_HEADER.format(period=summary.label))
    st.caption(views.subtitle(summary))
    rows = filters(units)
    st.markdown(S.UN_COUNT.format(n=fmt_int(len(rows)), total=fmt_int(len(units))))
    with_district = units["district"].notna().any()
    table = d.derived("units_table", tables.summary_table, bool(with_district))
    tables.show(rows, with_district, height=min(38 + 35 * max(len(rows), 1), 640),
                key="un_table", table=table if units.index.is_unique else None)
    downloads(rows, summary)
    drill.zero_list(d)
    drill.unit_picker(d, rows)
    drill.heatmap(d)


main()

"""The shared sidebar: period, metric, target, block and district filters, presentation mode.

Drawn by app.py on every run, before the page, so its widgets (and their session-state keys)
live across page switches.
"""
from __future__ import annotations

import streamlit as st

from analysis.reading.guard import MAX_UPLOAD_MB
from analysis.vn_format import capitalize, fmt_int

from . import state
from . import strings as S

PRESENT_CSS = """
<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 3.4rem !important; line-height: 1.15 !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 1.35rem !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { font-size: 1.25rem !important; }
[data-testid="stMain"] h1 { font-size: 3rem !important; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2.2rem !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1.2rem !important; }
</style>
"""
BASE_CSS = """
<style>
/* Vietnamese hint inside the uploader's drop zone (Streamlit's own text stays English). */
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {
  content: "Kéo thả tệp vào đây"; font-weight: 600;
}
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
.st-key-ks_uploader [data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "Excel (.xlsx, .xlsm, .xls), .ods, .csv · tối đa MAX_MB MB mỗi tệp";
  font-size: 0.85rem; opacity: 0.7; display: block;
}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"],
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] * { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {
  content: "Chọn tệp"; font-size: 0.95rem;
}
</style>
""".replace("MAX_MB", str(MAX_UPLOAD_MB))  # the reader's limit, also in .streamlit/config.toml


def render() -> None:
    ss = st.session_state
    st.markdown(BASE_CSS, unsafe_allow_html=True)
    with st.sidebar:
        st.markdown(f"### {S.APP_ICON} {S.APP_TITLE}")
        opts = state.sidebar_options()  # cached on the session's data key
        if opts is None:
            st.info(S.SB_NO_DATA)
            st.toggle(S.SB_PRESENT, key=state.K_PRESENT, help=S.SB_PRESENT_HELP)
            st.toggle(S.SB_USE_HISTORY, key=state.K_USE_HISTORY, help=S.SB_USE_HISTORY_HELP)
            _present_css()
            return

        st.markdown(f"**{S.SB_SETTINGS}**")
        codes = opts["codes"]
        labels = {c: capitalize(lbl) for c, lbl in opts["labels"].items()}
        if ss.get(state.K_PERIOD) not in codes:
            ss[state.K_PERIOD] = codes[0]
        st.selectbox(S.SB_PERIOD, codes, format_func=lambda c: labels.get(c, c), key=state.K_PERIOD)

        metrics = state.metrics_for(ss[state.K_PERIOD])
        if metrics:
            if ss.get(state.K_METRIC) not in metrics:
                ss[state.K_METRIC] = metrics[0]
            st.radio(S.SB_METRIC, metrics, format_func=lambda m: S.METRIC_LABELS.get(m, m),
                     key=state.K_METRIC)
        st.number_input(S.SB_TARGET, min_value=0.0, max_value=100.0, step=1.0, format="%.0f",
                        key=state.K_TARGET, help=S.SB_TARGET_HELP)

        blocks = [b for b in S.BLOCK_LABELS if b in opts["blocks"]]
        ss[state.K_BLOCK_FILTER] = [b for b in ss.get(state.K_BLOCK_FILTER, []) if b in blocks]
        st.multiselect(S.SB_BLOCKS, blocks, format_func=lambda b: S.BLOCK_LABELS.get(b, b),
                       key=state.K_BLOCK_FILTER, placeholder=S.SB_FILTER_PLACEHOLDER)

        names = opts["districts"]
        if names:
            options = names + ([S.UNKNOWN_DISTRICT] if opts["unknown_district"] else [])
            ss[state.K_DISTRICT_FILTER] = [d for d in ss.get(state.K_DISTRICT_FILTER, [])
                                           if d in options]
            st.multiselect(S.SB_DISTRICTS, options, key=state.K_DISTRICT_FILTER,
                           placeholder=S.SB_FILTER_PLACEHOLDER)
        st.toggle(S.SB_PRESENT, key=state.K_PRESENT, help=S.SB_PRESENT_HELP)
        st.toggle(S.SB_USE_HISTORY, key=state.K_USE_HISTORY, help=S.SB_USE_HISTORY_HELP)
        st.caption(S.SB_LOADED.format(files=len(ss[state.FILES]), periods=len(codes),
                                      units=fmt_int(opts["units"])))
    _present_css()


def _present_css() -> None:
    if st.session_state.get(state.K_PRESENT):
        st.markdown(PRESENT_CSS, unsafe_allow_html=True)

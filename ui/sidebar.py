"""The shared sidebar: period, metric, target, block and district filters, presentation mode.

Drawn by app.py on every run, before the page, so its widgets (and their session-state keys)
live across page switches.
"""
from __future__ import annotations

import streamlit as st

from analysis.reading.guard import MAX_UPLOAD_MB
from analysis.vn_format import capitalize, fmt_int

from . import auth, data, present, session
from . import strings as S

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
""".replace("MAX_MB", str(MAX_UPLOAD_MB))  # noqa: E501  (the reader's limit, also in .streamlit/config.toml)


def render() -> None:
    st.markdown(BASE_CSS, unsafe_allow_html=True)
    with st.sidebar:
        st.markdown(f"### {S.APP_ICON} {S.APP_TITLE}")
        d = data.current()
        opts = d.options()  # cached on the session's data key
        if opts is None:
            st.info(S.SB_NO_DATA)
            _toggles()
            _present_css()
            return

        st.markdown(f"**{S.SB_SETTINGS}**")
        codes = opts["codes"]
        labels = {c: capitalize(lbl) for c, lbl in opts["labels"].items()}
        if session.take_jump():  # after an upload: the newest period the data now has
            st.session_state[session.K_PERIOD] = codes[0]
            session.set_jumped(codes[0])
        session.keep_one(session.K_PERIOD, codes, codes[0])
        st.selectbox(S.SB_PERIOD, codes, format_func=lambda c: labels.get(c, c),
                     key=session.K_PERIOD)

        metrics = d.metrics_for(session.chosen(session.K_PERIOD))
        if metrics:
            session.keep_one(session.K_METRIC, metrics, metrics[0])
            st.radio(S.SB_METRIC, metrics, format_func=lambda m: S.METRIC_LABELS.get(m, m),
                     key=session.K_METRIC)
        st.number_input(S.SB_TARGET, min_value=0.0, max_value=100.0, step=1.0, format="%.0f",
                        key=session.K_TARGET, help=S.SB_TARGET_HELP)

        blocks = [b for b in S.BLOCK_LABELS if b in opts["blocks"]]
        session.keep_among(session.K_BLOCK_FILTER, blocks)
        st.multiselect(S.SB_BLOCKS, blocks, format_func=lambda b: S.BLOCK_LABELS.get(b, b),
                       key=session.K_BLOCK_FILTER, placeholder=S.SB_FILTER_PLACEHOLDER)

        names = opts["districts"]
        if names:
            options = names + ([S.UNKNOWN_DISTRICT] if opts["unknown_district"] else [])
            session.keep_among(session.K_DISTRICT_FILTER, options)
            st.multiselect(S.SB_DISTRICTS, options, key=session.K_DISTRICT_FILTER,
                           placeholder=S.SB_FILTER_PLACEHOLDER)
        _toggles()
        st.caption(S.SB_LOADED.format(files=len(session.files()), periods=len(codes),
                                      units=fmt_int(opts["units"])))
    _present_css()


def _toggles() -> None:
    session.sync_present_switch()
    st.toggle(S.SB_PRESENT, key=session.K_PRESENT, help=S.SB_PRESENT_HELP,
              on_change=session.present_changed)
    st.toggle(S.SB_USE_HISTORY, key=session.K_USE_HISTORY, help=S.SB_USE_HISTORY_HELP)
    auth.sign_out_button()


def _present_css() -> None:
    present.styles()

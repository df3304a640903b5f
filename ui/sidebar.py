"""The shared sidebar: period, metric, target, block and district filters, presentation mode.

Drawn by app.py on every run, before the page, so its widgets (and their session-state keys)
live across page switches.
"""
from __future__ import annotations

import streamlit as st

from analysis.reading.guard import MAX_UPLOAD_MB
from analysis.vn_format import capitalize, fmt_int

from . import auth, data, preload, present, screen_css, session, store, workspace
from . import strings as S

BASE_CSS = """
<style>
/* Vietnamese hint inside the uploader's drop zone (Streamlit's own text stays English). */
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {
  content: "Kéo thả tệp vào đây"; font-weight: 600;
}
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
[class*="st-key-ks_uploader"] [data-testid="stFileUploaderDropzoneInstructions"] > div::after {
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
    st.html(screen_css.CSS)  # style only: drawn outside the page's flow
    st.markdown(preload.html(), unsafe_allow_html=True)  # hints only: nothing drawn
    with st.sidebar:
        st.markdown(f"### {S.APP_ICON} {S.APP_TITLE}")
        workspace.sidebar()
        st.divider()
        d = data.current()
        opts = d.options()  # cached on the session's data key
        if opts is None:
            st.info(S.SB_NO_DATA)
            _toggles(d)
            _present_css()
            return

        st.markdown(f"**{S.SB_SETTINGS}**")
        codes = opts["codes"]
        labels = opts.get("titles") or {c: capitalize(lbl) for c, lbl in opts["labels"].items()}
        if session.take_jump():  # after an upload: the newest period the data now has
            st.session_state[session.K_PERIOD] = codes[0]
            session.set_jumped(codes[0])
        session.keep_one(session.K_PERIOD, codes, codes[0])
        st.selectbox(S.SB_PERIOD, codes, format_func=lambda c: labels.get(c, c),
                     key=session.K_PERIOD, placeholder=S.SB_PERIOD_PLACEHOLDER)

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
                       key=session.K_BLOCK_FILTER, placeholder=S.SB_FILTER_PLACEHOLDER,
                       select_all=False)  # its "Select all" speaks English; empty is all

        names = opts["districts"]
        if names:
            options = names + ([S.UNKNOWN_DISTRICT] if opts["unknown_district"] else [])
            session.keep_among(session.K_DISTRICT_FILTER, options)
            st.multiselect(S.SB_DISTRICTS, options, key=session.K_DISTRICT_FILTER,
                           placeholder=S.SB_FILTER_PLACEHOLDER, select_all=False)
        _toggles(d)
        st.caption(S.SB_LOADED.format(files=len(session.files()), periods=len(codes),
                                      units=fmt_int(opts["units"])))
    _present_css()


def using_line(d: data.SessionData) -> str:
    """'Đang dùng: 11 kỳ đã lưu + 1 tệp vừa tải': what the figures are made of ('' when
    nothing)."""
    stored, files = d.using()
    parts = ([S.USING_STORED.format(n=fmt_int(stored))] if stored else []) + (
        [(S.USING_SAMPLE if session.demo() else S.USING_FILES).format(n=fmt_int(files))]
        if files else [])
    return S.USING.format(parts=" + ".join(parts)) if parts else ""


def _toggles(d: data.SessionData) -> None:
    session.sync_present_switch()
    st.toggle(S.SB_PRESENT, key=session.K_PRESENT, help=S.SB_PRESENT_HELP,
              on_change=session.present_changed)
    # combining the workspace's stored months with the files loaded now is a choice, off until
    # made; the demo space never combines
    if d.files and store.history()[0] is not None and d.stored_periods():
        session.sync_combine_switch()
        st.toggle(S.SB_USE_HISTORY, key=session.K_USE_HISTORY, help=S.SB_USE_HISTORY_HELP,
                  on_change=session.combine_changed)
    line = using_line(d)
    if line:
        st.caption(line)
    auth.sign_out_button()


def _present_css() -> None:
    present.styles()

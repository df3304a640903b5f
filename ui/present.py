"""Projector mode (Chế độ trình chiếu): what changes around the pages while it is on.

The sidebar is collapsed by app.py (`st.set_page_config(initial_sidebar_state=...)`, which
Streamlit applies on a rerun too, and expands again when the mode is left); the styles below hide
Streamlit's header, chart and table toolbars and every download button, remove the empty top,
and enlarge type (the letter on Báo cáo at least as large as its caption). The overview page
becomes a deck of slides (ui/slides.py) with its control bar (`controls`); the other pages get a
slim bar to open the slides or leave. Leaving drops the styles with the elements that carried
them: the sidebar, the toolbars and the buttons come back as they were.
"""
from __future__ import annotations

import streamlit as st

from . import session
from . import strings as S

OVERVIEW = "pages/2_tong_quan.py"

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# the slide's body: the viewport less the control bar and the slide's heading
BODY_OFFSET_PX = 165

CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1.5rem 0.25rem 1.5rem !important; max-width: none !important; }
[data-testid="stElementToolbar"], [data-testid="stDownloadButton"], .vega-embed details, .vega-actions { display: none !important; }
.st-key-pm_bar [data-testid="stDownloadButton"] { display: block !important; }
.st-key-rp_letter p, .st-key-rp_letter li { font-size: max(1.15rem, 2.4vh) !important; line-height: 1.5 !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: max(3.4rem, 9vh) !important; line-height: 1.15 !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: max(1.35rem, 3vh) !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { font-size: max(1.25rem, 2.6vh) !important; }
[data-testid="stMain"] [data-testid="stMetric"] { padding: 2.5vh 1.5vw !important; }
[data-testid="stMain"] h1 { font-size: 2.4rem !important; padding-top: 0.25rem !important; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2rem !important; padding-top: 0.1rem !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"], [data-testid="stMain"] [data-testid="stCaptionContainer"] * { font-size: max(1.05rem, 2.2vh) !important; }
[data-testid="stMain"] [data-testid="stCode"] pre, [data-testid="stMain"] [data-testid="stCode"] code { font-size: max(1.15rem, 2.4vh) !important; line-height: 1.5 !important; }
[data-testid="stMain"] [data-testid="stTable"] table { font-size: max(1.45rem, 3vh) !important; }
[data-testid="stMain"] [data-testid="stTable"] th, [data-testid="stMain"] [data-testid="stTable"] td { padding: 0.45rem 0.8rem !important; color: inherit !important; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p { font-size: max(1.2rem, 2.6vh); }
.st-key-pm_bar [data-testid="stMarkdownContainer"] p { font-size: 1.05rem; margin: 0; }
.st-key-pm_bar { gap: 0.25rem; }
</style>
"""  # noqa: E501

CONTRAST_CSS = """
<style>
[data-testid="stMain"] { background: #fff; filter: invert(1) hue-rotate(180deg); }
[data-testid="stMain"] [data-testid="stCaptionContainer"], [data-testid="stMain"] p,
[data-testid="stMain"] td, [data-testid="stMain"] th { color: #000 !important; opacity: 1 !important; font-weight: 600; }
[data-testid="stMain"] [data-testid="stMetric"] { border: 2px solid #000 !important; }
</style>
"""  # noqa: E501

# ← → (and PageUp/PageDown, as a presenter's clicker sends them) press the slide buttons; a key
# typed into a text field or an open list is left alone (a switch or the closed slide chooser
# with the focus still passes it on). Installed once per browser tab.
KEYS_JS = """
<script>
(function () {
  if (window.__ksSlideKeys) return;
  window.__ksSlideKeys = true;
  document.addEventListener('keydown', function (e) {
    const t = e.target;
    if (t && (t.isContentEditable || t.tagName === 'TEXTAREA')) return;
    if (t && t.tagName === 'INPUT') {
      const open = t.getAttribute('aria-expanded') === 'true';
      const typing = ['text', 'number', 'search', 'password', 'email'].includes(t.type)
        && t.getAttribute('role') !== 'combobox';
      if (open || typing) return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    let key = null;
    if (e.key === 'ArrowRight' || e.key === 'PageDown') key = 'pm_next';
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') key = 'pm_prev';
    if (!key) return;
    const b = [...document.querySelectorAll('.st-key-' + key + ' button')]
      .find(x => x.offsetParent !== null);
    if (b && !b.disabled) { e.preventDefault(); b.click(); }
  });
})();
</script>
"""


# after leaving: a sidebar the presenter opened and closed by hand (which Streamlit's page
# config then no longer moves) is opened again
REOPEN_JS = """
<script>
setTimeout(function () {
  const sb = document.querySelector('[data-testid="stSidebar"]');
  if (!sb || sb.getBoundingClientRect().width > 50) return;
  const el = document.querySelector('[data-testid="stExpandSidebarButton"]');
  const b = el && (el.tagName === 'BUTTON' ? el : el.querySelector('button'));
  if (b) b.click();
}, 400);
</script>
"""


def reopen_sidebar() -> None:
    """Once, right after projector mode is left: the sidebar is shown again."""
    if session.take_present_left():
        with st.sidebar:
            st.html(REOPEN_JS, unsafe_allow_javascript=True)


def sidebar_state() -> str:
    """The sidebar's state for st.set_page_config: collapsed while presenting."""
    return "collapsed" if session.present() else "expanded"


def styles() -> None:
    """The projector's styles (drawn on every page while the mode is on)."""
    if not session.present():
        return
    st.markdown(CSS, unsafe_allow_html=True)
    if st.session_state.get(session.K_CONTRAST):
        st.markdown(CONTRAST_CSS, unsafe_allow_html=True)


def body_css(max_px: int | None = None) -> None:
    """The slide's body fills the viewport under the bar and heading (at most `max_px`)."""
    h = f"calc(100vh - {BODY_OFFSET_PX}px)"
    if max_px:
        h = f"min({h}, {int(max_px)}px)"
    st.markdown(
        '<style>[data-testid="stLayoutWrapper"]:has(> .st-key-pm_body) '
        f"{{ flex: 0 0 {h} !important; height: {h} !important; }}</style>",
        unsafe_allow_html=True)


def _step(ids: list, step: int) -> None:
    cur = st.session_state.get(session.K_SLIDE)
    i = ids.index(cur) if cur in ids else 0
    st.session_state[session.K_SLIDE] = ids[max(0, min(len(ids) - 1, i + step))]


def controls(title: str, ids: list, labels: dict) -> str:
    """The deck's one-line bar: its title, previous / next (and the arrow keys), a slide
    chooser, high contrast, leave. Returns the id of the slide to show."""
    session.keep_one(session.K_SLIDE, ids, ids[0])
    i = ids.index(st.session_state[session.K_SLIDE])
    with st.container(key="pm_bar", horizontal=True, vertical_alignment="center"):
        st.markdown(f"**{title}**", width="stretch")
        st.button(S.PM_PREV, key="pm_prev", icon=":material/arrow_back:", on_click=_step,
                  args=(ids, -1), disabled=i == 0, help=S.PM_KEYS)
        st.markdown(S.PM_COUNT.format(i=i + 1, n=len(ids)), width="content")
        st.button(S.PM_NEXT, key="pm_next", icon=":material/arrow_forward:", on_click=_step,
                  args=(ids, 1), disabled=i == len(ids) - 1, help=S.PM_KEYS, type="primary")
        st.selectbox(S.PM_PICK, ids, key=session.K_SLIDE, format_func=lambda s: labels[s],
                     label_visibility="collapsed", width=260)
        st.toggle(S.PM_CONTRAST, key=session.K_CONTRAST, width="content")
        _deck_button()
        st.button(S.PM_EXIT, key="pm_exit", icon=":material/close:",
                  on_click=session.leave_present)
        st.html(KEYS_JS, unsafe_allow_javascript=True, width="content")
    return st.session_state[session.K_SLIDE]


def _deck_button() -> None:
    """The meeting's PowerPoint from the slides' bar (made on the click, from the figures the
    slides show): the one download shown while presenting."""
    from analysis.outputs.safety import safe_filename
    from ui import data, exports

    d = data.current()
    if d.summary is None:
        return
    request = exports.deck_request(d)
    st.download_button(S.PM_DECK, data=lambda: exports.deck_pptx(request),
                       file_name=f"trinh_chieu_{safe_filename(d.summary.period)}.pptx",
                       mime=PPTX_MIME, on_click="ignore", icon=":material/download:",
                       key="pm_deck", help=S.PM_DECK_HELP)


def page_bar() -> None:
    """On a page other than the overview while presenting: open the slides, or leave."""
    if not session.present():
        return
    with st.container(key="pm_bar", horizontal=True, vertical_alignment="center"):
        st.markdown(f"**{S.PM_BAR}**", width="stretch")
        if st.button(S.PM_OPEN, key="pm_open", icon=":material/slideshow:", type="primary"):
            st.switch_page(OVERVIEW)
        st.toggle(S.PM_CONTRAST, key=session.K_CONTRAST, width="content")
        st.button(S.PM_EXIT, key="pm_exit", icon=":material/close:",
                  on_click=session.leave_present)

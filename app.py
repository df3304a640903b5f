"""Ký số Analytics: the Streamlit entry point (`streamlit run app.py`).

Sets the page, registers the pages with st.navigation (pages/ is not auto-discovered once
st.navigation is used), draws the shared sidebar and runs the chosen page.
"""
import gc
from pathlib import Path

import streamlit as st

from analysis import logs

# ui.views imports altair (0.6 s) once a server process: at the first page a user opens, the
# upload page, not at the first chart after an upload
from ui import data, present, session, sidebar, url_state, views, workspace  # noqa: F401
from ui import strings as S

logs.configure(Path(__file__).resolve().parent / "data" / "app.log")  # once a process

if gc.get_freeze_count() == 0:  # once a server process, after the imports above
    # The imports leave some 180,000 objects (modules, classes, functions) that live as long as
    # the process. Frozen, the cycle collector's full passes skip them: a pass that happens
    # during a rerun then takes 30-60 ms instead of 130-170 ms (timed with gc.callbacks over
    # bench/run.py's page runs).
    gc.collect()
    gc.freeze()

# projector mode collapses the sidebar (Streamlit applies a changed state on a rerun too)
st.set_page_config(page_title=S.APP_TITLE, page_icon=S.APP_ICON, layout="wide",
                   initial_sidebar_state=present.sidebar_state())
session.init()
url_state.restore()  # a link or bookmark: its period, metric, target, filters (once)
data.start_run()  # this run's data is looked up again (ui/data.py)

PAGES = [
    st.Page("pages/1_tai_du_lieu.py", title=S.PAGE_UPLOAD, icon=":material/upload_file:",
            default=True),
    st.Page("pages/2_tong_quan.py", title=S.PAGE_OVERVIEW, icon=":material/bar_chart:"),
    st.Page("pages/3_don_vi.py", title=S.PAGE_UNITS, icon=":material/table_rows:"),
    st.Page("pages/4_so_sanh.py", title=S.PAGE_COMPARE, icon=":material/compare_arrows:"),
    st.Page("pages/5_bao_cao.py", title=S.PAGE_REPORT, icon=":material/description:"),
    st.Page("pages/6_lich_su.py", title=S.PAGE_HISTORY, icon=":material/history:"),
]

page = st.navigation(PAGES, position="sidebar")
sidebar.render()
url_state.sync()  # before the page, which may stop early
present.reopen_sidebar()
on_overview = page.title == S.PAGE_OVERVIEW
if session.take_present_start() and not on_overview:
    st.switch_page(present.OVERVIEW)  # projector mode opens on the slides
if workspace.gate():  # a workspace with a password shows nothing of itself before it is given
    if not on_overview:
        present.page_bar()
    page.run()

"""Lịch sử: the stored periods, missing months, delete / restore after confirmation, backup."""
import streamlit as st

from ui import data, history_views, session, store
from ui import strings as S
from ui.safe_text import md


def main() -> None:
    st.header(S.HI_HEADER)
    if session.demo():  # the samples are never stored: no history to show
        st.info(S.DEMO_LABEL + " — " + S.DEMO_TEXT)
        st.stop()
    h, err = store.history()
    if h is not None:
        st.caption(S.HI_WORKSPACE.format(name=md(h.workspace.name)))
    if h is None:
        st.error(S.UP_SAVE_UNAVAILABLE.format(reason=md(err)))
        st.info(S.HI_UNREADABLE)
        st.stop()
    session.show_flash()
    try:
        stored = store.periods()
        store.versions()
        data.current().check_stored()  # the stored months the figures use (cached): did they load?
        problem = store.load_problem()
    except Exception as e:  # noqa: BLE001 - damaged rows: this page is the way back
        problem = getattr(e, "message", None) or type(e).__name__
    if problem:
        history_views.damaged(problem)
        return
    if stored.empty:
        st.info(S.HI_EMPTY)
    else:
        history_views.period_table(stored)
    editor = history_views.editor_actions(stored)
    if editor:
        history_views.deleted_periods(stored)
        history_views.confirmation()
        history_views.merge_section()
    history_views.corrections_section(editor)
    if editor:
        history_views.password_section()
    history_views.backup(editor)


main()

"""Lịch sử: the stored periods, missing months, delete / restore after confirmation, backup."""
import streamlit as st

from ui import history_views, session, store
from ui import strings as S
from ui.safe_text import md


def main() -> None:
    st.header(S.HI_HEADER)
    h, err = store.history()
    if h is None:
        st.error(S.UP_SAVE_UNAVAILABLE.format(reason=md(err)))
        st.stop()
    session.show_flash()
    stored = store.periods()
    if stored.empty:
        st.info(S.HI_EMPTY)
    else:
        history_views.period_table(stored)
    editor = history_views.editor_actions(stored)
    if editor:
        history_views.deleted_periods(stored)
        history_views.confirmation()
        history_views.merge_section()
    history_views.backup(editor)


main()

"""The session's workspace (không gian làm việc) in the sidebar and the password gate.

The sidebar names the workspace the session works in (or the demo space of the samples), lets
the user open another from the list or create one (with an optional password, hashed by the
store). A workspace with a password shows nothing of itself until it is given: `gate()` draws
the prompt in the page's place. Wrong attempts are throttled as the editor password's
(ui/auth.py), counted apart for each workspace. Nothing typed is kept in the session: the forms'
callbacks read the input and empty it before the run.
"""
from __future__ import annotations

import logging

import streamlit as st

from . import auth, session, store
from . import strings as S
from .safe_text import md

log = logging.getLogger(__name__)

K_PICK = "ks_ws_pick"
K_NEW_NAME = "ks_ws_new_name"
K_NEW_PASSWORD = "ks_ws_new_password"
K_PASSWORD = "ks_ws_password"
SAID = "ks_ws_said"  # the outcome of the last password attempt, shown once


def _scope(name: str) -> str:
    return "workspace:" + name


def _picked() -> None:
    name = st.session_state.get(K_PICK)
    if name and name != _current_name():
        session.set_workspace(name)
        session.flash("success", S.WS_OPENED.format(name=md(name)))


def _created() -> None:
    name = str(st.session_state.get(K_NEW_NAME) or "").strip()
    password = str(st.session_state.get(K_NEW_PASSWORD) or "")
    st.session_state[K_NEW_PASSWORD] = ""
    if not name:
        session.flash("error", S.WS_CREATE_EMPTY)
        return
    refused = store.create_workspace(name, password or None)
    if refused:
        session.flash("error", md(refused))
        return
    st.session_state[K_NEW_NAME] = ""
    session.set_workspace(name)
    if password:  # who set it needs not type it again
        session.unlock(name)
    session.flash("success", S.WS_CREATED.format(name=md(name)))


def _current_name() -> str | None:
    h, _err = store.workspace_history()
    return None if h is None else h.workspace.name


def sidebar() -> None:
    """The sidebar's workspace part: the demo space's label, or the workspace and its chooser."""
    st.markdown(f"**{S.WS_HEADER}**")
    if session.demo():
        st.warning(S.DEMO_LABEL, icon=S.DEMO_ICON)
        st.button(S.DEMO_LEAVE, key="ks_demo_leave", icon=":material/logout:",
                  on_click=session.leave_demo, type="tertiary")
        return
    h, err = store.workspace_history()
    if h is None:
        st.error(S.WS_UNAVAILABLE.format(reason=md(err)))
        return
    ws = h.workspace
    st.markdown((S.WS_CURRENT_LOCKED if store.locked(h) else S.WS_CURRENT).format(
        name=md(ws.name)))
    spaces = store.workspaces()
    names = [w.name for w in spaces] or [ws.name]
    locks = {w.name for w in spaces if w.has_password}
    st.session_state[K_PICK] = ws.name
    st.selectbox(S.WS_PICK, names, key=K_PICK, on_change=_picked, help=S.WS_PICK_HELP,
                 format_func=lambda n: n + (S.WS_HAS_PASSWORD if n in locks else ""))
    if ws.has_password and session.unlocked(ws.name):
        st.button(S.WS_LOCK, key="ks_ws_lock", icon=":material/lock:", type="tertiary",
                  on_click=session.lock, args=(ws.name,))
    with st.expander(S.WS_CREATE, icon=":material/add:"):
        with st.form("ks_ws_create", border=False, clear_on_submit=False):
            st.text_input(S.WS_CREATE_NAME, key=K_NEW_NAME, max_chars=120)
            st.text_input(S.WS_CREATE_PASSWORD, key=K_NEW_PASSWORD, type="password",
                          help=S.WS_CREATE_PASSWORD_HELP)
            st.form_submit_button(S.WS_CREATE_BUTTON, on_click=_created, type="primary")


def _submitted(name: str) -> None:
    """The password form's callback: check what was typed (throttled), then forget it."""
    given = str(st.session_state.get(K_PASSWORD) or "")
    st.session_state[K_PASSWORD] = ""
    scope = _scope(name)
    wait = auth.seconds_to_wait(scope)
    if wait > 0:
        st.session_state[SAID] = S.WS_PASSWORD_WAIT.format(seconds=int(wait + 0.999))
    elif given and store.password_matches(name, given):
        auth.succeeded(scope)
        session.unlock(name)
    else:
        auth.failed(scope)
        log.warning("a wrong workspace password was given")
        st.session_state[SAID] = S.WS_PASSWORD_WRONG


def gate() -> bool:
    """True when the page may be drawn; for a workspace whose password this session has not
    given, the prompt instead (nothing of the workspace is read)."""
    if session.demo():
        return True
    h, _err = store.workspace_history()
    if h is None or not store.locked(h):
        return True
    name = h.workspace.name
    st.header(S.WS_LOCKED_TITLE.format(name=md(name)))
    st.info(S.WS_LOCKED_TEXT)
    said = st.session_state.pop(SAID, None)
    if said:
        st.error(said)
    with st.form("ks_ws_password_form", border=True, clear_on_submit=True):
        st.text_input(S.WS_PASSWORD, type="password", key=K_PASSWORD)
        st.form_submit_button(S.WS_PASSWORD_SUBMIT, type="primary", on_click=_submitted,
                              args=(name,))
    return False

"""ui/auth.require_editor: open when no password is set; with `app_password` in secrets, a
Vietnamese password prompt guards editing, the right password is remembered for the session."""
from streamlit.testing.v1 import AppTest


def script():
    import streamlit as st

    from ui import auth

    if auth.require_editor():
        st.markdown("EDIT")
    else:
        st.markdown("VIEW")


def _app(secret=None):
    at = AppTest.from_function(script, default_timeout=30)
    if secret is not None:
        at.secrets["app_password"] = secret
    at.run()
    assert not at.exception
    return at


def _said(at):
    return [m.value for m in at.markdown]


def test_open_without_a_password():
    at = _app()
    assert _said(at) == ["EDIT"] and not at.text_input


def test_password_prompt_wrong_then_right_and_remembered():
    at = _app("mật-khẩu-văn-phòng")
    assert _said(at) == ["VIEW"]
    box = at.text_input[0]
    assert box.label == "Mật khẩu chỉnh sửa"
    box.input("sai")
    at.button[0].click().run()
    assert _said(at) == ["VIEW"] and "không đúng" in at.error[0].value
    at.text_input[0].input("mật-khẩu-văn-phòng")
    at.button[0].click().run()
    assert _said(at) == ["EDIT"]
    at.run()  # remembered in this session
    assert _said(at) == ["EDIT"] and not at.text_input


def test_another_session_still_needs_the_password():
    a = _app("pw")
    a.text_input[0].input("pw")
    a.button[0].click().run()
    assert _said(a) == ["EDIT"]
    b = _app("pw")
    assert _said(b) == ["VIEW"]

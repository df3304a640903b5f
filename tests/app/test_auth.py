"""ui/auth.require_editor: open when no password is set; with `app_password` (or its scrypt hash)
in secrets, a Vietnamese password prompt guards editing, the right password is remembered for
the session, nothing typed is kept, a sign-out gives the right back; a misconfigured secrets
file (unreadable, the key in a [section], a misspelt key, a bad hash) disables editing and says
why; after 5 wrong attempts every further one waits longer."""
import pytest
import streamlit as st
from streamlit import config
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest

from ui import auth
from ui import strings as S
from ui.safe_text import md


def script():
    import streamlit as st

    from ui import auth

    if auth.require_editor():
        st.markdown("EDIT")
    else:
        st.markdown("VIEW")
    auth.sign_out_button()


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    auth.reset_throttle()
    clock = [1000.0]
    monkeypatch.setattr(auth, "_now", lambda: clock[0])
    yield clock
    auth.reset_throttle()


def _app(**secrets):
    at = AppTest.from_function(script, default_timeout=30)
    for k, v in secrets.items():
        at.secrets[k] = v
    at.run()
    assert not at.exception
    return at


def _said(at):
    return [m.value for m in at.markdown]


def _try(at, given):
    at.text_input[0].input(given)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_open_without_a_password():
    at = _app()
    assert _said(at) == ["EDIT"] and not at.text_input and not at.button


def test_password_prompt_wrong_then_right_and_remembered_nothing_typed_kept():
    at = _app(app_password="mật-khẩu-văn-phòng")
    assert _said(at) == ["VIEW"]
    box = at.text_input[0]
    assert box.label == "Mật khẩu chỉnh sửa"
    _try(at, "sai")
    assert _said(at) == ["VIEW"] and "không đúng" in at.error[0].value
    assert at.session_state["ks_editor_password"] == ""  # the form cleared what was typed
    _try(at, "mật-khẩu-văn-phòng")
    assert _said(at) == ["EDIT"] and at.success[0].value == S.AUTH_OK
    assert at.session_state["ks_editor_password"] == ""
    assert all("mật-khẩu" not in str(at.session_state[k]) for k in at.session_state)
    at.run()  # remembered in this session
    assert _said(at) == ["EDIT"] and not at.text_input


def test_another_session_still_needs_the_password():
    a = _app(app_password="pw")
    _try(a, "pw")
    assert _said(a) == ["EDIT"]
    b = _app(app_password="pw")
    assert _said(b) == ["VIEW"]


def test_sign_out_gives_the_right_back():
    at = _app(app_password="pw")
    _try(at, "pw")
    assert _said(at) == ["EDIT"]
    out = at.button(key="ks_sign_out")
    assert out.label == S.AUTH_SIGN_OUT
    out.click().run()
    assert _said(at) == ["VIEW"] and at.text_input  # asked again
    assert not [b for b in at.button if b.key == "ks_sign_out"]


def test_a_hashed_password_is_checked_and_the_plain_text_is_not_stored():
    h = auth.make_hash("bí mật 2024")
    assert h.startswith("scrypt$16384$8$1$") and "bí mật" not in h
    assert auth.make_hash("bí mật 2024") != h  # a fresh salt each time
    at = _app(app_password_hash=h)
    _try(at, "bi mat 2024")
    assert _said(at) == ["VIEW"] and at.error[0].value == S.AUTH_WRONG
    _try(at, "bí mật 2024")
    assert _said(at) == ["EDIT"]


def _closed(at, reason):
    assert _said(at) == ["VIEW"] and not at.text_input  # no prompt: nothing can open it
    assert at.error[0].value == S.AUTH_CLOSED.format(reason=reason)


def test_the_password_inside_a_section_closes_editing():
    at = _app(general={"app_password": "pw"})
    _closed(at, S.AUTH_IN_SECTION.format(key=r"app\_password", section="general"))


@pytest.mark.parametrize("key", ["app_pasword", "password", "App-Password", "mat_khau"])
def test_a_misspelt_password_key_closes_editing(key):
    at = _app(**{key: "pw"})
    _closed(at, S.AUTH_MISSPELT.format(key=md(key)))


def test_a_database_password_is_not_taken_for_ours():
    at = _app(db_password="x", app_password="pw")
    assert _said(at) == ["VIEW"] and at.text_input and not at.error


def test_a_malformed_hash_closes_editing():
    at = _app(app_password_hash="scrypt$abc")
    _closed(at, S.AUTH_BAD_HASH)


def test_an_unreadable_secrets_file_closes_editing(tmp_path, monkeypatch):
    bad = tmp_path / "secrets.toml"
    bad.write_text('app_password = "pw\n[oops', encoding="utf-8")  # a TOML syntax error
    monkeypatch.setattr(st, "secrets", Secrets())
    old = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(bad)])
    try:
        at = AppTest.from_function(script, default_timeout=30)
        at.run()
        assert not at.exception
        _closed(at, S.AUTH_UNREADABLE)
        # no secrets file at all: open, as before
        monkeypatch.setattr(st, "secrets", Secrets())
        config.set_option("secrets.files", [str(tmp_path / "none.toml")])
        at = AppTest.from_function(script, default_timeout=30)
        at.run()
        assert _said(at) == ["EDIT"]
    finally:
        config.set_option("secrets.files", old)


def test_after_five_wrong_attempts_each_further_one_waits_longer(fresh_throttle):
    clock = fresh_throttle
    at = _app(app_password="pw")
    for _ in range(5):
        _try(at, "sai")
        assert at.error[0].value == S.AUTH_WRONG
    # the 5th wrong attempt set a wait of 2 s: even the right password is not checked
    _try(at, "pw")
    assert _said(at) == ["VIEW"] and at.error[0].value == S.AUTH_WAIT.format(seconds=2)
    # another session of the same server process waits too
    other = _app(app_password="pw")
    _try(other, "pw")
    assert _said(other) == ["VIEW"] and other.error[0].value == S.AUTH_WAIT.format(seconds=2)
    clock[0] += 2.5
    _try(at, "sai")  # the 6th wrong attempt: 4 s
    assert at.error[0].value == S.AUTH_WRONG
    _try(at, "pw")
    assert at.error[0].value == S.AUTH_WAIT.format(seconds=4)
    clock[0] += 4.5
    _try(at, "sai")  # the 7th: 8 s
    _try(at, "pw")
    assert at.error[0].value == S.AUTH_WAIT.format(seconds=8)
    clock[0] += 8.5
    _try(at, "pw")
    assert _said(at) == ["EDIT"]
    # the right password forgot the process's count: the next session starts afresh
    fresh = _try(_app(app_password="pw"), "sai")
    assert fresh.error[0].value == S.AUTH_WRONG


def test_hash_command_prints_the_secrets_line(monkeypatch, capsys):
    import getpass

    answers = iter(["mật khẩu", "mật khẩu"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert auth._main(["hash"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith('app_password_hash = "scrypt$') and line.endswith('"')
    h = line.split('"')[1]
    assert auth.matches("mật khẩu", auth.Access("password", hashed=h))
    assert not auth.matches("mat khau", auth.Access("password", hashed=h))
    answers = iter(["a", "b"])
    assert auth._main(["hash"]) == 1

"""Optional editor password: when `app_password` is set in .streamlit/secrets.toml, uploading and
the history's delete/replace ask for it once per browser session; viewing stays open.

    if auth.require_editor():   # shows the Vietnamese password prompt when needed
        ... upload / delete / replace ...
"""
from __future__ import annotations

import hmac
import logging

import streamlit as st

log = logging.getLogger(__name__)

EDITOR = "ks_editor"  # session key: this session gave the right password
SECRET = "app_password"

LABEL = "Mật khẩu chỉnh sửa"
HELP = ("Văn phòng đã đặt mật khẩu cho việc tải dữ liệu lên và xóa, thay thế lịch sử. "
        "Xem biểu đồ, bảng số liệu không cần mật khẩu.")
WRONG = "Mật khẩu không đúng. Hãy nhập lại hoặc hỏi người quản trị ứng dụng."
NEEDED = "🔒 Cần mật khẩu chỉnh sửa để tải dữ liệu lên hoặc xóa, thay thế lịch sử."
OK = "Đã mở quyền chỉnh sửa cho phiên làm việc này."


def password() -> str:
    """The configured password, or '' when none (no secrets file, no key)."""
    try:
        value = st.secrets.get(SECRET)
    except FileNotFoundError:  # no secrets.toml at all
        return ""
    except Exception:  # an unreadable secrets.toml: editing stays open, as without one
        log.exception("the secrets file could not be read")
        return ""
    return str(value) if value else ""


def is_editor() -> bool:
    """Whether this session may edit, without drawing anything."""
    return not password() or bool(st.session_state.get(EDITOR))


def require_editor(key: str = "ks_editor_password") -> bool:
    """True when this session may edit; otherwise draws the password prompt and returns False."""
    expected = password()
    if not expected or st.session_state.get(EDITOR):
        return True
    st.info(NEEDED)
    with st.form(f"{key}_form", border=True):
        given = st.text_input(LABEL, type="password", key=key, help=HELP)
        submitted = st.form_submit_button("Mở quyền chỉnh sửa", type="primary")
    if submitted:
        if hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            st.session_state[EDITOR] = True
            st.success(OK)
            return True
        st.error(WRONG)
    return False

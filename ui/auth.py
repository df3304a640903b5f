"""Optional editor password: when `app_password` (or `app_password_hash`) is set at the top of
.streamlit/secrets.toml, uploading and the history's delete/replace ask for it once per browser
session; viewing stays open.

    if auth.require_editor():   # shows the Vietnamese password prompt when needed
        ... upload / delete / replace ...

Fails closed: when the secrets file exists but cannot be read (a TOML syntax error), when the
key sits inside a [section], when a key next to it looks like a misspelt password key, or when
the hash is malformed, editing is disabled and the page says why.

The password may be stored as a hash, made by (it asks twice, prints the line to paste):

    python -m ui.auth hash        # app_password_hash = "scrypt$16384$8$1$<salt>$<hash>"

Comparison is in constant time (hmac.compare_digest). After 5 wrong attempts every further
attempt waits 2, 4, 8, ... seconds (at most 5 minutes), counted both for this server process
and for the browser session; a workspace's own password (ui/workspace.py) is throttled the same
way, counted apart for each workspace. Nothing typed is kept: the form's callback checks the
input and empties it before the run.
"""
from __future__ import annotations

import difflib
import hmac
import logging
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from analysis import passwords

from . import strings as S
from .safe_text import md

log = logging.getLogger(__name__)

EDITOR = "ks_editor"  # session key: this session gave the right password
FAILS = "ks_auth_fails"  # session key: scope -> (wrong attempts, time before the next check)
SAID = "ks_auth_said"  # session key: the outcome of the last attempt, shown once
SECRET = "app_password"
HASH = "app_password_hash"

FREE_ATTEMPTS = 5
MAX_WAIT = 300.0

_now = time.monotonic  # replaced in tests


@dataclass(frozen=True)
class Access:
    """What secrets.toml says: mode 'open' (no password), 'password' (a check) or 'closed'
    (misconfigured: `reason` says why, in Vietnamese)."""
    mode: str
    plain: str = ""
    hashed: str = ""
    reason: str = ""


# --- the configuration -------------------------------------------------------------------------

def _squash(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(key).lower())


def _looks_like_ours(key: str) -> bool:
    """A key a person meant as the editor password: app_pasword, password, AppPassword, ..."""
    k = _squash(key)
    if any(w in k for w in ("db", "database", "postgres", "sql", "smtp", "mail")):
        return False
    if not any(w in k for w in ("pas", "pw", "word", "matkhau", "mk")):
        return False
    return max(difflib.SequenceMatcher(None, k, t).ratio()
               for t in ("apppassword", "apppasswordhash", "password", "matkhau")) >= 0.6


def _secrets() -> Mapping | None:
    """The secrets as a mapping; {} when there is no secrets file; None when it exists but cannot
    be read."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as e:  # StreamlitSecretNotFoundError: no file, or a parse error
        if e.__cause__ is not None:
            log.error("the secrets file could not be read: %s", e.__cause__)
            return None
        return {}
    except Exception:  # noqa: BLE001 - anything else unreadable fails closed too
        log.exception("the secrets file could not be read")
        return None


def _misplaced(secrets: Mapping) -> str:
    """The Vietnamese reason a password-like key is misplaced or misspelt, or ''."""
    for section, value in secrets.items():
        if isinstance(value, Mapping):
            for key in value:
                if key in (SECRET, HASH) or _looks_like_ours(key):
                    return S.AUTH_IN_SECTION.format(key=md(key), section=md(section))
    for key in secrets:
        if key not in (SECRET, HASH) and not isinstance(secrets[key], Mapping) \
                and _looks_like_ours(key):
            return S.AUTH_MISSPELT.format(key=md(key))
    return ""


def access() -> Access:
    """How editing is guarded, read from the secrets on every call (Streamlit caches the file)."""
    secrets = _secrets()
    if secrets is None:
        return Access("closed", reason=S.AUTH_UNREADABLE)
    reason = _misplaced(secrets)
    if reason:
        return Access("closed", reason=reason)
    plain, hashed = secrets.get(SECRET), secrets.get(HASH)
    if hashed:
        if _parse_hash(str(hashed)) is None:
            return Access("closed", reason=S.AUTH_BAD_HASH)
        return Access("password", hashed=str(hashed))
    if plain:
        return Access("password", plain=str(plain))
    return Access("open")


def password() -> str:
    """The configured plain password, or '' (none, a hash, or closed)."""
    return access().plain


# --- hashing (analysis/passwords.py, shared with the workspaces' passwords) ----------------

make_hash = passwords.make_hash
_parse_hash = passwords.parse_hash


def matches(given: str, a: Access) -> bool:
    """Whether `given` is the configured password (constant-time comparison)."""
    if a.hashed:
        return passwords.verify(given, a.hashed)
    return bool(a.plain) and hmac.compare_digest(given.encode("utf-8"), a.plain.encode("utf-8"))


# --- throttling --------------------------------------------------------------------------------

_LOCK = threading.Lock()
_process: dict = {}  # scope -> {"fails", "until"}: every session of this server process


def _wait_after(fails: int) -> float:
    return 0.0 if fails < FREE_ATTEMPTS else min(2.0 ** (fails - FREE_ATTEMPTS + 1), MAX_WAIT)


def _session_fails(scope: str) -> dict:
    """scope -> (wrong attempts, time before which none is checked), of this browser session."""
    fails = st.session_state.get(FAILS)
    if not isinstance(fails, dict):
        fails = st.session_state[FAILS] = {}
    return fails


def seconds_to_wait(scope: str = "") -> float:
    """How long before the next attempt at the password of `scope` ('' the editor password, a
    workspace's name for its own) is checked: the longer of the process's and the session's
    waits."""
    _fails, until = _session_fails(scope).get(scope, (0, 0.0))
    with _LOCK:
        until = max(until, _process.get(scope, {}).get("until", 0.0))
    return max(0.0, until - _now())


def failed(scope: str = "") -> None:
    """Count a wrong attempt at the password of `scope`."""
    now = _now()
    mine = _session_fails(scope)
    fails, _until = mine.get(scope, (0, 0.0))
    mine[scope] = (fails + 1, now + _wait_after(fails + 1))
    with _LOCK:
        p = _process.setdefault(scope, {"fails": 0, "until": 0.0})
        p["fails"] += 1
        p["until"] = now + _wait_after(p["fails"])


def succeeded(scope: str = "") -> None:
    _session_fails(scope).pop(scope, None)
    with _LOCK:
        _process.pop(scope, None)


def reset_throttle() -> None:
    """Forget the process's wrong attempts (tests)."""
    with _LOCK:
        _process.clear()


# --- on the page -------------------------------------------------------------------------------

def is_editor() -> bool:
    """Whether this session may edit, without drawing anything."""
    a = access()
    if a.mode == "closed":
        return False
    return a.mode == "open" or bool(st.session_state.get(EDITOR))


def _submitted(key: str) -> None:
    """The form's callback (it runs before the script): check what was typed, then forget it,
    so that no run and no session state holds it. The outcome is shown by require_editor."""
    given = str(st.session_state.get(key) or "")
    st.session_state[key] = ""
    a = access()
    wait = seconds_to_wait()
    if a.mode != "password":
        return
    if wait > 0:
        st.session_state[SAID] = S.AUTH_WAIT.format(seconds=int(wait + 0.999))
    elif matches(given, a):
        succeeded()
        st.session_state[EDITOR] = True
        st.session_state[SAID] = S.AUTH_OK
    else:
        failed()
        log.warning("a wrong editor password was given")
        st.session_state[SAID] = S.AUTH_WRONG


def require_editor(key: str = "ks_editor_password") -> bool:
    """True when this session may edit; otherwise draws why not (a misconfiguration) or the
    password prompt, and returns False."""
    a = access()
    said = st.session_state.pop(SAID, None)
    if a.mode == "closed":
        st.error(S.AUTH_CLOSED.format(reason=a.reason), icon="🔒")
        return False
    if a.mode == "open":
        return True
    if st.session_state.get(EDITOR):
        if said == S.AUTH_OK:
            st.success(S.AUTH_OK)
        return True
    st.info(S.AUTH_NEEDED)
    if said:
        st.error(said)
    with st.form(f"{key}_form", border=True, clear_on_submit=True):
        st.text_input(S.AUTH_LABEL, type="password", key=key, help=S.AUTH_HELP)
        st.form_submit_button(S.AUTH_SUBMIT, type="primary", on_click=_submitted, args=(key,))
    return False


def sign_out_button() -> None:
    """In the sidebar of a session that gave the password: a button to give the right back."""
    if not st.session_state.get(EDITOR) or access().mode != "password":
        return
    if st.button(S.AUTH_SIGN_OUT, key="ks_sign_out", icon=":material/logout:", type="tertiary"):
        st.session_state.pop(EDITOR, None)
        st.toast(S.AUTH_SIGNED_OUT)
        st.rerun()


def _main(argv: list) -> int:
    """`python -m ui.auth hash`: ask for a password twice, print the secrets.toml line."""
    import getpass

    if argv[:1] != ["hash"]:
        print("usage: python -m ui.auth hash")
        return 2
    first = getpass.getpass("Mật khẩu chỉnh sửa mới: ")
    if not first or first != getpass.getpass("Nhập lại: "):
        print("Hai lần nhập không giống nhau (hoặc để trống); chưa tạo mã băm.")
        return 1
    print(f'{HASH} = "{make_hash(first)}"')
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))

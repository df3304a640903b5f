"""This browser session's state: the loaded files, the user's choices for them, the sidebar's
settings and the messages shown once. No caching and no computation: ui/data.py derives
everything else from what is kept here.

The loaded files live in `st.session_state` as bytes, so that leaving the upload page (whose
uploader widget is then discarded) keeps the data; each session only ever looks up the files
of its own list, so it sees only its own uploads. The key strings are part of running sessions
(and of the tests): keep them.
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

import streamlit as st

from analysis.model import Period

# the loaded files and the user's choices for them
FILES = "ks_files"  # list[dict(name, data, digest)] in load order
COLUMNS = "ks_columns"  # file name -> {sheet: {field: col}}  (the parser's overrides)
PERIODS = "ks_periods"  # (file name, sheet) -> Period chosen by the user
BLOCKS = "ks_blocks"  # (unit key, district) -> block code chosen in this session
PENDING = "ks_pending"  # files waiting for the replace confirmation
FLASH = "ks_flash"  # list of (kind, message) shown once on the next run
SEEN = "ks_seen_uploads"  # digests already taken from the uploader widget
REJECTED = "ks_rejected"  # list of (kind, file name, message): kept until dismissed
JUMP = "ks_jump"  # True: the next sidebar moves the period to the newest one loaded
JUMPED = "ks_jumped"  # the period code the sidebar last moved to (said on the upload page)
SAVED = "ks_saved"  # (upload key, kind, message) of the last save to the history
CONFIRM_CLEAR = "ks_confirm_clear"  # "Xóa toàn bộ dữ liệu đã tải" waiting for a confirmation
UPLOADER_GEN = "ks_uploader_gen"  # bumped by a clear: a fresh, empty uploader widget

# the history page's action waiting for a confirmation
CONFIRM = "hi_confirm"  # ("delete" | "restore" | "import", period or None)
IMPORT_BYTES = "hi_import_bytes"  # the backup waiting for the import's confirmation

# sidebar settings (widget keys)
K_PERIOD = "ks_period"
K_METRIC = "ks_metric"
K_TARGET = "ks_target"
K_BLOCK_FILTER = "ks_block_filter"
K_DISTRICT_FILTER = "ks_district_filter"
K_PRESENT = "ks_present"
K_USE_HISTORY = "ks_use_history"  # the sidebar's combine switch (a widget key)
COMBINE = "ks_combine"  # the combine choice itself: kept apart from its switch, whose widget
# state a page switch can lose (as PRESENTING below)
K_SLIDE = "ks_slide"  # the projector's slide shown (its id)
K_CONTRAST = "ks_contrast"  # the projector's high-contrast switch
PRESENTING = "ks_presenting"  # projector mode on: kept apart from its switch, whose widget
# state a page switch in the run that changed it would lose
PRESENT_START = "ks_present_start"  # projector mode just switched on: open the slides
PRESENT_LEFT = "ks_present_left"  # projector mode just left: open the sidebar again

# the workspace (không gian làm việc) this session works in, and the demo space of the samples
WORKSPACE = "ks_workspace"  # name of the workspace opened in this session (None: the default)
UNLOCKED = "ks_ws_unlocked"  # names of the password workspaces this session gave the password of
DEMO = "ks_demo"  # True while the loaded files are samples: nothing can be saved

RUN_DATA = "_ks_data"  # this run's ui.data.SessionData (dropped when its inputs change)

DEFAULT_TARGET = 100.0


def init() -> None:
    ss = st.session_state
    for key, default in ((FILES, []), (COLUMNS, {}), (PERIODS, {}), (BLOCKS, {}), (PENDING, []),
                         (FLASH, []), (REJECTED, []), (K_TARGET, DEFAULT_TARGET),
                         (K_PRESENT, False), (K_BLOCK_FILTER, []), (K_DISTRICT_FILTER, []),
                         (COMBINE, False), (UNLOCKED, set()), (DEMO, False)):
        if key not in ss:
            ss[key] = default


# --- the sidebar's settings --------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    """The sidebar's choices as they stand now (period and metric None before the sidebar has
    offered any)."""
    period: str | None
    metric: str | None
    target: float
    present: bool
    blocks: tuple
    districts: tuple
    use_history: bool


def settings() -> Settings:
    ss = st.session_state
    return Settings(period=ss.get(K_PERIOD), metric=ss.get(K_METRIC),
                    target=float(ss.get(K_TARGET, DEFAULT_TARGET)),
                    present=bool(ss.get(PRESENTING, False)),
                    blocks=tuple(ss.get(K_BLOCK_FILTER) or []),
                    districts=tuple(ss.get(K_DISTRICT_FILTER) or []),
                    use_history=bool(ss.get(COMBINE, False)))


def present() -> bool:
    return bool(st.session_state.get(PRESENTING))


def sync_present_switch() -> None:
    """Before the sidebar draws its switch: the switch shows the mode."""
    st.session_state[K_PRESENT] = present()


def present_changed() -> None:
    """The projector switch's callback: the mode follows it; switched on, the slides open on
    the first one."""
    ss = st.session_state
    ss[PRESENTING] = bool(ss.get(K_PRESENT))
    if not ss[PRESENTING]:
        ss[PRESENT_LEFT] = True
    else:
        ss[PRESENT_START] = True
        ss.pop(K_SLIDE, None)


def take_present_start() -> bool:
    return bool(st.session_state.pop(PRESENT_START, False))


def leave_present() -> None:
    """The projector's exit button (a callback: the sidebar's switch is set before it is
    drawn)."""
    st.session_state[PRESENTING] = False
    st.session_state[PRESENT_LEFT] = True
    st.session_state.pop(K_SLIDE, None)


def take_present_left() -> bool:
    return bool(st.session_state.pop(PRESENT_LEFT, False))


def keep_one(key: str, options: list, default) -> None:
    """A single-choice widget's value falls back to `default` when it is not among `options`."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def keep_among(key: str, options: list) -> None:
    """A multiselect's values not among `options` are dropped."""
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]


def chosen(key: str):
    return st.session_state.get(key)


# --- the loaded files --------------------------------------------------------------------------

def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def files() -> list:
    """The loaded files, dicts (name, data, digest), in load order."""
    return st.session_state.get(FILES, [])


def column_choices(name: str) -> dict | None:
    """The user's columns for a file ({sheet: {field: col}}), or None."""
    return st.session_state[COLUMNS].get(name)


def set_columns(name: str, sheet, chosen_: dict) -> None:
    st.session_state[COLUMNS].setdefault(name, {})[sheet] = chosen_
    drop_run_data()


def set_file_columns(name: str, columns: dict) -> None:
    st.session_state[COLUMNS][name] = columns
    drop_run_data()


def period_choices() -> dict:
    """(file name, sheet) -> the Period the user chose."""
    return st.session_state[PERIODS]


def sheet_period(filename: str, sheet) -> Period | None:
    return st.session_state[PERIODS].get((filename, sheet))


def set_sheet_period(filename: str, sheet, period: Period | None) -> None:
    """Choose a sheet's period (None: back to the period read from the file)."""
    if period is None:
        st.session_state[PERIODS].pop((filename, sheet), None)
    else:
        st.session_state[PERIODS][(filename, sheet)] = period
        jump_to_newest()
    drop_run_data()


def block_choices() -> dict:
    """(unit key, district or '') -> the block code the user chose in this session (the demo
    space's, or while no history can be written: a workspace's corrections are stored)."""
    return st.session_state[BLOCKS]


def set_block(key: str, district: str | None, code: str | None) -> None:
    """Choose a unit's block (None: back to the block read from its name)."""
    if code is None:
        st.session_state[BLOCKS].pop((key, district or ""), None)
    else:
        st.session_state[BLOCKS][(key, district or "")] = code
    drop_run_data()


def known_digests() -> set:
    """Digests of the files loaded or waiting for a confirmation."""
    ss = st.session_state
    return {f["digest"] for f in ss[FILES]} | {p["digest"] for p in ss[PENDING]}


def new_uploads(uploaded) -> list:
    """(name, bytes) of the uploader's files not taken from it before in this session."""
    seen = st.session_state.setdefault(SEEN, set())
    new = []
    for f in uploaded:
        data = f.getvalue()
        d = digest(data)
        if d not in seen:
            seen.add(d)
            new.append((f.name, data))
    return new


def append_file(entry: dict) -> None:
    """Add a file (a file of the same name is replaced: a corrected re-export)."""
    ss = st.session_state
    ss[FILES] = [f for f in ss[FILES] if f["name"] != entry["name"]] + [
        {k: entry[k] for k in ("name", "data", "digest")}]
    drop_run_data()


def pending() -> list:
    """Files waiting for the replace confirmation: dicts (name, data, digest, conflicts)."""
    return st.session_state[PENDING]


def add_pending(entry: dict) -> None:
    st.session_state[PENDING].append(entry)


def pop_pending() -> dict | None:
    ss = st.session_state
    return ss[PENDING].pop(0) if ss[PENDING] else None


def remove_file(name: str) -> None:
    ss = st.session_state
    ss[FILES] = [f for f in ss[FILES] if f["name"] != name]
    ss[COLUMNS].pop(name, None)
    for k in [k for k in ss[PERIODS] if k[0] == name]:
        del ss[PERIODS][k]
    drop_run_data()


def clear_all() -> None:
    """Forget every loaded file, its choices and messages; the uploader starts empty again (a
    new widget), so that the same files can be dropped again."""
    ss = st.session_state
    ss[FILES] = []
    ss[PENDING] = []
    ss[COLUMNS] = {}
    ss[PERIODS] = {}
    ss[BLOCKS] = {}
    ss[DEMO] = False
    ss[REJECTED] = []
    ss[SEEN] = set()
    ss[UPLOADER_GEN] = int(ss.get(UPLOADER_GEN, 0)) + 1  # a fresh, empty uploader widget
    for key in (JUMPED, SAVED, CONFIRM_CLEAR):
        ss.pop(key, None)
    drop_run_data()


def _put_away() -> None:
    """Before another workspace or the demo space (from a widget's callback): the loaded files,
    the choices for them, the combine switch, and the uploader's own files (a new uploader, so
    that the same file can be loaded again in the new space)."""
    clear_all()  # a new uploader too
    st.session_state[COMBINE] = False


# --- the workspace and the demo space ---------------------------------------------------------

def workspace_name() -> str | None:
    """The name of the workspace this session opened (None: the store's default one)."""
    return st.session_state.get(WORKSPACE)


def set_workspace(name: str | None) -> None:
    """Open another workspace: what was loaded for the previous one is put away, so nothing of
    one office is shown or saved in another."""
    if name == workspace_name():
        return
    _put_away()
    st.session_state[WORKSPACE] = name
    answered()


def unlocked(name: str) -> bool:
    return name in st.session_state.get(UNLOCKED, set())


def unlock(name: str) -> None:
    st.session_state.setdefault(UNLOCKED, set()).add(name)


def lock(name: str) -> None:
    st.session_state.get(UNLOCKED, set()).discard(name)


def who() -> str:
    """Who makes a correction, as the history records it: the user the office's reverse proxy
    names (X-Forwarded-User, X-Remote-User), else this browser session's own short number."""
    try:
        headers = st.context.headers
        for name in ("X-Forwarded-User", "X-Remote-User", "Remote-User"):
            if headers.get(name):
                return str(headers[name])[:100]
    except Exception:  # noqa: BLE001 - no request (a test run): the session's number
        pass
    ss = st.session_state
    if "ks_who" not in ss:
        ss["ks_who"] = "phiên " + uuid.uuid4().hex[:6]
    return ss["ks_who"]


def demo() -> bool:
    """True while the session shows the samples (the demo space): never saved into a workspace."""
    return bool(st.session_state.get(DEMO))


def enter_demo() -> None:
    """Open the demo space (a callback): the files loaded for the workspace are put away."""
    if not demo():
        _put_away()
        st.session_state[DEMO] = True


def leave_demo() -> None:
    """Back to the workspace (a callback): the samples are put away."""
    _put_away()


def use_history() -> None:
    """Combine the workspace's stored months with the files loaded now (a callback: the
    sidebar's switch shows it on)."""
    st.session_state[COMBINE] = True


def sync_combine_switch() -> None:
    """Before the sidebar draws its combine switch: the switch shows the choice."""
    st.session_state[K_USE_HISTORY] = bool(st.session_state.get(COMBINE))


def combine_changed() -> None:
    """The combine switch's callback: the choice follows it."""
    st.session_state[COMBINE] = bool(st.session_state.get(K_USE_HISTORY))


def uploader_key() -> str:
    """The uploader widget's key: "ks_uploader", then a new one after each clear."""
    gen = int(st.session_state.get(UPLOADER_GEN, 0))
    return "ks_uploader" if gen == 0 else f"ks_uploader_{gen}"


# --- the monthly routine: rejected files, the move to the newest period, the save ------------

def reject(kind: str, name: str, message: str) -> None:
    """A message about a file that was not (or not fully) read, kept until dismissed."""
    ss = st.session_state
    kept = [r for r in ss.get(REJECTED, []) if r != (kind, name, message)]
    ss[REJECTED] = kept + [(kind, name, message)]


def rejected() -> list:
    return list(st.session_state.get(REJECTED, []))


def dismiss(index: int) -> None:
    ss = st.session_state
    items = list(ss.get(REJECTED, []))
    if 0 <= index < len(items):
        del items[index]
    ss[REJECTED] = items


def forget_rejections(name: str) -> None:
    """A file of this name was read after all: its old messages no longer hold."""
    ss = st.session_state
    ss[REJECTED] = [r for r in ss.get(REJECTED, []) if r[1] != name]


def jump_to_newest() -> None:
    """The next sidebar moves the period to the newest one the data has (after an upload)."""
    st.session_state[JUMP] = True


def take_jump() -> bool:
    return bool(st.session_state.pop(JUMP, False))


def set_jumped(code: str | None) -> None:
    st.session_state[JUMPED] = code


def jumped() -> str | None:
    return st.session_state.get(JUMPED)


def set_saved(key: str, kind: str, message: str) -> None:
    st.session_state[SAVED] = (key, kind, message)


def saved() -> tuple | None:
    return st.session_state.get(SAVED)


def ask_clear(on: bool = True) -> None:
    st.session_state[CONFIRM_CLEAR] = on


def clear_asked() -> bool:
    return bool(st.session_state.get(CONFIRM_CLEAR))


# --- the history page's action waiting for a confirmation -----------------------------------

def ask(action: str, period: str | None = None, backup: bytes | None = None) -> None:
    """Hold a delete, restore or import (with its backup's bytes) until the user confirms."""
    if backup is not None:
        st.session_state[IMPORT_BYTES] = backup
    st.session_state[CONFIRM] = (action, period)


def asked() -> tuple | None:
    """(action, period) waiting for a confirmation, or None."""
    return st.session_state.get(CONFIRM)


def answered() -> None:
    """The confirmation is over (carried out or cancelled): forget the action and its backup."""
    st.session_state[CONFIRM] = None
    st.session_state.pop(IMPORT_BYTES, None)


def held_backup() -> bytes:
    return st.session_state.pop(IMPORT_BYTES)


# --- this run's data object (made by ui/data.py) ----------------------------------------------

def run_data():
    return st.session_state.get(RUN_DATA)


def set_run_data(obj) -> None:
    st.session_state[RUN_DATA] = obj


def drop_run_data() -> None:
    """Forget this run's data object: the next look builds it again from the inputs above."""
    st.session_state.pop(RUN_DATA, None)


# --- the office profile when the history cannot keep it (ui/store.office_profile) ------------

K_PROFILE = "ks_office_profile"


def office_profile() -> dict | None:
    return st.session_state.get(K_PROFILE)


def set_office_profile(value: dict) -> None:
    st.session_state[K_PROFILE] = dict(value)


def forget_office_profile() -> None:
    st.session_state.pop(K_PROFILE, None)


K_LETTER_PDF = "ks_letter_pdf"  # (the letter's digest, its PDF bytes): the last PDF made


def letter_pdf(digest: str) -> bytes | None:
    made = st.session_state.get(K_LETTER_PDF)
    return made[1] if made and made[0] == digest else None


def set_letter_pdf(digest: str, data: bytes) -> None:
    st.session_state[K_LETTER_PDF] = (digest, data)


# --- messages shown once ----------------------------------------------------------------------

def flash(kind: str, message: str) -> None:
    st.session_state[FLASH].append((kind, message))


def show_flash() -> None:
    msgs = st.session_state.get(FLASH) or []
    for kind, msg in msgs:
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(msg)
    st.session_state[FLASH] = []

"""The app's gateway to the stored history (analysis.store): which history to open (env
`KYSO_DB_URL`, else `.streamlit/secrets.toml`, else the SQLite file beside the app), which of its
workspaces (không gian làm việc) this session works in, and every read or write the pages make.
The one ui module that imports `analysis.store`.

Every call goes through the session's workspace (ui/session.py): what is stored, listed,
restored, exported and imported is of that workspace only. `history()` gives no history in the
demo space (the samples: nothing saved, no stored correction applied) nor for a workspace with a
password this session has not given.

Nothing here is cached with Streamlit (ui/data.py caches the stored frame); a history (an
engine, i.e. a connection pool) is opened once per URL, workspace and process. Every write bumps
a generation counter of this server, so cached reads of the history are refreshed in every
session; writes from other servers (a shared PostgreSQL) show within ui/data.py's TTL.
"""
from __future__ import annotations

import logging
import threading

import pandas as pd

import analysis.store as _store
from analysis.store import (
    HistoryError,
    apply_corrections,
    check_backup,
    clear_history,
    default_url,
    delete_period,
    export_history,
    get_workspace_setting,
    history_problems,
    import_history,
    list_period_spans,
    list_periods,
    list_versions,
    load_frame,
    merge_units,
    missing_months,
    needed_periods,
    period_label,
    restore_previous_version,
    save_column_mapping,
    saved_column_overrides,
    set_workspace_setting,
    store_frame,
    unit_merges_map,
    unmerge_unit,
)

from . import session
from . import strings as S
from .safe_text import md

log = logging.getLogger(__name__)

__all__ = ["HistoryError", "needed_periods", "period_label"]  # re-exported for ui/ modules

_OPENED: dict = {}  # (url, workspace name) -> History
_OPEN_LOCK = threading.Lock()
_GENERATION = [0]  # bumped after every write to the history from this server
_LOAD_PROBLEMS: dict = {}  # (url, workspace) -> why its last load failed


def url() -> str:
    return default_url()


def history():
    """(History, None) or (None, Vietnamese reason) for the session's workspace: none in the
    demo space, nor while the workspace's password has not been given."""
    if session.demo():
        return None, S.DEMO_NO_SAVE
    h, err = workspace_history()
    if h is not None and locked(h):
        return None, S.WS_LOCKED_REASON.format(name=md(h.workspace.name))
    return h, err


def workspace_history():
    """(History, None) or (None, reason) of the session's workspace, whether or not its password
    has been given (what the sidebar needs to name it and ask for the password)."""
    try:
        return _open(default_url(), session.workspace_name()), None
    except HistoryError as e:
        return None, e.message


def locked(h) -> bool:
    """Whether the workspace of `h` has a password this session has not given."""
    ws = h.workspace
    return bool(ws.has_password) and not session.unlocked(ws.name)


def _open(url_: str, name: str | None):
    with _OPEN_LOCK:
        h = _OPENED.get((url_, name))
        if h is None:  # a failure is not kept: the next run tries again
            h = _OPENED[(url_, name)] = _store.open_history(url_, workspace=name)
        return h


def scope() -> str:
    """A string naming the history the session reads (URL and workspace) for cache keys; '' when
    it reads none."""
    h, _err = history()
    return "" if h is None else f"{h.url}\n{h.workspace.id}"


def generation() -> int:
    return _GENERATION[0]


def history_changed() -> None:
    """After a write: every session's cached reads of the history are made again."""
    _GENERATION[0] += 1
    _LOAD_PROBLEMS.clear()  # the write may have mended it: the next load says again
    session.drop_run_data()


# --- the workspaces -----------------------------------------------------------------------------

def workspaces() -> list:
    """The workspaces of the configured database (Workspace: id, name, has_password), by name;
    [] when it cannot be opened."""
    try:
        h, _err = workspace_history()  # its connections, not a new engine each run
        return sorted(_store.list_workspaces(h if h is not None else default_url()),
                      key=lambda w: w.name.casefold())
    except HistoryError:
        log.warning("the workspaces cannot be listed", exc_info=True)
        return []


def create_workspace(name: str, password: str | None) -> str | None:
    """Create a workspace (its password hashed by the store); None, or the Vietnamese reason it
    was refused."""
    try:
        h, _err = workspace_history()
        _store.create_workspace(h if h is not None else default_url(), name, password or None)
    except HistoryError as e:
        return e.message
    history_changed()
    return None


def password_matches(name: str, password: str) -> bool:
    try:
        h, _err = workspace_history()
        return bool(_store.check_workspace_password(h if h is not None else default_url(), name,
                                                    password))
    except HistoryError:
        log.warning("the workspace password cannot be checked", exc_info=True)
        return False


def set_password(password: str | None) -> None:
    h, _err = history()
    if h is not None:
        _store.set_workspace_password(h, password or None)
        if password:  # who set it needs not type it again
            session.unlock(h.workspace.name)
        with _OPEN_LOCK:  # its Workspace (has_password) is read again at the next open
            _OPENED.pop((h.url, session.workspace_name()), None)
        history_changed()


# --- reads for ui/data.py (which caches them) -------------------------------------------------

def stored_periods() -> pd.DataFrame | None:
    """The workspace's stored periods (list_period_spans: period, label, period_start,
    period_end; no unit read) or None when there is no history to read or it cannot be read."""
    h, _err = history()
    if h is None:
        return None
    try:
        return list_period_spans(h)
    except Exception as e:  # noqa: BLE001 - a damaged history must not take every page down
        log.warning("the stored periods cannot be listed", exc_info=True)
        _LOAD_PROBLEMS[scope()] = getattr(e, "message", None) or type(e).__name__
        return None


def load_stored_frame(only: tuple | None = None) -> pd.DataFrame | None:
    """The workspace's stored units of the periods `only` (all when None) as a units frame
    (corrections applied), or None when unavailable or unreadable (damaged rows: every page
    still works from the files loaded now; the history page names the problem and offers the
    way back)."""
    h, _err = history()
    if h is None:
        return None
    try:
        frame = load_frame(h, only_periods=None if only is None else list(only))
    except Exception as e:  # noqa: BLE001 - as stored_periods
        log.warning("the stored history cannot be loaded", exc_info=True)
        _LOAD_PROBLEMS[scope()] = getattr(e, "message", None) or type(e).__name__
        return None
    _LOAD_PROBLEMS.pop(scope(), None)
    return frame


def load_problem() -> str | None:
    """Why the last load of the stored history failed (Vietnamese), or None."""
    return _LOAD_PROBLEMS.get(scope()) if scope() else None


def corrected(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of an upload's frame with the stored corrections (unit merges, block overrides);
    the frame as read when the corrections cannot be read."""
    h, _err = history()
    try:
        return apply_corrections(h, frame)
    except Exception:  # noqa: BLE001 - as load_stored_frame
        log.warning("the stored corrections cannot be read", exc_info=True)
        return frame


# --- what the upload page remembers -----------------------------------------------------------

def saved_columns(result) -> dict:
    """The column mappings the officer chose before for the layouts of a parsed workbook."""
    if result is None:
        return {}
    h, _err = history()
    if h is None:
        return {}
    try:
        return saved_column_overrides(h, result)
    except Exception:  # noqa: BLE001 - a history problem must not stop reading a file
        log.warning("saved column mappings could not be read", exc_info=True)
        return {}


def remember_columns(layout: str, mapping: dict) -> None:
    h, _err = history()
    if h is not None and layout:
        save_column_mapping(h, layout, mapping)
        history_changed()


def remember_block(u, block) -> None:
    """Correct the block of one unit read from a file (its key with its district: never a unit
    of another district that shares its name); None puts back what the file said."""
    h, _err = history()
    if h is not None:
        _store.set_block_override(h, u.key, block, district=u.district or None,
                                  file_block=u.block, unit=u.unit, who=session.who())
        history_changed()


def corrections() -> pd.DataFrame:
    """Every correction of the workspace, newest first (list_corrections: id, kind 'block' or
    'merge', unit, district, key, file_value, corrected_value, who, when); an empty frame when
    there is no history to read."""
    h, _err = history()
    if h is None:
        return pd.DataFrame()
    return _store.list_corrections(h)


def block_corrections() -> dict:
    """(unit key, district or '') -> the workspace's block correction of that unit (a
    list_corrections row as a dict); {} when there is no history to read."""
    try:
        rows = corrections()
    except Exception:  # noqa: BLE001 - the editor still shows the blocks as read
        log.warning("the corrections cannot be listed", exc_info=True)
        return {}
    if rows.empty:
        return {}
    rows = rows[rows["kind"] == "block"]
    return {(r["key"], r["district"] if isinstance(r["district"], str) else ""): r
            for r in rows.to_dict("records")}


def undo(correction_id: str) -> None:
    h, _err = history()
    if h is not None:
        _store.undo_correction(h, correction_id)
        history_changed()


def save_upload(frame: pd.DataFrame, file_names: list) -> tuple:
    """Store the files loaded now (their frame as read) as one confirmed upload (one
    transaction). Returns the outcome: (kind "success" | "warning" | "error", message)."""
    h, err = history()
    if h is None:
        return "error", md(err)
    if frame.empty:
        return "warning", S.UP_SAVE_NOTHING
    try:
        report = store_frame(h, frame, {"files": file_names, "source": "app"})
    except HistoryError as e:
        return "error", md(e.message)
    history_changed()
    return "success", md(report.message())


# --- the history page -------------------------------------------------------------------------

def periods() -> pd.DataFrame:
    return list_periods(history()[0])


def versions() -> pd.DataFrame:
    return list_versions(history()[0])


def months_missing(year: int, through: int) -> list:
    return missing_months(history()[0], year, through=through)


def delete(period: str) -> int:
    return delete_period(history()[0], period)


def restore(period: str) -> None:
    restore_previous_version(history()[0], period)


def check(data: bytes):
    """The checked backup (`Backup`: its rows, `.periods`), or HistoryError listing what is
    wrong; nothing written."""
    return check_backup(data)


def import_backup(data: bytes, allow_empty: bool = False) -> dict:
    return import_history(history()[0], data, allow_empty=allow_empty)


def reset() -> None:
    clear_history(history()[0])


def problems() -> list:
    """The first damaged stored rows ([] when none can be named)."""
    try:
        return history_problems(history()[0])
    except Exception:  # noqa: BLE001 - the database itself may be what is broken
        log.warning("the stored rows cannot be checked", exc_info=True)
        return []


def export_backup() -> bytes:
    return export_history(history()[0])


def merges() -> dict:
    return unit_merges_map(history()[0])


def merge(alias: str, canonical: str) -> None:
    merge_units(history()[0], alias, canonical)


def unmerge(alias: str) -> None:
    unmerge_unit(history()[0], alias)


# --- the office profile of the workspace (the letter's issuer) ----------------------------------

PROFILE_KEY = "office_profile"


def office_profile() -> dict | None:
    """The office profile stored with this workspace; the session's copy when the history is
    unavailable (or the session may not edit, see ui/letter_views._save); None when neither."""
    h, _err = history()
    if h is None:
        return session.office_profile()
    try:
        return session.office_profile() or get_workspace_setting(h, PROFILE_KEY)
    except HistoryError:
        log.warning("the office profile cannot be read", exc_info=True)
        return session.office_profile()


def save_office_profile(value: dict) -> bool:
    """Store the profile with the workspace; False when it could only be kept for the session
    (no history, or the write failed)."""
    h, _err = history()
    if h is None:
        session.set_office_profile(value)
        return False
    try:
        set_workspace_setting(h, PROFILE_KEY, value)
    except HistoryError:
        log.warning("the office profile cannot be stored", exc_info=True)
        session.set_office_profile(value)
        return False
    session.forget_office_profile()
    return True

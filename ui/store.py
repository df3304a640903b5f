"""The app's gateway to the stored history (analysis.store): which history to open (env
`KYSO_DB_URL`, else `.streamlit/secrets.toml`, else the SQLite file beside the app), and every
read or write the pages make. The one ui module that imports `analysis.store`.

Nothing here is cached with Streamlit (ui/data.py caches the stored frame); the history itself
(an engine, i.e. a connection pool) is opened once per URL and process. Every write bumps a
generation counter of this server, so cached reads of the history are refreshed in every
session; writes from other servers (a shared PostgreSQL) show within ui/data.py's TTL.
"""
from __future__ import annotations

import logging
import threading

import pandas as pd

from analysis.store import (
    HistoryError,
    apply_corrections,
    check_backup,
    clear_history,
    default_url,
    delete_period,
    export_history,
    history_problems,
    import_history,
    list_periods,
    list_versions,
    load_frame,
    merge_units,
    missing_months,
    open_history,
    period_label,
    restore_previous_version,
    save_column_mapping,
    saved_column_overrides,
    set_block_override,
    store_frame,
    unit_merges_map,
    unmerge_unit,
)

from . import session
from . import strings as S
from .safe_text import md

log = logging.getLogger(__name__)

__all__ = ["HistoryError", "period_label"]  # re-exported for the history page's views

_OPENED: dict = {}  # url -> History
_OPEN_LOCK = threading.Lock()
_GENERATION = [0]  # bumped after every write to the history from this server
_LOAD_PROBLEMS: dict = {}  # url -> why its last load failed


def url() -> str:
    return default_url()


def history():
    """(History, None) or (None, Vietnamese reason) for the configured database."""
    try:
        return _open(default_url()), None
    except HistoryError as e:
        return None, e.message


def _open(url_: str):
    with _OPEN_LOCK:
        h = _OPENED.get(url_)
        if h is None:  # a failure is not kept: the next run tries again
            h = _OPENED[url_] = open_history(url_)
        return h


def generation() -> int:
    return _GENERATION[0]


def history_changed() -> None:
    """After a write: every session's cached reads of the history are made again."""
    _GENERATION[0] += 1
    session.drop_run_data()


# --- reads for ui/data.py (which caches them) -------------------------------------------------

def load_stored_frame() -> pd.DataFrame | None:
    """The stored history as a units frame (corrections applied), or None when unavailable or
    unreadable (damaged rows: every page still works from the files loaded now; the history
    page names the problem and offers the way back)."""
    h, _err = history()
    if h is None:
        return None
    try:
        frame = load_frame(h)
    except Exception as e:  # noqa: BLE001 - a damaged history must not take every page down
        log.warning("the stored history cannot be loaded", exc_info=True)
        _LOAD_PROBLEMS[h.url] = getattr(e, "message", None) or type(e).__name__
        return None
    _LOAD_PROBLEMS.pop(h.url, None)
    return frame


def load_problem() -> str | None:
    """Why the last load of the stored history failed (Vietnamese), or None."""
    h, _err = history()
    return None if h is None else _LOAD_PROBLEMS.get(h.url)


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


def remember_block(key: str, block) -> None:
    h, _err = history()
    if h is not None:
        set_block_override(h, key, block)
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

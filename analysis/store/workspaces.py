"""Workspaces (không gian làm việc): each office's stored months, corrections, column mappings
and settings belong to one. `open_history(url, workspace)` opens one; the functions here list,
make, rename and protect them, and keep a workspace's settings (JSON by key, e.g. the letter's
"office_profile").

The functions taking `where` accept a URL (None: the default history) or an open `History`
(its connections are reused, nothing is opened or closed).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import insert, select, update

from analysis import passwords
from analysis.errors import HistoryError
from analysis.store.engine import History, open_history, read_transaction, write_transaction
from analysis.store.schema import now, workspace_settings, workspaces
from analysis.store.workspace_rows import (
    MAX_NAME,
    Workspace,
    _of,
    all_rows,
    clean_name,
    make_workspace,
    row_of,
    workspace_of,
)

__all__ = ["MAX_NAME", "Workspace", "check_workspace_password", "create_workspace",
           "get_workspace_setting", "list_workspaces", "rename_workspace",
           "set_workspace_password", "set_workspace_setting"]

MAX_SETTING_BYTES = 1024 * 1024


@contextmanager
def _history(where) -> Iterator[History]:
    if isinstance(where, History):
        yield where
        return
    with open_history(where) as h:
        yield h


def list_workspaces(where=None) -> list[Workspace]:
    """Every workspace of the history, oldest first (the default one included)."""
    with _history(where) as h, read_transaction(h) as conn:
        return [_of(r) for r in all_rows(conn)]


def _hash(password: str | None) -> str | None:
    if password is None:
        return None
    if not isinstance(password, str) or not password.strip():
        raise HistoryError("Mật khẩu không được để trống (bỏ mật khẩu thì chọn «không đặt»).")
    return passwords.make_hash(password)


def create_workspace(where, name: str, password: str | None = None) -> Workspace:
    """Make a workspace called `name` (with an editor password when given). HistoryError
    (Vietnamese) for an empty name or one already used (compared without regard to case)."""
    hashed = _hash(password)
    with _history(where) as h, write_transaction(h, lock=0) as conn:
        return make_workspace(conn, name, hashed)


def check_workspace_password(where, name: str, password: str | None) -> bool:
    """Whether `password` opens the workspace `name`: True for a workspace without a password,
    False for an unknown workspace or a wrong password (constant-time comparison)."""
    try:
        clean = clean_name(name)
    except HistoryError:
        return False
    with _history(where) as h, read_transaction(h) as conn:
        row = next((r for r in all_rows(conn) if r["name"].casefold() == clean.casefold()),
                   None)
    if row is None:
        return False
    if not row["password_hash"]:
        return True
    return password is not None and passwords.verify(password, row["password_hash"])


def set_workspace_password(history: History, password: str | None) -> Workspace:
    """Set (or, with None, remove) the password of the history's workspace; `history.workspace`
    is updated and returned."""
    hashed = _hash(password)
    with write_transaction(history) as conn:
        conn.execute(update(workspaces).where(workspaces.c.id == history.workspace.id)
                     .values(password_hash=hashed))
        history.workspace = workspace_of(conn, history.workspace.id)
    return history.workspace


def rename_workspace(history: History, name: str) -> Workspace:
    """Rename the history's workspace (HistoryError for an empty or used name)."""
    name = clean_name(name)
    with write_transaction(history, lock=0) as conn:
        for r in all_rows(conn):
            if r["id"] != history.workspace.id and r["name"].casefold() == name.casefold():
                raise HistoryError(f"Đã có không gian làm việc tên «{name}»; hãy chọn tên khác.")
        if row_of(conn, history.workspace.id) is None:
            raise HistoryError("Không gian làm việc này không còn trong lịch sử.")
        conn.execute(update(workspaces).where(workspaces.c.id == history.workspace.id)
                     .values(name=name))
        history.workspace = workspace_of(conn, history.workspace.id)
    return history.workspace


# --- settings ----------------------------------------------------------------------------------

def _setting_key(key) -> str:
    if not isinstance(key, str) or not key.strip() or len(key) > 100:
        raise HistoryError("Tên mục cài đặt không hợp lệ.")
    return key.strip()


def get_workspace_setting(history: History, key: str) -> dict | None:
    """The setting `key` of the history's workspace (a dict), or None when never set."""
    key = _setting_key(key)
    with read_transaction(history) as conn:
        payload = conn.execute(select(workspace_settings.c.value).where(
            workspace_settings.c.workspace_id == history.workspace.id,
            workspace_settings.c.key == key)).scalar()
    if payload is None:
        return None
    try:
        value = json.loads(payload)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def set_workspace_setting(history: History, key: str, value: dict) -> None:
    """Keep `value` (a JSON-able dict) as the setting `key` of the history's workspace."""
    key = _setting_key(key)
    if not isinstance(value, dict):
        raise HistoryError("Giá trị cài đặt phải là một bảng (dict).")
    try:
        payload = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as e:
        raise HistoryError(f"Giá trị cài đặt không ghi được: {e}") from e
    if len(payload.encode("utf-8")) > MAX_SETTING_BYTES:
        raise HistoryError("Giá trị cài đặt quá lớn (tối đa 1 MB).")
    ws = history.workspace.id
    with write_transaction(history) as conn:
        done = conn.execute(update(workspace_settings).where(
            workspace_settings.c.workspace_id == ws, workspace_settings.c.key == key)
            .values(value=payload, updated_at=now())).rowcount
        if not done:
            conn.execute(insert(workspace_settings).values(
                workspace_id=ws, key=key, value=payload, updated_at=now()))

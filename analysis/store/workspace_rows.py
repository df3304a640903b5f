"""The workspaces' rows, inside an open transaction: the `Workspace` value, finding one by
name, making one (names checked). The public functions are in `workspaces`."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from analysis.errors import HistoryError
from analysis.store.schema import DEFAULT_WORKSPACE, now, workspaces

MAX_NAME = 200


@dataclass(frozen=True)
class Workspace:
    """One office's space in the history (không gian làm việc)."""

    id: int
    name: str
    has_password: bool


def _of(row) -> Workspace:
    return Workspace(id=int(row["id"]), name=row["name"],
                     has_password=bool(row["password_hash"]))


def clean_name(name) -> str:
    """A workspace's name as stored: NFC, spaces collapsed; HistoryError when empty, too long
    or holding control characters."""
    text = unicodedata.normalize("NFC", " ".join(str(name or "").split()))
    if not text:
        raise HistoryError("Tên không gian làm việc không được để trống.")
    if len(text) > MAX_NAME:
        raise HistoryError(f"Tên không gian làm việc dài quá {MAX_NAME} ký tự.")
    if any(unicodedata.category(ch)[0] == "C" for ch in text):
        raise HistoryError("Tên không gian làm việc có ký tự điều khiển; hãy gõ lại tên.")
    return text


def all_rows(conn: Connection) -> list:
    return list(conn.execute(select(workspaces).order_by(workspaces.c.id)).mappings())


def _named(conn: Connection, name: str):
    """The row of the workspace called `name` (compared without regard to case), or None."""
    want = name.casefold()
    for row in all_rows(conn):
        if row["name"].casefold() == want:
            return row
    return None


def make_workspace(conn: Connection, name: str, password_hash: str | None = None) -> Workspace:
    name = clean_name(name)
    if _named(conn, name) is not None:
        raise HistoryError(f"Đã có không gian làm việc tên «{name}»; hãy chọn tên khác.")
    new_id = conn.execute(insert(workspaces).values(
        name=name, password_hash=password_hash, created_at=now())
        .returning(workspaces.c.id)).scalar_one()
    return Workspace(id=int(new_id), name=name, has_password=bool(password_hash))


def find_workspace(conn: Connection, name: str | None, *, create: bool = False) -> Workspace:
    """The workspace called `name` (None: the default one, made when missing)."""
    if name is None:
        row = _named(conn, DEFAULT_WORKSPACE)
        return _of(row) if row is not None else make_workspace(conn, DEFAULT_WORKSPACE)
    clean = clean_name(name)
    row = _named(conn, clean)
    if row is not None:
        return _of(row)
    if create:
        return make_workspace(conn, clean)
    known = ", ".join(f"«{r['name']}»" for r in all_rows(conn)) or "chưa có"
    raise HistoryError(f"Không có không gian làm việc «{clean}» trong lịch sử này "
                       f"(đang có: {known}).")


def row_of(conn: Connection, workspace_id: int):
    return conn.execute(select(workspaces).where(workspaces.c.id == workspace_id)
                        ).mappings().first()


def workspace_of(conn: Connection, workspace_id: int) -> Workspace:
    row = row_of(conn, workspace_id)
    if row is None:
        raise HistoryError("Không gian làm việc này không còn trong lịch sử.")
    return _of(row)

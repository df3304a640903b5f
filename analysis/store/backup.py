"""A workspace's history as one JSON file, and back: `export_history` / `import_history`.

The backup holds every data table of the history's workspace (data, kept versions,
corrections) with its columns and rows in a fixed order, without the workspace: it can be
imported into any workspace of any history, on either backend (a SQLite history can move to
PostgreSQL and back). Ids are numbered from 1 in the backup and given anew on import, so an
import followed by an export gives back the same bytes. An import is checked completely before
anything is written (`backup_check`). A backup of schema 1 or 2 (one history per database) is
imported the same way; its block overrides and merges, which named a bare unit key, become one
correction per district where the key is stored.
"""
from __future__ import annotations

import json
import logging

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from analysis.errors import HistoryError
from analysis.store.backup_check import EXPORT_FORMAT, check_backup
from analysis.store.engine import History, error_reason, read_transaction, write_transaction
from analysis.store.migrate3 import v2_corrections
from analysis.store.schema import (
    DATA_TABLES,
    SCHEMA_VERSION,
    backup_columns,
    metadata,
    now,
    period_versions,
    periods,
)

log = logging.getLogger(__name__)

# The order of each table's rows in the backup.
_ORDER_BY = {
    "uploads": ("id",), "periods": ("period",), "units": ("id",),
    "period_versions": ("version_id",), "unit_versions": ("id",),
    "block_overrides": ("key", "district"), "unit_merges": ("alias_key", "district"),
    "column_mappings": ("layout",),
}
# id columns numbered from 1 in the backup, and the columns referring to them
_IDS = {"uploads": "id", "units": "id", "period_versions": "version_id", "unit_versions": "id"}
_REFS = {"periods": {"upload_id": "uploads"},
         "period_versions": {"upload_id": "uploads", "replaced_by": "uploads"},
         "unit_versions": {"version_id": "period_versions"}}
_CHUNK = 5000


def export_history(history: History) -> bytes:
    """The workspace's history (data, kept versions, corrections) as one UTF-8 JSON file.
    `import_history` of these bytes into any workspace gives back exactly the same export."""
    ws = history.workspace.id
    tables = {}
    numbers: dict = {}  # table -> {database id: backup id}
    with read_transaction(history) as conn:
        for t in DATA_TABLES:
            cols = backup_columns(t)
            rows = [list(r) for r in conn.execute(
                select(*[t.c[c] for c in cols]).where(t.c.workspace_id == ws)
                .order_by(*[t.c[c] for c in _ORDER_BY[t.name]]))]
            _renumber(t.name, cols, rows, numbers)
            tables[t.name] = {"columns": cols, "rows": rows}
    doc = {"format": EXPORT_FORMAT, "schema_version": SCHEMA_VERSION, "tables": tables}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _renumber(name: str, cols: list, rows: list, numbers: dict) -> None:
    """Ids from 1 in row order (rows come ordered by id); references follow."""
    for col, target in _REFS.get(name, {}).items():
        i, mapping = cols.index(col), numbers[target]
        for r in rows:
            if r[i] is not None:
                r[i] = mapping[r[i]]
    id_col = _IDS.get(name)
    if id_col:
        i = cols.index(id_col)
        numbers[name] = {}
        for n, r in enumerate(rows, 1):
            numbers[name][r[i]] = n
            r[i] = n


def import_history(history: History, data: bytes, *, allow_empty: bool = False) -> dict:
    """Replace the workspace's history by a backup made by `export_history`, in one
    transaction; other workspaces are untouched. The backup is checked completely first
    (`check_backup`): a refused or failed import leaves the history as it was. A backup without
    periods would wipe the stored periods and kept versions: it is refused unless `allow_empty`
    (or the workspace holds none). Returns {table: row count}."""
    backup = check_backup(data)
    rows = dict(backup.rows)
    if backup.schema_version < 3:
        rows["block_overrides"], rows["unit_merges"] = v2_corrections(rows, now())
    ws = history.workspace.id
    try:
        with write_transaction(history) as conn:
            metadata.create_all(conn)  # a table dropped by hand comes back (checkfirst)
            if backup.periods == 0 and not allow_empty:
                _refuse_wipe(conn, ws)
            _clear(conn, ws)
            return _write(conn, ws, rows)
    except HistoryError:
        raise
    except Exception as e:  # noqa: BLE001 - the database refused a write
        log.warning("backup import failed; the history is unchanged", exc_info=True)
        raise HistoryError(
            f"Không nhập được bản sao lưu (lịch sử giữ nguyên): {error_reason(e)}") from e


def _write(conn: Connection, ws: int, rows: dict) -> dict:
    """Insert a checked backup's rows into workspace `ws`, giving new ids."""
    new: dict = {"uploads": {}, "period_versions": {}}
    counts = {}
    for t in DATA_TABLES:
        id_col = _IDS.get(t.name)
        got = rows.get(t.name, [])
        if id_col:
            got = sorted(got, key=lambda r, c=id_col: r[c])  # type: ignore[misc]
        out = []
        for r in got:
            r = {**r, "workspace_id": ws}
            for col, target in _REFS.get(t.name, {}).items():
                if r.get(col) is not None:
                    r[col] = new[target][r[col]]
            old_id = r.pop(id_col, None) if id_col else None
            if t.name in new and id_col:  # referred to: one row at a time, to learn its new id
                new[t.name][old_id] = conn.execute(
                    insert(t).values(**r).returning(t.c[id_col])).scalar_one()
            else:
                out.append(r)
        for i in range(0, len(out), _CHUNK):
            conn.execute(insert(t), out[i:i + _CHUNK])
        counts[t.name] = len(got)
    return counts


class EmptyBackupError(HistoryError):
    """The backup holds no period and importing it would wipe stored periods or versions."""


def _refuse_wipe(conn: Connection, ws: int) -> None:
    n_periods = conn.execute(select(func.count()).select_from(periods)
                             .where(periods.c.workspace_id == ws)).scalar_one()
    n_versions = conn.execute(select(func.count()).select_from(period_versions)
                              .where(period_versions.c.workspace_id == ws)).scalar_one()
    if n_periods or n_versions:
        raise EmptyBackupError(
            "Tệp sao lưu không có kỳ báo cáo nào: nhập nó sẽ xóa toàn bộ lịch sử hiện có "
            f"({n_periods} kỳ, {n_versions} bản cũ giữ lại). Chưa nhập gì; hãy xác nhận lần "
            "nữa nếu thật sự muốn xóa.")


def _clear(conn: Connection, ws: int) -> None:
    for t in reversed(DATA_TABLES):
        conn.execute(delete(t).where(t.c.workspace_id == ws))


def clear_history(history: History) -> None:
    """Remove every stored period, kept version, upload and correction of the workspace (one
    transaction; its name, password and settings stay): the way back when the stored rows are
    damaged and there is no backup to import."""
    with write_transaction(history) as conn:
        metadata.create_all(conn)
        _clear(conn, history.workspace.id)


def history_problems(history: History) -> list:
    """The first problems of the workspace's stored rows, as `check_backup` would list them for
    an export ([] when it is sound); for the page that cannot load the history."""
    try:
        check_backup(export_history(history))
    except HistoryError as e:
        return [x[2:] for x in e.message.splitlines() if x.startswith("- ")] or [e.message]
    return []


"""The whole history as one JSON file, and back: `export_history` / `import_history`.

The backup holds every data table (data, kept versions, corrections) with its columns and rows
in a fixed order, so an import followed by an export gives back the same bytes, on either
backend (a SQLite history can move to PostgreSQL and back). An import is checked completely
before anything is written (`backup_check`).
"""
from __future__ import annotations

import json
import logging

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Connection

from analysis.errors import HistoryError
from analysis.store.backup_check import EXPORT_FORMAT, check_backup
from analysis.store.engine import History, error_reason, read_transaction, write_transaction
from analysis.store.schema import (
    DATA_TABLES,
    SCHEMA_VERSION,
    metadata,
    period_versions,
    periods,
    unit_versions,
    units,
    uploads,
)

log = logging.getLogger(__name__)

# The order of each table's rows in the backup.
_ORDER_BY = {
    "uploads": ("id",), "periods": ("period",), "units": ("id",),
    "period_versions": ("version_id",), "unit_versions": ("id",),
    "block_overrides": ("key",), "unit_merges": ("alias_key",), "column_mappings": ("layout",),
}


def export_history(history: History) -> bytes:
    """The whole history (data, kept versions, corrections) as one UTF-8 JSON file.
    `import_history` of these bytes into any history gives back exactly the same export."""
    with read_transaction(history) as conn:
        tables = {}
        for t in DATA_TABLES:
            cols = [c.name for c in t.columns]
            rows = conn.execute(select(*[t.c[c] for c in cols])
                                .order_by(*[t.c[c] for c in _ORDER_BY[t.name]])).all()
            tables[t.name] = {"columns": cols, "rows": [list(r) for r in rows]}
    doc = {"format": EXPORT_FORMAT, "schema_version": SCHEMA_VERSION, "tables": tables}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def import_history(history: History, data: bytes, *, allow_empty: bool = False) -> dict:
    """Replace the whole history by a backup made by `export_history`, in one transaction.
    The backup is checked completely first (`check_backup`): a refused or failed import leaves
    the history as it was. A backup without periods would wipe the stored periods and kept
    versions: it is refused unless `allow_empty` (or the history holds none).
    Returns {table: row count}."""
    backup = check_backup(data)
    counts = {}
    try:
        with write_transaction(history) as conn:
            metadata.create_all(conn)  # a table dropped by hand comes back (checkfirst)
            if backup.periods == 0 and not allow_empty:
                _refuse_wipe(conn)
            for t in reversed(DATA_TABLES):
                conn.execute(delete(t))
            for t in DATA_TABLES:
                rows = backup.rows.get(t.name, [])
                if rows:
                    conn.execute(insert(t), rows)
                counts[t.name] = len(rows)
            if conn.dialect.name == "postgresql":
                _continue_sequences(conn)
    except HistoryError:
        raise
    except Exception as e:  # noqa: BLE001 - the database refused a write
        log.warning("backup import failed; the history is unchanged", exc_info=True)
        raise HistoryError(
            f"Không nhập được bản sao lưu (lịch sử giữ nguyên): {error_reason(e)}") from e
    return counts


class EmptyBackupError(HistoryError):
    """The backup holds no period and importing it would wipe stored periods or versions."""


def _refuse_wipe(conn: Connection) -> None:
    n_periods = conn.execute(select(func.count()).select_from(periods)).scalar_one()
    n_versions = conn.execute(select(func.count()).select_from(period_versions)).scalar_one()
    if n_periods or n_versions:
        raise EmptyBackupError(
            "Tệp sao lưu không có kỳ báo cáo nào: nhập nó sẽ xóa toàn bộ lịch sử hiện có "
            f"({n_periods} kỳ, {n_versions} bản cũ giữ lại). Chưa nhập gì; hãy xác nhận lần "
            "nữa nếu thật sự muốn xóa.")


def clear_history(history: History) -> None:
    """Remove every stored period, kept version, upload and correction (one transaction):
    the way back when the stored rows are damaged and there is no backup to import."""
    with write_transaction(history) as conn:
        metadata.create_all(conn)
        for t in reversed(DATA_TABLES):
            conn.execute(delete(t))


def history_problems(history: History) -> list:
    """The first problems of the stored rows, as `check_backup` would list them for an export
    of this history ([] when it is sound); for the page that cannot load the history."""
    try:
        check_backup(export_history(history))
    except HistoryError as e:
        return [x[2:] for x in e.message.splitlines() if x.startswith("- ")] or [e.message]
    return []


def _continue_sequences(conn: Connection) -> None:
    """On PostgreSQL, make new ids continue after the imported ones."""
    for t, col in ((uploads, "id"), (units, "id"), (period_versions, "version_id"),
                   (unit_versions, "id")):
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{t.name}', '{col}'), "
            f"COALESCE((SELECT MAX({col}) FROM {t.name}), 0) + 1, false)"))

"""The whole history as one JSON file, and back: `export_history` / `import_history`.

The backup holds every data table (data, kept versions, corrections) with its columns and rows
in a fixed order, so an import followed by an export gives back the same bytes, on either
backend (a SQLite history can move to PostgreSQL and back).
"""
from __future__ import annotations

import json
import logging

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Connection

from analysis.errors import HistoryError
from analysis.store.engine import History, error_reason, read_transaction, write_transaction
from analysis.store.schema import (
    DATA_TABLES,
    SCHEMA_VERSION,
    period_versions,
    unit_versions,
    units,
    uploads,
)

log = logging.getLogger(__name__)

EXPORT_FORMAT = "kyso-history"

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


def import_history(history: History, data: bytes) -> dict:
    """Replace the whole history by a backup made by `export_history`, in one transaction
    (a refused or failed import leaves the history as it was). Returns {table: row count}."""
    payload = _backup_rows(data)
    counts = {}
    try:
        with write_transaction(history) as conn:
            for t in reversed(DATA_TABLES):
                conn.execute(delete(t))
            for t in DATA_TABLES:
                if payload[t]:
                    conn.execute(insert(t), payload[t])
                counts[t.name] = len(payload[t])
            if conn.dialect.name == "postgresql":
                _continue_sequences(conn)
    except HistoryError:
        raise
    except Exception as e:  # noqa: BLE001 - constraint violations in a damaged backup
        log.warning("backup import failed; the history is unchanged", exc_info=True)
        raise HistoryError(
            f"Không nhập được bản sao lưu (lịch sử giữ nguyên): {error_reason(e)}") from e
    return counts


def _backup_rows(data: bytes) -> dict:
    """{table: [row dicts]} of a backup, checked before anything is written."""
    try:
        doc = json.loads(bytes(data).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise HistoryError(f"Tệp sao lưu không đọc được (không phải JSON): {e}") from e
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise HistoryError("Tệp này không phải bản sao lưu lịch sử Ký số Analytics.")
    version = doc.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise HistoryError(
            f"Bản sao lưu có lược đồ {version}, ứng dụng này chỉ đọc đến {SCHEMA_VERSION}. "
            "Hãy cập nhật ứng dụng."
        )
    tables = doc.get("tables") or {}
    payload = {}
    for t in DATA_TABLES:
        part = tables.get(t.name, {"columns": [], "rows": []})
        cols = part.get("columns") or []
        known = {c.name for c in t.columns}
        if not set(cols) <= known:
            raise HistoryError(f"Bản sao lưu có cột lạ trong bảng {t.name}: "
                               + ", ".join(sorted(set(cols) - known)))
        rows = part.get("rows") or []
        if any(len(r) != len(cols) for r in rows):
            raise HistoryError(f"Bản sao lưu hỏng: số cột không khớp trong bảng {t.name}.")
        payload[t] = [dict(zip(cols, r, strict=True)) for r in rows]
    return payload


def _continue_sequences(conn: Connection) -> None:
    """On PostgreSQL, make new ids continue after the imported ones."""
    for t, col in ((uploads, "id"), (units, "id"), (period_versions, "version_id"),
                   (unit_versions, "id")):
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{t.name}', '{col}'), "
            f"COALESCE((SELECT MAX({col}) FROM {t.name}), 0) + 1, false)"))

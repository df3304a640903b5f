"""The history's tables, their schema version, and the migrations that upgrade an older one.

What is kept:
- `uploads`: one row per confirmed upload (files, time, where from).
- `periods` and `units`: the current data, one row per (period, unit key, district), with every
  count field, the unit's name as written, block, district, source file / sheet / row.
- `period_versions` and `unit_versions`: old versions of replaced or deleted periods, so that a
  replacement or a deletion can be undone (`restore_previous_version`) until purged.
- The officer's corrections: `block_overrides` (unit key -> block), `unit_merges` (alias key ->
  canonical key), `column_mappings` (sheet layout signature -> {field: column index}).
- `schema_version`: upgraded on open by the migrations below.

Dates are stored as ISO text ("2021-03-01") and times as ISO text in UTC (`now`), so that values
round-trip exactly through both backends and through the JSON backup.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection

from analysis.errors import HistoryError
from analysis.model import COUNT_FIELDS

SCHEMA_VERSION = 2

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("migrated_at", String(40)),
)

uploads = Table(
    "uploads", metadata,
    Column("id", Integer, primary_key=True),
    Column("file", Text, nullable=False),  # file names of the upload, joined with "; "
    Column("uploaded_at", String(40), nullable=False),
    Column("source", String(40)),  # "app", "cli", "import", ...
    Column("note", Text),
)

periods = Table(
    "periods", metadata,
    Column("period", String(40), primary_key=True),
    Column("period_start", String(10), nullable=False),
    Column("period_end", String(10), nullable=False),
    Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False),
)


def _unit_columns():
    return [
        Column("key", Text, nullable=False),
        Column("unit", Text),
        Column("block", String(40)),
        Column("district", Text),
        Column("file", Text),
        Column("sheet", Text),
        Column("row", Integer),
        *[Column(f, Integer) for f in COUNT_FIELDS],
    ]


units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True),
    Column("period", String(40), ForeignKey("periods.period"), nullable=False, index=True),
    *_unit_columns(),
    UniqueConstraint("period", "key", "district", name="uq_units_period_key_district"),
)

period_versions = Table(
    "period_versions", metadata,
    Column("version_id", Integer, primary_key=True),
    Column("period", String(40), nullable=False, index=True),
    Column("period_start", String(10), nullable=False),
    Column("period_end", String(10), nullable=False),
    Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False),
    Column("archived_at", String(40), nullable=False),
    Column("reason", String(20), nullable=False),  # replaced | deleted | restored
    Column("replaced_by", Integer, ForeignKey("uploads.id")),
)

unit_versions = Table(
    "unit_versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("period_versions.version_id"), nullable=False,
           index=True),
    *_unit_columns(),
)

block_overrides = Table(
    "block_overrides", metadata,
    Column("key", String(400), primary_key=True),
    Column("block", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

unit_merges = Table(
    "unit_merges", metadata,
    Column("alias_key", String(400), primary_key=True),
    Column("canonical_key", String(400), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

column_mappings = Table(
    "column_mappings", metadata,
    Column("layout", String(400), primary_key=True),
    Column("mapping", Text, nullable=False),  # JSON {field: 0-based column index}
    Column("updated_at", String(40), nullable=False),
)

# Every data table, parents first (insert order; delete in reverse).
DATA_TABLES = (uploads, periods, units, period_versions, unit_versions,
               block_overrides, unit_merges, column_mappings)


def now() -> str:
    """The current time as stored: ISO text in UTC, to the microsecond."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def stored_version(conn: Connection) -> int:
    """The schema version recorded in the database."""
    return int(conn.execute(select(func.max(schema_version.c.version))).scalar_one())


def initialise(conn: Connection) -> None:
    """Create the tables of an empty database, or upgrade an older schema, inside the open
    write transaction. Raises `HistoryError` for a database that is not a history or was
    written by a newer version of the app."""
    names = set(inspect(conn).get_table_names())
    if "schema_version" not in names:
        ours = {t.name for t in DATA_TABLES} & names
        if ours:
            raise HistoryError(
                "Cơ sở dữ liệu đã có bảng nhưng không rõ phiên bản lược đồ "
                f"({', '.join(sorted(ours))}); không dùng được làm lịch sử."
            )
        metadata.create_all(conn)
        conn.execute(insert(schema_version).values(version=SCHEMA_VERSION, migrated_at=now()))
        return
    version = conn.execute(select(func.max(schema_version.c.version))).scalar()
    if version is None:
        raise HistoryError("Cơ sở dữ liệu lịch sử không ghi phiên bản lược đồ.")
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"Lịch sử được ghi bởi phiên bản mới hơn của ứng dụng (lược đồ {version}, "
            f"ứng dụng này hiểu đến {SCHEMA_VERSION}). Hãy cập nhật ứng dụng."
        )
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](conn)
        version += 1
        conn.execute(delete(schema_version))
        conn.execute(insert(schema_version).values(version=version, migrated_at=now()))


# --- migrations --------------------------------------------------------------------------------

def _migrate_1_to_2(conn: Connection) -> None:
    """v1 stored units without district and agency signatures, uploads without source and note,
    and had no kept versions and no corrections."""
    add = [
        ("units", "district", "TEXT"),
        ("units", "signed_agency", "INTEGER"),
        ("uploads", "source", "VARCHAR(40)"),
        ("uploads", "note", "TEXT"),
    ]
    existing = {t: {c["name"] for c in inspect(conn).get_columns(t)} for t in ("units", "uploads")}
    for table, column, sqltype in add:
        if column not in existing[table]:
            conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{column}" {sqltype}'))
    metadata.create_all(conn, tables=[period_versions, unit_versions, block_overrides,
                                      unit_merges, column_mappings])


# MIGRATIONS[v] upgrades a history at schema version v to v + 1, inside the open transaction.
MIGRATIONS = {1: _migrate_1_to_2}

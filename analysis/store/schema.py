"""The history's tables, their schema version, and the migrations that upgrade an older one.

What is kept:
- `workspaces`: one office's space (name, password hash); every other table has a
  `workspace_id`, and everything read or written is of one workspace. `workspace_settings`:
  JSON values of a workspace by key (e.g. "office_profile").
- `uploads`: one row per confirmed upload (files, time, where from).
- `periods` and `units`: the current data, one row per (workspace, period, unit key,
  district), with every count field, the unit's name as written, block, district, source
  file / sheet / row.
- `period_versions` and `unit_versions`: old versions of replaced or deleted periods, so that a
  replacement or a deletion can be undone (`restore_previous_version`) until purged.
- The officer's corrections, keyed by the unit's identity (key and district, "" for none):
  `block_overrides` ((key, district) -> block, with the file's block, who and when),
  `unit_merges` ((alias key, district) -> canonical key), `column_mappings` (sheet layout
  signature -> {field: column index}).
- `schema_version`: upgraded on open by the migrations below.

Dates are stored as ISO text ("2021-03-01") and times as ISO text in UTC (`now`), so that values
round-trip exactly through both backends and through the JSON backup.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
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

SCHEMA_VERSION = 3

# The workspace an existing history moves into, and the one used when none is named.
DEFAULT_WORKSPACE = "Mặc định"

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("migrated_at", String(40)),
)

workspaces = Table(
    "workspaces", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("password_hash", Text),  # analysis.passwords.make_hash, or NULL: no password
    Column("created_at", String(40), nullable=False),
)


def _ws(index: bool = False) -> Column:
    return Column("workspace_id", Integer, ForeignKey("workspaces.id"), nullable=False,
                  index=index)


workspace_settings = Table(
    "workspace_settings", metadata,
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), primary_key=True),
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),  # JSON object
    Column("updated_at", String(40), nullable=False),
)

uploads = Table(
    "uploads", metadata,
    Column("id", Integer, primary_key=True),
    _ws(index=True),
    Column("file", Text, nullable=False),  # file names of the upload, joined with "; "
    Column("uploaded_at", String(40), nullable=False),
    Column("source", String(40)),  # "app", "cli", "import", ...
    Column("note", Text),
)

periods = Table(
    "periods", metadata,
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), primary_key=True),
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
    _ws(),
    Column("period", String(40), nullable=False),
    *_unit_columns(),
    ForeignKeyConstraint(["workspace_id", "period"], ["periods.workspace_id", "periods.period"],
                         name="fk_units_period"),
    UniqueConstraint("workspace_id", "period", "key", "district",
                     name="uq_units_ws_period_key_district"),
    Index("ix_units_ws_period_key", "workspace_id", "period", "key"),
)

period_versions = Table(
    "period_versions", metadata,
    Column("version_id", Integer, primary_key=True),
    _ws(),
    Column("period", String(40), nullable=False),
    Column("period_start", String(10), nullable=False),
    Column("period_end", String(10), nullable=False),
    Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False),
    Column("archived_at", String(40), nullable=False),
    Column("reason", String(20), nullable=False),  # replaced | deleted | restored
    Column("replaced_by", Integer, ForeignKey("uploads.id")),
    Index("ix_period_versions_ws_period", "workspace_id", "period"),
)

unit_versions = Table(
    "unit_versions", metadata,
    Column("id", Integer, primary_key=True),
    _ws(),
    Column("version_id", Integer, ForeignKey("period_versions.version_id"), nullable=False,
           index=True),
    *_unit_columns(),
)

# A unit's identity in a correction: its key and its district ("" for none), in a workspace.
block_overrides = Table(
    "block_overrides", metadata,
    Column("id", Integer, primary_key=True),
    _ws(),
    Column("key", String(400), nullable=False),
    Column("district", String(400), nullable=False, default=""),
    Column("block", String(40), nullable=False),
    Column("unit", Text),  # the unit's name when corrected, for the list of corrections
    Column("file_block", String(40)),  # the block the file gave
    Column("who", Text),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("workspace_id", "key", "district", name="uq_block_overrides_unit"),
)

unit_merges = Table(
    "unit_merges", metadata,
    Column("id", Integer, primary_key=True),
    _ws(),
    Column("alias_key", String(400), nullable=False),
    Column("district", String(400), nullable=False, default=""),
    Column("canonical_key", String(400), nullable=False),
    Column("who", Text),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("workspace_id", "alias_key", "district", name="uq_unit_merges_alias"),
)

column_mappings = Table(
    "column_mappings", metadata,
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), primary_key=True),
    Column("layout", String(400), primary_key=True),
    Column("mapping", Text, nullable=False),  # JSON {field: 0-based column index}
    Column("updated_at", String(40), nullable=False),
)

# Every table of a workspace's data, parents first (insert order; delete in reverse): what a
# backup holds (without the workspace column) and what clearing a workspace removes.
DATA_TABLES = (uploads, periods, units, period_versions, unit_versions,
               block_overrides, unit_merges, column_mappings)
ALL_TABLES = (workspaces, workspace_settings) + DATA_TABLES
# Columns of the database a backup does not carry: the workspace, and the corrections' ids.
NOT_IN_BACKUP = {"workspace_id"}
BACKUP_SKIPS = {"block_overrides": {"id"}, "unit_merges": {"id"}}


def backup_columns(table: Table) -> list:
    """The columns of `table` a backup carries, in table order."""
    skip = NOT_IN_BACKUP | BACKUP_SKIPS.get(table.name, set())
    return [c.name for c in table.columns if c.name not in skip]


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
        conn.execute(insert(workspaces).values(name=DEFAULT_WORKSPACE, created_at=now()))
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
    and had no kept versions and no corrections (those tables come with version 3)."""
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


def _migrate_2_to_3(conn: Connection) -> None:
    """v2 had one history per database: every row moves into the workspace DEFAULT_WORKSPACE,
    ids kept. The tables are read whole, dropped and made again in the v3 shape (a workspace
    column, keys that include it), which works alike on SQLite and PostgreSQL. A v2 block
    override or merge named a bare unit key and applied to every district: it becomes one
    correction per district where that key is stored, so every figure stays as it was."""
    from analysis.store.migrate3 import move_into_default

    move_into_default(conn)


# MIGRATIONS[v] upgrades a history at schema version v to v + 1, inside the open transaction.
MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}

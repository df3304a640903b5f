"""The stored history: every confirmed upload, so one upload a month is enough.

SQLAlchemy Core over SQLite by default (a file in `data/` beside the app) or PostgreSQL given a
URL, so that a province can share one history across districts with the same code.

What is kept:
- `uploads`: one row per confirmed upload (files, time, where from).
- `periods` and `units`: the current data, one row per (period, unit key, district), with every
  count field, the unit's name as written, block, district, source file / sheet / row.
- `period_versions` and `unit_versions`: old versions of replaced or deleted periods, so that a
  replacement or a deletion can be undone (`restore_previous_version`) until purged.
- The officer's corrections: `block_overrides` (unit key -> block), `unit_merges` (alias key ->
  canonical key), `column_mappings` (sheet layout signature -> {field: column index}).
- `schema_version`: upgraded on open by the migrations below.

The stored rows are the data as read; corrections are applied when loading (`load_frame`,
`apply_corrections`), so a correction changed later applies to every month.

Every write is one transaction. On SQLite writers take the write lock at the start
(`BEGIN IMMEDIATE`, WAL journal, busy timeout); on PostgreSQL writers take one transaction-level
advisory lock, so two sessions saving at once are serialised and never mix their data.

All functions take the `History` returned by `open_history`. Errors the user can act on raise
`HistoryError` (a `ReadError`) whose `message` is Vietnamese.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

import pandas as pd
from sqlalchemy import (
    Column, ForeignKey, Integer, MetaData, String, Table, Text, UniqueConstraint, create_engine,
    delete, event, func, insert, inspect, literal, select, text, update,
)
from sqlalchemy.engine import Connection, Engine, make_url

from analysis.errors import HistoryError, ReadError  # noqa: F401
from analysis.frame import combine_frames
from analysis.model import BLOCKS, COUNT_FIELDS

SCHEMA_VERSION = 2
EXPORT_FORMAT = "kyso-history"
ENV_VAR = "KYSO_DB_URL"
DEFAULT_DB_FILE = Path(__file__).resolve().parents[2] / "data" / "kyso.sqlite"
SECRETS_FILE = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml"

# The units-frame columns (docs/ARCHITECTURE.md), in order.
FRAME_COLUMNS = (
    "period_start", "period_end", "period", "file", "sheet", "row",
    "unit", "key", "block", "district",
) + COUNT_FIELDS

_PG_LOCK_ID = 0x4B59534F  # "KYSO": the advisory lock that serialises writers on PostgreSQL
SQLITE_WAIT = 60.0  # seconds a SQLite connection waits for another's lock




# --- schema ------------------------------------------------------------------------------------
# Dates are stored as ISO text ("2021-03-01") and times as ISO text in UTC, so that values
# round-trip exactly through both backends and through the JSON backup.

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
_ORDER_BY = {
    "uploads": ("id",), "periods": ("period",), "units": ("id",),
    "period_versions": ("version_id",), "unit_versions": ("id",),
    "block_overrides": ("key",), "unit_merges": ("alias_key",), "column_mappings": ("layout",),
}


# --- opening, connections, migrations ----------------------------------------------------------

@dataclass
class History:
    """An open history. Close it (or use `with`) to release the connections."""

    engine: Engine
    url: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def default_url() -> str:
    """The history's URL: env `KYSO_DB_URL`, else `KYSO_DB_URL` in `.streamlit/secrets.toml`,
    else the SQLite file `data/kyso.sqlite` beside the app."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    if SECRETS_FILE.is_file():
        try:
            import tomllib

            secrets = tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
            value = secrets.get(ENV_VAR) or (secrets.get("history") or {}).get("db_url")
            if value:
                return str(value)
        except (OSError, ValueError):
            pass
    return _sqlite_url(DEFAULT_DB_FILE)


def _sqlite_url(path) -> str:
    return "sqlite:///" + str(Path(path).expanduser().resolve())


def normalize_url(url: Optional[str]) -> str:
    """A database URL from what the user typed: a URL, or a plain path to a SQLite file."""
    if url is None or not str(url).strip():
        return default_url()
    url = str(url).strip()
    if "://" not in url:
        return _sqlite_url(url)
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # Use psycopg 3 (the driver we pin) unless a driver was named.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def open_history(url: Optional[str] = None) -> History:
    """Open (creating or upgrading as needed) the history at `url`.

    `url` is a SQLAlchemy URL ("sqlite:///path", "postgresql+psycopg://user@host/db") or a plain
    file path (SQLite); None means `default_url()`. Raises `HistoryError` when the database
    cannot be opened or was written by a newer version of the app.
    """
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except Exception as e:  # noqa: BLE001 - any parsing problem is the user's URL
        raise HistoryError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url} ({e})") from e
    kwargs = {"future": True}
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_WAIT}
    try:
        engine = create_engine(url, **kwargs)
    except Exception as e:  # noqa: BLE001 - e.g. the driver is not installed
        raise HistoryError(
            f"Không mở được cơ sở dữ liệu {parsed.render_as_string(hide_password=True)}: "
            f"{_reason(e)}"
        ) from e
    if engine.dialect.name == "sqlite":
        _setup_sqlite(engine)
    history = History(engine=engine, url=url)
    try:
        _initialise(history)
    except HistoryError:
        engine.dispose()
        raise
    except Exception as e:  # noqa: BLE001 - connection refused, unreadable file, ...
        engine.dispose()
        raise HistoryError(
            f"Không mở được cơ sở dữ liệu {parsed.render_as_string(hide_password=True)}: "
            f"{_reason(e)}"
        ) from e
    return history


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(SQLITE_WAIT * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        _set_wal(cur)
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("kyso_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _set_wal(cur, wait: float = SQLITE_WAIT) -> None:
    """Put the database in WAL mode. SQLite answers "database is locked" at once, without its
    busy timeout, when another connection holds a lock at that moment (several processes opening
    a new history together): try again, for as long as the busy timeout would have waited."""
    deadline = time.monotonic() + wait
    pause = 0.01
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


@contextmanager
def _write(history: History):
    """One write transaction, serialised against other writers."""
    with history.engine.connect() as conn:
        conn.execution_options(kyso_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_ID})
            yield conn


@contextmanager
def _read(history: History):
    """One read transaction (a consistent snapshot)."""
    with history.engine.connect() as conn:
        with conn.begin():
            yield conn


def _reason(e: Exception) -> str:
    """The first line of a database error, without SQLAlchemy's background link."""
    inner = getattr(e, "orig", None) or e
    lines = [x.strip() for x in str(inner).splitlines() if x.strip()]
    return lines[0] if lines else type(inner).__name__


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _initialise(history: History) -> None:
    with _write(history) as conn:
        names = set(inspect(conn).get_table_names())
        if "schema_version" not in names:
            ours = {t.name for t in DATA_TABLES} & names
            if ours:
                raise HistoryError(
                    "Cơ sở dữ liệu đã có bảng nhưng không rõ phiên bản lược đồ "
                    f"({', '.join(sorted(ours))}); không dùng được làm lịch sử."
                )
            metadata.create_all(conn)
            conn.execute(insert(schema_version).values(version=SCHEMA_VERSION, migrated_at=_now()))
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
            conn.execute(insert(schema_version).values(version=version, migrated_at=_now()))


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


def get_schema_version(history: History) -> int:
    with _read(history) as conn:
        return int(conn.execute(select(func.max(schema_version.c.version))).scalar())


# --- value conversions -------------------------------------------------------------------------

def _is_na(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _text(v) -> Optional[str]:
    return None if _is_na(v) else str(v)


def _count(v, what: str) -> Optional[int]:
    if _is_na(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise HistoryError(f"Giá trị không phải số nguyên ở cột {what}: {v!r}") from None
    if f != int(f):
        raise HistoryError(f"Giá trị không phải số nguyên ở cột {what}: {v!r}")
    return int(f)


def _iso_date(v, what: str) -> str:
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, str):
        try:
            return date.fromisoformat(v.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise HistoryError(f"Ngày không hợp lệ ở cột {what}: {v!r}")


def period_label(period: str, start: Optional[str] = None, end: Optional[str] = None) -> str:
    """The Vietnamese label of a stored period ('Tháng 3/2021', ...), or the period text."""
    from analysis.frame import parse_period_code
    from analysis.model import Period

    try:
        if start is None or end is None:
            return parse_period_code(period).label()
        return Period(date.fromisoformat(start), date.fromisoformat(str(end)[:10])).label()
    except (ValueError, TypeError, AttributeError):  # not a period code: the raw text is fine
        return period


# --- storing -----------------------------------------------------------------------------------

@dataclass
class StoreReport:
    """What `store_frame` did."""

    upload_id: int
    uploaded_at: str
    added: list = field(default_factory=list)  # periods new to the history
    replaced: list = field(default_factory=list)  # periods whose old data became a kept version
    units: int = 0  # unit rows written

    @property
    def periods(self) -> list:
        return sorted(self.added + self.replaced)

    def message(self) -> str:
        """One Vietnamese paragraph for the user."""
        from analysis.vn_format import fmt_int

        parts = [f"Đã lưu {len(self.periods)} kỳ báo cáo ({fmt_int(self.units)} dòng đơn vị) vào lịch sử."]
        if self.added:
            parts.append("Thêm mới: " + ", ".join(period_label(p) for p in sorted(self.added)) + ".")
        if self.replaced:
            parts.append(
                "Thay thế: " + ", ".join(period_label(p) for p in sorted(self.replaced))
                + " (bản cũ được giữ lại, có thể khôi phục)."
            )
        return " ".join(parts)

    def to_json(self) -> dict:
        return {"upload_id": self.upload_id, "uploaded_at": self.uploaded_at,
                "added": sorted(self.added), "replaced": sorted(self.replaced),
                "units": self.units}


def _frame_records(frame: pd.DataFrame) -> tuple:
    """Check a units frame and turn it into ({period: (start, end)}, [unit rows]).

    Raises HistoryError before anything is written when the frame cannot be stored as is."""
    if frame is None or len(frame) == 0:
        raise HistoryError("Không có số liệu đơn vị nào để lưu vào lịch sử.")
    missing = [c for c in ("period", "period_start", "period_end", "key") if c not in frame.columns]
    if missing:
        raise HistoryError("Bảng số liệu thiếu cột: " + ", ".join(missing) + ".")
    spans: dict = {}
    rows: list = []
    seen: set = set()
    for rec in frame.to_dict("records"):
        period = _text(rec.get("period"))
        key = _text(rec.get("key"))
        if not period:
            raise HistoryError(
                f"Đơn vị «{_text(rec.get('unit')) or key}» chưa có kỳ báo cáo; "
                "hãy chọn kỳ báo cáo trước khi lưu."
            )
        if not key:
            raise HistoryError(f"Có dòng đơn vị không có khóa (kỳ {period_label(period)}).")
        span = (_iso_date(rec.get("period_start"), "period_start"),
                _iso_date(rec.get("period_end"), "period_end"))
        if spans.setdefault(period, span) != span:
            raise HistoryError(f"Kỳ {period} có hai khoảng ngày khác nhau trong cùng lần lưu.")
        district = _text(rec.get("district"))
        if (period, key, district) in seen:
            raise HistoryError(
                f"Đơn vị «{_text(rec.get('unit')) or key}» xuất hiện hai lần trong kỳ "
                f"{period_label(period)}; không lưu."
            )
        seen.add((period, key, district))
        row = {
            "period": period, "key": key, "unit": _text(rec.get("unit")),
            "block": _text(rec.get("block")), "district": district,
            "file": _text(rec.get("file")), "sheet": _text(rec.get("sheet")),
            "row": _count(rec.get("row"), "row"),
        }
        for f in COUNT_FIELDS:
            row[f] = _count(rec.get(f), f)
        rows.append(row)
    return spans, rows


def _archive(conn: Connection, period: str, reason: str, replaced_by: Optional[int]) -> Optional[int]:
    """Copy the current data of `period` into the kept versions and remove it; the version id."""
    cur = conn.execute(select(periods).where(periods.c.period == period)).mappings().first()
    if cur is None:
        return None
    version_id = conn.execute(
        insert(period_versions).values(
            period=period, period_start=cur["period_start"], period_end=cur["period_end"],
            upload_id=cur["upload_id"], archived_at=_now(), reason=reason, replaced_by=replaced_by,
        ).returning(period_versions.c.version_id)
    ).scalar_one()
    cols = [c.name for c in units.columns if c.name not in ("id", "period")]
    conn.execute(
        insert(unit_versions).from_select(
            ["version_id"] + cols,
            select(literal(version_id, Integer).label("version_id"),
                   *[units.c[c] for c in cols])
            .where(units.c.period == period).order_by(units.c.id),
        )
    )
    conn.execute(delete(units).where(units.c.period == period))
    conn.execute(delete(periods).where(periods.c.period == period))
    return version_id


def store_frame(history: History, frame: pd.DataFrame, source_info: Optional[dict] = None) -> StoreReport:
    """Store a units frame as one confirmed upload, in one transaction.

    Each period in `frame` replaces the stored one, whose data is kept as a version
    (`list_versions`, `restore_previous_version`). `source_info` may give `files` (list of file
    names; default: the frame's `file` values), `source` ("app", "cli", ...) and `note`.
    Columns of the frame beyond the units-frame contract are ignored. Raises `HistoryError`
    (nothing written) when the frame is empty, lacks a period or key, or has a unit twice.
    """
    info = dict(source_info or {})
    spans, rows = _frame_records(frame)
    files = info.get("files")
    if not files:
        files = list(dict.fromkeys(r["file"] for r in rows if r["file"]))
    uploaded_at = _now()
    with _write(history) as conn:
        upload_id = conn.execute(
            insert(uploads).values(
                file="; ".join(str(f) for f in files), uploaded_at=uploaded_at,
                source=info.get("source"), note=info.get("note"),
            ).returning(uploads.c.id)
        ).scalar_one()
        report = StoreReport(upload_id=upload_id, uploaded_at=uploaded_at, units=len(rows))
        for period, (start, end) in spans.items():
            if _archive(conn, period, "replaced", upload_id) is not None:
                report.replaced.append(period)
            else:
                report.added.append(period)
            conn.execute(insert(periods).values(
                period=period, period_start=start, period_end=end, upload_id=upload_id))
        conn.execute(insert(units), rows)
    return report


# --- loading -----------------------------------------------------------------------------------

def _to_frame(records: list) -> pd.DataFrame:
    """Stored rows -> units frame, with the dtypes dataset.units_frame gives."""
    if not records:
        df = pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS})
    else:
        df = pd.DataFrame.from_records(records, columns=list(FRAME_COLUMNS))
        for c in ("period_start", "period_end"):
            df[c] = pd.Series([date.fromisoformat(v) for v in df[c]], index=df.index, dtype=object)
        for c in ("sheet", "district"):
            df[c] = pd.Series([_text(v) for v in df[c]], index=df.index, dtype=object)
    df["row"] = pd.array([None if _is_na(v) else int(v) for v in df["row"]], dtype="Int64")
    for c in COUNT_FIELDS:
        df[c] = pd.array([None if _is_na(v) else int(v) for v in df[c]], dtype="Int64")
    return df


def _resolver(merges: dict):
    def canonical(key):
        seen = set()
        while key in merges and key not in seen:
            seen.add(key)
            key = merges[key]
        return key
    return canonical


def _apply(frame: pd.DataFrame, merges: dict, overrides: dict) -> pd.DataFrame:
    out = frame.copy()
    if len(out) == 0 or (not merges and not overrides):
        return out
    canonical = _resolver(merges)
    original = out["key"].astype(object)
    out["key"] = pd.Series([canonical(k) for k in original], index=out.index)
    if overrides and "block" in out.columns:
        blocks = []
        for k, o, b in zip(out["key"], original, out["block"].astype(object)):
            blocks.append(overrides.get(k, overrides.get(o, b)))
        out["block"] = pd.Series(blocks, index=out.index)
    ident = ["period", "key"] + (["district"] if "district" in out.columns else [])
    if "period" in out.columns and out.duplicated(ident).any():
        # Two merged names in the same period: one unit; counts summed, the row read under
        # the canonical key (else the first) gives the name and source.
        out["_alias"] = (original != out["key"]).to_numpy()
        out["_pos"] = range(len(out))
        out = out.sort_values(["_alias", "_pos"], kind="stable")
        counts = [f for f in COUNT_FIELDS if f in out.columns]
        sums = out.groupby(ident, sort=False, dropna=False)[counts].sum(min_count=1)
        out = out.drop_duplicates(ident, keep="first").sort_values("_pos")
        idx = pd.MultiIndex.from_frame(out[ident])
        for f in counts:
            out[f] = pd.array(sums[f].reindex(idx).to_numpy(), dtype="Int64")
        out = out.drop(columns=["_alias", "_pos"]).reset_index(drop=True)
    return out


def _corrections(conn: Connection) -> tuple:
    merges = dict(conn.execute(select(unit_merges.c.alias_key, unit_merges.c.canonical_key)).all())
    overrides = dict(conn.execute(select(block_overrides.c.key, block_overrides.c.block)).all())
    return merges, overrides


def load_frame(history: History, only_periods: Optional[Iterable[str]] = None, *,
               corrections: bool = True) -> pd.DataFrame:
    """The stored units as a units frame (docs/ARCHITECTURE.md), ordered by period then as
    stored; unit merges and block overrides applied unless `corrections=False`.
    `only_periods` limits it to those periods."""
    with _read(history) as conn:
        q = (select(periods.c.period_start, periods.c.period_end, units)
             .join(periods, periods.c.period == units.c.period)
             .order_by(periods.c.period_start, periods.c.period_end, units.c.period, units.c.id))
        if only_periods is not None:
            q = q.where(units.c.period.in_(list(only_periods)))
        records = [dict(r) for r in conn.execute(q).mappings()]
        merges, overrides = _corrections(conn) if corrections else ({}, {})
    return _apply(_to_frame(records), merges, overrides)


def apply_corrections(history: History, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of any units frame (e.g. just uploaded) with the stored unit merges and block
    overrides applied: keys replaced by their canonical key, blocks by the officer's choice."""
    with _read(history) as conn:
        merges, overrides = _corrections(conn)
    return _apply(frame, merges, overrides)


def frame_with_history(history: History, frame: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """The history plus what was just uploaded (not stored): the upload's periods replace the
    stored ones; corrections applied to both. What the app's figures work from."""
    stored = load_frame(history)
    if frame is None or len(frame) == 0:
        return stored
    return combine_frames(stored, apply_corrections(history, frame))


def list_periods(history: History) -> pd.DataFrame:
    """One row per stored period, in time order: period, label, period_start, period_end
    (dates), sources ("file / sheet; ..."), units (count), uploaded_at, upload_id,
    versions (old versions kept)."""
    with _read(history) as conn:
        prows = conn.execute(
            select(periods, uploads.c.uploaded_at, uploads.c.file.label("upload_files"))
            .join(uploads, uploads.c.id == periods.c.upload_id)
            .order_by(periods.c.period_start, periods.c.period_end, periods.c.period)
        ).mappings().all()
        counts = dict(conn.execute(
            select(units.c.period, func.count()).group_by(units.c.period)).all())
        sources: dict = {}
        for p, f, s in conn.execute(
                select(units.c.period, units.c.file, units.c.sheet).distinct()
                .order_by(units.c.period, units.c.file, units.c.sheet)):
            sources.setdefault(p, []).append(" / ".join(x for x in (f, s) if x) or "?")
        versions = dict(conn.execute(
            select(period_versions.c.period, func.count()).group_by(period_versions.c.period)).all())
    cols = ["period", "label", "period_start", "period_end", "sources", "units", "uploaded_at",
            "upload_id", "versions"]
    data = [{
        "period": r["period"], "label": period_label(r["period"], r["period_start"], r["period_end"]),
        "period_start": date.fromisoformat(r["period_start"]),
        "period_end": date.fromisoformat(r["period_end"]),
        "sources": "; ".join(sources.get(r["period"], [])) or r["upload_files"],
        "units": int(counts.get(r["period"], 0)), "uploaded_at": r["uploaded_at"],
        "upload_id": int(r["upload_id"]), "versions": int(versions.get(r["period"], 0)),
    } for r in prows]
    return pd.DataFrame(data, columns=cols)


def missing_months(history: History, year: int, through: Optional[int] = None) -> list:
    """Months (1-12) of `year` with no stored calendar-month period, up to month `through`
    (default: 12 for a past year, the current month for this year, none for a future year).
    A quarter or other longer period does not fill a month."""
    if through is None:
        today = date.today()
        through = 12 if year < today.year else (today.month if year == today.year else 0)
    with _read(history) as conn:
        stored = set(conn.execute(
            select(periods.c.period).where(periods.c.period.like(f"{int(year):04d}-%"))).scalars())
    return [m for m in range(1, int(through) + 1) if f"{int(year):04d}-{m:02d}" not in stored]


# --- deleting, versions ------------------------------------------------------------------------

def delete_period(history: History, period: str) -> int:
    """Remove a stored period (kept as a version, so `restore_previous_version` undoes it).
    Returns the number of unit rows removed."""
    with _write(history) as conn:
        n = conn.execute(select(func.count()).select_from(units)
                         .where(units.c.period == period)).scalar_one()
        if _archive(conn, period, "deleted", None) is None:
            raise HistoryError(f"Kỳ {period_label(period)} không có trong lịch sử.")
    return int(n)


def list_versions(history: History, period: Optional[str] = None) -> pd.DataFrame:
    """Kept old versions, newest first: version_id, period, reason (replaced | deleted |
    restored), archived_at, upload_id, uploaded_at, files, units."""
    with _read(history) as conn:
        q = (select(period_versions, uploads.c.uploaded_at, uploads.c.file.label("files"))
             .join(uploads, uploads.c.id == period_versions.c.upload_id)
             .order_by(period_versions.c.version_id.desc()))
        if period is not None:
            q = q.where(period_versions.c.period == period)
        rows = conn.execute(q).mappings().all()
        counts = dict(conn.execute(select(unit_versions.c.version_id, func.count())
                                   .group_by(unit_versions.c.version_id)).all())
    cols = ["version_id", "period", "reason", "archived_at", "upload_id", "uploaded_at", "files",
            "units"]
    return pd.DataFrame([{**{c: r[c] for c in cols if c != "units"},
                          "units": int(counts.get(r["version_id"], 0))} for r in rows], columns=cols)


def restore_previous_version(history: History, period: str, version_id: Optional[int] = None) -> int:
    """Bring back the newest kept version of `period` (or the given `version_id`); the data it
    replaces, if any, becomes a kept version itself, so this can be undone the same way.
    Returns the version id that was restored."""
    with _write(history) as conn:
        q = select(period_versions).where(period_versions.c.period == period)
        if version_id is not None:
            q = q.where(period_versions.c.version_id == version_id)
        old = conn.execute(q.order_by(period_versions.c.version_id.desc())).mappings().first()
        if old is None:
            raise HistoryError(f"Không có bản cũ nào của kỳ {period_label(period)} để khôi phục.")
        _archive(conn, period, "restored", old["upload_id"])
        conn.execute(insert(periods).values(
            period=period, period_start=old["period_start"], period_end=old["period_end"],
            upload_id=old["upload_id"]))
        cols = [c.name for c in units.columns if c.name not in ("id", "period")]
        conn.execute(insert(units).from_select(
            ["period"] + cols,
            select(literal(period, String).label("period"), *[unit_versions.c[c] for c in cols])
            .where(unit_versions.c.version_id == old["version_id"]).order_by(unit_versions.c.id)))
        conn.execute(delete(unit_versions).where(unit_versions.c.version_id == old["version_id"]))
        conn.execute(delete(period_versions)
                     .where(period_versions.c.version_id == old["version_id"]))
    return int(old["version_id"])


def purge_versions(history: History, period: Optional[str] = None) -> int:
    """Forget the kept old versions (of one period, or all), e.g. after a backup.
    Returns how many versions were removed."""
    with _write(history) as conn:
        ids = select(period_versions.c.version_id)
        if period is not None:
            ids = ids.where(period_versions.c.period == period)
        ids = list(conn.execute(ids).scalars())
        if ids:
            conn.execute(delete(unit_versions).where(unit_versions.c.version_id.in_(ids)))
            conn.execute(delete(period_versions).where(period_versions.c.version_id.in_(ids)))
    return len(ids)


# --- corrections -------------------------------------------------------------------------------

def _upsert(conn: Connection, table: Table, key_col: str, key, values: dict) -> None:
    done = conn.execute(update(table).where(table.c[key_col] == key).values(**values)).rowcount
    if not done:
        conn.execute(insert(table).values(**{key_col: key}, **values))


def set_block_override(history: History, key: str, block: Optional[str]) -> None:
    """Remember the block of a unit key (applied to every period); None forgets it."""
    if not key:
        raise HistoryError("Thiếu khóa đơn vị.")
    with _write(history) as conn:
        if block is None:
            conn.execute(delete(block_overrides).where(block_overrides.c.key == key))
            return
        if block not in BLOCKS:
            raise HistoryError(f"Khối không hợp lệ: {block}. Chọn một trong: {', '.join(BLOCKS)}.")
        _upsert(conn, block_overrides, "key", key, {"block": block, "updated_at": _now()})


def block_overrides_map(history: History) -> dict:
    """{unit key: block} chosen by the officer."""
    with _read(history) as conn:
        return dict(conn.execute(select(block_overrides.c.key, block_overrides.c.block)
                                 .order_by(block_overrides.c.key)).all())


def merge_units(history: History, alias_key: str, canonical_key: str) -> str:
    """Count `alias_key` as the same unit as `canonical_key` from now on, in every period.
    Merges chain: if the canonical key is itself an alias, its own canonical key is used, and
    keys that were aliases of `alias_key` follow it. Returns the canonical key used."""
    if not alias_key or not canonical_key:
        raise HistoryError("Thiếu khóa đơn vị để gộp.")
    with _write(history) as conn:
        merges, _ = _corrections(conn)
        target = _resolver(merges)(canonical_key)
        if target == alias_key or alias_key == canonical_key:
            raise HistoryError("Không thể gộp một đơn vị vào chính nó.")
        now = _now()
        _upsert(conn, unit_merges, "alias_key", alias_key,
                {"canonical_key": target, "updated_at": now})
        conn.execute(update(unit_merges).where(unit_merges.c.canonical_key == alias_key)
                     .values(canonical_key=target, updated_at=now))
    return target


def unmerge_unit(history: History, alias_key: str) -> bool:
    """Undo a merge: `alias_key` counts as its own unit again. False if it was not merged."""
    with _write(history) as conn:
        return bool(conn.execute(delete(unit_merges)
                                 .where(unit_merges.c.alias_key == alias_key)).rowcount)


def unit_merges_map(history: History) -> dict:
    """{alias key: canonical key}."""
    with _read(history) as conn:
        return dict(conn.execute(select(unit_merges.c.alias_key, unit_merges.c.canonical_key)
                                 .order_by(unit_merges.c.alias_key)).all())


def save_column_mapping(history: History, layout: str, mapping: dict) -> None:
    """Remember the column mapping chosen for a sheet layout (`SheetResult.layout`):
    {field: 0-based column index}."""
    if not layout:
        raise HistoryError("Thiếu chữ ký bố cục bảng để ghi nhớ cách ghép cột.")
    try:
        clean = {str(k): int(v) for k, v in dict(mapping).items()}
    except (TypeError, ValueError) as e:
        raise HistoryError(f"Cách ghép cột không hợp lệ: {e}") from e
    payload = json.dumps(clean, sort_keys=True, ensure_ascii=False)
    with _write(history) as conn:
        _upsert(conn, column_mappings, "layout", layout, {"mapping": payload, "updated_at": _now()})


def get_column_mapping(history: History, layout: str) -> Optional[dict]:
    """The column mapping saved for `layout`, or None."""
    with _read(history) as conn:
        return _column_mapping(conn, layout)


def _column_mapping(conn, layout: str) -> Optional[dict]:
    payload = conn.execute(select(column_mappings.c.mapping)
                           .where(column_mappings.c.layout == layout)).scalar()
    return None if payload is None else {k: int(v) for k, v in json.loads(payload).items()}


def saved_column_overrides(history: History, workbook) -> dict:
    """{sheet name: saved mapping} for the sheets of a parsed `WorkbookResult` (read or skipped)
    whose layout has a saved column mapping that differs from the columns found: pass it as
    `parse_bytes(..., overrides={"columns": ...})` to parse again with the officer's choice."""
    out = {}
    with _read(history) as conn:
        for sheet in list(workbook.sheets) + list(workbook.skipped_sheets):
            layout = getattr(sheet, "layout", "")
            if not layout:
                continue
            mapping = _column_mapping(conn, layout)
            if mapping is not None and mapping != dict(getattr(sheet, "columns", {}) or {}):
                out[sheet.sheet] = mapping
    return out


def delete_column_mapping(history: History, layout: str) -> bool:
    with _write(history) as conn:
        return bool(conn.execute(delete(column_mappings)
                                 .where(column_mappings.c.layout == layout)).rowcount)


# --- backup ------------------------------------------------------------------------------------

def export_history(history: History) -> bytes:
    """The whole history (data, kept versions, corrections) as one UTF-8 JSON file.
    `import_history` of these bytes into any history gives back exactly the same export."""
    with _read(history) as conn:
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
        payload[t] = [dict(zip(cols, r)) for r in rows]
    counts = {}
    try:
        with _write(history) as conn:
            for t in reversed(DATA_TABLES):
                conn.execute(delete(t))
            for t in DATA_TABLES:
                if payload[t]:
                    conn.execute(insert(t), payload[t])
                counts[t.name] = len(payload[t])
            if conn.dialect.name == "postgresql":
                for t, col in ((uploads, "id"), (units, "id"), (period_versions, "version_id"),
                               (unit_versions, "id")):
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{t.name}', '{col}'), "
                        f"COALESCE((SELECT MAX({col}) FROM {t.name}), 0) + 1, false)"))
    except HistoryError:
        raise
    except Exception as e:  # noqa: BLE001 - constraint violations in a damaged backup
        raise HistoryError(
            f"Không nhập được bản sao lưu (lịch sử giữ nguyên): {_reason(e)}") from e
    return counts

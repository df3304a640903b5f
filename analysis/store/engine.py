"""Opening the history: its URL, the `History` object, and the read and write transactions.

SQLAlchemy Core over SQLite by default (a file in `data/` beside the app) or PostgreSQL given a
URL, so that a province can share one history across districts with the same code.

Every write is one transaction. On SQLite writers take the write lock at the start
(`BEGIN IMMEDIATE`, WAL journal, busy timeout); on PostgreSQL writers take a transaction-level
advisory lock of their workspace, so two sessions saving into one workspace at once are
serialised and never mix their data, while two workspaces write side by side (their rows never
meet: every key includes the workspace).
"""
from __future__ import annotations

import logging
import os
import sqlite3
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from analysis.errors import HistoryError
from analysis.store.schema import initialise, stored_version
from analysis.store.workspace_rows import Workspace, find_workspace

log = logging.getLogger(__name__)

ENV_VAR = "KYSO_DB_URL"
_REPO = Path(__file__).resolve().parents[2]
DEFAULT_DB_FILE = _REPO / "data" / "kyso.sqlite"
SECRETS_FILE = _REPO / ".streamlit" / "secrets.toml"

PG_LOCK_ID = 0x4B59534F  # "KYSO": the advisory lock that serialises writers on PostgreSQL
SQLITE_WAIT = 60.0  # seconds a SQLite connection waits for another's lock


@dataclass
class History:
    """An open history, acting on one workspace. Close it (or use `with`) to release the
    connections; `in_workspace` gives another workspace over the same connections."""

    engine: Engine
    url: str
    workspace: Workspace = field(default_factory=lambda: Workspace(0, "", False))

    def in_workspace(self, workspace: Workspace) -> History:
        """The same database (same connection pool) acting on `workspace`."""
        return History(engine=self.engine, url=self.url, workspace=workspace)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- the URL -----------------------------------------------------------------------------------

def default_url() -> str:
    """The history's URL: env `KYSO_DB_URL`, else `KYSO_DB_URL` in `.streamlit/secrets.toml`,
    else the SQLite file `data/kyso.sqlite` beside the app."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    if SECRETS_FILE.is_file():
        try:
            secrets = tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
            value = secrets.get(ENV_VAR) or (secrets.get("history") or {}).get("db_url")
            if value:
                return str(value)
        except (OSError, ValueError):
            pass
    return _sqlite_url(DEFAULT_DB_FILE)


def _sqlite_url(path) -> str:
    return "sqlite:///" + str(Path(path).expanduser().resolve())


def normalize_url(url: str | None) -> str:
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


# --- opening -----------------------------------------------------------------------------------

def open_history(url: str | None = None, workspace: str | None = None, *,
                 create: bool = False) -> History:
    """Open (creating or upgrading as needed) the history at `url`, acting on `workspace`.

    `url` is a SQLAlchemy URL ("sqlite:///path", "postgresql+psycopg://user@host/db") or a plain
    file path (SQLite); None means `default_url()`. `workspace` is a workspace's name; None
    means `DEFAULT_WORKSPACE` (made when missing). A named workspace that does not exist raises
    `HistoryError`, unless `create` (then it is made, without a password). Raises `HistoryError`
    when the database cannot be opened or was written by a newer version of the app. No
    password is asked here: the app checks `check_workspace_password` before opening.
    """
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except Exception as e:  # noqa: BLE001 - any parsing problem is the user's URL
        log.warning("history URL cannot be parsed", exc_info=True)
        raise HistoryError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url} ({e})") from e
    shown = parsed.render_as_string(hide_password=True)
    kwargs: dict[str, Any] = {"future": True}
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_WAIT}
    try:
        engine = create_engine(url, **kwargs)
    except Exception as e:  # noqa: BLE001 - e.g. the driver is not installed
        log.warning("cannot create the engine for %s", shown, exc_info=True)
        raise HistoryError(f"Không mở được cơ sở dữ liệu {shown}: {error_reason(e)}") from e
    if engine.dialect.name == "sqlite":
        _setup_sqlite(engine)
    history = History(engine=engine, url=url)
    try:
        with write_transaction(history) as conn:
            initialise(conn)
            history.workspace = find_workspace(conn, workspace, create=create)
    except HistoryError:
        engine.dispose()
        raise
    except Exception as e:  # noqa: BLE001 - connection refused, unreadable file, ...
        engine.dispose()
        log.warning("cannot open the history %s", shown, exc_info=True)
        raise HistoryError(f"Không mở được cơ sở dữ liệu {shown}: {error_reason(e)}") from e
    return history


def get_schema_version(history: History) -> int:
    with read_transaction(history) as conn:
        return stored_version(conn)


def error_reason(e: Exception) -> str:
    """The first line of a database error, without SQLAlchemy's background link."""
    inner = getattr(e, "orig", None) or e
    lines = [x.strip() for x in str(inner).splitlines() if x.strip()]
    return lines[0] if lines else type(inner).__name__


# --- SQLite settings ---------------------------------------------------------------------------

def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(SQLITE_WAIT * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        set_wal(cur)
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("kyso_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def set_wal(cur, wait: float = SQLITE_WAIT) -> None:
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


# --- transactions ------------------------------------------------------------------------------

@contextmanager
def write_transaction(history: History, lock: int | None = None) -> Iterator[Connection]:
    """One write transaction, serialised against the other writers of the history's workspace
    (`lock` 0: against the writers of the workspaces themselves)."""
    with history.engine.connect() as conn:
        conn.execution_options(kyso_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                # one lock per workspace (0: opening, upgrading, making workspaces)
                conn.execute(text("SELECT pg_advisory_xact_lock(:k, :w)"),
                             {"k": PG_LOCK_ID,
                              "w": history.workspace.id if lock is None else lock})
            yield conn


@contextmanager
def read_transaction(history: History) -> Iterator[Connection]:
    """One read transaction (a consistent snapshot). A database error (a table missing, a
    damaged file, the server gone) raises `HistoryError`, so that a page shows the reason."""
    try:
        with history.engine.connect() as conn:
            with conn.begin():
                yield conn
    except SQLAlchemyError as e:
        log.warning("cannot read the history", exc_info=True)
        raise HistoryError(f"Không đọc được lịch sử: {error_reason(e)}") from e

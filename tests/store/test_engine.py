"""Opening the history: URLs, errors, SQLite settings, several writers at once
(analysis/store/engine.py)."""
from __future__ import annotations

import importlib
import inspect
import multiprocessing
import pkgutil
import sqlite3
import uuid
from pathlib import Path

import pytest

import analysis.store as H
import tests.store
from analysis.store import engine
from tests.store.backends import BACKENDS, pg_admin, postgres_only
from tests.store.sample import frame, month


def test_open_creates_current_schema_and_reopens(db_url):
    with H.open_history(db_url) as h:
        assert H.get_schema_version(h) == H.SCHEMA_VERSION
        assert len(H.load_frame(h)) == 0
        assert list(H.load_frame(h).columns) == list(H.FRAME_COLUMNS)
        assert len(H.list_periods(h)) == 0
    with H.open_history(db_url) as h:  # a second open neither fails nor duplicates the version
        assert H.get_schema_version(h) == H.SCHEMA_VERSION


# --- concurrency -------------------------------------------------------------------------------

class _Cursor:
    """A cursor whose PRAGMA journal_mode answers with the given errors first."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.calls = 0

    def execute(self, sql):
        assert sql == "PRAGMA journal_mode = WAL"
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)


def test_wal_switch_waits_out_a_lock_sqlite_does_not_wait_for():
    """Several processes opening a new history at once: SQLite may refuse the switch to WAL
    with "database is locked" at once, without its busy timeout (seen 6 times in 720 opens by
    12 processes). The switch is tried again; any other error is not."""
    locked = sqlite3.OperationalError("database is locked")
    cur = _Cursor(locked, locked, locked)
    engine.set_wal(cur, wait=5)
    assert cur.calls == 4
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        engine.set_wal(_Cursor(sqlite3.OperationalError("disk I/O error")), wait=5)
    stuck = _Cursor(*[locked] * 1000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        engine.set_wal(stuck, wait=0.2)  # gives up once the wait is over
    assert 2 <= stuck.calls < 20


N_WRITERS = 6
N_UNITS = 40
N_ROUNDS = 3


def _writer(url, i, barrier, errors):
    try:
        barrier.wait(timeout=60)
        h = H.open_history(url)  # every process opens (and possibly creates) at the same time
        for r in range(N_ROUNDS):
            own = frame(period=month(2021, i + 1), n=N_UNITS, base=100 * i + r, file=f"w{i}.xlsx")
            H.store_frame(h, own, {"source": f"writer {i}"})
            shared = frame(period=month(2022, 1), n=N_UNITS, base=1000 * (i + 1),
                           file=f"w{i}.xlsx")
            H.store_frame(h, shared)
        h.close()
    except BaseException as e:  # noqa: BLE001 - reported to the parent
        errors.put(f"writer {i}: {e!r}")


def test_concurrent_writers_neither_lose_nor_mix_data(db_url):
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        pytest.skip("this platform cannot fork processes")
    barrier = ctx.Barrier(N_WRITERS)
    errors = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(db_url, i, barrier, errors))
             for i in range(N_WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert not problems, problems
    assert all(p.exitcode == 0 for p in procs)
    with H.open_history(db_url) as h:
        got = H.load_frame(h)
        lp = H.list_periods(h).set_index("period")
        for i in range(N_WRITERS):
            code = month(2021, i + 1)[0]
            part = got[got["period"] == code]
            assert len(part) == N_UNITS and set(part["file"]) == {f"w{i}.xlsx"}
            last = 100 * i + N_ROUNDS - 1
            assert list(part["signed"]) == [k + last for k in range(N_UNITS)]
            assert lp.loc[code, "versions"] == N_ROUNDS - 1
        shared = got[got["period"] == "2022-01"]
        assert len(shared) == N_UNITS and shared["file"].nunique() == 1  # one writer's data
        writer = int(shared["file"].iat[0][1:-5])
        assert list(shared["signed"]) == [k + 1000 * (writer + 1) for k in range(N_UNITS)]
        versions = H.list_versions(h, "2022-01")
        assert len(versions) == N_WRITERS * N_ROUNDS - 1
        assert set(versions["units"]) == {N_UNITS}
        assert H.get_schema_version(h) == H.SCHEMA_VERSION


def test_one_history_shared_by_threads(history):
    """The app keeps one open History for all browser sessions (threads)."""
    import threading

    errors = []

    def work(i):
        try:
            for r in range(3):
                H.store_frame(history, frame(period=month(2023, i + 1), n=5, base=10 * i + r))
                H.load_frame(history)
                H.list_periods(history)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    got = H.load_frame(history)
    assert len(got) == 6 * 5
    for i in range(6):
        part = got[got["period"] == month(2023, i + 1)[0]]
        assert list(part["signed"]) == [k + 10 * i + 2 for k in range(5)]


# --- SQLite only -------------------------------------------------------------------------------

def test_default_url_env_secrets_and_data_folder(monkeypatch, tmp_path):
    root = Path(__file__).resolve().parents[2]  # the app's folder, wherever the module sits
    assert H.DEFAULT_DB_FILE == root / "data" / "kyso.sqlite"
    assert engine.SECRETS_FILE == root / ".streamlit" / "secrets.toml"
    monkeypatch.delenv(H.ENV_VAR, raising=False)
    monkeypatch.setattr(engine, "SECRETS_FILE", tmp_path / "missing.toml")
    assert H.default_url() == "sqlite:///" + str(H.DEFAULT_DB_FILE)
    assert H.DEFAULT_DB_FILE.parent.name == "data"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('KYSO_DB_URL = "sqlite:///from-secrets.sqlite"\n', encoding="utf-8")
    monkeypatch.setattr(engine, "SECRETS_FILE", secrets)
    assert H.default_url() == "sqlite:///from-secrets.sqlite"
    monkeypatch.setenv(H.ENV_VAR, "sqlite:///" + str(tmp_path / "env.sqlite"))
    assert H.normalize_url(None) == "sqlite:///" + str(tmp_path / "env.sqlite")
    with H.open_history() as h:
        assert h.url.endswith("env.sqlite")
    assert (tmp_path / "env.sqlite").exists()
    # a plain path is a SQLite file; missing folders are created
    with H.open_history(str(tmp_path / "sub" / "dir" / "h.sqlite")) as h:
        assert h.dialect == "sqlite"
    assert (tmp_path / "sub" / "dir" / "h.sqlite").exists()
    assert H.normalize_url("postgresql://u@host/db") == "postgresql+psycopg://u@host/db"


def test_sqlite_uses_wal_and_a_busy_timeout(sqlite_url):
    with H.open_history(sqlite_url) as history, history.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_unrelated_or_broken_database_is_refused(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE units (x INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(H.HistoryError) as e:
        H.open_history(str(path))
    assert "phiên bản" in e.value.message
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(H.HistoryError):
        H.open_history(str(junk))
    with pytest.raises(H.HistoryError):
        H.open_history("nosuchdialect://x/y")


# --- PostgreSQL only ---------------------------------------------------------------------------

@postgres_only
def test_postgres_url_without_driver_name_uses_psycopg(pg_server):
    name = "kyso_" + uuid.uuid4().hex[:12]
    pg_admin(pg_server, f'CREATE DATABASE "{name}"')
    try:
        with H.open_history(f"postgresql://postgres@/{name}?host={pg_server}") as h:
            assert h.dialect == "postgresql"
            assert H.get_schema_version(h) == H.SCHEMA_VERSION
    finally:
        pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@postgres_only
def test_unreachable_server_is_a_clear_error(tmp_path):
    with pytest.raises(H.HistoryError) as e:
        H.open_history(f"postgresql+psycopg://postgres@/nosuchdb?host={tmp_path}")
    assert "Không mở được" in e.value.message


def test_portable_tests_run_on_every_backend():
    """The tests that take `db_url` or `history` run once per backend (conftest.py): most of the
    history tests, so PostgreSQL is tested as much as SQLite."""
    assert BACKENDS == ("sqlite", "postgres")
    portable = []
    for info in pkgutil.iter_modules(tests.store.__path__):
        if info.name.startswith("test_"):
            module = importlib.import_module(f"tests.store.{info.name}")
            for name, fn in vars(module).items():
                if not (name.startswith("test_") and callable(fn)):
                    continue
                if {"db_url", "history"} & set(inspect.signature(fn).parameters):
                    portable.append(name)
    assert len(portable) >= 15

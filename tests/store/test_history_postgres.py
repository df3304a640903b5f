"""The stored history against a real PostgreSQL server that these tests start themselves.

Every test of tests/test_history.py marked `@portable` runs here again, each in a fresh
database of one throwaway server (initdb into a temporary folder, pg_ctl on a unix socket in
that folder, no TCP port). Skipped, with the reason, when the server binaries (Debian's
`postgresql` package) or the psycopg driver are not installed.
"""
from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

_common_path = Path(__file__).with_name("test_history.py")
_spec = importlib.util.spec_from_file_location("_kyso_test_history_common", _common_path)
common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(common)

H = common.H


def _pg_bin():
    """The folder holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return str(Path(os.path.realpath(found)).parent)
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(folder, "initdb")) and os.path.exists(
                os.path.join(folder, "pg_ctl")):
            return folder
    return None


def _skip_reason():
    if _pg_bin() is None:
        return ("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's "
                "`postgresql` package (.ci/run does) to run the PostgreSQL history tests")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install -r requirements-dev.txt"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))


def _as_server_user(cmd, user):
    """initdb and postgres refuse to run as root: run them as the `postgres` user then."""
    if user is None:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", user, "--"] + cmd
    return ["su", user, "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)]


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server; yields the unix-socket folder."""
    bindir = _pg_bin()
    base = tempfile.mkdtemp(prefix="kyso-pg-")  # short: the socket path has a length limit
    data = os.path.join(base, "data")
    user = None
    if os.geteuid() == 0:
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run the server")
        user = "postgres"
        os.chown(base, pw.pw_uid, pw.pw_gid)
    os.chmod(base, 0o755)
    log = os.path.join(base, "server.log")

    def run(cmd):
        return subprocess.run(_as_server_user(cmd, user), capture_output=True, text=True,
                              timeout=120)

    res = run([os.path.join(bindir, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
               "-E", "UTF8", "--locale=C", "--no-sync"])
    if res.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"initdb failed: {res.stdout}\n{res.stderr}")
    opts = f"-c listen_addresses='' -c unix_socket_directories={base} -c fsync=off -k {base}"
    res = run([os.path.join(bindir, "pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60",
               "-o", opts, "start"])
    if res.returncode != 0:
        text = Path(log).read_text(errors="replace") if os.path.exists(log) else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"pg_ctl start failed: {res.stdout}\n{res.stderr}\n{text}")
    try:
        yield base
    finally:
        run([os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


def _admin(socket_dir, sql):
    import psycopg

    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def db_url(pg_server):
    """A fresh, empty database on the throwaway server, dropped after the test."""
    name = "kyso_" + uuid.uuid4().hex[:12]
    _admin(pg_server, f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@/{name}?host={pg_server}"
    _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def hist(db_url):
    h = H.open_history(db_url)
    yield h
    h.close()


# Run every portable test of test_history.py here, with the fixtures above.
for _name in common.PORTABLE:
    globals()[_name] = getattr(common, _name)


def test_portable_tests_are_collected_here():
    assert len(common.PORTABLE) >= 15


def test_history_moves_between_sqlite_and_postgresql(db_url, tmp_path):
    """A backup made on SQLite imports into PostgreSQL and back, byte for byte."""
    with H.open_history(str(tmp_path / "district.sqlite")) as lite:
        common._populate(lite)
        data = H.export_history(lite)
    with H.open_history(db_url) as pg:
        H.import_history(pg, data)
        assert H.export_history(pg) == data
        with H.open_history(str(tmp_path / "district.sqlite")) as lite:
            assert common.plain(H.load_frame(pg)) == common.plain(H.load_frame(lite))
        H.store_frame(pg, common.frame(period=common.month(2021, 7), n=2))
        again = H.export_history(pg)
    with H.open_history(str(tmp_path / "copy.sqlite")) as lite:
        H.import_history(lite, again)
        assert H.export_history(lite) == again


def test_postgres_url_without_driver_name_uses_psycopg(pg_server):
    name = "kyso_" + uuid.uuid4().hex[:12]
    _admin(pg_server, f'CREATE DATABASE "{name}"')
    try:
        with H.open_history(f"postgresql://postgres@/{name}?host={pg_server}") as h:
            assert h.dialect == "postgresql"
            assert H.get_schema_version(h) == H.SCHEMA_VERSION
    finally:
        _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_unreachable_server_is_a_clear_error(tmp_path):
    with pytest.raises(H.HistoryError) as e:
        H.open_history(f"postgresql+psycopg://postgres@/nosuchdb?host={tmp_path}")
    assert "Không mở được" in e.value.message

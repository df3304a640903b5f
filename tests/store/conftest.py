"""Fixtures of the history tests: every test that takes `db_url` or `history` runs on both
backends, SQLite (a file in the test's folder) and PostgreSQL (a fresh database of one throwaway
server these tests start themselves: initdb into a temporary folder, pg_ctl on a unix socket in
that folder, no TCP port). The PostgreSQL runs carry the `postgres` mark and are skipped, with
the reason, when the server binaries (Debian's `postgresql` package) or the psycopg driver are
not installed (tests/store/backends.py). `sqlite_url` and `pg_url` are for the tests of one
backend only.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from analysis.store import open_history
from tests.store.backends import BACKENDS, POSTGRES, pg_admin, pg_bin


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
    bindir = pg_bin()
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


@pytest.fixture
def sqlite_url(tmp_path):
    """A SQLite history file (not created yet) in the test's folder."""
    return "sqlite:///" + str(tmp_path / "kyso.sqlite")


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the throwaway server, dropped after the test."""
    name = "kyso_" + uuid.uuid4().hex[:12]
    pg_admin(pg_server, f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@/{name}?host={pg_server}"
    pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=[pytest.param(b, marks=POSTGRES if b == "postgres" else [])
                        for b in BACKENDS])
def db_url(request):
    """An empty history's URL, once per backend."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def history(db_url):
    """An open, empty history, once per backend."""
    h = open_history(db_url)
    yield h
    h.close()

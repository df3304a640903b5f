"""A throwaway PostgreSQL server for the benchmarks, as tests/store/conftest.py starts one for
the tests: initdb into a temporary folder, pg_ctl on a unix socket there (no TCP port), run as
the `postgres` user when started as root; stopped and removed on exit."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


def pg_bin() -> str | None:
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(folder, "initdb")):
            return folder
    found = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(found)) if found else None


def _as_user(cmd: list, user: str | None) -> list:
    return cmd if user is None else ["runuser", "-u", user, "--"] + cmd


@contextmanager
def pg_server() -> Iterator[str]:
    """Yields the socket folder; raises RuntimeError when the server cannot start."""
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    base = tempfile.mkdtemp(prefix="kyso-bpg-")
    data = os.path.join(base, "data")
    user = None
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam("postgres")
        user = "postgres"
        os.chown(base, pw.pw_uid, pw.pw_gid)
    os.chmod(base, 0o755)

    def run(cmd):
        return subprocess.run(_as_user(cmd, user), capture_output=True, text=True, timeout=120)

    try:
        res = run([os.path.join(bindir, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
                   "-E", "UTF8", "--locale=C", "--no-sync"])
        if res.returncode != 0:
            raise RuntimeError(f"initdb failed: {res.stderr}")
        opts = f"-c listen_addresses='' -c unix_socket_directories={base} -k {base}"
        res = run([os.path.join(bindir, "pg_ctl"), "-D", data, "-l",
                   os.path.join(base, "server.log"), "-w", "-t", "60", "-o", opts, "start"])
        if res.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {res.stderr}")
        try:
            yield base
        finally:
            run([os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"])
    finally:
        shutil.rmtree(base, ignore_errors=True)


def create_database(socket_dir: str, name: str) -> str:
    """Make database `name`; its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@/{name}?host={socket_dir}"

"""Which backends the history tests run on, and what the PostgreSQL ones need: the server
binaries of Debian's `postgresql` package and the psycopg driver. Fixtures: conftest.py."""
from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgres")


def pg_bin():
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
    if pg_bin() is None:
        return ("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's "
                "`postgresql` package (.ci/run does) to run the PostgreSQL history tests")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install -r requirements-dev.txt"
    return None


PG_SKIP_REASON = _skip_reason()
# The marks of every PostgreSQL test: `postgres`, and skipped (with the reason) when it cannot run.
POSTGRES = [pytest.mark.postgres,
            pytest.mark.skipif(PG_SKIP_REASON is not None, reason=str(PG_SKIP_REASON))]


def postgres_only(test):
    """Mark a test that runs on PostgreSQL only (it takes `pg_url` or `pg_server`)."""
    for mark in reversed(POSTGRES):
        test = mark(test)
    return test


def pg_admin(socket_dir, sql):
    """Run one statement on the server's `postgres` database (CREATE / DROP DATABASE)."""
    import psycopg

    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(sql)

"""The schema version and the migrations (analysis/store/schema.py)."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, text

import analysis.store as H
from tests.store.sample import frame, month

V1_DDL = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, migrated_at VARCHAR(40));
CREATE TABLE uploads (id {serial} PRIMARY KEY, file TEXT NOT NULL,
    uploaded_at VARCHAR(40) NOT NULL);
CREATE TABLE periods (period VARCHAR(40) PRIMARY KEY, period_start VARCHAR(10) NOT NULL,
    period_end VARCHAR(10) NOT NULL, upload_id INTEGER NOT NULL REFERENCES uploads (id));
CREATE TABLE units (id {serial} PRIMARY KEY,
    period VARCHAR(40) NOT NULL REFERENCES periods (period), key TEXT NOT NULL, unit TEXT,
    block VARCHAR(40), file TEXT, sheet TEXT, "row" INTEGER, received INTEGER, sent INTEGER,
    signed INTEGER, signed_leader INTEGER, UNIQUE (period, key));
INSERT INTO schema_version VALUES (1, '2021-01-01T00:00:00+00:00');
INSERT INTO uploads (file, uploaded_at) VALUES ('t2.xlsx', '2021-03-05T08:00:00+00:00');
INSERT INTO periods VALUES ('2021-02', '2021-02-01', '2021-02-28', 1);
INSERT INTO units (period, key, unit, block, file, sheet, "row", received, sent, signed,
    signed_leader) VALUES
    ('2021-02', 'phong noi vu', 'Phòng Nội vụ', 'department', 't2.xlsx', 'T2', 5, 40, 20, 19, NULL),
    ('2021-02', 'xã sơn hà', 'UBND xã Sơn Hà', 'commune', 't2.xlsx', 'T2', 9, NULL, 12, 12, 3)
"""


def make_v1(url):
    """A hand-made history at schema version 1 (before districts, agency signatures, kept
    versions and corrections)."""
    engine = create_engine(url)
    serial = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
    with engine.begin() as conn:
        for stmt in V1_DDL.format(serial=serial).split(";"):
            if stmt.strip():
                conn.execute(text(stmt))
    engine.dispose()


def test_migration_from_v1_keeps_the_data_and_upgrades(db_url):
    make_v1(db_url)
    with H.open_history(db_url) as h:
        assert H.get_schema_version(h) == H.SCHEMA_VERSION
        got = H.load_frame(h)
        assert list(got["unit"]) == ["Phòng Nội vụ", "UBND xã Sơn Hà"]
        assert list(got["sent"]) == [20, 12] and got["signed_agency"].isna().all()
        assert got["district"].isna().all() and list(got["sheet"]) == ["T2", "T2"]
        lp = H.list_periods(h)
        assert list(lp["period"]) == ["2021-02"]
        assert lp["uploaded_at"].iat[0] == "2021-03-05T08:00:00+00:00"
        # everything v2 can do works on the upgraded file
        H.store_frame(h, frame(period=month(2021, 2), n=2))
        H.restore_previous_version(h, "2021-02")
        assert list(H.load_frame(h)["unit"]) == ["Phòng Nội vụ", "UBND xã Sơn Hà"]
        H.set_block_override(h, "phong noi vu", "other")
        H.merge_units(h, "son ha", "xã sơn hà")
        H.save_column_mapping(h, "x", {"unit": 1})
        data = H.export_history(h)
    with H.open_history(db_url) as h:  # reopening does not migrate again
        assert H.get_schema_version(h) == H.SCHEMA_VERSION and H.export_history(h) == data


def test_history_from_a_newer_app_is_refused(db_url):
    with H.open_history(db_url) as h:
        with h.engine.begin() as conn:
            conn.execute(text("UPDATE schema_version SET version = 99"))
    with pytest.raises(H.HistoryError) as e:
        H.open_history(db_url)
    assert "mới hơn" in e.value.message


# --- SQLite only -------------------------------------------------------------------------------

def test_migration_of_a_v1_file_made_with_sqlite3(tmp_path):
    """The v1 file as an older app wrote it, with Python's sqlite3 (no SQLAlchemy)."""
    path = tmp_path / "v1.sqlite"
    con = sqlite3.connect(path)
    con.executescript(V1_DDL.format(serial="INTEGER") + ";")
    con.close()
    with H.open_history(str(path)) as h:
        assert H.get_schema_version(h) == H.SCHEMA_VERSION
        assert len(H.load_frame(h)) == 2
    con = sqlite3.connect(path)
    cols = {r[1] for r in con.execute("PRAGMA table_info(units)")}
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert {"district", "signed_agency"} <= cols
    assert {"period_versions", "unit_versions", "block_overrides", "unit_merges",
            "column_mappings"} <= tables

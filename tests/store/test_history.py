"""The stored history (analysis/history.py) on SQLite.

Tests marked `@portable` take the `db_url` fixture and are run again against a real PostgreSQL
server by tests/test_history_postgres.py.
"""
from __future__ import annotations

import json
import multiprocessing
import sqlite3
import unicodedata
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from analysis.store import history as H
from analysis.model import COUNT_FIELDS

PORTABLE = []


def portable(fn):
    """Mark a test that must pass on every backend (it only uses the `db_url` fixture)."""
    PORTABLE.append(fn.__name__)
    return fn


@pytest.fixture
def db_url(tmp_path):
    return "sqlite:///" + str(tmp_path / "kyso.sqlite")


@pytest.fixture
def hist(db_url):
    h = H.open_history(db_url)
    yield h
    h.close()


def month(year, m):
    end = (date(year + (m == 12), m % 12 + 1, 1) - pd.Timedelta(days=1).to_pytimedelta())
    return f"{year:04d}-{m:02d}", date(year, m, 1), end


def frame(period=("2021-03", date(2021, 3, 1), date(2021, 3, 31)), n=3, base=0, file="t3.xlsx",
          sheet="Sheet1", district=None, prefix="xã"):
    code, start, end = period
    rows = []
    for i in range(n):
        rows.append({
            "period_start": start, "period_end": end, "period": code, "file": file,
            "sheet": sheet, "row": 6 + i, "unit": f"UBND {prefix} Số {i}",
            "key": f"{prefix} so {i}", "block": "commune", "district": district,
            "received": None if i == 0 else 100 + i, "sent": 10 + i + base,
            "signed": i + base, "signed_leader": None, "signed_agency": 2 * i if i else None,
        })
    df = pd.DataFrame(rows)
    df["row"] = df["row"].astype("Int64")
    for f in COUNT_FIELDS:
        df[f] = pd.array(df[f].tolist(), dtype="Int64")
    for c in ("sheet", "district"):
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def plain(df):
    """Rows as comparable dicts (NA -> None)."""
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if H._is_na(v) else v) for k, v in rec.items()})
    return out


# --- opening and storing -----------------------------------------------------------------------

@portable
def test_open_creates_current_schema_and_reopens(db_url):
    with H.open_history(db_url) as h:
        assert H.get_schema_version(h) == H.SCHEMA_VERSION
        assert len(H.load_frame(h)) == 0
        assert list(H.load_frame(h).columns) == list(H.FRAME_COLUMNS)
        assert len(H.list_periods(h)) == 0
    with H.open_history(db_url) as h:  # a second open neither fails nor duplicates the version
        assert H.get_schema_version(h) == H.SCHEMA_VERSION


@portable
def test_store_then_load_gives_back_the_units_frame(hist):
    df = frame(district="Huyện Quan Sơn")
    report = H.store_frame(hist, df, {"source": "cli"})
    assert report.added == ["2021-03"] and report.replaced == [] and report.units == 3
    assert "Tháng 3/2021" in report.message() or "2021-03" in report.message()
    got = H.load_frame(hist)
    assert list(got.columns) == list(H.FRAME_COLUMNS)
    assert plain(got) == plain(df)
    assert str(got["row"].dtype) == "Int64"
    for f in COUNT_FIELDS:
        assert str(got[f].dtype) == "Int64"
    assert isinstance(got["period_start"].iat[0], date)
    assert got["signed_leader"].isna().all() and got["received"].isna().iat[0]


@portable
def test_store_again_replaces_the_period_and_keeps_the_old_one(hist):
    H.store_frame(hist, frame(n=3))
    H.store_frame(hist, frame(period=month(2021, 4), n=2))
    report = H.store_frame(hist, frame(n=2, base=5, file="t3-sua.xlsx"))
    assert report.replaced == ["2021-03"] and report.added == []
    got = H.load_frame(hist, ["2021-03"])
    assert len(got) == 2 and set(got["file"]) == {"t3-sua.xlsx"}
    assert list(got["signed"]) == [5, 6]
    assert len(H.load_frame(hist)) == 4  # April untouched
    versions = H.list_versions(hist, "2021-03")
    assert list(versions["reason"]) == ["replaced"] and list(versions["units"]) == [3]


@portable
def test_restore_previous_version_brings_back_the_old_data_and_can_be_undone(hist):
    H.store_frame(hist, frame(n=3))
    H.store_frame(hist, frame(n=2, base=5))
    first, second = plain(H.load_frame(hist)), None
    H.restore_previous_version(hist, "2021-03")
    restored = H.load_frame(hist)
    assert len(restored) == 3 and list(restored["signed"]) == [0, 1, 2]
    assert plain(restored) == plain(frame(n=3))
    second = H.list_versions(hist, "2021-03")
    assert len(second) == 1 and list(second["units"]) == [2]  # the newer data is kept in turn
    H.restore_previous_version(hist, "2021-03")
    assert plain(H.load_frame(hist)) == first
    with pytest.raises(H.HistoryError) as e:
        H.restore_previous_version(hist, "2020-01")
    assert "khôi phục" in e.value.message


@portable
def test_delete_period_is_recoverable(hist):
    H.store_frame(hist, frame(n=3))
    H.store_frame(hist, frame(period=month(2021, 4), n=2))
    assert H.delete_period(hist, "2021-03") == 3
    assert list(H.list_periods(hist)["period"]) == ["2021-04"]
    assert list(H.list_versions(hist)["reason"]) == ["deleted"]
    H.restore_previous_version(hist, "2021-03")
    assert list(H.list_periods(hist)["period"]) == ["2021-03", "2021-04"]
    with pytest.raises(H.HistoryError):
        H.delete_period(hist, "1999-01")
    assert H.purge_versions(hist) == 0
    H.delete_period(hist, "2021-04")
    assert H.purge_versions(hist) == 1
    with pytest.raises(H.HistoryError):
        H.restore_previous_version(hist, "2021-04")


@portable
def test_refused_upload_leaves_the_history_as_it_was(hist):
    H.store_frame(hist, frame(n=3))
    before = H.export_history(hist)
    dup = pd.concat([frame(n=2, base=1), frame(n=1, base=1)], ignore_index=True)
    no_period = frame(n=2)
    no_period.loc[1, "period"] = None
    bad_count = frame(n=2)
    bad_count["sent"] = bad_count["sent"].astype(float)
    bad_count.loc[0, "sent"] = 1.5
    for bad in (dup, no_period, bad_count, frame(n=1).iloc[0:0], frame(n=2).drop(columns=["key"])):
        with pytest.raises(H.HistoryError) as e:
            H.store_frame(hist, bad)
        assert e.value.message
    assert H.export_history(hist) == before


@portable
def test_failure_inside_the_transaction_rolls_everything_back(hist, monkeypatch):
    H.store_frame(hist, frame(n=3))
    before = H.export_history(hist)
    real_now = H._now
    calls = []

    def failing_now():
        calls.append(1)
        if len(calls) == 2:  # the first call dates the upload; the second archives March
            raise RuntimeError("disk full")
        return real_now()

    monkeypatch.setattr(H, "_now", failing_now)
    with pytest.raises(RuntimeError):
        H.store_frame(hist, pd.concat([frame(period=month(2021, 2), n=2), frame(n=2, base=9)],
                                      ignore_index=True))
    monkeypatch.setattr(H, "_now", real_now)
    assert H.export_history(hist) == before


@portable
def test_same_unit_key_in_two_districts_is_two_units(hist):
    a = frame(n=2, district="Huyện Quan Sơn")
    b = frame(n=2, district="Huyện Mường Lát", base=3)
    H.store_frame(hist, pd.concat([a, b], ignore_index=True))
    got = H.load_frame(hist)
    assert len(got) == 4
    assert sorted(got["district"].unique()) == ["Huyện Mường Lát", "Huyện Quan Sơn"]


# --- listing -----------------------------------------------------------------------------------

@portable
def test_list_periods_gives_sources_counts_and_upload_time(hist):
    H.store_frame(hist, frame(period=month(2021, 4), n=2, file="t4.xlsx", sheet=None))
    H.store_frame(hist, frame(n=3))
    H.store_frame(hist, frame(period=("2021-01-01/2021-03-31", date(2021, 1, 1),
                                      date(2021, 3, 31)), n=1, file="q1.xlsx"))
    lp = H.list_periods(hist)
    assert list(lp["period"]) == ["2021-01-01/2021-03-31", "2021-03", "2021-04"]
    assert list(lp["units"]) == [1, 3, 2]
    assert list(lp["sources"]) == ["q1.xlsx / Sheet1", "t3.xlsx / Sheet1", "t4.xlsx"]
    assert list(lp["versions"]) == [0, 0, 0]
    assert all(isinstance(x, str) and x[:4].isdigit() for x in lp["uploaded_at"])
    assert lp["period_start"].iat[0] == date(2021, 1, 1)
    assert lp["label"].iat[1] in ("Tháng 3/2021", "2021-03")


@portable
def test_missing_months(hist):
    for m in (1, 2, 5):
        H.store_frame(hist, frame(period=month(2021, m), n=1))
    H.store_frame(hist, frame(period=("2021-01-01/2021-03-31", date(2021, 1, 1),
                                      date(2021, 3, 31)), n=1))
    assert H.missing_months(hist, 2021, through=6) == [3, 4, 6]
    assert H.missing_months(hist, 2021) == [3, 4, 6, 7, 8, 9, 10, 11, 12]
    assert H.missing_months(hist, 2020, through=2) == [1, 2]
    assert H.missing_months(hist, date.today().year + 1) == []


# --- corrections -------------------------------------------------------------------------------

@portable
def test_block_override_applies_to_every_period(hist):
    H.store_frame(hist, frame(n=2))
    H.store_frame(hist, frame(period=month(2021, 4), n=2))
    H.set_block_override(hist, "xã so 1", "service_unit")
    got = H.load_frame(hist)
    assert list(got.loc[got["key"] == "xã so 1", "block"]) == ["service_unit"] * 2
    assert list(got.loc[got["key"] == "xã so 0", "block"]) == ["commune"] * 2
    assert H.block_overrides_map(hist) == {"xã so 1": "service_unit"}
    raw = H.load_frame(hist, corrections=False)
    assert set(raw["block"]) == {"commune"}
    H.set_block_override(hist, "xã so 1", "department")  # changed again
    assert H.block_overrides_map(hist) == {"xã so 1": "department"}
    with pytest.raises(H.HistoryError):
        H.set_block_override(hist, "xã so 1", "khối lạ")
    H.set_block_override(hist, "xã so 1", None)
    assert H.block_overrides_map(hist) == {}
    assert set(H.load_frame(hist)["block"]) == {"commune"}


@portable
def test_merged_names_stay_one_unit(hist):
    march = frame(n=2)
    april = frame(period=month(2021, 4), n=2)
    april.loc[0, ["unit", "key"]] = ["Xã Số 0 mới", "xa so 0 moi"]
    H.store_frame(hist, march)
    H.store_frame(hist, april)
    assert H.merge_units(hist, "xa so 0 moi", "xã so 0") == "xã so 0"
    got = H.load_frame(hist)
    assert sorted(got["key"].unique()) == ["xã so 0", "xã so 1"]
    assert list(got.loc[got["period"] == "2021-04", "unit"]) == ["Xã Số 0 mới", "UBND xã Số 1"]
    # Chains: a third name merged into the alias goes to the canonical key; a merge of the
    # canonical key elsewhere carries its aliases along.
    assert H.merge_units(hist, "so 0", "xa so 0 moi") == "xã so 0"
    assert H.merge_units(hist, "xã so 0", "xã so 1") == "xã so 1"
    assert H.unit_merges_map(hist) == {"so 0": "xã so 1", "xa so 0 moi": "xã so 1",
                                       "xã so 0": "xã so 1"}
    with pytest.raises(H.HistoryError):
        H.merge_units(hist, "xã so 1", "xa so 0 moi")  # would be a cycle
    # Two merged names in the same period: counts summed, canonical row kept.
    got = H.load_frame(hist, ["2021-03"])
    assert len(got) == 1 and got["key"].iat[0] == "xã so 1"
    assert got["unit"].iat[0] == "UBND xã Số 1"
    assert got["sent"].iat[0] == 10 + 11 and got["signed"].iat[0] == 1
    assert pd.isna(got["received"].iat[0]) is False and got["received"].iat[0] == 101
    assert pd.isna(got["signed_leader"].iat[0])
    assert H.unmerge_unit(hist, "xã so 0") is True
    assert H.unmerge_unit(hist, "xã so 0") is False
    assert len(H.load_frame(hist, ["2021-03"])) == 2


@portable
def test_corrections_apply_to_a_fresh_upload_and_history_plus_upload(hist):
    H.store_frame(hist, frame(period=month(2021, 1), n=2))
    H.store_frame(hist, frame(period=month(2021, 2), n=2))
    H.set_block_override(hist, "xã so 0", "other")
    H.merge_units(hist, "xa so 1", "xã so 1")
    fresh = frame(period=month(2021, 2), n=2, base=7, file="t2-moi.xlsx")
    fresh.loc[1, "key"] = "xa so 1"
    fixed = H.apply_corrections(hist, fresh)
    assert list(fixed["key"]) == ["xã so 0", "xã so 1"]
    assert list(fixed["block"]) == ["other", "commune"]
    both = H.frame_with_history(hist, fresh)
    assert list(both["period"]) == ["2021-01"] * 2 + ["2021-02"] * 2
    assert list(both.loc[both["period"] == "2021-02", "file"]) == ["t2-moi.xlsx"] * 2
    assert list(both.loc[both["period"] == "2021-01", "block"]) == ["other", "commune"]
    assert len(H.load_frame(hist, ["2021-02"])) == 2  # nothing was stored
    assert plain(H.frame_with_history(hist)) == plain(H.load_frame(hist))


@portable
def test_column_mapping_per_layout(hist):
    assert H.get_column_mapping(hist, "tt|ten co quan|van ban di") is None
    H.save_column_mapping(hist, "tt|ten co quan|van ban di", {"unit": 1, "sent": 2})
    H.save_column_mapping(hist, "other", {"unit": 0})
    assert H.get_column_mapping(hist, "tt|ten co quan|van ban di") == {"unit": 1, "sent": 2}
    H.save_column_mapping(hist, "tt|ten co quan|van ban di", {"unit": 1, "sent": 3, "signed": 4})
    assert H.get_column_mapping(hist, "tt|ten co quan|van ban di") == {
        "unit": 1, "sent": 3, "signed": 4}
    assert H.delete_column_mapping(hist, "other") is True
    assert H.get_column_mapping(hist, "other") is None
    with pytest.raises(H.HistoryError):
        H.save_column_mapping(hist, "", {"unit": 0})


# --- backup ------------------------------------------------------------------------------------

def _populate(h):
    nfd = unicodedata.normalize("NFD", "UBND xã Cẩm Tâm")
    H.store_frame(h, frame(n=3), {"source": "app", "note": "tháng 3"})
    f2 = frame(n=2, base=4, district="Huyện Cẩm Thủy")
    f2.loc[1, "unit"] = nfd
    H.store_frame(h, f2)
    H.store_frame(h, frame(period=month(2021, 4), n=2, sheet=None))
    H.delete_period(h, "2021-04")
    H.store_frame(h, frame(period=month(2021, 5), n=1))
    H.set_block_override(h, "xã so 1", "department")
    H.merge_units(h, "so 2", "xã so 2")
    H.save_column_mapping(h, "lay|out", {"unit": 1, "sent": 4})
    return nfd


@portable
def test_export_import_round_trips_exactly(db_url, tmp_path):
    with H.open_history(db_url) as h:
        nfd = _populate(h)
        data = H.export_history(h)
        frame_before = plain(H.load_frame(h))
        periods_before = H.list_periods(h)
    doc = json.loads(data)
    assert doc["format"] == "kyso-history" and doc["schema_version"] == H.SCHEMA_VERSION
    other = H.open_history("sqlite:///" + str(tmp_path / "other.sqlite"))
    H.store_frame(other, frame(period=month(2020, 1), n=5))  # replaced by the import
    counts = H.import_history(other, data)
    assert counts["units"] == 2 + 1 and counts["period_versions"] == 2
    assert H.export_history(other) == data
    assert plain(H.load_frame(other)) == frame_before
    assert nfd in set(H.load_frame(other)["unit"])  # NFD kept as written
    pd.testing.assert_frame_equal(H.list_periods(other), periods_before)
    # and back into the original backend, over its own data
    with H.open_history(db_url) as h:
        H.import_history(h, H.export_history(other))
        assert H.export_history(h) == data
        # ids continue after the imported ones
        report = H.store_frame(h, frame(period=month(2021, 6), n=1))
        assert report.upload_id == max(r[0] for r in doc["tables"]["uploads"]["rows"]) + 1
        H.restore_previous_version(h, "2021-04")
        assert "2021-04" in set(H.list_periods(h)["period"])
    other.close()


@portable
def test_refused_import_leaves_the_history_as_it_was(hist):
    _populate(hist)
    before = H.export_history(hist)
    newer = json.loads(before)
    newer["schema_version"] = H.SCHEMA_VERSION + 1
    broken = json.loads(before)
    broken["tables"]["units"]["rows"][0][1] = "1999-01"  # unit of a period that is not stored
    strange = json.loads(before)
    strange["tables"]["units"]["columns"][1] = "ky"
    for bad in (b"not json", b'{"format": "other"}', json.dumps(newer).encode(),
                json.dumps(broken).encode(), json.dumps(strange).encode()):
        with pytest.raises(H.HistoryError) as e:
            H.import_history(hist, bad)
        assert e.value.message
    assert H.export_history(hist) == before


# --- migrations --------------------------------------------------------------------------------

V1_DDL = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, migrated_at VARCHAR(40));
CREATE TABLE uploads (id {serial} PRIMARY KEY, file TEXT NOT NULL, uploaded_at VARCHAR(40) NOT NULL);
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


@portable
def test_migration_from_v1_keeps_the_data_and_upgrades(db_url):
    make_v1(db_url)
    with H.open_history(db_url) as h:
        assert H.get_schema_version(h) == 2
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
        assert H.get_schema_version(h) == 2 and H.export_history(h) == data


@portable
def test_history_from_a_newer_app_is_refused(db_url):
    with H.open_history(db_url) as h:
        with h.engine.begin() as conn:
            conn.execute(text("UPDATE schema_version SET version = 99"))
    with pytest.raises(H.HistoryError) as e:
        H.open_history(db_url)
    assert "mới hơn" in e.value.message


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
    H._set_wal(cur, wait=5)
    assert cur.calls == 4
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        H._set_wal(_Cursor(sqlite3.OperationalError("disk I/O error")), wait=5)
    stuck = _Cursor(*[locked] * 1000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        H._set_wal(stuck, wait=0.2)  # gives up once the wait is over
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


@portable
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


@portable
def test_one_history_shared_by_threads(hist):
    """The app keeps one open History for all browser sessions (threads)."""
    import threading

    errors = []

    def work(i):
        try:
            for r in range(3):
                H.store_frame(hist, frame(period=month(2023, i + 1), n=5, base=10 * i + r))
                H.load_frame(hist)
                H.list_periods(hist)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    got = H.load_frame(hist)
    assert len(got) == 6 * 5
    for i in range(6):
        part = got[got["period"] == month(2023, i + 1)[0]]
        assert list(part["signed"]) == [k + 10 * i + 2 for k in range(5)]


# --- SQLite only -------------------------------------------------------------------------------

def test_default_url_env_secrets_and_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(H.ENV_VAR, raising=False)
    monkeypatch.setattr(H, "SECRETS_FILE", tmp_path / "missing.toml")
    assert H.default_url() == "sqlite:///" + str(H.DEFAULT_DB_FILE)
    assert H.DEFAULT_DB_FILE.parent.name == "data"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('KYSO_DB_URL = "sqlite:///from-secrets.sqlite"\n', encoding="utf-8")
    monkeypatch.setattr(H, "SECRETS_FILE", secrets)
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


def test_sqlite_uses_wal_and_a_busy_timeout(hist):
    with hist.engine.connect() as conn:
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


def test_migration_of_a_v1_file_made_with_sqlite3(tmp_path):
    """The v1 file as an older app wrote it, with Python's sqlite3 (no SQLAlchemy)."""
    path = tmp_path / "v1.sqlite"
    con = sqlite3.connect(path)
    con.executescript(V1_DDL.format(serial="INTEGER") + ";")
    con.close()
    with H.open_history(str(path)) as h:
        assert H.get_schema_version(h) == 2
        assert len(H.load_frame(h)) == 2
    con = sqlite3.connect(path)
    cols = {r[1] for r in con.execute("PRAGMA table_info(units)")}
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert {"district", "signed_agency"} <= cols
    assert {"period_versions", "unit_versions", "block_overrides", "unit_merges",
            "column_mappings"} <= tables


# --- command line: store, load_history_frame ---------------------------------------------------

def write_csv(path, title, rows, header=("STT", "Tên cơ quan, đơn vị", "Văn bản đi",
                                         "Số văn bản ký số")):
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow([title])
        w.writerow([])
        w.writerow(list(header))
        for r in rows:
            w.writerow(r)
    return str(path)


UNITS_T3 = [[1, "Phòng Nội vụ", 20, 19], [2, "UBND xã Sơn Hà", 12, 12],
            [3, "UBND xã Trung Tiến", 10, 5]]


def run_cli(argv, capsys):
    from analysis.cli import main

    rc = main(argv)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_cli_store_then_again_replaces(tmp_path, capsys):
    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    t4 = write_csv(tmp_path / "t4.csv", "KẾT QUẢ KÝ SỐ THÁNG 4/2021", UNITS_T3[:2])
    db = str(tmp_path / "h.sqlite")
    rc, out, err = run_cli(["store", t3, t4, "--db", db], capsys)
    assert rc == 0, err
    assert "Đã lưu 2 kỳ" in out and "5 dòng đơn vị" in out
    t3b = write_csv(tmp_path / "t3-sua.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3[:1])
    rc, out, err = run_cli(["store", t3b, "--db", db, "--json"], capsys)
    assert rc == 0 and json.loads(out)["replaced"] == ["2021-03"]
    with H.open_history(db) as h:
        lp = H.list_periods(h)
        assert list(lp["period"]) == ["2021-03", "2021-04"] and list(lp["units"]) == [1, 2]
        assert lp["sources"].iat[0] == "t3-sua.csv"
        got = H.load_frame(h)
        assert list(got["unit"]) == ["Phòng Nội vụ", "Phòng Nội vụ", "UBND xã Sơn Hà"]
        assert list(got["signed"]) == [19, 19, 12]
        assert list(got["row"]) == [4, 4, 5]


def test_cli_store_refuses_without_touching_the_history(tmp_path, capsys):
    db = str(tmp_path / "h.sqlite")
    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    assert run_cli(["store", t3, "--db", db], capsys)[0] == 0
    with H.open_history(db) as h:
        before = H.export_history(h)
    no_period = write_csv(tmp_path / "nop.csv", "KẾT QUẢ KÝ SỐ", UNITS_T3)
    t4 = write_csv(tmp_path / "t4.csv", "KẾT QUẢ KÝ SỐ THÁNG 4/2021", UNITS_T3)
    rc, out, err = run_cli(["store", no_period, "--db", db], capsys)
    assert rc == 2 and "chưa rõ kỳ báo cáo" in err and "giữ nguyên" in err
    rc, out, err = run_cli(["store", t4, str(tmp_path / "missing.xlsx"), "--db", db], capsys)
    assert rc == 2 and "missing.xlsx: không tìm thấy tệp" in err and "Traceback" not in err
    rc, out, err = run_cli(["store", t4, "--db", db, "--period", "tháng ba"], capsys)
    assert rc == 2 and "Kỳ báo cáo không hợp lệ" in err
    with H.open_history(db) as h:
        assert H.export_history(h) == before
    # --period gives the period to sheets that have none
    rc, out, err = run_cli(["store", no_period, "--db", db, "--period", "2021-05"], capsys)
    assert rc == 0 and "Tháng 5/2021" in out


def test_cli_store_reuses_a_saved_column_mapping(tmp_path, capsys):
    from analysis.reading.parse import parse_file

    odd = write_csv(tmp_path / "t5.csv", "KẾT QUẢ THÁNG 5/2021",
                    [[1, "Phòng Nội vụ", 20, 19], [2, "UBND xã Sơn Hà", 12, 11]],
                    header=("STT", "Tên cơ quan, đơn vị", "Văn bản đi", "Cột Y"))
    sheets = parse_file(odd).sheets + parse_file(odd).skipped_sheets
    layout = sheets[0].layout
    assert layout
    db = str(tmp_path / "h.sqlite")
    with H.open_history(db) as h:
        H.save_column_mapping(h, layout, {"unit": 1, "sent": 2, "signed": 3})
        assert H.saved_column_overrides(h, parse_file(odd)) == {
            sheets[0].sheet: {"unit": 1, "sent": 2, "signed": 3}}
    rc, out, err = run_cli(["store", odd, "--db", db], capsys)
    assert rc == 0, err
    with H.open_history(db) as h:
        got = H.load_frame(h)
    assert list(got["signed"]) == [19, 11] and list(got["sent"]) == [20, 12]


def test_cli_store_reports_an_unusable_database(tmp_path, capsys):
    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 200)
    rc, out, err = run_cli(["store", t3, "--db", str(junk)], capsys)
    assert rc == 2 and "Không mở được cơ sở dữ liệu" in err and "sqlalche.me" not in err


def test_load_history_frame_with_and_without_files(tmp_path):
    from analysis.cli import load_history_frame

    db = str(tmp_path / "h.sqlite")
    with H.open_history(db) as h:
        H.store_frame(h, frame(period=month(2021, 1), n=2))
        H.store_frame(h, frame(period=month(2021, 2), n=2))
        H.set_block_override(h, "xã so 0", "other")
    only = load_history_frame(db)
    assert list(only["period"]) == ["2021-01"] * 2 + ["2021-02"] * 2
    assert list(only["block"][:2]) == ["other", "commune"]
    plus = load_history_frame(db, frame(period=month(2021, 2), n=3, file="new.xlsx"))
    assert list(plus["period"]) == ["2021-01"] * 2 + ["2021-02"] * 3
    assert set(plus.loc[plus["period"] == "2021-02", "file"]) == {"new.xlsx"}


def test_python_m_analysis_store_runs(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    root = Path(__file__).resolve().parents[2]
    res = subprocess.run([sys.executable, "-m", "analysis", "store", t3, "--db",
                          "sqlite:///" + str(tmp_path / "h.sqlite")],
                         cwd=root, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Tháng 3/2021" in res.stdout

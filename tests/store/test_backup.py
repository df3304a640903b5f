"""The JSON backup: export_history / import_history (analysis/store/backup.py), on every
backend and from one to the other."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import text

import analysis.store as H
from tests.store.backends import postgres_only
from tests.store.sample import frame, month, plain, populate


def test_export_import_round_trips_exactly(db_url, tmp_path):
    with H.open_history(db_url) as h:
        nfd = populate(h)
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
        # the imported rows got new ids from the database; new ones continue after them
        with h.engine.connect() as conn:
            top = conn.execute(text("SELECT MAX(id) FROM uploads")).scalar_one()
        report = H.store_frame(h, frame(period=month(2021, 6), n=1))
        assert report.upload_id == top + 1
        H.restore_previous_version(h, "2021-04")
        assert "2021-04" in set(H.list_periods(h)["period"])
    other.close()


def test_refused_import_leaves_the_history_as_it_was(history):
    populate(history)
    before = H.export_history(history)
    newer = json.loads(before)
    newer["schema_version"] = H.SCHEMA_VERSION + 1
    broken = json.loads(before)
    broken["tables"]["units"]["rows"][0][1] = "1999-01"  # unit of a period that is not stored
    strange = json.loads(before)
    strange["tables"]["units"]["columns"][1] = "ky"
    for bad in (b"not json", b'{"format": "other"}', json.dumps(newer).encode(),
                json.dumps(broken).encode(), json.dumps(strange).encode()):
        with pytest.raises(H.HistoryError) as e:
            H.import_history(history, bad)
        assert e.value.message
    assert H.export_history(history) == before


@postgres_only
def test_history_moves_between_sqlite_and_postgresql(pg_url, tmp_path):
    """A backup made on SQLite imports into PostgreSQL and back, byte for byte."""
    with H.open_history(str(tmp_path / "district.sqlite")) as lite:
        populate(lite)
        data = H.export_history(lite)
    with H.open_history(pg_url) as pg:
        H.import_history(pg, data)
        assert H.export_history(pg) == data
        with H.open_history(str(tmp_path / "district.sqlite")) as lite:
            assert plain(H.load_frame(pg)) == plain(H.load_frame(lite))
        H.store_frame(pg, frame(period=month(2021, 7), n=2))
        again = H.export_history(pg)
    with H.open_history(str(tmp_path / "copy.sqlite")) as lite:
        H.import_history(lite, again)
        assert H.export_history(lite) == again

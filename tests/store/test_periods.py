"""Storing, loading and listing periods, and their kept versions (analysis/store/periods.py),
on every backend."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import analysis.store as H
from analysis.model import COUNT_FIELDS
from analysis.store import periods
from tests.store.sample import frame, month, plain


def test_store_then_load_gives_back_the_units_frame(history):
    df = frame(district="Huyện Quan Sơn")
    report = H.store_frame(history, df, {"source": "cli"})
    assert report.added == ["2021-03"] and report.replaced == [] and report.units == 3
    assert "Tháng 3/2021" in report.message() or "2021-03" in report.message()
    got = H.load_frame(history)
    assert list(got.columns) == list(H.FRAME_COLUMNS)
    assert plain(got) == plain(df)
    assert str(got["row"].dtype) == "Int64"
    for f in COUNT_FIELDS:
        assert str(got[f].dtype) == "Int64"
    assert isinstance(got["period_start"].iat[0], date)
    assert got["signed_leader"].isna().all() and got["received"].isna().iat[0]


def test_store_again_replaces_the_period_and_keeps_the_old_one(history):
    H.store_frame(history, frame(n=3))
    H.store_frame(history, frame(period=month(2021, 4), n=2))
    report = H.store_frame(history, frame(n=2, base=5, file="t3-sua.xlsx"))
    assert report.replaced == ["2021-03"] and report.added == []
    got = H.load_frame(history, ["2021-03"])
    assert len(got) == 2 and set(got["file"]) == {"t3-sua.xlsx"}
    assert list(got["signed"]) == [5, 6]
    assert len(H.load_frame(history)) == 4  # April untouched
    versions = H.list_versions(history, "2021-03")
    assert list(versions["reason"]) == ["replaced"] and list(versions["units"]) == [3]


def test_restore_previous_version_brings_back_the_old_data_and_can_be_undone(history):
    H.store_frame(history, frame(n=3))
    H.store_frame(history, frame(n=2, base=5))
    first, second = plain(H.load_frame(history)), None
    H.restore_previous_version(history, "2021-03")
    restored = H.load_frame(history)
    assert len(restored) == 3 and list(restored["signed"]) == [0, 1, 2]
    assert plain(restored) == plain(frame(n=3))
    second = H.list_versions(history, "2021-03")
    assert len(second) == 1 and list(second["units"]) == [2]  # the newer data is kept in turn
    H.restore_previous_version(history, "2021-03")
    assert plain(H.load_frame(history)) == first
    with pytest.raises(H.HistoryError) as e:
        H.restore_previous_version(history, "2020-01")
    assert "khôi phục" in e.value.message


def test_delete_period_is_recoverable(history):
    H.store_frame(history, frame(n=3))
    H.store_frame(history, frame(period=month(2021, 4), n=2))
    assert H.delete_period(history, "2021-03") == 3
    assert list(H.list_periods(history)["period"]) == ["2021-04"]
    assert list(H.list_versions(history)["reason"]) == ["deleted"]
    H.restore_previous_version(history, "2021-03")
    assert list(H.list_periods(history)["period"]) == ["2021-03", "2021-04"]
    with pytest.raises(H.HistoryError):
        H.delete_period(history, "1999-01")
    assert H.purge_versions(history) == 0
    H.delete_period(history, "2021-04")
    assert H.purge_versions(history) == 1
    with pytest.raises(H.HistoryError):
        H.restore_previous_version(history, "2021-04")


def test_refused_upload_leaves_the_history_as_it_was(history):
    H.store_frame(history, frame(n=3))
    before = H.export_history(history)
    dup = pd.concat([frame(n=2, base=1), frame(n=1, base=1)], ignore_index=True)
    no_period = frame(n=2)
    no_period.loc[1, "period"] = None
    bad_count = frame(n=2)
    bad_count["sent"] = bad_count["sent"].astype(float)
    bad_count.loc[0, "sent"] = 1.5
    for bad in (dup, no_period, bad_count, frame(n=1).iloc[0:0], frame(n=2).drop(columns=["key"])):
        with pytest.raises(H.HistoryError) as e:
            H.store_frame(history, bad)
        assert e.value.message
    assert H.export_history(history) == before


def test_failure_inside_the_transaction_rolls_everything_back(history, monkeypatch):
    H.store_frame(history, frame(n=3))
    before = H.export_history(history)
    real_now = periods.now
    calls = []

    def failing_now():
        calls.append(1)
        if len(calls) == 2:  # the first call dates the upload; the second archives March
            raise RuntimeError("disk full")
        return real_now()

    monkeypatch.setattr(periods, "now", failing_now)
    with pytest.raises(RuntimeError):
        H.store_frame(history, pd.concat([frame(period=month(2021, 2), n=2),
                                          frame(n=2, base=9)], ignore_index=True))
    monkeypatch.setattr(periods, "now", real_now)
    assert H.export_history(history) == before


def test_same_unit_key_in_two_districts_is_two_units(history):
    a = frame(n=2, district="Huyện Quan Sơn")
    b = frame(n=2, district="Huyện Mường Lát", base=3)
    H.store_frame(history, pd.concat([a, b], ignore_index=True))
    got = H.load_frame(history)
    assert len(got) == 4
    assert sorted(got["district"].unique()) == ["Huyện Mường Lát", "Huyện Quan Sơn"]



# --- listing -----------------------------------------------------------------------------------

def test_list_periods_gives_sources_counts_and_upload_time(history):
    H.store_frame(history, frame(period=month(2021, 4), n=2, file="t4.xlsx", sheet=None))
    H.store_frame(history, frame(n=3))
    H.store_frame(history, frame(period=("2021-01-01/2021-03-31", date(2021, 1, 1),
                                         date(2021, 3, 31)), n=1, file="q1.xlsx"))
    lp = H.list_periods(history)
    assert list(lp["period"]) == ["2021-01-01/2021-03-31", "2021-03", "2021-04"]
    assert list(lp["units"]) == [1, 3, 2]
    assert list(lp["sources"]) == ["q1.xlsx / Sheet1", "t3.xlsx / Sheet1", "t4.xlsx"]
    assert list(lp["versions"]) == [0, 0, 0]
    assert all(isinstance(x, str) and x[:4].isdigit() for x in lp["uploaded_at"])
    assert lp["period_start"].iat[0] == date(2021, 1, 1)
    assert lp["label"].iat[1] in ("Tháng 3/2021", "2021-03")


def test_missing_months(history):
    for m in (1, 2, 5):
        H.store_frame(history, frame(period=month(2021, m), n=1))
    H.store_frame(history, frame(period=("2021-01-01/2021-03-31", date(2021, 1, 1),
                                         date(2021, 3, 31)), n=1))
    assert H.missing_months(history, 2021, through=6) == [3, 4, 6]
    assert H.missing_months(history, 2021) == [3, 4, 6, 7, 8, 9, 10, 11, 12]
    assert H.missing_months(history, 2020, through=2) == [1, 2]
    assert H.missing_months(history, date.today().year + 1) == []

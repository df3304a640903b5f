"""The store's share of the figures (analysis/store/figures_frame.py): the rows one period's
figures need, and the trend's sums made in SQL, give exactly the figures of the whole history."""
from __future__ import annotations

import pandas as pd
import pytest

import analysis.store as H
from analysis.figures import FiguresError, compute, trend
from tests.store.sample import frame, month


def _fill(h):
    """Two years of months (some missing), a quarter, districts, blanks; a block override."""
    for year in (2020, 2021):
        for m in range(1, 13):
            if (year, m) in ((2021, 5),):
                continue
            f = frame(period=month(year, m), n=4, base=m, district="Huyện A")
            g = frame(period=month(year, m), n=2, base=m + 1, district="Huyện B")
            if m % 3 == 0:
                g.loc[0, "signed"] = pd.NA
            H.store_frame(h, pd.concat([f, g], ignore_index=True))
    q = frame(period=("2021-01-01/2021-03-31", month(2021, 1)[1], month(2021, 3)[2]), n=3)
    H.store_frame(h, q)
    H.set_block_override(h, "xã so 1", "department", district="Huyện A")


def test_figures_of_a_period_read_only_what_they_need(history):
    _fill(history)
    whole = H.load_frame(history)
    for period in (None, "2020-01", "2020-12", "2021-04", "2021-06", "2021-12",
                   "2021-01-01/2021-03-31"):
        code, part = H.figures_frame(history, period)
        assert set(part["period"]) < set(whole["period"])
        for metric in ("signed", "signed_agency"):
            assert compute(part, code, metric).to_json() == \
                compute(whole, period, metric).to_json(), (period, metric)
    _, dec = H.figures_frame(history, "2021-12")  # December: its year (May missing), no more
    assert sorted(set(dec["period"])) == sorted(
        {f"2021-{m:02d}" for m in range(1, 13) if m != 5} | {"2021-01-01/2021-03-31"})


def test_figures_frame_with_an_upload_and_an_unknown_period(history):
    _fill(history)
    fresh = frame(period=month(2021, 12), n=1, base=50, district="Huyện A")
    code, part = H.figures_frame(history, None, fresh)
    whole = H.frame_with_history(history, fresh)
    assert code == "2021-12"
    assert compute(part, code).to_json() == compute(whole, code).to_json()
    with pytest.raises(FiguresError) as e:
        H.figures_frame(history, "2019-03")
    assert "Không có số liệu kỳ 2019-03" in e.value.message and "2021-12" in e.value.message
    with pytest.raises(FiguresError):
        H.figures_frame(history, "tháng ba")
    # a January needs January and the December before only
    _, jan = H.figures_frame(history, "2021-01")
    assert sorted(set(jan["period"])) == ["2020-12", "2021-01"]


def test_trend_sums_equal_the_frame_trend(history):
    _fill(history)
    whole = H.load_frame(history)
    for metric in (None, "signed", "signed_agency"):
        got = H.trend_sums(history, metric)
        want = trend(whole, metric)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True),
                                      check_dtype=False)
    got = H.trend_sums(history, last=3)
    assert list(dict.fromkeys(got["period"])) == ["2021-10", "2021-11", "2021-12"]
    # with a merge (rows joined): the same figures, summed from the frame
    H.merge_units(history, "xã so 3", "xã so 2", district="Huyện A")
    pd.testing.assert_frame_equal(H.trend_sums(history).reset_index(drop=True),
                                  trend(H.load_frame(history)).reset_index(drop=True),
                                  check_dtype=False)


def test_trend_of_an_empty_workspace(history):
    assert H.trend_sums(history).empty
    code, f = H.figures_frame(history)
    assert code is None and f.empty


def test_period_spans_are_the_periods_without_reading_a_unit(history):
    """list_period_spans: list_periods' period, label and dates, from the periods table alone
    (what the app reads to offer the periods and choose which to load)."""
    _fill(history)
    spans = H.list_period_spans(history)
    full = H.list_periods(history)
    assert list(spans.columns) == ["period", "label", "period_start", "period_end"]
    assert spans.equals(full[list(spans.columns)].reset_index(drop=True))
    assert len(spans) == 24 and spans["period"].iloc[0] == "2020-01"

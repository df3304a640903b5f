"""Figures over the units frame: rates, status, ranks, sums, month over month, year to date.

The seed-000 data: monthly counts for Tuần Giáo, January-November 2020, built so that each
unit's November rate and January-November rate are exactly the ones the letter of seed 000
publishes (to two decimals).
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.figures import FiguresError, compute, movers, summarize, trend
from tests.support.frames import (  # noqa: F401
    SEED000,
    _fractions,
    frame_from,
    key_of,
    seed000_counts,
    seed000_records,
)


@pytest.fixture(scope="module")
def seed000():
    return frame_from(seed000_records())


def test_seed000_month_and_year_to_date_rates(seed000):
    out = summarize(seed000, target=80)
    assert out["period"] == {"start": "2020-11-01", "end": "2020-11-30"}
    assert out["metric"] == "signed" and out["target"] == 80.0
    assert out["missing_months"] == []
    by_unit = {u["unit"]: u for u in out["units"]}
    assert len(by_unit) == len(SEED000)
    for name, block, rm, ry in SEED000:
        u = by_unit[name]
        assert u["block"] == block
        assert round(u["rate"], 2) == rm, name
        assert round(u["ytd_rate"], 2) == ry, name
    vhtt = by_unit["Phòng Văn hóa và Thông tin"]
    assert round(vhtt["rate"], 2) == 95.45 and round(vhtt["ytd_rate"], 2) == 47.62
    assert vhtt["status"] == "meets_target"
    assert by_unit["Phòng Nội vụ"]["status"] == "below_target"
    assert by_unit["Phòng Y tế"]["status"] == "signed_nothing"
    assert set(out["units"][0]) == {"unit", "key", "block", "district", "sent", "signed", "rate",
                                    "status", "rank", "prev_rate", "delta_pp", "ytd_sent",
                                    "ytd_signed", "ytd_rate"}


def test_seed000_blocks_are_ratios_of_sums(seed000):
    s = compute(seed000, target=80)
    units = s.units
    for b in s.blocks.itertuples():
        mine = units[units["block"] == b.block]
        assert b.units == len(mine)
        assert b.sent == int(mine["sent"].sum())
        assert b.signed == int(mine["metric_signed"].sum())
        assert b.rate == pytest.approx(100 * b.signed / b.sent)
        assert b.meeting_target == int((mine["status"] == "meets_target").sum())
    dep = s.blocks.set_index("block").loc["department"]
    # 9 departments at or above 80% in November (seed 000's "high" list)
    assert dep["meeting_target"] == 9 and dep["units"] == 13
    mean_of_rates = s.units[s.units["block"] == "department"]["rate"].mean()
    assert abs(dep["rate"] - mean_of_rates) > 1  # the sum ratio, not the average
    assert [b for b in s.blocks["block"]] == ["department", "service_unit", "commune"]
    assert s.total["sent"] == int(s.blocks["sent"].sum())
    assert s.total["rate"] == pytest.approx(100 * s.total["signed"] / s.total["sent"])
    assert s.total["ytd_rate"] == pytest.approx(
        100 * s.units["ytd_signed"].sum() / s.units["ytd_sent"].sum())
    # the two-decimal block year-to-date rates come from the summed counts
    dept = s.units[s.units["block"] == "department"]
    assert s.blocks.iloc[0]["ytd_rate"] == pytest.approx(
        100 * dept["ytd_signed"].sum() / dept["ytd_sent"].sum())


def test_seed000_ranks_ties_and_statuses(seed000):
    out = summarize(seed000, target=80)
    by = {u["unit"]: u for u in out["units"]}
    # 5 units at 100% share rank 1; the next one is 6th
    hundred = [u for u in out["units"] if u["rate"] == 100]
    assert len(hundred) == 5 and {u["rank"] for u in hundred} == {1}
    assert by["UBND xã Mùn Chung"]["rank"] == 6
    zeros = [u for u in out["units"] if u["rate"] == 0]
    assert {u["status"] for u in zeros} == {"signed_nothing"}
    assert len({u["rank"] for u in zeros}) == 1
    counts = pd.Series([u["status"] for u in out["units"]]).value_counts().to_dict()
    assert counts == {"meets_target": 16, "signed_nothing": 15, "below_target": 6}
    s = compute(seed000, target=80)
    blk = s.units.set_index("unit")["block_rank"]
    assert blk["Phòng Văn hóa và Thông tin"] == 4  # after three departments at 100%
    assert blk["Trung tâm VH-TT-TH"] == 2


def test_target_is_a_setting(seed000):
    assert summarize(seed000, target=80)["total"]["meeting_target"] == 16
    assert summarize(seed000, target=100)["total"]["meeting_target"] == 5
    assert summarize(seed000, target=0.5)["total"]["meeting_target"] == 22


def test_missing_month_makes_year_to_date_incomplete():
    f = frame_from(seed000_records(skip_months=(3, 7)))
    out = summarize(f, target=80)
    assert out["missing_months"] == ["2020-03", "2020-07"]
    assert all(u["ytd_rate"] is None and u["ytd_sent"] is None for u in out["units"])
    assert all(b["ytd_rate"] is None for b in out["blocks"])
    assert out["total"]["ytd_rate"] is None
    # the month itself is still there
    assert round(next(u for u in out["units"] if u["unit"] == "Phòng Nội vụ")["rate"], 2) == 7.69
    s = compute(f, target=80)
    assert s.ytd_complete is False and s.ytd_periods == []


def test_year_to_date_from_a_cumulative_sheet_when_months_are_missing():
    recs = [
        {"period": "2021-03", "unit": "Phòng Nội vụ", "block": "department", "sent": 10,
         "signed": 5},
    ]
    f = frame_from(recs)
    cum = f.copy()
    cum["period_start"], cum["period_end"] = date(2021, 1, 1), date(2021, 3, 31)
    cum["period"] = "2021-01-01/2021-03-31"
    cum["sent"] = pd.array([40], dtype="Int64")
    cum["signed"] = pd.array([30], dtype="Int64")
    both = pd.concat([cum, f], ignore_index=True)
    out = summarize(both)
    assert out["period"]["start"] == "2021-03-01"  # the latest: the month, not the quarter
    assert out["missing_months"] == []
    u = out["units"][0]
    assert (u["ytd_sent"], u["ytd_signed"], u["ytd_rate"]) == (40, 30, 75.0)
    # the quarter itself: its year to date is itself
    q = summarize(both, period="2021-01-01/2021-03-31")
    assert q["units"][0]["ytd_rate"] == 75.0 and q["units"][0]["rate"] == 75.0


def test_quarters_tile_the_year_to_date():
    rows = []
    for start, end, sent, signed in ((date(2021, 1, 1), date(2021, 3, 31), 30, 15),
                                     (date(2021, 4, 1), date(2021, 6, 30), 10, 10)):
        r = frame_from([{"period": "2021-01", "unit": "Xã A", "block": "commune",
                         "sent": sent, "signed": signed}])
        r["period_start"], r["period_end"] = start, end
        r["period"] = f"{start.isoformat()}/{end.isoformat()}"
        rows.append(r)
    f = pd.concat(rows, ignore_index=True)
    out = summarize(f)
    u = out["units"][0]
    assert out["period"] == {"start": "2021-04-01", "end": "2021-06-30"}
    assert u["rate"] == 100.0 and u["prev_rate"] == 50.0 and u["delta_pp"] == 50.0
    assert (u["ytd_sent"], u["ytd_signed"], u["ytd_rate"]) == (40, 25, 62.5)


def _two_months():
    return frame_from([
        {"period": "2021-02", "unit": "Phòng Nội vụ", "block": "department",
         "sent": 10, "signed": 9},
        {"period": "2021-02", "unit": "Phòng Tư pháp", "block": "department",
         "sent": 10, "signed": 5},
        {"period": "2021-02", "unit": "Xã Cũ", "block": "commune", "sent": 4, "signed": 4},
        {"period": "2021-03", "unit": "Phòng Nội vụ", "block": "department",
         "sent": 20, "signed": 10},
        {"period": "2021-03", "unit": "Phòng Tư pháp", "block": "department",
         "sent": 8, "signed": 8},
        {"period": "2021-03", "unit": "Xã Mới", "block": "commune", "sent": 0, "signed": 0},
        {"period": "2021-03", "unit": "Xã Trống", "block": "commune", "sent": 5, "signed": None},
    ])


def test_month_over_month_units_blocks_new_and_missing():
    f = _two_months()
    out = summarize(f)
    by = {u["unit"]: u for u in out["units"]}
    assert by["Phòng Nội vụ"]["rate"] == 50.0 and by["Phòng Nội vụ"]["prev_rate"] == 90.0
    assert by["Phòng Nội vụ"]["delta_pp"] == pytest.approx(-40.0)
    assert by["Phòng Tư pháp"]["delta_pp"] == pytest.approx(50.0)
    assert by["Xã Mới"]["rate"] is None and by["Xã Mới"]["status"] == "no_documents"
    assert by["Xã Mới"]["rank"] is None and by["Xã Mới"]["prev_rate"] is None
    # a blank signed count on a unit that sent documents counts as 0
    assert by["Xã Trống"]["signed"] == 0 and by["Xã Trống"]["status"] == "signed_nothing"
    assert [u["unit"] for u in out["new_units"]] == ["Xã Trống", "Xã Mới"]
    assert [u["unit"] for u in out["missing_units"]] == ["Xã Cũ"]
    assert out["new_units"][0] == {"unit": "Xã Trống", "key": "xã trống", "block": "commune",
                                   "district": None}
    dep = next(b for b in out["blocks"] if b["block"] == "department")
    assert dep["rate"] == pytest.approx(100 * 18 / 28)
    assert dep["prev_rate"] == pytest.approx(70.0)
    assert dep["delta_pp"] == pytest.approx(100 * 18 / 28 - 70)
    com = next(b for b in out["blocks"] if b["block"] == "commune")
    assert (com["units"], com["sent"], com["signed"], com["rate"]) == (2, 5, 0, 0.0)
    assert com["prev_rate"] == 100.0
    # Jan 2021 missing: the year to date is incomplete
    assert out["missing_months"] == ["2021-01"]
    s = compute(f)
    assert s.previous == "2021-02"
    rc = s.units.set_index("unit")["rank_change"]
    # February: Xã Cũ 1st, Nội vụ 2nd, Tư pháp 3rd; March: Tư pháp 1st, Nội vụ 2nd
    assert rc["Phòng Tư pháp"] == 2 and rc["Phòng Nội vụ"] == 0
    up, down = movers(s)
    assert list(up["unit"]) == ["Phòng Tư pháp"] and list(down["unit"]) == ["Phòng Nội vụ"]


def test_first_loaded_month_has_no_previous():
    out = summarize(_two_months(), period="2021-02")
    assert all(u["prev_rate"] is None and u["delta_pp"] is None for u in out["units"])
    assert out["new_units"] == [] and out["missing_units"] == []
    assert out["total"]["prev_rate"] is None


def test_metric_default_and_choice():
    f = frame_from([
        {"period": "2021-03", "unit": "Xã Sơn Điện", "block": "commune", "sent": 56,
         "signed_leader": 54, "signed_agency": 56},
        {"period": "2021-03", "unit": "Phòng Dân tộc", "block": "department", "sent": 2,
         "signed_leader": 0, "signed_agency": 0},
    ])
    out = summarize(f)
    assert out["metric"] == "signed_leader"
    u = {x["unit"]: x for x in out["units"]}
    assert u["Xã Sơn Điện"]["signed"] == 54 and round(u["Xã Sơn Điện"]["rate"], 2) == 96.43
    assert u["Xã Sơn Điện"]["status"] == "below_target"
    out = summarize(f, metric="signed_agency")
    assert {x["unit"]: x["status"] for x in out["units"]} == {
        "Xã Sơn Điện": "meets_target", "Phòng Dân tộc": "signed_nothing"}
    s = compute(f)
    assert s.metrics == ["signed_leader", "signed_agency"]
    row = s.units.set_index("unit").loc["Xã Sơn Điện"]
    assert round(row["signed_leader_rate"], 2) == 96.43 and row["signed_agency_rate"] == 100.0
    assert pd.isna(row["signed_rate"])
    with pytest.raises(FiguresError, match="signed"):
        summarize(f, metric="signed")
    with pytest.raises(FiguresError, match="không hợp lệ"):
        summarize(f, metric="nonsense")
    with pytest.raises(FiguresError, match="2021-04"):
        summarize(f, period="2021-04")


def test_districts_and_units_without_district():
    f = frame_from([
        {"period": "2021-05", "unit": "Xã Sơn Hà", "block": "commune", "district": "Quan Sơn",
         "sent": 10, "signed": 10},
        {"period": "2021-05", "unit": "Xã Sơn Hà", "block": "commune", "district": "Khác Huyện",
         "sent": 10, "signed": 0},
        {"period": "2021-05", "unit": "Sở Tài chính", "block": "provincial_department",
         "sent": 30, "signed": 27},
    ])
    s = compute(f)
    assert len(s.units) == 3  # same name in two districts: two units
    d = s.districts.set_index("district", drop=False)
    assert list(s.districts["district"]) == ["Khác Huyện", "Quan Sơn", None]
    assert d.loc["Quan Sơn", "rate"] == 100.0 and d.loc["Khác Huyện", "rate"] == 0.0
    nodist = s.districts[s.districts["district"].isna()].iloc[0]
    assert nodist["sent"] == 30 and nodist["rate"] == 90.0
    assert list(s.blocks["block"]) == ["commune", "provincial_department"]


def test_trend_over_loaded_months(seed000):
    t = trend(seed000)
    assert list(t["period"].unique()) == [f"2020-{m:02d}" for m in range(1, 12)]
    nov = t[t["period"] == "2020-11"].set_index("scope")
    s = compute(seed000, target=80)
    assert nov.loc["total", "rate"] == pytest.approx(s.total["rate"])
    assert nov.loc["commune", "sent"] == 199
    assert list(nov.index) == ["total", "department", "service_unit", "commune"]
    # summed over the months, the trend's counts give the year to date
    total_sent = t[t["scope"] == "total"]["sent"].sum()
    assert total_sent == s.total["ytd_sent"] if "ytd_sent" in s.total else True
    assert t[t["scope"] == "total"]["sent"].sum() == int(s.units["ytd_sent"].sum())


def test_trend_matches_each_months_figures(seed000):
    """The trend sums every month at once; each month's rows equal that month's own figures."""
    t = trend(seed000)
    assert t["period"].nunique() == 11
    for code, rows in t.groupby("period", sort=False):
        s = compute(seed000, code)
        total, blocks = rows.iloc[0], rows.iloc[1:]
        assert total["scope"] == "total"
        assert (total["units"], total["sent"], total["signed"]) == (
            s.total["units"], s.total["sent"], s.total["signed"])
        assert list(blocks["scope"]) == list(s.blocks["block"])
        for col in ("units", "sent", "signed"):
            assert blocks[col].tolist() == s.blocks[col].tolist(), (code, col)
        assert blocks["rate"].astype(float).tolist() == pytest.approx(
            s.blocks["rate"].astype(float).tolist(), nan_ok=True)
    # blocks in their fixed order, whatever order the rows come in
    back = trend(seed000.iloc[::-1].reset_index(drop=True))
    assert back["scope"].tolist() == t["scope"].tolist()

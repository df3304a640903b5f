"""A unit month by month: the months of a unit, runs at 0%, the unit x month grid of a year."""
import pandas as pd

from analysis import unit_months as um
from tests.support.frames import frame_from


def _frame():
    recs = []
    # Xã A: 0% in Jan, Feb, Mar (a run of 3 up to March); Xã B: 0% in Feb only, then signs;
    # Xã C: 0% Jan and Mar but February missing (the run up to March is 1); Xã D: sent nothing
    # in March (not at 0%); Phòng E: 0% in Feb and Mar (2); a quarter is left out.
    rows = {
        "Xã A": [(5, 0), (4, 0), (6, 0)],
        "Xã B": [(5, 5), (4, 0), (6, 3)],
        "Xã C": [(5, 0), None, (6, 0)],
        "Xã D": [(5, 0), (4, 0), (0, 0)],
        "Phòng E": [(5, 5), (4, 0), (6, 0)],
    }
    for unit, months in rows.items():
        for m, v in enumerate(months, start=1):
            if v is None:
                continue
            recs.append({"period": f"2021-{m:02d}", "unit": unit,
                         "block": "department" if unit.startswith("Phòng") else "commune",
                         "sent": v[0], "signed": v[1]})
    recs.append({"period": "2020-12", "unit": "Xã A", "block": "commune", "sent": 3, "signed": 0})
    return frame_from(recs)


def _uid(name):
    return f"{name.lower()}\x1f"


def test_zero_runs_count_back_over_consecutive_months():
    runs = um.zero_runs(_frame(), "signed", "2021-03")
    assert runs.to_dict() == {_uid("Xã A"): 4, _uid("Xã B"): 0, _uid("Xã C"): 1,
                              _uid("Xã D"): 0, _uid("Phòng E"): 2}
    # up to February: B and E have their first month at 0%, A its third (Dec 2020 counts)
    feb = um.zero_runs(_frame(), "signed", "2021-02")
    assert feb.to_dict() == {_uid("Xã A"): 3, _uid("Xã B"): 1, _uid("Xã D"): 2,
                             _uid("Phòng E"): 1}
    assert um.zero_runs(_frame(), "signed", "2021-Q1").empty


def test_unit_history_rates_and_counts_oldest_first():
    h = um.unit_history(_frame(), "signed", _uid("Xã B"))
    assert h["period"].tolist() == ["2021-01", "2021-02", "2021-03"]
    assert h["sent"].tolist() == [5, 4, 6]
    assert h["signed"].tolist() == [5, 0, 3]
    assert h["rate"].tolist() == [100.0, 0.0, 50.0]
    d = um.unit_history(_frame(), "signed", _uid("Xã D"))
    assert pd.isna(d["rate"].iloc[2])  # sent nothing: no rate


def test_year_grid_holds_the_year_only():
    g = um.year_grid(_frame(), "signed", 2021)
    assert set(g["period"]) == {"2021-01", "2021-02", "2021-03"}
    assert len(g) == 14  # 5 units x 3 months, Xã C missing February
    assert sorted(g.loc[g["uid"] == _uid("Xã C"), "month"]) == [1, 3]
    assert um.year_grid(_frame(), "signed", 2019).empty


def test_monthly_of_an_empty_frame_or_absent_metric():
    assert um.monthly(_frame().iloc[:0], "signed").empty
    assert um.monthly(_frame(), "no_such_metric").empty

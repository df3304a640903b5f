"""A unit month by month: its rates over the loaded months, the unit x month grid of a year, and
the runs of months at 0% (the drill-down of the overview). Pure pandas; codes only (views name
the months and blocks).

A unit is its key and district (as figures.py's units); a month is a calendar month's period
code "YYYY-MM" (quarters and other spans are left out). A unit's rate in a month is the chosen
metric's count over the documents sent, null when it sent nothing (rates.py). A month "at 0%"
is one where the unit sent documents and signed none; a run is counted back from a month over
consecutive calendar months, and a month not loaded for the unit ends it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rates import rate_series, signed_counts

MONTH_COLUMNS = ["uid", "unit", "block", "district", "period", "sent", "signed", "rate"]


def unit_id(rows: pd.DataFrame) -> pd.Series:
    """A unit's identity across months: key and district ("" when none), as figures.py's."""
    d = rows["district"].astype(object).where(rows["district"].notna(), "")
    return rows["key"].astype(str) + "\x1f" + d.astype(str)


def _is_month(codes: pd.Series) -> np.ndarray:
    return codes.astype(str).str.fullmatch(r"\d{4}-\d{2}").to_numpy()


def monthly(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Every unit's row of every loaded calendar month: MONTH_COLUMNS, oldest month first, the
    units in the frame's order within a month. `signed` is the metric's count."""
    if frame.empty or metric not in frame:
        return pd.DataFrame(columns=MONTH_COLUMNS)
    rows = frame[_is_month(frame["period"])]
    signed = signed_counts(rows, metric)
    out = pd.DataFrame({
        "uid": unit_id(rows), "unit": rows["unit"].astype(str), "block": rows["block"],
        "district": rows["district"], "period": rows["period"].astype(str),
        "sent": rows["sent"].astype("Int64"), "signed": signed.astype("Int64"),
        "rate": rate_series(signed, rows["sent"]).astype("Float64"),
    })
    return out.sort_values("period", kind="stable").reset_index(drop=True)


def unit_history(frame: pd.DataFrame, metric: str, uid: str) -> pd.DataFrame:
    """One unit's months (MONTH_COLUMNS), oldest first."""
    m = monthly(frame, metric)
    return m[m["uid"] == uid].reset_index(drop=True)


def _month_index(code: str) -> int:
    y, m = code.split("-")
    return int(y) * 12 + int(m) - 1


def zero_runs(frame: pd.DataFrame, metric: str, period: str) -> pd.Series:
    """For each unit of `period` (index: uid), how many consecutive months up to and including
    `period` it was at 0% (sent documents, signed none); 0 for a unit not at 0% in `period`.
    Empty when `period` is not a calendar month."""
    return zero_runs_of(monthly(frame, metric), period)


def zero_runs_of(m: pd.DataFrame, period: str) -> pd.Series:
    """zero_runs over rows already made by `monthly`."""
    if m.empty or not _is_month(pd.Series([period]))[0]:
        return pd.Series(dtype="int64", name="zero_run")
    end = _month_index(period)
    m = m.assign(month=[_month_index(c) for c in m["period"]])
    m = m[m["month"] <= end]
    zero = ((m["sent"].fillna(0) > 0) & (m["signed"].fillna(0) == 0)).to_numpy()
    zero_months: dict = {}
    for uid, month in zip(m["uid"].to_numpy()[zero], m["month"].to_numpy()[zero], strict=True):
        zero_months.setdefault(uid, set()).add(int(month))
    units = m.loc[m["month"] == end, "uid"].drop_duplicates()
    runs = []
    for uid in units:
        months = zero_months.get(uid, set())
        n = 0
        while end - n in months:
            n += 1
        runs.append(n)
    return pd.Series(runs, index=pd.Index(units, name="uid"), dtype="int64", name="zero_run")


def year_grid(frame: pd.DataFrame, metric: str, year: int) -> pd.DataFrame:
    """The unit x month grid of a year in long form, one row per unit and loaded month of
    `year`: MONTH_COLUMNS plus `month` (1-12). A unit absent from a month has no row there."""
    m = monthly(frame, metric)
    m = m[m["period"].str.startswith(f"{int(year):04d}-")]
    return m.assign(month=[int(c[5:7]) for c in m["period"]]).reset_index(drop=True)

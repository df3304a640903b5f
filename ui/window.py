"""Which stored periods the figures of one period need, so that a workspace with years stored
opens as fast as one with a year: the period itself, the period before it (of the same length),
every period of its year up to its end (the year to date, however its months are tiled) and the
calendar months of the trend's window (TREND_MONTHS up to the period's end). Pure pandas.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.periods import Period

TREND_MONTHS = 24
COLUMNS = ["period", "period_start", "period_end", "label"]


def period_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The periods of a units frame: period, period_start, period_end, label (oldest first)."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    p = frame[["period", "period_start", "period_end"]].drop_duplicates("period")
    return _with_labels(p)


def _with_labels(p: pd.DataFrame) -> pd.DataFrame:
    p = p.sort_values(["period_end", "period_start"]).reset_index(drop=True)
    spans = zip(p["period_start"], p["period_end"], strict=True)
    return p.assign(label=[Period(_day(s), _day(e)).phrase() for s, e in spans])[COLUMNS]


def _day(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def join(stored: pd.DataFrame, loaded: pd.DataFrame) -> pd.DataFrame:
    """Stored periods (list_periods' rows) and the loaded ones in one table, oldest first."""
    parts = [t[["period", "period_start", "period_end"]] for t in (stored, loaded) if len(t)]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    both = pd.concat(parts, ignore_index=True).drop_duplicates("period", keep="last")
    both["period_start"] = [_day(v) for v in both["period_start"]]
    both["period_end"] = [_day(v) for v in both["period_end"]]
    return _with_labels(both)


def needed(table: pd.DataFrame, chosen: str | None, among: set) -> tuple:
    """The codes of `among` (the stored periods in use) that the figures of `chosen` (None or
    not offered: the latest period of `table`) need, sorted."""
    if table.empty or not among:
        return ()
    rows = table[table["period"] == chosen]
    row = rows.iloc[0] if len(rows) else table.iloc[-1]
    span = Period(_day(row["period_start"]), _day(row["period_end"]))
    want = {row["period"], span.previous().code}
    starts = [_day(v) for v in table["period_start"]]
    ends = [_day(v) for v in table["period_end"]]
    jan1 = date(span.end.year, 1, 1)
    first_month = span.end.year * 12 + span.end.month - TREND_MONTHS  # months since year 0
    first = date(first_month // 12, first_month % 12 + 1, 1)
    for code, s, e in zip(table["period"], starts, ends, strict=True):
        if e > span.end:
            continue
        if s >= jan1 or (s >= first and Period(s, e).is_month):  # year to date, trend
            want.add(code)
    return tuple(sorted(want & set(among)))

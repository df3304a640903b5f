"""Which stored periods the figures of one period need, so that a workspace with years stored
opens as fast as one with a year: the period itself, the period before it (of the same length),
every period of its year up to its end (the year to date, however its months are tiled) and the
calendar months of the trend's window (TREND_MONTHS up to the period's end), from the periods'
codes and spans only (the store's `needed_periods` for the figures' part).
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.periods import Period

from . import store

TREND_MONTHS = 12
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
    return p.assign(label=[Period(day(s), day(e)).phrase() for s, e in spans])[COLUMNS]


def day(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def join(stored: pd.DataFrame, loaded: pd.DataFrame) -> pd.DataFrame:
    """Stored periods (list_periods' rows) and the loaded ones in one table, oldest first."""
    parts = [t[["period", "period_start", "period_end"]] for t in (stored, loaded) if len(t)]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    both = pd.concat(parts, ignore_index=True).drop_duplicates("period", keep="last")
    both["period_start"] = [day(v) for v in both["period_start"]]
    both["period_end"] = [day(v) for v in both["period_end"]]
    return _with_labels(both)


def needed(table: pd.DataFrame, chosen: str | None, among: set) -> tuple:
    """The codes of `among` (the stored periods in use) that the figures of `chosen` (None or
    not offered: the latest period of `table`) need, sorted: the store's needed_periods (the
    period, the previous one, the year to date) and the trend's months."""
    if table.empty or not among:
        return ()
    spans = {c: Period(day(s), day(e)) for c, s, e in
             zip(table["period"], table["period_start"], table["period_end"], strict=True)}
    code, want = store.needed_periods(spans, chosen if chosen in spans else None)
    end = spans[code].end
    first_month = end.year * 12 + end.month - TREND_MONTHS  # months since year 0
    first = date(first_month // 12, first_month % 12 + 1, 1)
    trend = {c for c, p in spans.items() if p.is_month and first <= p.start and p.end <= end}
    return tuple(sorted((set(want) | trend) & set(among)))

"""What the meeting deck shows, gathered once: the Summary, the monthly trend, the units at 0%
for two months or more, the office and the filters in force. Pure pandas; no pptx here.

Every figure comes from `analysis.figures` (the Summary that `summarize --json` prints and the
`trend` the overview draws); only the run of months at 0% is counted here, over the same
per-period unit rates (`signed_counts` / `rate_series`, the rules of figures.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.figures import Summary, trend
from analysis.labels import BLOCK_LABELS
from analysis.model import BLOCKS
from analysis.periods import Period
from analysis.rates import rate_series, signed_counts

GENERIC_FOOTER = "Kết quả ký số văn bản"  # the footer when no office is known
MAX_STREAK_MONTHS = 24  # how far back a run of 0% is followed


def filters_text(blocks=(), districts=()) -> str:
    """"Phạm vi: Khối UBND cấp xã; Huyện Cẩm Thủy" (districts as named in the data, the
    units without one as the sidebar names them) or the whole data."""
    parts = []
    if blocks:
        ordered = sorted(blocks, key=lambda b: BLOCKS.index(b) if b in BLOCKS else len(BLOCKS))
        parts.append(", ".join(BLOCK_LABELS.get(b, b) for b in ordered))
    if districts:
        parts.append(", ".join(districts))
    return "Phạm vi: " + ("; ".join(parts) if parts else "toàn bộ số liệu đã tải")


def _uid(rows: pd.DataFrame) -> pd.Series:
    d = rows["district"].astype(object).where(rows["district"].notna(), "")
    return rows["key"].astype(str) + "\x1f" + d.astype(str)


def zero_streaks(frame: pd.DataFrame, summary: Summary) -> pd.DataFrame:
    """Units at 0% (documents sent, none signed) in the summary's period and in the months just
    before it, two months or more in a row: unit, block, block_label, district, months, since
    (the first period of the run, as a phrase). Longest run first, then by block and name.
    Empty for a period that is not a calendar month."""
    cols = ["unit", "key", "block", "block_label", "district", "months", "since"]
    units = summary.units
    zero = units[(units["rate"] == 0).fillna(False).to_numpy()]
    if zero.empty or not summary.span.is_month:
        return pd.DataFrame(columns=cols)
    runs = {u: n for u, n in _all_runs(zero, frame, summary).items() if n >= 2}
    out = zero.assign(_u=_uid(zero).to_numpy())
    out = out[out["_u"].isin(list(runs))].copy()
    out["months"] = out["_u"].map(runs).astype(int)
    out["since"] = out["_u"].map(lambda u: _since(u, runs, summary.span).phrase())
    out = out.sort_values(["months", "block", "unit"], ascending=[False, True, True],
                          key=lambda c: c.map(_block_pos) if c.name == "block" else c)
    return out[cols].reset_index(drop=True)


def _block_pos(b) -> int:
    from analysis.figures import block_order

    return block_order(b)


def _all_runs(zero: pd.DataFrame, frame: pd.DataFrame, summary: Summary) -> dict:
    """{unit id: months in a row at 0% ending with the summary's period}."""
    runs = dict.fromkeys(_uid(zero), 1)
    alive = set(runs)
    metric = summary.metric
    if metric not in frame:
        return runs
    cols = frame[["period", "key", "district", "sent", metric]]  # the columns read, once
    rows_of = cols.groupby("period", sort=False).indices
    span = summary.span
    for _ in range(MAX_STREAK_MONTHS):
        span = span.previous()
        at = rows_of.get(span.code)
        if at is None:
            break
        rows = cols.take(at)
        if rows[metric].isna().all():
            break
        rate = rate_series(signed_counts(rows, metric), rows["sent"])
        alive &= set(_uid(rows)[(rate == 0).fillna(False).to_numpy()])
        if not alive:
            break
        for u in alive:
            runs[u] += 1
    return runs


def _since(uid: str, runs: dict, span: Period) -> Period:
    for _ in range(runs[uid] - 1):
        span = span.previous()
    return span


def months_checked(frame: pd.DataFrame, summary: Summary) -> int:
    """How many months just before the summary's period are loaded with its metric (0: the
    slide of units at 0% for two months cannot tell)."""
    n, span = 0, summary.span
    if not span.is_month:
        return 0
    codes = set(frame["period"])
    for _ in range(MAX_STREAK_MONTHS):
        span = span.previous()
        if span.code not in codes:
            break
        n += 1
    return n


@dataclass
class DeckInput:
    """Everything the slides show. `office` heads the title slide ("" when unknown); `scope`
    says which filters apply; `trend` is figures.trend of the filtered frame; `zeros` the
    units at 0% for two months or more; `months_before` how many months before the period
    are loaded."""

    summary: Summary
    office: str
    scope: str
    trend: pd.DataFrame
    zeros: pd.DataFrame
    months_before: int
    notes: list = field(default_factory=list)


def deck_input(frame: pd.DataFrame, summary: Summary, office: str | None = None, blocks=(),
               districts=(), trend_frame: pd.DataFrame | None = None) -> DeckInput:
    """The deck's data from the filtered units frame and its Summary (computed by the caller
    from that frame, as the app and `summarize` do). `trend_frame`: the trend already computed
    (the app's cached one), else figures.trend(frame, summary.metric); either is cut at the
    summary's period."""
    tr = trend_frame if trend_frame is not None else trend(frame, summary.metric)
    if len(tr):  # the trend up to the period shown ("đến tháng 6/2020"), not the months after
        tr = tr[(tr["period_end"] <= summary.end).to_numpy()].reset_index(drop=True)
    return DeckInput(
        summary=summary, office=(office or "").strip(),
        scope=filters_text(blocks, districts), trend=tr, zeros=zero_streaks(frame, summary),
        months_before=months_checked(frame, summary))

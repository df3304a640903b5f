"""The store does the heavy lifting for one period's figures: `figures_frame` reads only the
periods `analysis.figures.compute` needs for a period (the period, the previous one of the same
length, and the periods of its year up to its end for the year to date), by the index on
(workspace, period, unit key); `trend_sums` gives `analysis.figures.trend`'s table with the
sums made in SQL (GROUP BY period and block), so neither grows with the years stored.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.engine import Connection

from analysis.figures import block_order, resolve_period
from analysis.figures import trend as frame_trend
from analysis.frame import combine_frames
from analysis.model import METRICS
from analysis.periods import Period
from analysis.rates import rate_array
from analysis.store.corrections import apply_corrections, stored_corrections
from analysis.store.engine import History, read_transaction
from analysis.store.periods import damaged, load_frame
from analysis.store.schema import block_overrides, periods, units

TREND_COLUMNS = ["period", "period_start", "period_end", "scope", "units", "sent", "signed",
                 "rate"]


def _spans(conn: Connection, ws: int) -> dict:
    """{period code: Period} of the workspace's stored periods."""
    out = {}
    for code, start, end in conn.execute(
            select(periods.c.period, periods.c.period_start, periods.c.period_end)
            .where(periods.c.workspace_id == ws)):
        try:
            out[code] = Period(date.fromisoformat(start), date.fromisoformat(end))
        except (TypeError, ValueError) as e:
            raise damaged(e) from e
    return out


def _spans_frame(spans: dict) -> pd.DataFrame:
    return pd.DataFrame({"period": pd.Series(list(spans), dtype=object),
                         "period_start": [p.start for p in spans.values()],
                         "period_end": [p.end for p in spans.values()]})


def needed_periods(spans: dict, period=None) -> tuple:
    """(the period's code, the codes of `spans` ({code: Period}) its figures need): the period,
    the previous period of the same length, and every period of its year ending by its end (the
    year to date's tiles). `period` None: the latest (as `figures.resolve_period`), whose
    FiguresError is raised for an unknown period, naming every period of `spans`."""
    code = resolve_period(_spans_frame(spans), period)
    span = spans[code]
    want = {code, span.previous().code}
    if span.start.year == span.end.year:
        jan1 = date(span.end.year, 1, 1)
        want |= {c for c, p in spans.items() if p.start >= jan1 and p.end <= span.end}
    return code, [c for c in spans if c in want]


def figures_frame(history: History, period=None, frame: pd.DataFrame | None = None) -> tuple:
    """(code, units frame) holding exactly what `figures.compute(frame, code, ...)` needs for
    `period` (None: the latest) of the workspace's history plus `frame` (units just read, not
    stored: its periods replace the stored ones; corrections applied to both). Raises
    FiguresError as `compute` would (an unknown period names every period stored or given)."""
    with read_transaction(history) as conn:
        spans = _spans(conn, history.workspace.id)
    fresh = None
    if frame is not None and len(frame):
        fresh = apply_corrections(history, frame)
        for row in fresh[["period", "period_start", "period_end"]].drop_duplicates(
                "period").itertuples(index=False):
            spans[row.period] = Period(row.period_start, row.period_end)
    if not spans:
        return None, load_frame(history, [])
    code, want = needed_periods(spans, period)
    given = set(fresh["period"]) if fresh is not None else set()
    stored = load_frame(history, [c for c in want if c not in given])
    if fresh is not None:
        fresh = fresh[fresh["period"].isin(set(want))]
    return code, combine_frames(stored, fresh)


# --- the trend ---------------------------------------------------------------------------------

def _metric_of(conn: Connection, ws: int, metric) -> str | None:
    if metric is not None:
        return metric
    have = conn.execute(select(*[func.count(units.c[m]) for m in METRICS])
                        .where(units.c.workspace_id == ws)).one()
    return next((m for m, n in zip(METRICS, have, strict=True) if n), None)


def trend_sums(history: History, metric=None, months_only: bool = True,
               last: int | None = None) -> pd.DataFrame:
    """`figures.trend(load_frame(history), metric, months_only)` with the sums made by the
    database: one row per (period, scope) with units, sent, signed, rate; `last` keeps the
    latest periods only. Block overrides are joined in SQL; a workspace with unit merges (which
    join rows) is summed from its frame instead (same result)."""
    ws = history.workspace.id
    with read_transaction(history) as conn:
        merges, _ = stored_corrections(conn, ws)
        spans = _spans(conn, ws)
        metric = _metric_of(conn, ws, metric)
        if metric is None or not spans:
            return pd.DataFrame(columns=TREND_COLUMNS)
        if merges:
            rows = None
        else:
            rows = conn.execute(_trend_query(ws, metric)).all()
    keep = [c for c in sorted(spans, key=lambda c: (spans[c].end, spans[c].start))]
    if months_only and any(spans[c].is_month for c in keep):
        keep = [c for c in keep if spans[c].is_month]
    if rows is None:
        out = frame_trend(load_frame(history, keep), metric, months_only)
    else:
        out = _trend_table(rows, keep, spans)
    if last is not None and len(out):
        chosen = list(dict.fromkeys(out["period"]))[-int(last):]
        out = out[out["period"].isin(chosen)].reset_index(drop=True)
    return out


def _trend_query(ws: int, metric: str):
    o = block_overrides
    block = func.coalesce(o.c.block, units.c.block).label("block")
    counted = units.c.sent.isnot(None)
    return (select(units.c.period, block, func.count().label("units"),
                   func.coalesce(func.sum(units.c.sent), 0).label("sent"),
                   func.coalesce(func.sum(case((counted, func.coalesce(units.c[metric], 0)),
                                               else_=0)), 0).label("signed"),
                   func.count(units.c[metric]).label("has"),
                   func.min(units.c.id).label("first"))
            .select_from(units.outerjoin(o, and_(
                o.c.workspace_id == units.c.workspace_id, o.c.key == units.c.key,
                o.c.district == func.coalesce(units.c.district, literal(""))))
            )
            .where(units.c.workspace_id == ws)
            .group_by(units.c.period, block))


def _trend_table(rows, keep: list, spans: dict) -> pd.DataFrame:
    by_period: dict = {}
    for r in rows:
        by_period.setdefault(r.period, []).append(r)
    out = []
    for code in keep:
        groups = by_period.get(code, [])
        if not any(g.has for g in groups):  # the period has no count of this metric
            continue
        p = spans[code]
        groups.sort(key=lambda g: (block_order(g.block), g.first))
        parts = [("total", sum(g.units for g in groups), sum(g.sent for g in groups),
                  sum(g.signed for g in groups))]
        parts += [(g.block, g.units, g.sent, g.signed) for g in groups]
        for scope, n, se, si in parts:
            out.append({"period": code, "period_start": p.start, "period_end": p.end,
                        "scope": scope, "units": int(n), "sent": int(se), "signed": int(si)})
    t = pd.DataFrame(out, columns=TREND_COLUMNS[:-1])
    t["rate"] = rate_array(t["signed"].to_numpy(dtype="float64"),
                           t["sent"].to_numpy(dtype="float64"))
    return t

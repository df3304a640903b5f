"""The columns of a units table, shared by its Excel and CSV exports: which to show, in what
order, and the row numbers. Their headers are analysis.labels.column_labels(metric)."""
from __future__ import annotations

import pandas as pd

from analysis.labels import BLOCK_LABELS
from analysis.model import METRICS


def unit_columns(rows: pd.DataFrame, metrics=None) -> list:
    """Columns worth showing for these unit rows, in order: name, block, district (if any), sent,
    each signature kind present (count, rate), status, ranks, month over month, year to date."""
    has = lambda c: c in rows and rows[c].notna().any()  # noqa: E731
    cols = ["stt", "unit", "block_label"]
    if has("district"):
        cols.append("district")
    if has("received"):
        cols.append("received")
    cols.append("sent")
    for m in metrics or METRICS:
        if has(m) or has(f"{m}_rate"):
            cols += [m, f"{m}_rate"]
    for c in ("status_label", "rank", "block_rank", "prev_rate", "delta_pp", "rank_change",
              "ytd_sent", "ytd_signed", "ytd_rate"):
        if c in rows and (c in ("status_label", "rank") or rows[c].notna().any()):
            cols.append(c)
    return cols


def with_stt(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows numbered from 1 (column "stt"), with block labels when they lack them."""
    rows = rows.reset_index(drop=True).copy()
    rows["stt"] = range(1, len(rows) + 1)
    if "block_label" not in rows and "block" in rows:
        rows["block_label"] = rows["block"].map(lambda b: BLOCK_LABELS.get(b, b))
    return rows

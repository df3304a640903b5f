"""The arithmetic under figures.py: rates, statuses, ranks and sums over unit rows.

Rates are signed / sent x 100, null where sent is 0 or missing; sums leave out units without a
sent count; a blank signed count on a unit that sent documents counts as 0. Pure numpy/pandas.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

_EPS = 1e-9


def rate_array(signed: np.ndarray, sent: np.ndarray) -> pd.arrays.FloatingArray:
    """signed / sent x 100 over float arrays (NaN for a missing count), null where sent is 0 or
    missing or signed is missing."""
    with np.errstate(invalid="ignore", divide="ignore"):
        r = signed / sent * 100.0
        mask = ~(sent > 0) | np.isnan(signed)
    r[mask] = 0.0
    return pd.arrays.FloatingArray(r, mask)


def rate_series(signed: pd.Series, sent: pd.Series) -> pd.Series:
    """signed / sent x 100 as Float64, null where sent is 0 or missing or signed is missing."""
    return pd.Series(rate_array(signed.to_numpy(dtype="float64", na_value=np.nan),
                                 sent.to_numpy(dtype="float64", na_value=np.nan)),
                     index=sent.index)


def take_or_null(values, idx: np.ndarray, dtype: str):
    """values[idx] as a nullable array of dtype, null where idx is -1 (not found)."""
    if isinstance(values, pd.api.extensions.ExtensionArray):
        arr = values.astype(dtype)
    else:
        arr = pd.array(values, dtype=dtype)
    return arr.take(idx, allow_fill=True)


def signed_counts(rows: pd.DataFrame, metric: str) -> pd.Series:
    """The metric's count, blank counted as 0 for units that sent documents (and, as pandas'
    where() on a null condition has it, for units whose sent count is blank too)."""
    m = rows[metric]
    blank = m.isna().to_numpy()
    sent = rows["sent"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        stays_blank = blank & (sent <= 0)
    values = m.to_numpy(dtype="int64", na_value=0)
    return pd.Series(pd.arrays.IntegerArray(values, stays_blank), index=rows.index)


def unit_status(sent: pd.Series, signed: pd.Series, rate: pd.Series, target: float) -> pd.Series:
    se = sent.to_numpy(dtype="float64", na_value=np.nan)
    si = signed.to_numpy(dtype="float64", na_value=np.nan)
    r = rate.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        no_docs = np.isnan(se) | (se <= 0)
        nothing = np.isnan(si) | (si == 0)
        meets = ~np.isnan(r) & (r + _EPS >= target)
    out = np.select([no_docs, nothing, meets], ["no_documents", "signed_nothing", "meets_target"],
                    "below_target").astype(object)
    return pd.Series(out, index=sent.index, dtype=object)


def rate_rank(rate: pd.Series) -> pd.Series:
    return rate.astype("Float64").rank(method="min", ascending=False).astype("Int64")


class Sums:
    """Unit rows reduced once to the arrays every sum needs: sent and signed as they enter the
    sums (units without a sent count do not), and whether each unit meets the target."""

    def __init__(self, rows: pd.DataFrame):
        counted = rows["sent"].notna().to_numpy()
        self.rows = rows
        self.sent = np.where(counted, rows["sent"].to_numpy(dtype="int64", na_value=0), 0)
        self.signed = np.where(counted, rows["metric_signed"].to_numpy(dtype="int64", na_value=0),
                               0)
        if "status" in rows:
            self.meets = (rows["status"] == "meets_target").to_numpy(dtype=bool, na_value=False)
        else:
            self.meets = np.zeros(len(rows), dtype=bool)

    def by(self, by: str | None):
        """(group labels in order of appearance, None for a missing one; units, sent, signed,
        meeting_target per group as int64 arrays)."""
        if by:
            col = self.rows[by]
            if col.dtype == object or col.hasnans:
                codes, uniques = pd.factorize(col.astype(object).to_numpy(), use_na_sentinel=False)
            else:  # no missing label: factorize the column as it is stored
                codes, uniques = pd.factorize(col)
            labels = [None if pd.isna(i) else i for i in uniques]
        else:
            codes = np.zeros(len(self.rows), dtype="intp")
            labels = ["total"] if len(self.rows) else []
        k = len(labels)

        def total(w):
            return np.bincount(codes, weights=w, minlength=k).astype("int64")

        return (labels, np.bincount(codes, minlength=k).astype("int64"), total(self.sent),
                total(self.signed), total(self.meets))


def aggregates(cur: Sums, prev: Sums | None, ytd: Sums | None, by: str | None):
    """The current sums per group, with the previous period's and the year to date's beside
    them (null for a group they lack, or when they are not there)."""
    labels, units, sent, signed, meets = cur.by(by)
    index = pd.Index(labels, dtype=object)
    rate = rate_array(signed.astype("float64"), sent.astype("float64"))
    cols = {"units": units, "sent": sent, "signed": signed, "meeting_target": meets,
            "rate": rate}
    for name, src in (("prev", prev), ("ytd", ytd)):
        if src is None:
            na = np.ones(len(index), dtype=bool)
            zero = np.zeros(len(index), dtype="int64")
            o_sent = o_signed = pd.arrays.IntegerArray(zero, na)
            o_rate = pd.arrays.FloatingArray(zero.astype("float64"), na.copy())
        else:
            o_labels, _, o_sent, o_signed, _ = src.by(by)
            at = pd.Index(o_labels, dtype=object).get_indexer(index)
            o_rate = rate_array(o_signed.astype("float64"), o_sent.astype("float64"))
            o_rate = o_rate.take(at, allow_fill=True)
            none = np.zeros(len(o_sent), dtype=bool)
            o_sent = pd.arrays.IntegerArray(o_sent, none).take(at, allow_fill=True)
            o_signed = pd.arrays.IntegerArray(o_signed, none.copy()).take(at, allow_fill=True)
        cols[f"{name}_sent"], cols[f"{name}_signed"], cols[f"{name}_rate"] = (o_sent, o_signed,
                                                                             o_rate)
        if name == "prev":
            cols["delta_pp"] = rate - o_rate
    return pd.DataFrame(cols, index=index)


def py_value(v):
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v

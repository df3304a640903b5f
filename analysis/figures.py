"""Figures over the units frame: rates, status, ranks, block/district/overall sums, month over
month, year to date, and the monthly trend. Pure pandas; no I/O.

The entry point is `compute(frame, period=None, metric=None, target=100.0) -> Summary`, which
holds every table the app, the exports and the letter need; `summarize(...)` is its JSON form
(the `python -m analysis summarize --json` contract).

Rules (see ../shared/DOMAIN.md):
- rate = signed / sent x 100, null when sent is 0 or missing;
- a block's, district's or the overall rate is the sum of signed over the sum of sent of its
  units, never an average of rates; units without a sent count do not enter the sums;
- a blank signed count on a unit that sent documents counts as 0 (tables leave zeros blank),
  provided the period has that kind of signature at all;
- ties share a rank; units without a rate have no rank;
- the previous period has the same length (the month before, the quarter before);
- year to date for a period ending in month M: counts summed over January..M of that year.
  Missing months are listed and the year-to-date figures are then null (never computed over
  fewer months), unless a sheet covering exactly 1 January..the period's end is loaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analysis.errors import FiguresError  # noqa: F401  (raised here, caught by callers)
from analysis.labels import BLOCK_LABELS, STATUS_LABELS
from analysis.model import BLOCKS, METRICS
from analysis.periods import Period, add_months
from analysis.rates import (
    Sums,
    aggregates,
    py_value,
    rate_array,
    rate_rank,
    rate_series,
    signed_counts,
    take_or_null,
    unit_status,
)

AGG_FIELDS = ("units", "sent", "signed", "rate", "prev_rate", "delta_pp", "ytd_rate",
              "meeting_target")
UNIT_JSON_FIELDS = ("unit", "key", "block", "district", "sent", "signed", "rate", "status",
                    "rank", "prev_rate", "delta_pp", "ytd_sent", "ytd_signed", "ytd_rate")


# --- periods -----------------------------------------------------------------------------------

def periods(frame: pd.DataFrame) -> pd.DataFrame:
    """Loaded periods, oldest first: period, period_start, period_end, label, is_month."""
    p = (frame[["period", "period_start", "period_end"]].drop_duplicates("period")
         .sort_values(["period_end", "period_start"])
         .reset_index(drop=True))
    spans = [Period(s, e) for s, e in zip(p["period_start"], p["period_end"], strict=True)]
    p["label"] = [x.phrase() for x in spans]
    p["is_month"] = [x.is_month for x in spans]
    return p


def resolve_period(frame: pd.DataFrame, period=None, _per=None) -> str:
    """The period code asked for ("YYYY-MM", "YYYY-MM-DD/YYYY-MM-DD", a Period), or the latest
    loaded one (latest end; of those, the shortest)."""
    if frame.empty:
        raise FiguresError("Không có số liệu đơn vị nào để tổng hợp (không tìm thấy bảng số liệu, "
                           "hoặc các trang tính chưa rõ kỳ báo cáo).")
    if _per is not None:  # codes oldest first, as periods(frame) orders them
        codes = sorted(_per.span, key=lambda c: (_per.span[c].end, _per.span[c].start))
        loaded = pd.DataFrame({"period": pd.Series(codes, dtype=object)})
    else:
        loaded = periods(frame)
    if period is None:
        return loaded.iloc[-1]["period"]
    if isinstance(period, Period):
        code = period.code
    else:
        try:
            code = Period.from_code(str(period)).code
        except (ValueError, TypeError):
            raise FiguresError(f"Kỳ báo cáo “{period}” không hợp lệ; hãy ghi theo dạng YYYY-MM "
                               "(ví dụ 2020-11).") from None
    if code not in set(loaded["period"]):
        have = ", ".join(loaded["period"])
        raise FiguresError(f"Không có số liệu kỳ {code}. Các kỳ đã tải: {have}.")
    return code


# --- metrics -----------------------------------------------------------------------------------

def available_metrics(frame: pd.DataFrame, period: str | None = None) -> list:
    """Signature kinds with at least one count (in the period, if given), preference order."""
    rows = frame if period is None else frame[frame["period"] == period]
    return [m for m in METRICS if m in rows and rows[m].notna().any()]


def resolve_metric(frame: pd.DataFrame, period: str, metric=None, _per=None) -> str:
    have = _per.metrics(period) if _per is not None else available_metrics(frame, period)
    if metric is None:
        if not have:
            raise FiguresError(f"Kỳ {period} không có cột văn bản ký số nào.")
        return have[0]
    if metric not in METRICS:
        raise FiguresError(f"Chỉ tiêu “{metric}” không hợp lệ; chọn một trong: "
                           f"{', '.join(METRICS)}.")
    if metric not in have:
        raise FiguresError(f"Kỳ {period} không có số liệu “{metric}”; có: "
                           f"{', '.join(have) or 'không có'}.")
    return metric


# --- per unit ----------------------------------------------------------------------------------

def _uid(rows: pd.DataFrame) -> pd.Series:
    d = rows["district"].astype(object).where(rows["district"].notna(), "")
    return rows["key"].astype(str) + "\x1f" + d.astype(str)


class _Periods:
    """The loaded periods of a frame, found in one pass: each period's rows, start and end, and
    which signature kinds it carries. Saves filtering the whole frame once per question."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._units: np.ndarray | None = None
        codes, uniques = pd.factorize(frame["period"], sort=False)
        self.codes = codes
        self.index = {u: i for i, u in enumerate(uniques)}
        valid = codes >= 0
        _, first = np.unique(codes[valid], return_index=True)
        first = np.flatnonzero(valid)[first]
        starts = frame["period_start"].to_numpy()[first]
        ends = frame["period_end"].to_numpy()[first]
        self.span = {u: Period(starts[i], ends[i]) for u, i in self.index.items()}
        k = len(uniques)
        self.has: dict = {}
        for m in METRICS:
            if m in frame:
                nn = frame[m].notna().to_numpy()
                self.has[m] = np.bincount(codes[valid & nn], minlength=k) > 0

    def unit_codes(self) -> np.ndarray:
        """One integer per row naming its unit as _uid does (key and district, a missing
        district as ""), the same integer for the same unit in every period."""
        units = self._units
        if units is None:
            f = self.frame
            kc, _ = pd.factorize(f["key"], use_na_sentinel=False)
            d = f["district"].astype(object)
            dc, du = pd.factorize(d.where(d.notna(), "").to_numpy(), use_na_sentinel=False)
            units = self._units = kc.astype("int64") * (len(du) + 1) + dc
        return units

    def metrics(self, code: str) -> list:
        """As available_metrics(frame, code)."""
        i = self.index.get(code)
        if i is None:
            return []
        return [m for m in METRICS if m in self.has and self.has[m][i]]

    def positions(self, codes) -> np.ndarray:
        want = [self.index[c] for c in codes if c in self.index]
        if len(want) == 1:
            return np.flatnonzero(self.codes == want[0])
        return np.flatnonzero(np.isin(self.codes, want))


def _period_rows(frame: pd.DataFrame, code: str, metric: str, per: _Periods | None = None,
                 block_rank: bool = True, uid: bool = True) -> pd.DataFrame:
    """Rows of one period with _uid, metric_signed, rate and ranks (no status); block_rank and
    _uid only when asked for."""
    if per is None:
        rows = frame[frame["period"] == code].copy()
    else:
        rows = frame.take(per.positions([code]))
    if uid:
        rows["_uid"] = _uid(rows)
    rows["metric_signed"] = signed_counts(rows, metric)
    rows["rate"] = rate_series(rows["metric_signed"], rows["sent"])
    rows["rank"] = rate_rank(rows["rate"])
    if block_rank:
        if len(rows):
            br = rows.groupby("block", sort=False)["rate"].rank(method="min", ascending=False)
            rows["block_rank"] = br.astype("Int64")
        else:
            rows["block_rank"] = pd.Series(dtype="Int64")
    return rows


def _ytd_tiles(frame: pd.DataFrame, span: Period, metric: str, per: _Periods | None = None):
    """Loaded periods that tile 1 January..the end of span, and the months no loaded period
    covers (None, [] for a span over two years)."""
    end = span.end
    if span.start.year != end.year:
        return None, []
    per = per or _Periods(frame)
    # code -> Period of the periods carrying the metric
    flags = per.has.get(metric)
    has = {} if flags is None else {c: per.span[c] for c, i in per.index.items() if flags[i]}
    jan1 = span.year_start
    tiles, missing = [], []
    cursor = jan1
    while cursor <= end:
        mcode = Period.month(cursor.year, cursor.month).code
        if cursor.day == 1 and mcode in has and has[mcode].end <= end:
            tiles.append(mcode)
            cursor = has[mcode].end + timedelta(days=1)
            continue
        cands = [(p.end, c) for c, p in has.items() if p.start == cursor and p.end <= end]
        if cands:
            e, c = max(cands)
            tiles.append(c)
            cursor = e + timedelta(days=1)
            continue
        missing.append(mcode)
        cursor = add_months(cursor, 1)
    if missing:
        whole = [c for c, p in has.items() if p.start == jan1 and p.end == end]
        if whole:
            return whole, []
    return tiles, missing


@dataclass
class Summary:
    period: str  # the period's code
    span: Period  # the period itself
    metric: str
    target: float
    metrics: list  # signature kinds present in the period
    previous: str | None  # code of the previous period if loaded
    units: pd.DataFrame  # one row per unit of the period (see unit columns below)
    blocks: pd.DataFrame  # one row per block present, BLOCKS order
    districts: pd.DataFrame  # one row per district (None = no district)
    total: dict
    new_units: pd.DataFrame
    missing_units: pd.DataFrame
    ytd_periods: list  # codes summed for the year to date
    missing_months: list  # "YYYY-MM" months missing from the year to date
    ytd_complete: bool

    @property
    def start(self) -> date:
        return self.span.start

    @property
    def end(self) -> date:
        return self.span.end

    @property
    def label(self) -> str:
        """The period in a sentence: 'tháng 11/2020', 'quý I/2021'."""
        return self.span.phrase()

    def to_json(self) -> dict:
        return {
            "period": self.span.to_json(),
            "metric": self.metric,
            "target": self.target,
            # a unit's "signed" is the chosen metric's count
            "units": _records(self.units.assign(signed=self.units["metric_signed"]),
                              UNIT_JSON_FIELDS),
            "blocks": _records(self.blocks, ("block",) + AGG_FIELDS),
            "total": {"block": None, **{k: py_value(self.total[k]) for k in AGG_FIELDS}},
            "new_units": _records(self.new_units, ("unit", "key", "block", "district")),
            "missing_units": _records(self.missing_units, ("unit", "key", "block", "district")),
            "missing_months": list(self.missing_months),
        }


def _records(df: pd.DataFrame, cols) -> list:
    columns = [[py_value(v) for v in df[c].tolist()] for c in cols]
    return [dict(zip(cols, vals, strict=True)) for vals in zip(*columns, strict=True)]


def block_order(block) -> int:
    return BLOCKS.index(block) if block in BLOCKS else len(BLOCKS)


def _sort_units(u: pd.DataFrame) -> pd.DataFrame:
    keys = pd.DataFrame({"_bo": u["block"].map(block_order).to_numpy(),
                         "_r": u["rate"].astype("Float64").fillna(-1.0).to_numpy(),
                         "unit": u["unit"].reset_index(drop=True)})
    order = keys.sort_values(["_bo", "_r", "unit"], ascending=[True, False, True],
                             kind="stable").index.to_numpy()
    return u.take(order).reset_index(drop=True)


def compute(frame: pd.DataFrame, period=None, metric=None, target: float = 100.0) -> Summary:
    """Every figure for one period and metric. Raises FiguresError for an unknown period or an
    absent metric."""
    if frame.empty:
        resolve_period(frame, period)  # raises FiguresError: nothing to sum
    per = _Periods(frame)
    code = resolve_period(frame, period, per)
    metric = resolve_metric(frame, code, metric, per)
    target = float(target)
    cur = _period_rows(frame, code, metric, per)
    span = Period(cur["period_start"].iloc[0], cur["period_end"].iloc[0])

    # every kind of signature present: count and rate side by side
    present = per.metrics(code)
    for m in METRICS:
        if m in present:
            cur[f"{m}_rate"] = rate_series(signed_counts(cur, m), cur["sent"])
        else:
            cur[f"{m}_rate"] = pd.array([pd.NA] * len(cur), dtype="Float64")
    cur["status"] = unit_status(cur["sent"], cur["metric_signed"], cur["rate"], target)

    # previous period of the same length
    pcode = span.previous().code
    has_prev = metric in per.metrics(pcode)
    if has_prev:
        prev = _period_rows(frame, pcode, metric, per, block_rank=False, uid=False)
        units = per.unit_codes()
        cur_uid = pd.Index(units[per.positions([code])])
        prev_uid = pd.Index(units[per.positions([pcode])])
        at = prev_uid.get_indexer(cur_uid)  # each current unit's row in prev, -1 if new
        cur["prev_sent"] = take_or_null(prev["sent"].array, at, "Int64")
        cur["prev_signed"] = take_or_null(prev["metric_signed"].array, at, "Int64")
        cur["prev_rate"] = take_or_null(prev["rate"].array, at, "Float64")
        cur["prev_rank"] = take_or_null(prev["rank"].array, at, "Int64")
        new_units = cur[at < 0]
        missing_units = prev[cur_uid.get_indexer(prev_uid) < 0]
    else:
        prev = None
        for c, t in (("prev_sent", "Int64"), ("prev_signed", "Int64"), ("prev_rate", "Float64"),
                     ("prev_rank", "Int64")):
            cur[c] = pd.array([pd.NA] * len(cur), dtype=t)
        new_units = cur.iloc[0:0]
        missing_units = cur.iloc[0:0]
    cur["delta_pp"] = (cur["rate"] - cur["prev_rate"]).astype("Float64")
    cur["rank_change"] = (cur["prev_rank"] - cur["rank"]).astype("Int64")

    # year to date
    tiles, missing_months = _ytd_tiles(frame, span, metric, per)
    ytd_complete = tiles is not None and not missing_months
    if ytd_complete:
        # every month of the year to date in one selection (not one filter of the frame a month)
        pos = per.positions(tiles)
        yrows = pd.DataFrame({c: frame[c].array.take(pos)
                              for c in ("key", "district", "block", "sent", metric)})
        yrows["metric_signed"] = signed_counts(yrows, metric)
        # sums per unit: one factorization of the unit ids, then bincount
        units = per.unit_codes()
        ycodes, yuids = pd.factorize(units[pos])
        counted = yrows["sent"].notna().to_numpy()
        ysent = np.where(counted, yrows["sent"].to_numpy(dtype="int64", na_value=0), 0)
        ysigned = np.where(counted, yrows["metric_signed"].to_numpy(dtype="int64", na_value=0), 0)
        k = len(yuids)
        n = np.bincount(ycodes, weights=counted, minlength=k)
        none = n == 0  # a unit with no sent count in any month: no year-to-date figures
        tot_sent = pd.arrays.IntegerArray(
            np.bincount(ycodes, weights=ysent, minlength=k).astype("int64"), none)
        tot_signed = pd.arrays.IntegerArray(
            np.bincount(ycodes, weights=ysigned, minlength=k).astype("int64"), none)
        at = pd.Index(yuids).get_indexer(pd.Index(units[per.positions([code])]))
        cur["ytd_sent"] = tot_sent.take(at, allow_fill=True)
        cur["ytd_signed"] = tot_signed.take(at, allow_fill=True)
    else:
        yrows = None
        cur["ytd_sent"] = pd.array([pd.NA] * len(cur), dtype="Int64")
        cur["ytd_signed"] = pd.array([pd.NA] * len(cur), dtype="Int64")
    cur["ytd_rate"] = rate_series(cur["ytd_signed"], cur["ytd_sent"])
    cur["ytd_complete"] = ytd_complete

    cur["block_label"] = cur["block"].map(lambda b: BLOCK_LABELS.get(b, b))
    cur["status_label"] = cur["status"].map(STATUS_LABELS)
    units = _sort_units(cur)

    # aggregates: current, previous, year to date
    sums = (Sums(cur), Sums(prev) if prev is not None else None,
            Sums(yrows) if yrows is not None else None)

    def agg(by):
        return aggregates(*sums, by)

    blocks = agg("block")
    blocks = blocks.iloc[sorted(range(len(blocks)), key=lambda i: block_order(blocks.index[i]))]
    blocks.insert(0, "block", blocks.index)
    blocks.insert(1, "block_label", [BLOCK_LABELS.get(b, b) for b in blocks.index])
    blocks = blocks.reset_index(drop=True)
    districts = agg("district")
    districts = districts.iloc[sorted(range(len(districts)), key=lambda i: (
        districts.index[i] is None, districts.index[i] or ""))]
    districts.insert(0, "district", pd.Series(list(districts.index), index=districts.index,
                                              dtype=object))
    districts = districts.reset_index(drop=True)
    total_df = agg(None)
    total = {c: py_value(total_df[c].iloc[0]) for c in total_df.columns}

    def listed(rows):
        rows = rows[["unit", "key", "block", "district", "sent", "metric_signed", "rate"]]
        return rows.reset_index(drop=True) if rows.empty else _sort_units(rows)

    return Summary(
        period=code, span=span, metric=metric, target=target, metrics=present,
        previous=pcode if has_prev else None, units=units, blocks=blocks, districts=districts,
        total=total, new_units=listed(new_units), missing_units=listed(missing_units),
        ytd_periods=list(tiles) if ytd_complete else [], missing_months=missing_months,
        ytd_complete=ytd_complete,
    )


def summarize(frame: pd.DataFrame, period=None, metric=None, target: float = 100.0) -> dict:
    """The `summarize --json` contract: period, metric, target, units, blocks, total, new_units,
    missing_units, missing_months. Rates are unrounded percentages, null where undefined; the
    unit's "signed" is the chosen metric's count."""
    return compute(frame, period, metric, target).to_json()


# --- tables for the app ------------------------------------------------------------------------

def movers(summary: Summary, n: int = 5):
    """(most improved, most declined): units with a change, by delta_pp, at most n each."""
    u = summary.units[summary.units["delta_pp"].notna()]
    up = u[u["delta_pp"] > 0].sort_values(["delta_pp", "unit"], ascending=[False, True])
    down = u[u["delta_pp"] < 0].sort_values(["delta_pp", "unit"], ascending=[True, True])
    return up.head(n).reset_index(drop=True), down.head(n).reset_index(drop=True)


def trend(frame: pd.DataFrame, metric=None, months_only: bool = True) -> pd.DataFrame:
    """Overall and per-block rate of every loaded period (calendar months only when any are
    loaded): period, period_start, period_end, scope ("total" or a block code), units, sent,
    signed, rate. Oldest first, total then blocks in BLOCKS order. Codes only: a view names
    the periods and the scopes."""
    cols = ["period", "period_start", "period_end", "scope", "units", "sent", "signed", "rate"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    ps = periods(frame)
    if months_only and ps["is_month"].any():
        ps = ps[ps["is_month"]]
    if metric is None:
        have = available_metrics(frame)
        if not have:
            return pd.DataFrame(columns=cols)
        metric = have[0]
    per = _Periods(frame)
    ps = ps[[metric in per.metrics(c) for c in ps["period"]]]
    # every row of the kept periods at once; sums per (period, block) by bincount
    pos = per.positions(ps["period"])
    rows = pd.DataFrame({c: frame[c].array.take(pos) for c in ("block", "sent", metric)})
    rows["metric_signed"] = signed_counts(rows, metric)
    sums = Sums(rows)
    bcodes, blocks = pd.factorize(rows["block"].astype(object).to_numpy(), use_na_sentinel=False)
    nb = len(blocks)
    pidx = per.codes[pos]
    key = pidx * nb + bcodes
    k = len(per.index) * nb
    units = np.bincount(key, minlength=k)
    sums_sent = np.bincount(key, weights=sums.sent, minlength=k).astype("int64")
    sums_signed = np.bincount(key, weights=sums.signed, minlength=k).astype("int64")
    first = np.full(k, len(key))  # a block's first row in its period: ties keep that order
    np.minimum.at(first, key, np.arange(len(key)))
    out = []
    for p in ps.itertuples():
        i = per.index[p.period]
        g = np.arange(i * nb, (i + 1) * nb)
        g = g[units[g] > 0]
        parts = [("total", units[g].sum(), sums_sent[g].sum(), sums_signed[g].sum())]
        for j in sorted(g, key=lambda j: (block_order(blocks[j - i * nb]), first[j])):
            parts.append((blocks[j - i * nb], units[j], sums_sent[j], sums_signed[j]))
        for scope, n, se, si in parts:
            out.append({
                "period": p.period, "period_start": p.period_start, "period_end": p.period_end,
                "scope": scope, "units": int(n), "sent": int(se), "signed": int(si),
            })
    t = pd.DataFrame(out, columns=cols[:-1])
    t["rate"] = rate_array(t["signed"].to_numpy(dtype="float64"),
                            t["sent"].to_numpy(dtype="float64"))
    return t

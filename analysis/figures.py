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

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

import pandas as pd

from .dataset import parse_period_code, period_code
from .model import BLOCKS, METRICS, Period
from .vn_format import BLOCK_LABELS, STATUS_LABELS

STATUSES = ("meets_target", "below_target", "signed_nothing", "no_documents")
AGG_FIELDS = ("units", "sent", "signed", "rate", "prev_rate", "delta_pp", "ytd_rate",
              "meeting_target")
UNIT_JSON_FIELDS = ("unit", "key", "block", "district", "sent", "signed", "rate", "status",
                    "rank", "prev_rate", "delta_pp", "ytd_sent", "ytd_signed", "ytd_rate")
_EPS = 1e-9


class FiguresError(ValueError):
    """A request the data cannot answer (unknown period, absent metric). Vietnamese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- periods -----------------------------------------------------------------------------------

def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def _whole_months(start: date, end: date) -> bool:
    return start.day == 1 and end == _month_end(end.year, end.month)


def previous_period(start: date, end: date) -> tuple:
    """The period of the same length just before: the month before, the quarter before."""
    if _whole_months(start, end):
        n = (end.year - start.year) * 12 + end.month - start.month + 1
        s = _add_months(start, -n)
        e = _add_months(start, 0) - timedelta(days=1)
        return s, e
    days = (end - start).days + 1
    e = start - timedelta(days=1)
    return e - timedelta(days=days - 1), e


def periods(frame: pd.DataFrame) -> pd.DataFrame:
    """Loaded periods, oldest first: period, period_start, period_end, months, label."""
    from .vn_format import period_label

    p = (frame[["period", "period_start", "period_end"]].drop_duplicates("period")
         .sort_values(["period_end", "period_start"])
         .reset_index(drop=True))
    p["label"] = [period_label(s, e) for s, e in zip(p["period_start"], p["period_end"])]
    p["is_month"] = [_whole_months(s, e) and s.month == e.month and s.year == e.year
                     for s, e in zip(p["period_start"], p["period_end"])]
    return p


def resolve_period(frame: pd.DataFrame, period=None) -> str:
    """The period code asked for ("YYYY-MM", "YYYY-MM-DD/YYYY-MM-DD", a Period), or the latest
    loaded one (latest end; of those, the shortest)."""
    if frame.empty:
        raise FiguresError("Không có số liệu đơn vị nào để tổng hợp (không tìm thấy bảng số liệu, "
                           "hoặc các trang tính chưa rõ kỳ báo cáo).")
    loaded = periods(frame)
    if period is None:
        return loaded.iloc[-1]["period"]
    if isinstance(period, Period):
        code = period_code(period.start, period.end)
    else:
        try:
            p = parse_period_code(str(period))
        except (ValueError, TypeError):
            raise FiguresError(f"Kỳ báo cáo “{period}” không hợp lệ; hãy ghi theo dạng YYYY-MM "
                               "(ví dụ 2020-11).") from None
        code = period_code(p.start, p.end)
    if code not in set(loaded["period"]):
        have = ", ".join(loaded["period"])
        raise FiguresError(f"Không có số liệu kỳ {code}. Các kỳ đã tải: {have}.")
    return code


# --- metrics -----------------------------------------------------------------------------------

def available_metrics(frame: pd.DataFrame, period: Optional[str] = None) -> list:
    """Signature kinds with at least one count (in the period, if given), preference order."""
    rows = frame if period is None else frame[frame["period"] == period]
    return [m for m in METRICS if m in rows and rows[m].notna().any()]


def resolve_metric(frame: pd.DataFrame, period: str, metric=None) -> str:
    have = available_metrics(frame, period)
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


def _rate(signed: pd.Series, sent: pd.Series) -> pd.Series:
    s = sent.astype("Float64")
    r = signed.astype("Float64") / s * 100.0
    return r.where(s > 0).astype("Float64")


def _signed_counts(rows: pd.DataFrame, metric: str) -> pd.Series:
    """The metric's count, blank counted as 0 for units that sent documents."""
    return rows[metric].where(~(rows[metric].isna() & (rows["sent"] > 0)), 0).astype("Int64")


def _status(sent: pd.Series, signed: pd.Series, rate: pd.Series, target: float) -> pd.Series:
    out = []
    for se, si, r in zip(sent, signed, rate):
        if pd.isna(se) or se <= 0:
            out.append("no_documents")
        elif pd.isna(si) or si == 0:
            out.append("signed_nothing")
        elif not pd.isna(r) and r + _EPS >= target:
            out.append("meets_target")
        else:
            out.append("below_target")
    return pd.Series(out, index=sent.index, dtype=object)


def _rank(rate: pd.Series) -> pd.Series:
    return rate.astype("Float64").rank(method="min", ascending=False).astype("Int64")


def _period_rows(frame: pd.DataFrame, code: str, metric: str) -> pd.DataFrame:
    """Rows of one period with metric_signed, rate and ranks (no status)."""
    rows = frame[frame["period"] == code].copy()
    rows["_uid"] = _uid(rows)
    rows["metric_signed"] = _signed_counts(rows, metric)
    rows["rate"] = _rate(rows["metric_signed"], rows["sent"])
    rows["rank"] = _rank(rows["rate"])
    rows["block_rank"] = rows.groupby("block")["rate"].transform(_rank).astype("Int64") \
        if len(rows) else pd.Series(dtype="Int64")
    return rows


def _ytd_tiles(frame: pd.DataFrame, start: date, end: date, metric: str):
    """Loaded periods that tile 1 January..end, and the months no loaded period covers."""
    if start.year != end.year:
        return None, []
    has = {}  # code -> (start, end) of periods carrying the metric
    for code, g in frame.groupby("period", sort=False):
        if metric in g and g[metric].notna().any():
            has[code] = (g["period_start"].iloc[0], g["period_end"].iloc[0])
    jan1 = date(end.year, 1, 1)
    tiles, missing = [], []
    cursor = jan1
    while cursor <= end:
        mcode = f"{cursor.year:04d}-{cursor.month:02d}"
        if cursor.day == 1 and mcode in has and has[mcode][1] <= end:
            tiles.append(mcode)
            cursor = has[mcode][1] + timedelta(days=1)
            continue
        cands = [(e, c) for c, (s, e) in has.items() if s == cursor and e <= end]
        if cands:
            e, c = max(cands)
            tiles.append(c)
            cursor = e + timedelta(days=1)
            continue
        missing.append(mcode)
        cursor = _add_months(cursor, 1)
    if missing:
        whole = [c for c, (s, e) in has.items() if s == jan1 and e == end]
        if whole:
            return whole, []
    return tiles, missing


def _aggregate(rows: pd.DataFrame, by: Optional[str]) -> pd.DataFrame:
    """Sums per group (or overall when by is None): units, sent, signed, rate, meeting_target."""
    r = rows.copy()
    counted = r["sent"].notna()
    r["_sent"] = r["sent"].where(counted, 0).fillna(0).astype("int64")
    r["_signed"] = r["metric_signed"].where(counted, 0).fillna(0).astype("int64")
    r["_meets"] = (r["status"] == "meets_target") if "status" in r else False
    if by:
        g = r.groupby(r[by].astype(object), sort=False, dropna=False)
    else:
        g = r.groupby(lambda _: "total", sort=False)
    out = pd.DataFrame({
        "units": g.size(),
        "sent": g["_sent"].sum(),
        "signed": g["_signed"].sum(),
        "meeting_target": g["_meets"].sum(),
    })
    out["rate"] = _rate(out["signed"], out["sent"])
    out.index = pd.Index([None if pd.isna(i) else i for i in out.index], dtype=object)
    return out


@dataclass
class Summary:
    period: str
    start: date
    end: date
    metric: str
    target: float
    metrics: list  # signature kinds present in the period
    previous: Optional[str]  # code of the previous period if loaded
    units: pd.DataFrame  # one row per unit of the period (see unit columns below)
    blocks: pd.DataFrame  # one row per block present, BLOCKS order
    districts: pd.DataFrame  # one row per district (None = no district)
    total: dict
    new_units: pd.DataFrame
    missing_units: pd.DataFrame
    ytd_periods: list  # codes summed for the year to date
    missing_months: list  # "YYYY-MM" months missing from the year to date
    ytd_complete: bool
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        from .vn_format import period_label

        return period_label(self.start, self.end)

    def to_json(self) -> dict:
        return {
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "metric": self.metric,
            "target": self.target,
            # a unit's "signed" is the chosen metric's count
            "units": _records(self.units.assign(signed=self.units["metric_signed"]),
                              UNIT_JSON_FIELDS),
            "blocks": _records(self.blocks, ("block",) + AGG_FIELDS),
            "total": {"block": None, **{k: _py(self.total[k]) for k in AGG_FIELDS}},
            "new_units": _records(self.new_units, ("unit", "key", "block", "district")),
            "missing_units": _records(self.missing_units, ("unit", "key", "block", "district")),
            "missing_months": list(self.missing_months),
        }


def _py(v):
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


def _records(df: pd.DataFrame, cols) -> list:
    return [{c: _py(rec[c]) for c in cols} for rec in df[list(cols)].to_dict("records")]


def _block_order(block) -> int:
    return BLOCKS.index(block) if block in BLOCKS else len(BLOCKS)


def _sort_units(u: pd.DataFrame) -> pd.DataFrame:
    u = u.assign(_bo=u["block"].map(_block_order),
                 _r=u["rate"].astype("Float64").fillna(-1.0))
    u = u.sort_values(["_bo", "_r", "unit"], ascending=[True, False, True], kind="stable")
    return u.drop(columns=["_bo", "_r"]).reset_index(drop=True)


def compute(frame: pd.DataFrame, period=None, metric=None, target: float = 100.0) -> Summary:
    """Every figure for one period and metric. Raises FiguresError for an unknown period or an
    absent metric."""
    code = resolve_period(frame, period)
    metric = resolve_metric(frame, code, metric)
    target = float(target)
    cur = _period_rows(frame, code, metric)
    start, end = cur["period_start"].iloc[0], cur["period_end"].iloc[0]

    # every kind of signature present: count and rate side by side
    present = available_metrics(frame, code)
    for m in METRICS:
        if m in present:
            cur[f"{m}_rate"] = _rate(_signed_counts(cur, m), cur["sent"])
        else:
            cur[f"{m}_rate"] = pd.array([pd.NA] * len(cur), dtype="Float64")
    cur["status"] = _status(cur["sent"], cur["metric_signed"], cur["rate"], target)

    # previous period of the same length
    ps, pe = previous_period(start, end)
    pcode = period_code(ps, pe)
    has_prev = pcode in set(frame["period"]) and metric in available_metrics(frame, pcode)
    if has_prev:
        prev = _period_rows(frame, pcode, metric)
        prev["status"] = _status(prev["sent"], prev["metric_signed"], prev["rate"], target)
        pm = prev.set_index("_uid")
        cur["prev_sent"] = cur["_uid"].map(pm["sent"]).astype("Int64")
        cur["prev_signed"] = cur["_uid"].map(pm["metric_signed"]).astype("Int64")
        cur["prev_rate"] = cur["_uid"].map(pm["rate"]).astype("Float64")
        cur["prev_rank"] = cur["_uid"].map(pm["rank"]).astype("Int64")
        new_units = cur[~cur["_uid"].isin(prev["_uid"])]
        missing_units = prev[~prev["_uid"].isin(cur["_uid"])]
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
    tiles, missing_months = _ytd_tiles(frame, start, end, metric)
    ytd_complete = tiles is not None and not missing_months
    if ytd_complete:
        yrows = pd.concat([_period_rows(frame, c, metric) for c in tiles], ignore_index=True)
        yrows["_sent"] = yrows["sent"]
        yrows["_signed"] = yrows["metric_signed"].where(yrows["sent"].notna())
        ysum = yrows.groupby("_uid").agg(ytd_sent=("_sent", "sum"), ytd_signed=("_signed", "sum"),
                                         _n=("_sent", "count"))
        ysum.loc[ysum["_n"] == 0, ["ytd_sent", "ytd_signed"]] = pd.NA
        cur["ytd_sent"] = cur["_uid"].map(ysum["ytd_sent"]).astype("Int64")
        cur["ytd_signed"] = cur["_uid"].map(ysum["ytd_signed"]).astype("Int64")
    else:
        yrows = None
        cur["ytd_sent"] = pd.array([pd.NA] * len(cur), dtype="Int64")
        cur["ytd_signed"] = pd.array([pd.NA] * len(cur), dtype="Int64")
    cur["ytd_rate"] = _rate(cur["ytd_signed"], cur["ytd_sent"])
    cur["ytd_complete"] = ytd_complete

    cur["block_label"] = cur["block"].map(lambda b: BLOCK_LABELS.get(b, b))
    cur["status_label"] = cur["status"].map(STATUS_LABELS)
    units = _sort_units(cur)

    # aggregates: current, previous, year to date
    def agg(by):
        a = _aggregate(cur, by)
        if prev is not None:
            p = _aggregate(prev, by)
            a["prev_sent"] = p["sent"].reindex(a.index).astype("Int64")
            a["prev_signed"] = p["signed"].reindex(a.index).astype("Int64")
            a["prev_rate"] = p["rate"].reindex(a.index).astype("Float64")
        else:
            a["prev_sent"] = pd.array([pd.NA] * len(a), dtype="Int64")
            a["prev_signed"] = pd.array([pd.NA] * len(a), dtype="Int64")
            a["prev_rate"] = pd.array([pd.NA] * len(a), dtype="Float64")
        a["delta_pp"] = (a["rate"] - a["prev_rate"]).astype("Float64")
        if yrows is not None:
            y = _aggregate(yrows.assign(status=None), by)
            a["ytd_sent"] = y["sent"].reindex(a.index).astype("Int64")
            a["ytd_signed"] = y["signed"].reindex(a.index).astype("Int64")
            a["ytd_rate"] = y["rate"].reindex(a.index).astype("Float64")
        else:
            a["ytd_sent"] = pd.array([pd.NA] * len(a), dtype="Int64")
            a["ytd_signed"] = pd.array([pd.NA] * len(a), dtype="Int64")
            a["ytd_rate"] = pd.array([pd.NA] * len(a), dtype="Float64")
        return a

    blocks = agg("block")
    blocks = blocks.iloc[sorted(range(len(blocks)), key=lambda i: _block_order(blocks.index[i]))]
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
    total = {c: _py(total_df[c].iloc[0]) for c in total_df.columns}

    def listed(rows):
        return _sort_units(rows.assign(rate=rows["rate"]))[
            ["unit", "key", "block", "district", "sent", "metric_signed", "rate"]]

    return Summary(
        period=code, start=start, end=end, metric=metric, target=target, metrics=present,
        previous=pcode if has_prev else None, units=units, blocks=blocks, districts=districts,
        total=total, new_units=listed(new_units), missing_units=listed(missing_units),
        ytd_periods=list(tiles) if ytd_complete else [], missing_months=missing_months, ytd_complete=ytd_complete,
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
    loaded): period, period_start, period_end, label, scope ("total" or a block code),
    scope_label, units, sent, signed, rate. Oldest first, total then blocks in BLOCKS order."""
    cols = ["period", "period_start", "period_end", "label", "scope", "scope_label", "units",
            "sent", "signed", "rate"]
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
    out = []
    for p in ps.itertuples():
        if metric not in available_metrics(frame, p.period):
            continue
        rows = _period_rows(frame, p.period, metric)
        parts = [("total", _aggregate(rows, None))]
        b = _aggregate(rows, "block")
        for blk in sorted(b.index, key=_block_order):
            parts.append((blk, b.loc[[blk]]))
        for scope, a in parts:
            r = a.iloc[0]
            out.append({
                "period": p.period, "period_start": p.period_start, "period_end": p.period_end,
                "label": p.label, "scope": scope,
                "scope_label": "Toàn bộ" if scope == "total" else BLOCK_LABELS.get(scope, scope),
                "units": int(r["units"]), "sent": int(r["sent"]), "signed": int(r["signed"]),
                "rate": _py(r["rate"]),
            })
    t = pd.DataFrame(out, columns=cols)
    t["rate"] = t["rate"].astype("Float64")
    return t


def appendix_rows(summary: Summary, metrics=None) -> list:
    """Rows of the official appendix table: units grouped by block under roman-numeral section
    rows, in the order read from the source, then the totals row. Each row is a dict:
    {"kind": "section", "stt": "I", "name": "Khối ..."} |
    {"kind": "unit"|"total", "stt": 1|None, "name": ..., "sent": int|None,
     "counts": {metric: int|None}, "rates": {metric: float|None}, "status": str (units)}.
    """
    from .vn_format import roman

    metrics = list(metrics or summary.metrics)
    u = summary.units.sort_values(["file", "sheet", "row"], kind="stable", na_position="last")
    out = []
    blocks_present = sorted(u["block"].unique(), key=_block_order)
    totals = {"sent": 0, **{m: 0 for m in metrics}}
    for i, blk in enumerate(blocks_present, 1):
        out.append({"kind": "section", "stt": roman(i), "name": BLOCK_LABELS.get(blk, blk)})
        for j, rec in enumerate(u[u["block"] == blk].to_dict("records"), 1):
            sent = _py(rec["sent"])
            counts = {}
            for m in metrics:
                c = _py(rec[m])
                if c is None and sent:
                    c = 0
                counts[m] = c
            out.append({"kind": "unit", "stt": j, "name": rec["unit"], "sent": sent,
                        "counts": counts, "status": rec["status"],
                        "rates": {m: _py(rec[f"{m}_rate"]) for m in metrics}})
            if sent is not None:
                totals["sent"] += sent
                for m in metrics:
                    totals[m] += counts[m] or 0
    out.append({"kind": "total", "stt": None, "name": "Tổng cộng", "sent": totals["sent"],
                "counts": {m: totals[m] for m in metrics},
                "rates": {m: (totals[m] / totals["sent"] * 100 if totals["sent"] else None)
                          for m in metrics}})
    return out

"""The stored periods: storing a units frame as one upload, loading it back, listing what is
stored, and the kept old versions of replaced or deleted periods.

Each period of an upload replaces the stored one, whose data becomes a kept version
(`list_versions`), so a replacement or a deletion can be undone (`restore_previous_version`)
until the versions are purged. Loading applies the officer's corrections (see `corrections`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Integer, String, delete, func, insert, literal, select
from sqlalchemy.engine import Connection

from analysis.errors import HistoryError
from analysis.frame import FRAME_COLUMNS, combine_frames, is_missing
from analysis.model import COUNT_FIELDS, Period
from analysis.store.corrections import apply_corrections, corrected, stored_corrections
from analysis.store.engine import History, read_transaction, write_transaction
from analysis.store.schema import now, period_versions, periods, unit_versions, units, uploads
from analysis.vn_format import fmt_int


def _in(table, ws: int):
    """Rows of `table` of workspace `ws`."""
    return table.c.workspace_id == ws


# --- value conversions -------------------------------------------------------------------------

def _text(v) -> str | None:
    return None if is_missing(v) else str(v)


def _count(v, what: str) -> int | None:
    if is_missing(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise HistoryError(f"Giá trị không phải số nguyên ở cột {what}: {v!r}") from None
    if f != int(f):
        raise HistoryError(f"Giá trị không phải số nguyên ở cột {what}: {v!r}")
    return int(f)


def _iso_date(v, what: str) -> str:
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, str):
        try:
            return date.fromisoformat(v.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise HistoryError(f"Ngày không hợp lệ ở cột {what}: {v!r}")


def period_label(period: str, start: str | None = None, end: str | None = None) -> str:
    """The Vietnamese label of a stored period ('Tháng 3/2021', ...), or the period text."""
    try:
        if start is None or end is None:
            return Period.from_code(period).label()
        return Period(date.fromisoformat(start), date.fromisoformat(str(end)[:10])).label()
    except (ValueError, TypeError, AttributeError):  # not a period code: the raw text is fine
        return period


# --- storing -----------------------------------------------------------------------------------

@dataclass
class StoreReport:
    """What `store_frame` did."""

    upload_id: int
    uploaded_at: str
    added: list = field(default_factory=list)  # periods new to the history
    replaced: list = field(default_factory=list)  # periods whose old data became a kept version
    units: int = 0  # unit rows written

    @property
    def periods(self) -> list:
        return sorted(self.added + self.replaced)

    def message(self) -> str:
        """One Vietnamese paragraph for the user."""
        parts = [f"Đã lưu {len(self.periods)} kỳ báo cáo ({fmt_int(self.units)} dòng đơn vị) "
                 "vào lịch sử."]
        if self.added:
            parts.append(
                "Thêm mới: " + ", ".join(period_label(p) for p in sorted(self.added)) + ".")
        if self.replaced:
            parts.append(
                "Thay thế: " + ", ".join(period_label(p) for p in sorted(self.replaced))
                + " (bản cũ được giữ lại, có thể khôi phục)."
            )
        return " ".join(parts)

    def to_json(self) -> dict:
        return {"upload_id": self.upload_id, "uploaded_at": self.uploaded_at,
                "added": sorted(self.added), "replaced": sorted(self.replaced),
                "units": self.units}


def _frame_records(frame: pd.DataFrame) -> tuple:
    """Check a units frame and turn it into ({period: (start, end)}, [unit rows]).

    Raises HistoryError before anything is written when the frame cannot be stored as is."""
    if frame is None or len(frame) == 0:
        raise HistoryError("Không có số liệu đơn vị nào để lưu vào lịch sử.")
    missing = [c for c in ("period", "period_start", "period_end", "key") if c not in frame.columns]
    if missing:
        raise HistoryError("Bảng số liệu thiếu cột: " + ", ".join(missing) + ".")
    spans: dict = {}
    rows: list = []
    seen: set = set()
    for rec in frame.to_dict("records"):
        period = _text(rec.get("period"))
        key = _text(rec.get("key"))
        if not period:
            raise HistoryError(
                f"Đơn vị «{_text(rec.get('unit')) or key}» chưa có kỳ báo cáo; "
                "hãy chọn kỳ báo cáo trước khi lưu."
            )
        if not key:
            raise HistoryError(f"Có dòng đơn vị không có khóa (kỳ {period_label(period)}).")
        span = (_iso_date(rec.get("period_start"), "period_start"),
                _iso_date(rec.get("period_end"), "period_end"))
        if spans.setdefault(period, span) != span:
            raise HistoryError(f"Kỳ {period} có hai khoảng ngày khác nhau trong cùng lần lưu.")
        district = _text(rec.get("district"))
        if (period, key, district) in seen:
            raise HistoryError(
                f"Đơn vị «{_text(rec.get('unit')) or key}» xuất hiện hai lần trong kỳ "
                f"{period_label(period)}; không lưu."
            )
        seen.add((period, key, district))
        row = {
            "period": period, "key": key, "unit": _text(rec.get("unit")),
            "block": _text(rec.get("block")), "district": district,
            "file": _text(rec.get("file")), "sheet": _text(rec.get("sheet")),
            "row": _count(rec.get("row"), "row"),
        }
        for f in COUNT_FIELDS:
            row[f] = _count(rec.get(f), f)
        rows.append(row)
    return spans, rows


def _archive(conn: Connection, ws: int, period: str, reason: str,
             replaced_by: int | None) -> int | None:
    """Copy the current data of `period` (of workspace `ws`) into the kept versions and remove
    it; the version id."""
    cur = conn.execute(select(periods).where(_in(periods, ws), periods.c.period == period)
                       ).mappings().first()
    if cur is None:
        return None
    version_id = conn.execute(
        insert(period_versions).values(
            workspace_id=ws, period=period, period_start=cur["period_start"],
            period_end=cur["period_end"], upload_id=cur["upload_id"], archived_at=now(),
            reason=reason, replaced_by=replaced_by,
        ).returning(period_versions.c.version_id)
    ).scalar_one()
    cols = [c.name for c in units.columns if c.name not in ("id", "period")]
    conn.execute(
        insert(unit_versions).from_select(
            ["version_id"] + cols,
            select(literal(version_id, Integer).label("version_id"),
                   *[units.c[c] for c in cols])
            .where(_in(units, ws), units.c.period == period).order_by(units.c.id),
        )
    )
    conn.execute(delete(units).where(_in(units, ws), units.c.period == period))
    conn.execute(delete(periods).where(_in(periods, ws), periods.c.period == period))
    return version_id


def store_frame(history: History, frame: pd.DataFrame,
                source_info: dict | None = None) -> StoreReport:
    """Store a units frame as one confirmed upload, in one transaction.

    Each period in `frame` replaces the stored one, whose data is kept as a version
    (`list_versions`, `restore_previous_version`). `source_info` may give `files` (list of file
    names; default: the frame's `file` values), `source` ("app", "cli", ...) and `note`.
    Columns of the frame beyond the units-frame contract are ignored. Raises `HistoryError`
    (nothing written) when the frame is empty, lacks a period or key, or has a unit twice.
    """
    info = dict(source_info or {})
    spans, rows = _frame_records(frame)
    files = info.get("files")
    if not files:
        files = list(dict.fromkeys(r["file"] for r in rows if r["file"]))
    uploaded_at = now()
    ws = history.workspace.id
    for r in rows:
        r["workspace_id"] = ws
    with write_transaction(history) as conn:
        upload_id = conn.execute(
            insert(uploads).values(
                workspace_id=ws, file="; ".join(str(f) for f in files), uploaded_at=uploaded_at,
                source=info.get("source"), note=info.get("note"),
            ).returning(uploads.c.id)
        ).scalar_one()
        report = StoreReport(upload_id=upload_id, uploaded_at=uploaded_at, units=len(rows))
        for period, (start, end) in spans.items():
            if _archive(conn, ws, period, "replaced", upload_id) is not None:
                report.replaced.append(period)
            else:
                report.added.append(period)
            conn.execute(insert(periods).values(
                workspace_id=ws, period=period, period_start=start, period_end=end,
                upload_id=upload_id))
        conn.execute(insert(units), rows)
    return report


# --- loading -----------------------------------------------------------------------------------

def _stored_ints(values) -> list:
    """Stored counts or row numbers as read back (None or int); anything else (text, a
    fraction, written by hand or by an import made before backups were checked) is a damaged
    row. No pandas call per value: this runs over every count of the history."""
    for v in values:
        if v is not None and type(v) is not int:
            raise ValueError(f"{v!r} không phải số nguyên")
    return values


def _stored_date(v) -> date:
    if not isinstance(v, str):
        raise ValueError(f"{v!r} không phải ngày")
    return date.fromisoformat(v)


def damaged(e: Exception) -> HistoryError:
    """The error of a stored row that cannot be read back (written by hand, or by an import
    made before backups were checked)."""
    return HistoryError(f"Lịch sử có dòng hỏng, không đọc được ({e}). Hãy khôi phục từ một "
                        "bản sao lưu ở trang Lịch sử.")


def _to_frame(rows: list) -> pd.DataFrame:
    """Stored rows (tuples in FRAME_COLUMNS order) -> units frame, with the dtypes
    `analysis.frame.units_frame` gives. Raises HistoryError for a damaged stored row."""
    try:
        return _frame_of(rows)
    except (ValueError, TypeError) as e:
        raise damaged(e) from e


def _dates(values: list) -> list:
    """ISO texts -> dates, each distinct text parsed once (a history has few dates)."""
    seen: dict = {}
    out = []
    for v in values:
        d = seen.get(v)
        if d is None:
            d = seen[v] = _stored_date(v)
        out.append(d)
    return out


def _frame_of(rows: list) -> pd.DataFrame:
    """Column by column: no per-row dict, no pandas call per value (this runs over every row a
    figure needs)."""
    if not rows:
        df = pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS})
        for c in ("row", *COUNT_FIELDS):
            df[c] = pd.array([], dtype="Int64")
        return df
    columns = dict(zip(FRAME_COLUMNS, (list(c) for c in zip(*rows, strict=True)), strict=True))
    data: dict = {}
    for c, values in columns.items():
        if c in ("period_start", "period_end"):
            data[c] = pd.Series(_dates(values), dtype=object)
        elif c in ("sheet", "district"):
            data[c] = pd.Series([v if v is None or type(v) is str else _text(v)
                                 for v in values], dtype=object)
        elif c == "row" or c in COUNT_FIELDS:
            data[c] = pd.array(_stored_ints(values), dtype="Int64")
        else:
            data[c] = values
    return pd.DataFrame(data, columns=list(FRAME_COLUMNS))


def load_frame(history: History, only_periods: Iterable[str] | None = None, *,
               corrections: bool = True) -> pd.DataFrame:
    """The stored units of the history's workspace as a units frame (docs/ARCHITECTURE.md),
    ordered by period then as stored; unit merges and block overrides applied unless
    `corrections=False`. `only_periods` limits it to those periods (read by the index on
    workspace and period: the cost is that of the rows asked for, not of the history)."""
    ws = history.workspace.id
    with read_transaction(history) as conn:
        q = (select(periods.c.period_start, periods.c.period_end,
                    *[units.c[c] for c in FRAME_COLUMNS if c not in ("period_start",
                                                                      "period_end")])
             .join(periods, (periods.c.workspace_id == units.c.workspace_id)
                   & (periods.c.period == units.c.period))
             .where(_in(units, ws))
             .order_by(periods.c.period_start, periods.c.period_end, units.c.period, units.c.id))
        if only_periods is not None:
            q = q.where(units.c.period.in_(list(only_periods)))
        rows = list(conn.execute(q).all())
        merges, overrides = stored_corrections(conn, ws) if corrections else ({}, {})
    return corrected(_to_frame(rows), merges, overrides)


def frame_with_history(history: History, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The workspace's history plus what was just uploaded (not stored): the upload's periods
    replace the stored ones; corrections applied to both. (For one period's figures,
    `figures_frame` reads only what they need.)"""
    stored = load_frame(history)
    if frame is None or len(frame) == 0:
        return stored
    return combine_frames(stored, apply_corrections(history, frame))


def list_periods(history: History) -> pd.DataFrame:
    """One row per stored period of the workspace, in time order: period, label, period_start,
    period_end (dates), sources ("file / sheet; ..."), units (count), uploaded_at, upload_id,
    versions (old versions kept)."""
    ws = history.workspace.id
    with read_transaction(history) as conn:
        prows = conn.execute(
            select(periods, uploads.c.uploaded_at, uploads.c.file.label("upload_files"))
            .join(uploads, uploads.c.id == periods.c.upload_id)
            .where(_in(periods, ws))
            .order_by(periods.c.period_start, periods.c.period_end, periods.c.period)
        ).mappings().all()
        counts: dict = dict(conn.execute(
            select(units.c.period, func.count()).where(_in(units, ws))
            .group_by(units.c.period)).all())
        sources: dict = {}
        for p, f, s in conn.execute(
                select(units.c.period, units.c.file, units.c.sheet).distinct()
                .where(_in(units, ws))
                .order_by(units.c.period, units.c.file, units.c.sheet)):
            sources.setdefault(p, []).append(" / ".join(x for x in (f, s) if x) or "?")
        versions: dict = dict(conn.execute(
            select(period_versions.c.period, func.count()).where(_in(period_versions, ws))
            .group_by(period_versions.c.period)).all())
    cols = ["period", "label", "period_start", "period_end", "sources", "units", "uploaded_at",
            "upload_id", "versions"]
    try:
        data = [_period_row(r, sources, counts, versions) for r in prows]
    except (ValueError, TypeError) as e:
        raise damaged(e) from e
    return pd.DataFrame(data, columns=cols)


def list_period_spans(history: History) -> pd.DataFrame:
    """The workspace's stored periods from the periods table alone (no unit row read, so its
    cost does not grow with the units stored): period, label, period_start, period_end, in
    time order. What the app needs to offer the periods and choose which to load."""
    ws = history.workspace.id
    with read_transaction(history) as conn:
        prows = conn.execute(
            select(periods.c.period, periods.c.period_start, periods.c.period_end)
            .where(_in(periods, ws))
            .order_by(periods.c.period_start, periods.c.period_end, periods.c.period)
        ).mappings().all()
    try:
        data = [{"period": r["period"],
                 "label": period_label(r["period"], r["period_start"], r["period_end"]),
                 "period_start": _stored_date(r["period_start"]),
                 "period_end": _stored_date(r["period_end"])} for r in prows]
    except (ValueError, TypeError) as e:
        raise damaged(e) from e
    return pd.DataFrame(data, columns=["period", "label", "period_start", "period_end"])


def _period_row(r, sources: dict, counts: dict, versions: dict) -> dict:
    return {
        "period": r["period"],
        "label": period_label(r["period"], r["period_start"], r["period_end"]),
        "period_start": _stored_date(r["period_start"]),
        "period_end": _stored_date(r["period_end"]),
        "sources": "; ".join(sources.get(r["period"], [])) or r["upload_files"],
        "units": int(counts.get(r["period"], 0)), "uploaded_at": r["uploaded_at"],
        "upload_id": int(r["upload_id"]), "versions": int(versions.get(r["period"], 0)),
    }


def missing_months(history: History, year: int, through: int | None = None) -> list:
    """Months (1-12) of `year` with no stored calendar-month period, up to month `through`
    (default: 12 for a past year, the current month for this year, none for a future year).
    A quarter or other longer period does not fill a month."""
    if through is None:
        today = date.today()
        through = 12 if year < today.year else (today.month if year == today.year else 0)
    with read_transaction(history) as conn:
        stored = set(conn.execute(
            select(periods.c.period).where(_in(periods, history.workspace.id),
                                           periods.c.period.like(f"{int(year):04d}-%"))
        ).scalars())
    return [m for m in range(1, int(through) + 1) if f"{int(year):04d}-{m:02d}" not in stored]


# --- deleting, versions ------------------------------------------------------------------------

def delete_period(history: History, period: str) -> int:
    """Remove a stored period (kept as a version, so `restore_previous_version` undoes it).
    Returns the number of unit rows removed."""
    ws = history.workspace.id
    with write_transaction(history) as conn:
        n = conn.execute(select(func.count()).select_from(units)
                         .where(_in(units, ws), units.c.period == period)).scalar_one()
        if _archive(conn, ws, period, "deleted", None) is None:
            raise HistoryError(f"Kỳ {period_label(period)} không có trong lịch sử.")
    return int(n)


def list_versions(history: History, period: str | None = None) -> pd.DataFrame:
    """Kept old versions of the workspace, newest first: version_id, period, reason (replaced |
    deleted | restored), archived_at, upload_id, uploaded_at, files, units."""
    ws = history.workspace.id
    with read_transaction(history) as conn:
        q = (select(period_versions, uploads.c.uploaded_at, uploads.c.file.label("files"))
             .join(uploads, uploads.c.id == period_versions.c.upload_id)
             .where(_in(period_versions, ws))
             .order_by(period_versions.c.version_id.desc()))
        if period is not None:
            q = q.where(period_versions.c.period == period)
        rows = conn.execute(q).mappings().all()
        counts: dict = dict(conn.execute(select(unit_versions.c.version_id, func.count())
                                         .where(_in(unit_versions, ws))
                                         .group_by(unit_versions.c.version_id)).all())
    cols = ["version_id", "period", "reason", "archived_at", "upload_id", "uploaded_at", "files",
            "units"]
    return pd.DataFrame([{**{c: r[c] for c in cols if c != "units"},
                          "units": int(counts.get(r["version_id"], 0))} for r in rows],
                        columns=cols)


def restore_previous_version(history: History, period: str, version_id: int | None = None) -> int:
    """Bring back the newest kept version of `period` (or the given `version_id`); the data it
    replaces, if any, becomes a kept version itself, so this can be undone the same way.
    Returns the version id that was restored."""
    ws = history.workspace.id
    with write_transaction(history) as conn:
        q = select(period_versions).where(_in(period_versions, ws),
                                          period_versions.c.period == period)
        if version_id is not None:
            q = q.where(period_versions.c.version_id == version_id)
        old = conn.execute(q.order_by(period_versions.c.version_id.desc())).mappings().first()
        if old is None:
            raise HistoryError(f"Không có bản cũ nào của kỳ {period_label(period)} để khôi phục.")
        _archive(conn, ws, period, "restored", old["upload_id"])
        conn.execute(insert(periods).values(
            workspace_id=ws, period=period, period_start=old["period_start"],
            period_end=old["period_end"], upload_id=old["upload_id"]))
        cols = [c.name for c in units.columns if c.name not in ("id", "period")]
        conn.execute(insert(units).from_select(
            ["period"] + cols,
            select(literal(period, String).label("period"), *[unit_versions.c[c] for c in cols])
            .where(unit_versions.c.version_id == old["version_id"]).order_by(unit_versions.c.id)))
        conn.execute(delete(unit_versions).where(unit_versions.c.version_id == old["version_id"]))
        conn.execute(delete(period_versions)
                     .where(period_versions.c.version_id == old["version_id"]))
    return int(old["version_id"])


def purge_versions(history: History, period: str | None = None) -> int:
    """Forget the workspace's kept old versions (of one period, or all), e.g. after a backup.
    Returns how many versions were removed."""
    with write_transaction(history) as conn:
        q = select(period_versions.c.version_id).where(
            _in(period_versions, history.workspace.id))
        if period is not None:
            q = q.where(period_versions.c.period == period)
        ids = list(conn.execute(q).scalars())
        if ids:
            conn.execute(delete(unit_versions).where(unit_versions.c.version_id.in_(ids)))
            conn.execute(delete(period_versions).where(period_versions.c.version_id.in_(ids)))
    return len(ids)

"""Parsed workbooks -> the units frame: one row per (period, unit), the input of figures.py.

`units_frame(workbooks, period_overrides=None) -> (frame, notes)`; see docs/ARCHITECTURE.md.
Notes are Vietnamese sentences for the user: sheets left out because their period is unknown,
periods loaded twice (the later-loaded source replaces the earlier), duplicate unit rows.
"""
from __future__ import annotations

import pandas as pd

from analysis.model import COUNT_FIELDS
from analysis.warning_codes import warning

FRAME_COLUMNS = (
    "period_start", "period_end", "period", "file", "sheet", "row",
    "unit", "key", "block", "district", *COUNT_FIELDS,
)


def _source_label(file: str, sheet: str | None) -> str:
    return f"{file} / {sheet}" if sheet else file


def empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS})
    frame["row"] = frame["row"].astype("Int64")
    for f in COUNT_FIELDS:
        frame[f] = frame[f].astype("Int64")
    return frame


def units_frame(workbooks, period_overrides: dict | None = None):
    """One row per (period, unit key, district) over every sheet of every workbook, in load order.

    period_overrides maps (file, sheet) -> Period for sheets whose period is unknown or was
    corrected by the user. Returns (frame, notes).
    """
    overrides = period_overrides or {}
    notes: list = []
    by_period: dict = {}  # period code -> (source label, list of row dicts)
    for wb in workbooks:
        for sh in wb.sheets:
            period = overrides.get((wb.file, sh.sheet)) or sh.period
            src = _source_label(wb.file, sh.sheet)
            if period is None:
                notes.append(f"{src}: chưa rõ kỳ báo cáo, chưa đưa vào số liệu "
                             "(hãy nhập kỳ báo cáo cho trang này).")
                continue
            code = period.code
            rows = []
            seen = set()
            for u in sh.units:
                ident = (u.key, u.district)
                if ident in seen:
                    notes.append(f"{src}, dòng {u.row}: đơn vị “{u.unit}” lặp lại trong cùng "
                                 "kỳ; chỉ lấy dòng đầu tiên.")
                    continue
                seen.add(ident)
                rows.append({
                    "period_start": period.start, "period_end": period.end, "period": code,
                    "file": wb.file, "sheet": sh.sheet, "row": u.row,
                    "unit": u.unit, "key": u.key, "block": u.block, "district": u.district,
                    **{f: getattr(u, f) for f in COUNT_FIELDS},
                })
            if code in by_period:
                old_src, old_rows = by_period[code]
                notes.append(f"Kỳ {period.phrase()} đã có số liệu từ "
                             f"{old_src}; thay bằng số liệu từ {src}.")
                del by_period[code]  # re-insert so that the frame keeps load order
            by_period[code] = (src, rows)
    all_rows = [r for _, rows in by_period.values() for r in rows]
    if not all_rows:
        return empty_frame(), notes
    frame = pd.DataFrame(all_rows, columns=list(FRAME_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    for f in COUNT_FIELDS:
        frame[f] = pd.array(frame[f].tolist(), dtype="Int64")
    for c in ("sheet", "district"):
        frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    frame = frame.sort_values(["period_start", "period_end"], kind="stable").reset_index(drop=True)
    return frame, notes


def warnings_frame(workbooks) -> pd.DataFrame:
    """Every data warning of every sheet: file, sheet, period, row, unit, code, message."""
    rows = []
    for wb in workbooks:
        for sh in wb.sheets:
            per = sh.period
            for w in sh.warnings:
                rows.append({
                    "file": wb.file, "sheet": sh.sheet,
                    "period": per.code if per else None,
                    "row": w.row, "unit": w.unit, "code": w.code, "message": w.message,
                })
        for sk in wb.skipped_sheets:
            w = warning("skipped_sheet", reason=sk.reason)
            rows.append({"file": wb.file, "sheet": sk.sheet, "period": None, "row": None,
                         "unit": None, "code": w.code, "message": w.message})
    frame = pd.DataFrame(rows, columns=["file", "sheet", "period", "row", "unit", "code",
                                        "message"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def combine_frames(stored: pd.DataFrame | None, fresh: pd.DataFrame | None) -> pd.DataFrame:
    """Stored months plus what was just opened: the fresh periods replace the stored ones, rows
    in time order (periods by start and end, load order within one). The one merge of the app
    and the command line."""
    if stored is None or len(stored) == 0:
        return fresh if fresh is not None else empty_frame()
    if fresh is None or len(fresh) == 0:
        return stored
    keep = stored[~stored["period"].isin(set(fresh["period"]))]
    cols = list(FRAME_COLUMNS) + [c for c in fresh.columns if c not in FRAME_COLUMNS]
    out = pd.concat([keep.reindex(columns=cols), fresh.reindex(columns=cols)], ignore_index=True)
    for c in COUNT_FIELDS:
        out[c] = out[c].astype("Int64")
    out["_order"] = range(len(out))
    out = out.sort_values(["period_start", "period_end", "_order"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)

"""Parsed workbooks -> the units frame: one row per (period, unit), the input of figures.py.

`units_frame(workbooks, period_overrides=None) -> (frame, notes)`; see docs/ARCHITECTURE.md.
Notes are Vietnamese sentences for the user: sheets left out because their period is unknown,
sheets of one period in one file combined (a unit in two of them kept once), periods loaded
twice from two files (the later-loaded file replaces the earlier), duplicate unit rows.
"""
from __future__ import annotations

import pandas as pd

from analysis.model import COUNT_FIELDS
from analysis.periods import Period
from analysis.vn_format import fmt_int
from analysis.warning_codes import warning


def is_missing(v) -> bool:
    """None, pandas' NA or NaT, or a NaN: a cell or count with no value (anything pd.isna cannot
    judge, such as a list, is a value)."""
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


# the columns every units frame has (and the history stores); units_frame adds "code", the
# unit's electronic identifier where its sheet has a code column (None elsewhere), which the
# history does not keep: a unit read from a code carries it in its key already
FRAME_COLUMNS = (
    "period_start", "period_end", "period", "file", "sheet", "row",
    "unit", "key", "block", "district", *COUNT_FIELDS,
)


def _source_label(file: str, sheet: str | None) -> str:
    return f"{file} / {sheet}" if sheet else file


class _PeriodRows:
    """The rows of one period in units_frame: from the sheets of one workbook (one WorkbookResult:
    the same file read twice is two), a unit once."""

    def __init__(self, workbook, period: Period):
        self.workbook = workbook  # the WorkbookResult whose sheets these are
        self.period = period
        self.sources: list = []  # the source labels of the sheets combined, in order
        self.sheets: list = []  # their sheet names
        self.rows: list = []
        self.first: dict = {}  # (key, district) -> the source label of the sheet it came from
        self.twice: dict = {}  # (first source, later source) -> [unit names] in both

    def add(self, sh, period, src: str, notes: list) -> None:
        """The units of one sheet: a unit seen before in this sheet is noted and left out (the
        first row kept), one seen in an earlier sheet of the period too."""
        self.sources.append(src)
        self.sheets.append(sh.sheet)
        seen: set = set()
        for u in sh.units:
            ident = (u.key, u.district)
            if ident in seen:
                notes.append(f"{src}, dòng {u.row}: đơn vị “{u.unit}” lặp lại trong cùng "
                             "kỳ; chỉ lấy dòng đầu tiên.")
                continue
            seen.add(ident)
            earlier = self.first.get(ident)
            if earlier is not None:
                self.twice.setdefault((earlier, src), []).append(u.unit)
                continue
            self.first[ident] = src
            self.rows.append({
                "period_start": period.start, "period_end": period.end, "period": period.code,
                "file": self.workbook.file, "sheet": sh.sheet, "row": u.row,
                "unit": u.unit, "key": u.key, "block": u.block, "district": u.district,
                **{f: getattr(u, f) for f in COUNT_FIELDS}, "code": u.code,
            })

    def combined_notes(self) -> list:
        """The notes of a period made of several sheets: that they were combined, and each pair
        of sheets that holds the same units."""
        if len(self.sources) < 2:
            return []
        sheets = ", ".join(f"“{sh}”" for sh in self.sheets)
        notes = [f"Kỳ {self.period.phrase()}: các trang tính {sheets} của {self.workbook.file} "
                 f"cùng kỳ báo cáo, đã được ghép thành một kỳ ({fmt_int(len(self.rows))} đơn vị)."]
        for (first, later), names in self.twice.items():
            shown = ", ".join(f"“{n}”" for n in names[:MAX_NAMES_NOTED])
            if len(names) > MAX_NAMES_NOTED:
                shown += f" và {fmt_int(len(names) - MAX_NAMES_NOTED)} đơn vị khác"
            notes.append(f"Kỳ {self.period.phrase()}: {fmt_int(len(names))} đơn vị có ở cả "
                         f"{first} và {later} ({shown}); lấy số liệu ở {first}, bỏ dòng ở "
                         f"{later}. Hãy kiểm tra hai trang tính này.")
        return notes


MAX_NAMES_NOTED = 10  # unit names listed in a note of units in two sheets


def empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS})
    frame["row"] = frame["row"].astype("Int64")
    for f in COUNT_FIELDS:
        frame[f] = frame[f].astype("Int64")
    return frame


def units_frame(workbooks, period_overrides: dict | None = None):
    """One row per (period, unit key, district) over every sheet of every workbook, in load order.

    period_overrides maps (file, sheet) -> Period for sheets whose period is unknown or was
    corrected by the user. Sheets of one period in one file (one sheet per district) are
    combined into the period, a unit in two of them kept from the first and noted; a period
    read again from a later file replaces the earlier file's. Returns (frame, notes).
    """
    overrides = period_overrides or {}
    notes: list = []
    by_period: dict = {}  # period code -> _PeriodRows
    for wb in workbooks:
        for sh in wb.sheets:
            period = overrides.get((wb.file, sh.sheet)) or sh.period
            src = _source_label(wb.file, sh.sheet)
            if period is None:
                notes.append(f"{src}: chưa rõ kỳ báo cáo, chưa đưa vào số liệu "
                             "(hãy nhập kỳ báo cáo cho trang này).")
                continue
            code = period.code
            held = by_period.get(code)
            if held is not None and (held.workbook is not wb or sh.sheet in held.sheets):
                notes.append(f"Kỳ {period.phrase()} đã có số liệu từ "
                             f"{', '.join(held.sources)}; thay bằng số liệu từ {src}.")
                del by_period[code]  # re-insert so that the frame keeps load order
                held = None
            if held is None:
                held = by_period[code] = _PeriodRows(wb, period)
            held.add(sh, period, src, notes)
    for held in by_period.values():
        notes.extend(held.combined_notes())
    all_rows = [r for held in by_period.values() for r in held.rows]
    if not all_rows:
        return empty_frame(), notes
    frame = pd.DataFrame(all_rows, columns=[*FRAME_COLUMNS, "code"])
    frame["row"] = frame["row"].astype("Int64")
    for f in COUNT_FIELDS:
        frame[f] = pd.array(frame[f].tolist(), dtype="Int64")
    for c in ("sheet", "district", "code"):
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


UNKNOWN_DISTRICT = "(không rõ huyện)"  # how the sidebar names units without a district


def filter_frame(frame: pd.DataFrame, blocks=(), districts=(),
                 unknown: str = UNKNOWN_DISTRICT) -> pd.DataFrame:
    """The units frame under block and district filters, as the sidebar (ui/data.py) and the
    deck command filter it: blocks by code, districts by name, `unknown` naming units without
    a district."""
    f = frame
    if blocks:
        f = f[f["block"].isin(list(blocks))]
    if districts:
        d = f["district"].astype(object).where(f["district"].notna(), unknown)
        f = f[d.isin(list(districts))]
    return f

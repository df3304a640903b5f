"""Excel exports (xlsxwriter): the summary workbook, the appendix and the filtered units table.

    summary_xlsx(frame, period=None, metric=None, target=100.0, warnings=None, notes=None) -> bytes
    appendix_xlsx(summary) -> bytes
    units_table_xlsx(rows, columns=None, title=None, target=None) -> bytes

Text from the data is always written with write_string (and the workbook is opened with
strings_to_formulas/urls/numbers off), so a unit named "=HYPERLINK(...)" stays text. Rates are
written as fractions with a percent format (0.9545 shows 95.45% / 95,45% by the reader's
locale). The CSV of the units table is outputs/csv.py; the appendix's layout outputs/appendix.py.
"""
from __future__ import annotations

import io

import pandas as pd
import xlsxwriter

from analysis.figures import Summary, compute
from analysis.labels import COLUMN_LABELS, METRIC_PHRASES, TOTAL_LABEL, column_labels
from analysis.outputs import appendix
from analysis.outputs.columns import unit_columns, with_stt
from analysis.periods import code_phrase
from analysis.vn_format import fmt_pct
from analysis.warning_codes import warning

# Column kinds decide the cell format.
PCT_COLUMNS = {"rate", "prev_rate", "ytd_rate", "signed_rate", "signed_leader_rate",
               "signed_agency_rate", "target"}
PP_COLUMNS = {"delta_pp"}
INT_COLUMNS = {"received", "sent", "signed", "signed_leader", "signed_agency", "metric_signed",
               "prev_sent", "prev_signed", "ytd_sent", "ytd_signed", "units", "meeting_target",
               "row", "stt"}
RANK_COLUMNS = {"rank", "block_rank", "prev_rank", "rank_change"}

SHEET_NAMES = {
    "overview": "Tổng quan theo khối",
    "units": "Tất cả đơn vị",
    "below": "Đơn vị chưa đạt",
    "appendix": "Phụ lục",
    "warnings": "Cảnh báo dữ liệu",
}
_XML_BAD = {c: None for c in range(32) if c not in (9, 10, 13)}


def _clean(text) -> str:
    """Text as a cell can hold it: no XML-illegal control characters, at most 32767 chars."""
    return str(text).translate(_XML_BAD)[:32767]


class _Book:
    """A workbook in memory with the formats an officer would set by hand."""

    def __init__(self):
        self.buf = io.BytesIO()
        self._clean = {}
        self.wb = xlsxwriter.Workbook(self.buf, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": True,
        })
        self.wb.set_properties({"title": "Ký số Analytics", "author": "Ký số Analytics"})
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
        cell = {**base, "border": 1}
        f = self.wb.add_format
        self.f = {
            "title": f({**base, "bold": True, "font_size": 14, "align": "center"}),
            "subtitle": f({**base, "italic": True, "align": "center"}),
            "note": f({**base, "italic": True}),
            "header": f({**cell, "bold": True, "text_wrap": True, "align": "center",
                         "bg_color": "#D9E1F2"}),
            "text": f({**cell, "text_wrap": False}),
            "wrap": f({**cell, "text_wrap": True}),
            "center": f({**cell, "align": "center"}),
            "int": f({**cell, "num_format": "#,##0"}),
            "pct": f({**cell, "num_format": "0.00%"}),
            "pp": f({**cell, "num_format": "+0.00;-0.00;0.00"}),
            "rank": f({**cell, "num_format": "0", "align": "center"}),
            "rankchg": f({**cell, "num_format": "+0;-0;0", "align": "center"}),
        }
        for k in ("text", "int", "pct", "pp", "rank", "rankchg", "center"):
            props = {"text": {}, "int": {"num_format": "#,##0"}, "pct": {"num_format": "0.00%"},
                     "pp": {"num_format": "+0.00;-0.00;0.00"},
                     "rank": {"num_format": "0", "align": "center"},
                     "rankchg": {"num_format": "+0;-0;0", "align": "center"},
                     "center": {"align": "center"}}[k]
            self.f[k + "_bold"] = f({**cell, **props, "bold": True, "bg_color": "#F2F2F2"})
        self.f["pct_low"] = f({**cell, "num_format": "0.00%", "bg_color": "#FFC7CE",
                               "font_color": "#9C0006"})
        self.f["section"] = f({**cell, "bold": True, "bg_color": "#F2F2F2"})

    def clean(self, text) -> str:
        """_clean(text), remembered for strings: block, status and district labels repeat on
        every row."""
        if type(text) is not str:
            return _clean(text)
        out = self._clean.get(text)
        if out is None:
            out = self._clean[text] = _clean(text)
        return out

    def sheet(self, name: str):
        ws = self.wb.add_worksheet(name)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_footer("&C&P/&N")
        return ws

    def close(self) -> bytes:
        self.wb.close()
        return self.buf.getvalue()


def _kind(col: str) -> str:
    if col in PCT_COLUMNS:
        return "pct"
    if col in PP_COLUMNS:
        return "pp"
    if col in INT_COLUMNS:
        return "int"
    if col == "rank_change":
        return "rankchg"
    if col in RANK_COLUMNS:
        return "rank"
    return "text"


def _fit(longest: int, header: str) -> float:
    """A column's width for its longest value (in characters) under this header."""
    head = max((len(w) for w in header.split()), default=4)
    return min(max(longest + 2, head + 2, min(len(header), 16) + 1, 6), 60)


_BASE_FORMAT = {"text": "text", "int": "int", "pct": "pct", "pp": "pp", "rank": "rank",
                "rankchg": "rankchg"}


def _column(rows: pd.DataFrame, col: str):
    """A column as (python values, missing flags); a column the rows lack is all missing."""
    n = len(rows)
    if col not in rows:
        return [None] * n, [True] * n
    s = rows[col]
    return s.tolist(), s.isna().to_numpy().tolist()


def _write_cells(book, ws, first: int, rows: pd.DataFrame, columns: list,
                 target: float | None = None, low_columns=(), bold_last=False,
                 cols_data=None):
    """The body of a table from row `first`, column by column: each column's kind, formats and
    conversion chosen once, then one write per cell (blank cells keep the column's format).
    Text is always written with write_string. Below-target rates of low_columns get the
    highlight format (not on the bold totals row)."""
    f = book.f
    n = len(rows)
    last = n - 1 if bold_last else n  # the row written bold, if any
    clean = book.clean
    write_blank = ws.write_blank
    for c, col in enumerate(columns):
        kind = _kind(col)
        vals, miss = cols_data[c] if cols_data is not None else _column(rows, col)
        base = _BASE_FORMAT[kind]
        fmts = [f[base]] * n
        if last < n:
            fmts[last] = f[base + "_bold"]
        # the value to write, None for a blank cell
        if kind == "text":
            write = ws.write_string
            out = [None if m else clean(v) for v, m in zip(vals, miss, strict=True)]
        elif kind == "pct":
            write = ws.write_number
            out = [None if m else float(v) / 100.0 for v, m in zip(vals, miss, strict=True)]
            if target is not None and col in low_columns:
                low = f["pct_low"]
                for i, (v, m) in enumerate(zip(vals, miss, strict=True)):
                    if not m and i != last and float(v) + 1e-9 < target:
                        fmts[i] = low
        elif kind == "pp":
            write = ws.write_number
            out = [None if m else float(v) for v, m in zip(vals, miss, strict=True)]
        else:  # int, rank, rankchg
            write = ws.write_number
            out = [None if m else int(v) for v, m in zip(vals, miss, strict=True)]
        for r, v, fmt in zip(range(first, first + n), out, fmts, strict=True):
            if v is None:
                write_blank(r, c, None, fmt)
            else:
                write(r, c, v, fmt)


def _table(book, ws, top: int, rows: pd.DataFrame, columns: list, labels: dict,
           target: float | None = None, low_columns=(), bold_last=False, filters=True):
    """A formatted table at row `top`: bold wrapped header, one row per record. Returns the
    index of the first row after the table."""
    for c, col in enumerate(columns):
        ws.write_string(top, c, labels.get(col, col), book.f["header"])
    ws.set_row(top, 48)
    n = len(rows)
    data = [_column(rows, col) for col in columns]
    _write_cells(book, ws, top + 1, rows, columns, target=target, low_columns=low_columns,
                 bold_last=bold_last, cols_data=data)
    for c, col in enumerate(columns):
        label = labels.get(col, col)
        number = _kind(col) != "text"
        if number and _fit(0, label) >= 14:  # numbers are at most 14 wide: no need to measure
            ws.set_column(c, c, 14)
            continue
        vals, miss = data[c]
        w = _fit(max([len(str(v)) for v, m in zip(vals, miss, strict=True) if not m] or [0]), label)
        ws.set_column(c, c, min(w, 14) if number else w)
    if filters and n:
        ws.autofilter(top, 0, top + n, len(columns) - 1)
    ws.freeze_panes(top + 1, 0)
    ws.repeat_rows(top)
    return top + 1 + n


# --- the summary workbook ----------------------------------------------------------------------

def _overview_sheet(book, s: Summary):
    ws = book.sheet(SHEET_NAMES["overview"])
    labels = column_labels(s.metric)
    cols = ["block_label", "units", "meeting_target", "sent", "signed", "rate", "target",
            "prev_rate", "delta_pp", "ytd_sent", "ytd_signed", "ytd_rate"]
    labels["signed"] = f"Văn bản có {METRIC_PHRASES[s.metric]}"
    ncols = len(cols)
    ws.merge_range(0, 0, 0, ncols - 1, f"TỔNG HỢP KÝ SỐ VĂN BẢN ĐIỆN TỬ {s.label.upper()}",
                   book.f["title"])
    ws.merge_range(1, 0, 1, ncols - 1,
                   f"Chỉ tiêu: {METRIC_PHRASES[s.metric]}; mục tiêu: "
                   f"{fmt_pct(s.target)}; kỳ trước: "
                   f"{code_phrase(s.previous) if s.previous else 'chưa có số liệu'}",
                   book.f["subtitle"])
    top = 3
    if not s.ytd_complete:
        months = ", ".join(code_phrase(m) for m in s.missing_months)
        ws.write_string(2, 0, f"Lũy kế từ đầu năm chưa tính được: thiếu số liệu {months}."
                        if months else "Lũy kế từ đầu năm chưa tính được.", book.f["note"])
    blocks = s.blocks.copy()
    total = {"block_label": TOTAL_LABEL, **s.total}
    for k in ("prev_sent", "prev_signed", "ytd_sent", "ytd_signed"):
        total.setdefault(k, None)
    rows = pd.concat([blocks, pd.DataFrame([total])], ignore_index=True)
    rows["target"] = s.target
    end = _table(book, ws, top, rows, cols, labels, target=s.target,
                 low_columns=("rate", "ytd_rate"), bold_last=True, filters=False)
    ws.set_column(0, 0, 30)

    # a native bar chart of block rates with the target as a line
    n = len(blocks)
    if n:
        name = SHEET_NAMES["overview"]
        cat = [name, top + 1, 0, top + n, 0]
        rate_col, target_col = cols.index("rate"), cols.index("target")
        chart = book.wb.add_chart({"type": "column"})
        chart.add_series({
            "name": f"Tỷ lệ {METRIC_PHRASES[s.metric]}",
            "categories": cat, "values": [name, top + 1, rate_col, top + n, rate_col],
            "fill": {"color": "#2F5597"}, "gap": 80,
            "data_labels": {"value": True, "num_format": "0.00%"},
        })
        line = book.wb.add_chart({"type": "line"})
        line.add_series({
            "name": f"Mục tiêu {fmt_pct(s.target)}",
            "categories": cat, "values": [name, top + 1, target_col, top + n, target_col],
            "line": {"color": "#C00000", "width": 2.25, "dash_type": "dash"},
            "marker": {"type": "none"},
        })
        chart.combine(line)
        chart.set_title({"name": f"Tỷ lệ ký số theo khối — {s.label}"})
        chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%",
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 820, "height": 380})
        ws.insert_chart(end + 2, 0, chart)
        end += 22

    # districts, when the workbook has several
    d = s.districts
    if d["district"].notna().sum() > 1:
        d = d.copy()
        d["district_label"] = d["district"].map(lambda x: x if isinstance(x, str) else "(không rõ)")
        d["target"] = s.target
        dl = dict(labels, district_label="Huyện / thị xã / thành phố")
        dcols = ["district_label"] + cols[1:]
        start = end + 2
        ws.write_string(start - 1, 0, "Theo huyện, thị xã, thành phố", book.f["note"])
        for c, col in enumerate(dcols):
            ws.write_string(start, c, dl.get(col, col), book.f["header"])
        _write_cells(book, ws, start + 1, d, dcols, target=s.target,
                     low_columns=("rate", "ytd_rate"))
    ws.freeze_panes(top + 1, 1)
    ws.repeat_rows(top)


def _units_sheet(book, name, rows: pd.DataFrame, s: Summary, title: str):
    ws = book.sheet(name)
    labels = column_labels(s.metric)
    rows = with_stt(rows)
    cols = unit_columns(rows, s.metrics)
    ws.merge_range(0, 0, 0, len(cols) - 1, title, book.f["title"])
    ws.merge_range(1, 0, 1, len(cols) - 1,
                   f"Xếp hạng, kỳ trước và lũy kế theo tỷ lệ {METRIC_PHRASES[s.metric]}; "
                   f"mục tiêu {fmt_pct(s.target)}", book.f["subtitle"])
    if rows.empty:
        ws.write_string(3, 0, "Không có đơn vị nào.", book.f["note"])
        return
    _table(book, ws, 3, rows, cols, labels, target=s.target,
           low_columns=(f"{s.metric}_rate", "rate", "ytd_rate"))
    ws.freeze_panes(4, 2)


def _appendix_sheet(book, s: Summary):
    ws = book.sheet(SHEET_NAMES["appendix"])
    write_appendix(book, ws, s)


def write_appendix(book, ws, s: Summary, top: int = 0):
    """The appendix (outputs/appendix.py) at row `top`: titles, the merged two-row header, the
    section, unit and bold totals rows. Returns the index of the first row after it."""
    f = book.f
    metrics = s.metrics
    cols = appendix.Columns(tuple(metrics))
    ncols = cols.count
    ws.merge_range(top, 0, top, ncols - 1, appendix.TITLE, f["title"])
    ws.merge_range(top + 1, 0, top + 1, ncols - 1, appendix.subtitle(s), f["title"])
    ws.merge_range(top + 2, 0, top + 2, ncols - 1, appendix.REFERENCE, f["subtitle"])
    h1, h2 = top + 4, top + 5
    for c, text in enumerate(appendix.LEFT_HEADINGS):
        ws.merge_range(h1, c, h2, c, text, f["header"])
    for _, c, group in cols.kinds():
        ws.merge_range(h1, c, h1, c + 1, group, f["header"])
        ws.write_string(h2, c, appendix.GROUP_COLUMNS[0], f["header"])
        ws.write_string(h2, c + 1, appendix.GROUP_COLUMNS[1], f["header"])
    ws.merge_range(h1, cols.notes, h2, cols.notes, appendix.NOTES_HEADING, f["header"])
    ws.set_row(h1, 36)
    r = h2 + 1
    longest = 20
    write_blank, write_number, write_string = ws.write_blank, ws.write_number, ws.write_string
    fmt = {bold: {k: f[k + bold] for k in ("center", "text", "int", "pct")}
           for bold in ("", "_bold")}
    for row in appendix.appendix_rows(s, metrics):
        if row["kind"] == "section":
            write_string(r, 0, row["stt"], f["center_bold"])
            write_string(r, 1, book.clean(row["name"]), f["section"])
            for c in range(2, ncols):
                write_blank(r, c, None, f["section"])
            r += 1
            continue
        bold = "_bold" if row["kind"] == "total" else ""
        fm = fmt[bold]
        if row["stt"] is None:
            write_blank(r, 0, None, fm["center"])
        else:
            write_number(r, 0, row["stt"], fm["center"])
        write_string(r, 1, book.clean(row["name"]), fm["text"])
        longest = max(longest, len(row["name"]))
        sent = row["sent"]  # appendix_rows gives None for a missing value
        if sent is None:
            write_blank(r, 2, None, fm["int"])
        else:
            write_number(r, 2, int(sent), fm["int"])
        counts, rates = row["counts"], row["rates"]
        for m, c, _ in cols.kinds():
            v = counts[m]
            if v is None:
                write_blank(r, c, None, fm["int"])
            else:
                write_number(r, c, int(v), fm["int"])
            rate = rates[m]
            if rate is None:
                write_blank(r, c + 1, None, fm["pct"])
            else:
                low = not bold and m == s.metric and rate + 1e-9 < s.target
                write_number(r, c + 1, float(rate) / 100.0, f["pct_low"] if low else fm["pct"])
        write_string(r, cols.notes, row["note"], fm["text"])
        r += 1
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, min(longest + 2, 60))
    ws.set_column(2, ncols - 2, 11)
    ws.set_column(ncols - 1, ncols - 1, 20)
    ws.repeat_rows(h1, h2)
    ws.freeze_panes(h2 + 1, 0)
    return r


def _warnings_sheet(book, warnings: pd.DataFrame | None, notes, s: Summary):
    ws = book.sheet(SHEET_NAMES["warnings"])
    cols = ["file", "sheet", "period", "row", "unit", "code", "message"]
    labels = dict(COLUMN_LABELS)
    rows = warnings.copy() if warnings is not None else pd.DataFrame(columns=cols)
    extra = [{"file": None, "sheet": None, "period": None, "row": None, "unit": None,
              "code": w.code, "message": w.message}
             for w in (warning("note", note=n) for n in (notes or []))]
    if extra:
        rows = pd.concat([rows, pd.DataFrame(extra)], ignore_index=True)
    ws.merge_range(0, 0, 0, len(cols) - 1, "CẢNH BÁO VỀ SỐ LIỆU", book.f["title"])
    if rows.empty:
        ws.write_string(2, 0, "Không có cảnh báo nào.", book.f["note"])
        ws.set_column(0, 0, 30)
        return
    rows = rows.reset_index(drop=True)
    _table(book, ws, 2, rows, cols, labels)
    ws.set_column(6, 6, 80, book.f["wrap"])


def summary_xlsx(frame: pd.DataFrame, period=None, metric=None, target: float = 100.0,
                 warnings: pd.DataFrame | None = None, notes=None,
                 summary: Summary | None = None) -> bytes:
    """The summary workbook: overview by block (with a bar chart and the target line), all units,
    units below target, the appendix, the data warnings. `warnings` is
    dataset.warnings_frame(workbooks); `notes` the units_frame notes. Raises FiguresError."""
    s = summary or compute(frame, period, metric, target)
    book = _Book()
    _overview_sheet(book, s)
    _units_sheet(book, SHEET_NAMES["units"], s.units, s,
                 f"KẾT QUẢ KÝ SỐ CỦA CÁC CƠ QUAN, ĐƠN VỊ {s.label.upper()}")
    below = s.units[s.units["status"].isin(["below_target", "signed_nothing"])]
    below = below.assign(_r=below["rate"].astype("Float64").fillna(-1)).sort_values(
        ["_r", "unit"], kind="stable").drop(columns="_r")
    _units_sheet(book, SHEET_NAMES["below"], below, s,
                 f"CÁC CƠ QUAN, ĐƠN VỊ CHƯA ĐẠT MỤC TIÊU {fmt_pct(s.target)} "
                 f"{s.label.upper()}")
    _appendix_sheet(book, s)
    _warnings_sheet(book, warnings, notes, s)
    return book.close()


def appendix_xlsx(summary: Summary) -> bytes:
    """The appendix alone, as a one-sheet workbook."""
    book = _Book()
    ws = book.sheet(SHEET_NAMES["appendix"])
    write_appendix(book, ws, summary)
    return book.close()


# --- the filtered units table ------------------------------------------------------------------

def units_table_xlsx(rows: pd.DataFrame, columns=None, title: str | None = None,
                     target: float | None = None, metric: str | None = None) -> bytes:
    """Exactly these unit rows (e.g. Summary.units after the app's filters), one sheet."""
    book = _Book()
    ws = book.sheet("Đơn vị")
    rows = with_stt(rows)
    cols = list(columns) if columns else unit_columns(rows)
    top = 0
    if title:
        ws.merge_range(0, 0, 0, max(len(cols) - 1, 1), _clean(title), book.f["title"])
        top = 2
    low = (f"{metric}_rate", "rate", "ytd_rate") if metric else ("rate", "ytd_rate")
    _table(book, ws, top, rows, cols, column_labels(metric), target=target, low_columns=low)
    return book.close()

"""Workbook -> `WorkbookResult`: every sheet's units, skipped rows and warnings.

`parse_bytes(data, filename, overrides)` is the one entry point (the app passes uploaded bytes,
the command line a file's bytes). Overrides let the user correct what could not be inferred:
    {"columns": {sheet: {field: column index}}, "periods": {sheet: Period}}
(sheet is the sheet name, or None for a CSV).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from analysis.model import (
    METRICS,
    SheetResult,
    SkippedRow,
    SkippedSheet,
    WorkbookResult,
)
from analysis.reading.body import Body
from analysis.reading.cells import (
    cell_text,
    count_value,
    scrub_invisible,
)
from analysis.reading.checks import (
    FIELD_LABELS,
    duplicate_warnings,
    period_conflict_warning,
)
from analysis.reading.formats.legacy_fonts import LABEL as LEGACY_LABELS
from analysis.reading.grid import MAX_ROWS, Grid, read_grids
from analysis.reading.layout import Layout, layout_signature, locate
from analysis.reading.memo import Memo
from analysis.reading.period_detect import detect_period
from analysis.reading.rows import (
    district_from_sheet_name,
)
from analysis.vn_format import fmt_int
from analysis.warning_codes import PERIOD_CODES, warning


def parse_file(path, overrides: dict | None = None) -> WorkbookResult:
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name, overrides)


def parse_bytes(data: bytes, filename: str, overrides: dict | None = None) -> WorkbookResult:
    with gc_paused():
        return parse_grids(read_grids(data, filename), filename, overrides)


@contextmanager
def gc_paused():
    """Pause the cycle collector while a workbook is read. The reader makes hundreds of thousands
    of small objects and no reference cycles; the collector would otherwise walk the growing
    grids and units again and again (a tenth of the read). It resumes afterwards, as it was."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def parse_grids(grids: list, filename: str, overrides: dict | None = None) -> WorkbookResult:
    """The grids of one workbook (grid.read_grids) -> WorkbookResult, its sheets read with one
    memo of the cells met (memo.Memo), dropped afterwards."""
    overrides = overrides or {}
    memo = Memo()
    result = WorkbookResult(file=filename)
    with gc_paused():
        for grid in grids:
            column_override = (overrides.get("columns") or {}).get(grid.name)
            sheet = parse_grid(grid, filename, column_override, memo)
            if isinstance(sheet, SkippedSheet):
                result.skipped_sheets.append(sheet)
                continue
            period_override = (overrides.get("periods") or {}).get(grid.name)
            if period_override is not None:
                sheet.period, sheet.period_source = period_override, "user"
                sheet.warnings = [w for w in sheet.warnings if w.code not in PERIOD_CODES]
            result.sheets.append(sheet)
    return result


def _skip(grid: Grid, reason: str, layout: Layout | None = None) -> SkippedSheet:
    s = SkippedSheet(sheet=grid.name if grid.name is not None else "", reason=reason)
    if layout is not None:
        s.headers, s.columns = layout.headers, layout.columns
        s.header_rows = [r + 1 for r in layout.header_rows]
        s.layout = layout.signature
    return s


RATE_SCALE_VOTES = 40  # rows that decide whether a rate column holds fractions or percentages


def rate_scales(rows: list, layout: Layout) -> dict:
    """Per metric, 100 when its printed rates are fractions (0.9545 in a % cell), else 1."""
    scales = {}
    body = rows[layout.first_data_row:]
    nc = layout.columns.get("sent")
    for m in METRICS:
        rc, sc = layout.columns.get(f"{m}_rate"), layout.columns.get(m)
        if rc is None:
            continue
        as_pct = as_frac = 0
        for row in body:
            if rc >= len(row) or not isinstance(row[rc], (int, float)):
                continue
            value = float(row[rc])
            s = count_value(row[sc]) if sc is not None and sc < len(row) else None
            n = count_value(row[nc]) if nc is not None and nc < len(row) else None
            if s is not None and n:
                true = s / n * 100
                as_pct += abs(value - true) < 0.6
                as_frac += abs(value * 100 - true) < 0.6
            elif value > 1:
                as_pct += 1
            if as_pct + as_frac >= RATE_SCALE_VOTES:  # a column is written one way throughout
                break
        scales[m] = 100 if as_frac > as_pct else 1
    return scales


def parse_grid(grid: Grid, filename: str, column_override: dict | None = None,
               memo: Memo | None = None):
    """One sheet -> SheetResult, or SkippedSheet with the reason in Vietnamese. `memo`: the
    workbook's (parse_grids), or a new one for this sheet alone."""
    if memo is None:
        memo = Memo()
    rows = grid.rows
    if grid.error:
        return _skip(grid, grid.error)
    if not any(any(c is not None and str(c).strip() for c in r) for r in rows):
        return _skip(grid, "Trang tính trống.")
    invisible = scrub_invisible(rows)  # before any name is read, keyed or stored
    layout = locate(rows, grid.merged, memo)
    if column_override:
        layout = _chosen_columns(rows, layout, column_override)
    if layout is None:
        return _skip(grid, "Không tìm thấy bảng số liệu: không có dòng tiêu đề nào có cột tên "
                           "cơ quan, đơn vị (ví dụ “Tên cơ quan”, “Đơn vị”).")
    if layout.missing:
        found = ", ".join(f"“{layout.headers[c]}” ({FIELD_LABELS.get(f, f)})"
                          for f, c in layout.columns.items())
        missing = ", ".join(FIELD_LABELS[f] for f in layout.missing)
        found = found or "không cột nào nhận ra được"
        return _skip(grid, f"Tìm thấy bảng (tiêu đề ở dòng {layout.header_rows[0] + 1}) với các "
                           f"cột: {found}; nhưng thiếu cột {missing}. "
                           "Hãy chọn cột tương ứng bằng tay.", layout)

    sheet = SheetResult(sheet=grid.name, period=None, period_source=None,
                        columns=dict(layout.columns), headers=dict(layout.headers),
                        header_rows=[r + 1 for r in layout.header_rows],
                        layout=layout.signature or layout_signature(layout.headers),
                        nrows=len(rows))
    titles = _read_head(rows, layout, sheet.skipped_rows)
    sheet.period, sheet.period_source, conflicts = detect_period(grid.name, titles, filename)
    if sheet.period is not None:
        sheet.warnings.extend(period_conflict_warning(sheet.period, sheet.period_source, conflicts))
    else:
        sheet.warnings.append(warning("period_unknown"))

    if grid.total_rows is not None:  # a sheet read in part
        sheet.warnings.append(warning("rows_truncated", total=fmt_int(grid.total_rows),
                                      limit=fmt_int(MAX_ROWS)))
    if grid.legacy_encoding is not None:  # typed in a legacy font, converted to Unicode
        sheet.warnings.append(warning("legacy_font_converted",
                                      encoding=LEGACY_LABELS[grid.legacy_encoding]))
    if invisible:
        sheet.warnings.append(warning("invisible_characters", cells=fmt_int(invisible)))
    Body(rows, layout, sheet, district_from_sheet_name(grid.name), memo,
         rate_scales(rows, layout)).read()
    sheet.warnings.extend(duplicate_warnings(sheet.units))
    sheet.warnings.sort(key=lambda w: (w.row is not None, w.row or 0))
    sheet.skipped_rows.sort(key=lambda s: s.row)
    if not sheet.units:
        return _skip(grid, "Tìm thấy dòng tiêu đề nhưng không có dòng đơn vị nào bên dưới.", layout)
    return sheet


def _chosen_columns(rows: list, layout: Layout | None, column_override: dict) -> Layout:
    """The layout with the columns the user chose; without a located header, the first row with
    text is the header."""
    if layout is None:
        first = next(r for r, row in enumerate(rows) if any(cell_text(c) for c in row))
        header = [cell_text(c) for c in rows[first]]
        layout = Layout(header_rows=[first], first_data_row=first + 1, columns={},
                        headers={c: t for c, t in enumerate(header) if t}, header_cells=[header])
    layout.columns = {f: int(c) for f, c in column_override.items() if c is not None}
    return layout


def _title_text(cell) -> str:
    """A title cell's text; a date-typed cell as dd/mm/yyyy (the way titles write dates)."""
    if isinstance(cell, (date, datetime)):
        return f"{cell.day:02d}/{cell.month:02d}/{cell.year}"
    return cell_text(cell)


def _read_head(rows: list, layout: Layout, skipped: list) -> list:
    """The rows above the table and its header rows as skipped rows (title, blank, header);
    returns the titles' texts, where the period is looked for."""
    titles = []
    for r in range(layout.header_rows[0] if layout.header_rows else 0):
        texts = [t for t in map(_title_text, rows[r]) if t]
        if texts:
            titles.append(" ".join(texts))
            skipped.append(SkippedRow(r + 1, "title", " ".join(texts)[:120]))
        else:
            skipped.append(SkippedRow(r + 1, "blank"))
    for r in layout.header_rows:
        texts = [t for t in map(cell_text, rows[r]) if t]
        skipped.append(SkippedRow(r + 1, "header", " | ".join(texts)[:120]))
    return titles

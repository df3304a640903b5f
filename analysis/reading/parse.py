"""Workbook -> `WorkbookResult`: every sheet's units, skipped rows and warnings.

`parse_bytes(data, filename, overrides)` is the one entry point (the app passes uploaded bytes,
the command line a file's bytes). Overrides let the user correct what could not be inferred:
    {"columns": {sheet: {field: column index}}, "periods": {sheet: Period}}
(sheet is the sheet name, or None for a CSV).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from analysis.reading.checks import duplicate_warnings, period_conflict_warning, total_warning, FIELD_LABELS
from analysis.reading.grid import Grid, read_grids
from analysis.reading.layout import Layout, _text, layout_signature, locate, row_texts
from analysis.model import (COUNT_FIELDS, METRICS, DataWarning, SheetResult, SkippedRow, SkippedSheet,
                    WorkbookResult)
from analysis.reading.cells import count_value, read_count
from analysis.reading.period_detect import detect_period
from analysis.reading.rows import _Plan, district_from_sheet_name, row_kind, section_of, total_scope
from analysis.reading.unit_rows import UnitRows


def parse_file(path, overrides: Optional[dict] = None) -> WorkbookResult:
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name, overrides)


def parse_bytes(data: bytes, filename: str, overrides: Optional[dict] = None) -> WorkbookResult:
    with _gc_paused():
        return _parse_bytes(data, filename, overrides or {})


@contextmanager
def _gc_paused():
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


def _parse_bytes(data: bytes, filename: str, overrides: dict) -> WorkbookResult:
    result = WorkbookResult(file=filename)
    for grid in read_grids(data, filename):
        column_override = (overrides.get("columns") or {}).get(grid.name)
        sheet = parse_grid(grid, filename, column_override)
        if isinstance(sheet, SkippedSheet):
            result.skipped_sheets.append(sheet)
            continue
        period_override = (overrides.get("periods") or {}).get(grid.name)
        if period_override is not None:
            sheet.period, sheet.period_source = period_override, "user"
            sheet.warnings = [w for w in sheet.warnings if not w.code.startswith("period_")]
        result.sheets.append(sheet)
    return result


def _skip(grid: Grid, reason: str, layout: Optional[Layout] = None) -> SkippedSheet:
    s = SkippedSheet(sheet=grid.name if grid.name is not None else "", reason=reason)
    if layout is not None:
        s.headers, s.columns = layout.headers, layout.columns
        s.header_rows = [r + 1 for r in layout.header_rows]
        s.layout = layout.signature
    return s


RATE_SCALE_VOTES = 40  # rows that decide whether a rate column holds fractions or percentages


def _rate_scales(rows: list, layout: Layout) -> dict:
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
            n = count_value(row[nc]) if nc < len(row) else None
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


def parse_grid(grid: Grid, filename: str, column_override: Optional[dict] = None):
    """One sheet -> SheetResult, or SkippedSheet with the reason in Vietnamese."""
    rows = grid.rows
    if getattr(grid, "error", None):
        return _skip(grid, grid.error)
    if not any(any(c is not None and str(c).strip() for c in r) for r in rows):
        return _skip(grid, "Trang tính trống.")
    layout = locate(rows, grid.merged)
    if column_override:
        if layout is None:  # the user says which columns; the first row with text is the header
            first = next(r for r, row in enumerate(rows) if any(_text(c) for c in row))
            layout = Layout(header_rows=[first], first_data_row=first + 1, columns={},
                            headers={c: _text(v) for c, v in enumerate(rows[first]) if _text(v)},
                            header_cells=[[_text(c) for c in rows[first]]])
        layout.columns = {f: int(c) for f, c in column_override.items() if c is not None}
    if layout is None:
        return _skip(grid, "Không tìm thấy bảng số liệu: không có dòng tiêu đề nào có cột tên "
                           "cơ quan, đơn vị (ví dụ “Tên cơ quan”, “Đơn vị”).")
    if layout.missing:
        found = ", ".join(f"“{layout.headers[c]}” ({FIELD_LABELS.get(f, f)})" for f, c in layout.columns.items())
        missing = ", ".join(FIELD_LABELS[f] for f in layout.missing)
        return _skip(grid, f"Tìm thấy bảng (tiêu đề ở dòng {layout.header_rows[0] + 1}) với các cột: "
                           f"{found or 'không cột nào nhận ra được'}; nhưng thiếu cột {missing}. "
                           "Hãy chọn cột tương ứng bằng tay.", layout)

    sheet = SheetResult(sheet=grid.name, period=None, period_source=None,
                        columns=dict(layout.columns), headers=dict(layout.headers),
                        header_rows=[r + 1 for r in layout.header_rows],
                        layout=layout.signature or layout_signature(layout.headers), nrows=len(rows))
    titles = []
    for r in range(layout.header_rows[0] if layout.header_rows else 0):
        texts = [_text(c) for c in rows[r] if _text(c)]
        if texts:
            titles.append(" ".join(texts))
            sheet.skipped_rows.append(SkippedRow(r + 1, "title", " ".join(texts)[:120]))
        else:
            sheet.skipped_rows.append(SkippedRow(r + 1, "blank"))
    for r in layout.header_rows:
        sheet.skipped_rows.append(SkippedRow(r + 1, "header", " | ".join(_text(c) for c in rows[r] if _text(c))[:120]))

    sheet.period, sheet.period_source, conflicts = detect_period(grid.name, titles, filename)
    if sheet.period is not None:
        sheet.warnings.extend(period_conflict_warning(sheet.period, sheet.period_source, conflicts))
    else:
        sheet.warnings.append(DataWarning(None, None, "period_unknown",
                                          "Không xác định được kỳ báo cáo (tháng/quý) từ tên trang tính, "
                                          "tiêu đề hay tên tệp. Hãy chọn kỳ báo cáo."))

    if getattr(grid, "notice", None):  # read in part (grid.MAX_ROWS), or from a legacy font
        code = "rows_truncated" if grid.total_rows else "legacy_font_converted"
        sheet.warnings.append(DataWarning(None, None, code, grid.notice))
    _read_body(rows, layout, sheet, district_from_sheet_name(grid.name))
    sheet.warnings.extend(duplicate_warnings(sheet.units))
    sheet.warnings.sort(key=lambda w: (w.row is not None, w.row or 0))
    sheet.skipped_rows.sort(key=lambda s: s.row)
    if not sheet.units:
        return _skip(grid, "Tìm thấy dòng tiêu đề nhưng không có dòng đơn vị nào bên dưới.", layout)
    return sheet


def _read_body(rows: list, layout: Layout, sheet: SheetResult, sheet_district: Optional[str]) -> None:
    """Every row under the header: units (with their warnings) and skipped rows, in order."""
    cols = layout.columns
    block_ctx, district_ctx, section_text = None, sheet_district, None
    units = sheet.units  # every unit so far, in order
    since_section = since_total = 0  # index in units of the first unit under the section, total
    plan = _Plan(layout)  # worked out once per sheet, not once per row
    reader = UnitRows(layout, _rate_scales(rows, layout), plan)
    quick = reader.quick
    names = reader.names(block_ctx, district_ctx)
    skipped, warnings = sheet.skipped_rows, sheet.warnings
    for r in range(layout.first_data_row, len(rows)):
        cells = rows[r]
        unit = quick(cells, r + 1, names, block_ctx, district_ctx, section_text, warnings)
        if unit is not None:  # most rows
            units.append(unit)
            continue
        texts = row_texts(cells)  # the others are classified in full
        kind, label, _, counts_present = row_kind(cells, texts, layout, plan)
        if kind == "section":
            block, district = section_of(label)
            if district:
                district_ctx, block_ctx = district, None
            elif block or not district:
                block_ctx = block
            names = reader.names(block_ctx, district_ctx)
            section_text = label
            since_section = len(units)
            skipped.append(SkippedRow(r + 1, "section", label[:120]))
        elif kind == "total":
            totals = {f: read_count(cells[c]).value for f, c in cols.items()
                      if f in COUNT_FIELDS and c < len(cells)}
            in_section, in_total = units[since_section:], units[since_total:]
            if total_scope(label) == "sub":
                candidates = [in_section, in_total, units]
            else:
                candidates = [units, in_total, in_section]
            w = total_warning(r + 1, label, totals, candidates)
            if w:
                warnings.append(w)
            since_total = len(units)
            skipped.append(SkippedRow(r + 1, "total", label[:120]))
        elif kind == "unit":
            units.append(reader.read(cells, label, r + 1, block_ctx, district_ctx, section_text,
                                     warnings))
        else:
            text = label or " ".join(t for t in texts if t)
            skipped.append(SkippedRow(r + 1, kind, text[:120]))
            if kind == "note" and counts_present:
                warnings.append(DataWarning(r + 1, None, "unnamed_row", "Dòng có số liệu nhưng "
                                            "không có tên đơn vị; dòng này không được tính."))

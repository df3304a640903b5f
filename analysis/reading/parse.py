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
    SheetResult,
    SkippedRow,
    SkippedSheet,
    WorkbookResult,
)
from analysis.reading.body import Body
from analysis.reading.cells import (
    cell_text,
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
from analysis.reading.period_detect import detect_period, year_hint
from analysis.reading.rate_columns import header_of, rate_scales, zero_rate_columns
from analysis.reading.rows import (
    district_from_sheet_name,
)
from analysis.reading.wide import (
    Group,
    blank_group,
    cumulative_warnings,
    group_layout,
    period_groups,
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
            for sheet in parse_sheets(grid, filename, column_override, memo):
                if isinstance(sheet, SkippedSheet):
                    result.skipped_sheets.append(sheet)
                    continue
                # a year-long sheet's entries are named "<sheet> · Tháng 1/2026": each its own
                period_override = (overrides.get("periods") or {}).get(sheet.sheet)
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


def parse_grid(grid: Grid, filename: str, column_override: dict | None = None,
               memo: Memo | None = None):
    """One sheet -> SheetResult, or SkippedSheet with the reason in Vietnamese (the first entry
    of parse_sheets: a year-long sheet makes several)."""
    return parse_sheets(grid, filename, column_override, memo)[0]


def parse_sheets(grid: Grid, filename: str, column_override: dict | None = None,
                 memo: Memo | None = None) -> list:
    """One sheet -> [SheetResult or SkippedSheet]: one entry, or for a year-long sheet one a
    month or quarter group (wide.py). `memo`: the workbook's (parse_grids), or a new one for
    this sheet alone."""
    if memo is None:
        memo = Memo()
    found = _located(grid, column_override, memo)
    if isinstance(found, SkippedSheet):
        return [found]
    layout, invisible = found
    head: list = []
    titles = _read_head(grid.rows, layout, head)
    groups = None
    if not column_override:
        year = year_hint(grid.name or "", *titles, Path(filename).stem)
        groups = period_groups(layout, year, memo)
    if not groups:
        return [_read_sheet(grid, layout, filename, memo, (head, titles, invisible))]
    return _read_groups(grid, layout, groups, filename, memo, (head, titles, invisible))


def _located(grid: Grid, column_override: dict | None, memo: Memo):
    """(layout, invisible characters removed) of a sheet, or the SkippedSheet saying why not."""
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
    return layout, invisible


def _read_sheet(grid: Grid, layout: Layout, filename: str, memo: Memo, head: tuple,
                group: Group | None = None):
    """The units of a located table (or of one group of a year-long sheet): a SheetResult, or
    a SkippedSheet when no unit row is found. `head`: (skipped rows above the table, titles,
    invisible characters removed)."""
    rows = grid.rows
    skipped_head, titles, invisible = head
    sheet = SheetResult(sheet=grid.name if group is None else group.name(grid.name),
                        period=None, period_source=None,
                        columns=dict(layout.columns), headers=dict(layout.headers),
                        header_rows=[r + 1 for r in layout.header_rows],
                        layout=layout.signature or layout_signature(layout.headers),
                        nrows=len(rows), skipped_rows=list(skipped_head))
    _sheet_period(sheet, grid, titles, filename, group)
    if grid.total_rows is not None:  # a sheet read in part
        sheet.warnings.append(warning("rows_truncated", total=fmt_int(grid.total_rows),
                                      limit=fmt_int(MAX_ROWS)))
    if grid.legacy_encoding is not None:  # typed in a legacy font, converted to Unicode
        sheet.warnings.append(warning("legacy_font_converted",
                                      encoding=LEGACY_LABELS[grid.legacy_encoding]))
    if invisible:
        sheet.warnings.append(warning("invisible_characters", cells=fmt_int(invisible)))
    for m, n in zero_rate_columns(rows, layout).items():  # formulas never computed
        sheet.warnings.append(warning("rate_column_zero", header=header_of(layout, f"{m}_rate"),
                                      rows=fmt_int(n)))
        del layout.columns[f"{m}_rate"]
    Body(rows, layout, sheet, district_from_sheet_name(grid.name), memo,
         rate_scales(rows, layout)).read()
    sheet.warnings.extend(duplicate_warnings(sheet.units))
    sheet.warnings.sort(key=lambda w: (w.row is not None, w.row or 0))
    sheet.skipped_rows.sort(key=lambda s: s.row)
    if not sheet.units:
        skipped = _skip(grid, "Tìm thấy dòng tiêu đề nhưng không có dòng đơn vị nào bên dưới.",
                        layout)
        skipped.sheet = sheet.sheet or ""
        return skipped
    return sheet


def _sheet_period(sheet: SheetResult, grid: Grid, titles: list, filename: str,
                  group: Group | None) -> None:
    """The sheet's period (a group's own, on a year-long sheet) and its warnings."""
    if group is not None:
        sheet.period, sheet.period_source = group.period, "columns"
        if group.period is None:
            sheet.warnings.append(warning("period_unknown"))
        return
    sheet.period, sheet.period_source, conflicts = detect_period(grid.name, titles, filename)
    if sheet.period is not None:
        sheet.warnings.extend(period_conflict_warning(sheet.period, sheet.period_source, conflicts))
    else:
        sheet.warnings.append(warning("period_unknown"))


def _read_groups(grid: Grid, layout: Layout, groups: list, filename: str, memo: Memo,
                 head: tuple) -> list:
    """A year-long sheet: one entry a month or quarter group (a SkippedSheet for a group still
    blank), the cumulative columns checked against the sum of the months."""
    out: list = []
    months: list = []  # the month sheets read
    blank: list = []  # the groups with no number yet (the months still to come)
    cumulative = None
    for group in groups:
        glayout = group_layout(layout, group)
        if group.cumulative:
            cumulative = (group, glayout)
            continue
        if blank_group(grid.rows, glayout, group):
            blank.append(group.label)
            continue
        sheet = _read_sheet(grid, glayout, filename, memo, head, group)
        out.append(sheet)
        if isinstance(sheet, SheetResult):
            months.append(sheet)
    if cumulative is not None and months:
        group, glayout = cumulative
        read = _read_sheet(grid, glayout, filename, memo, head, group)
        if isinstance(read, SheetResult):
            last = months[-1]
            last.warnings.extend(cumulative_warnings(read.units, [m.units for m in months],
                                                     layout.headers, group.columns))
            last.warnings.sort(key=lambda w: (w.row is not None, w.row or 0))
    if blank:
        out.append(SkippedSheet(sheet=grid.name or "", reason=(
            "Bảng theo dõi cả năm: các nhóm cột " + ", ".join(f"“{b}”" for b in blank)
            + " chưa có số liệu nên không được đọc thành kỳ báo cáo.")))
    return out


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

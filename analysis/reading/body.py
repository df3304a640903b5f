"""The rows under a located header -> units (with their warnings) and skipped rows, in order.

Besides unit, section and totals rows (rows.row_kind), a sheet as offices save it holds:

- a district column ("Huyện/TX/TP", "Địa bàn"), filled on every row or merged down each group:
  a blank cell keeps the district above (a merged cell is blank under its first row);
- names wrapped over two rows: a row with no counts and no row number whose text goes on from
  the unit above ("các công trình xây dựng": it begins in lower case, or the name above ends
  on a joining word) is the rest of that name, not a section ("wrapped");
- what is under the table: notes, "NGƯỜI LẬP BIỂU", "KT. GIÁM ĐỐC", a signer's name, a date,
  "Nơi nhận" ("footer"): a row whose text begins so is a footer row anywhere. Below a grand
  totals row that follows units, after a run of blank rows, or after a footer row, a row is a
  unit only when it has a unit's shape (rows.row_kind's unit: a name with counts, or a row
  number or a name saying its block; and no count cell holding text that is no number, such as
  a signer's name); every other row there but a section or a total is a footer row.

Every row is a unit or a skipped row with its kind and text: the user sees which.
"""
from __future__ import annotations

import re

from analysis.model import COUNT_FIELDS, SheetResult, SkippedRow, Unit
from analysis.reading.cells import cell_text, read_count, row_texts
from analysis.reading.checks import total_warning
from analysis.reading.headers import fold
from analysis.reading.layout import Layout
from analysis.reading.memo import Memo
from analysis.reading.names import clean_name, district_key
from analysis.reading.rows import (
    RowPlan,
    district_from_sheet_name,
    is_footer_text,
    row_kind,
    section_of,
    total_scope,
)
from analysis.reading.unit_rows import UnitRows
from analysis.warning_codes import warning

BLANK_RUN = 2  # blank rows after the units that end the table

# a name above that cannot end there: it goes on in the row below
_JOINING_END = re.compile(r"(\b(va|cua|cac|cho|ve|tai|tren|thuoc|truc thuoc|dau tu|cong trinh)"
                          r"|[,&(+-])\s*$")
_LIST_MARKS = ("-", "+", "•", "*", "–")
# a totals row that closes the whole table ("Tổng cộng", "TỔNG SỐ:", "Toàn tỉnh"), not one
# district's ("Tổng cộng huyện Quan Sơn")
_TABLE_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong)?\s*(toan (tinh|huyen|thanh pho|thi xa))?"
                          r"\s*[:.]?\s*$")


class Body:
    """The reader of one sheet's body; `read()` fills the sheet's units, skipped rows and
    warnings."""

    def __init__(self, rows: list, layout: Layout, sheet: SheetResult, sheet_district, memo: Memo,
                 scales: dict):
        self.rows, self.layout, self.sheet, self.memo = rows, layout, sheet, memo
        self.cols = layout.columns
        self.plan = RowPlan(layout, memo)  # worked out once per sheet, not once per row
        self.reader = UnitRows(layout, scales, self.plan)
        self.block_ctx: str | None = None
        self.district_ctx: str | None = sheet_district
        self.section_text: str | None = None
        self.since_section = self.since_total = 0  # index of the first unit under the section
        self.names = self.reader.names(None, sheet_district)
        self.district_col = self.cols.get("district")
        self.district_names = self._district_names() if self.district_col is not None else {}
        self.tail = False  # under the table: below its grand total or a run of blank rows
        self.blank_run = 0
        self.last_unit_row = -1  # 0-based row of the last unit read
        # formulas saved without their values (rate_columns.zero_rate_columns): a totals row of
        # zeros is one more of them, not a total that disagrees
        self.uncomputed = any(w.code == "rate_column_zero" for w in sheet.warnings)

    def read(self) -> None:
        rows, quick = self.rows, self.reader.quick
        units, warnings = self.sheet.units, self.sheet.warnings
        dcol = self.district_col
        for r in range(self.layout.first_data_row, len(rows)):
            cells = rows[r]
            if dcol is not None:
                self._district_cell(cells)
            if not self.tail:
                unit = quick(cells, r + 1, self.names, self.block_ctx, self.district_ctx,
                             self.section_text, warnings)
                if unit is not None:  # most rows
                    units.append(unit)
                    self.last_unit_row, self.blank_run = r, 0
                    continue
            self._row(r, cells)

    def _district_names(self) -> dict:
        """District column text -> the district's name as the sheet writes it in full: "Quan
        Sơn", "H. Quan Sơn" and "Huyện Quan Sơn" in one column are one district, "Huyện Quan
        Sơn" (a short form alone is expanded: "TX Nghi Sơn" -> "Thị xã Nghi Sơn")."""
        c = self.district_col
        texts = {clean_name(cell_text(row[c])) for row in self.rows[self.layout.first_data_row:]
                 if c is not None and c < len(row) and cell_text(row[c])}
        full: dict = {}  # district key -> a name with its type word
        for t in texts:
            named = district_from_sheet_name(t)
            if named:
                full.setdefault(district_key(named), named)
        return {t: full.get(district_key(t), t) for t in texts}

    def _district_cell(self, cells: list) -> None:
        """The district column's cell of a row: a new district, or blank (the one above)."""
        c = self.district_col
        text = cell_text(cells[c]) if c is not None and c < len(cells) else ""
        if text:
            district = clean_name(text)
            district = self.district_names.get(district, district)
            if district != self.district_ctx:
                self.district_ctx = district
                self.names = self.reader.names(self.block_ctx, district)

    def _row(self, r: int, cells: list) -> None:
        """A row quick() did not take, classified in full."""
        texts = row_texts(cells)
        kind, label, stt, counts_present = row_kind(cells, texts, self.plan)
        if kind == "blank":
            self.blank_run += 1
            if self.blank_run >= BLANK_RUN and self.sheet.units:
                self.tail = True
            self.sheet.skipped_rows.append(SkippedRow(r + 1, "blank"))
            return
        self.blank_run = 0
        if kind in ("section", "note") and not counts_present and not stt and self._wraps(r, label):
            self._join_name(r, label)
            return
        if kind in ("unit", "section", "note"):
            if is_footer_text(label):
                kind = "footer"
                self.tail = self.tail or bool(self.sheet.units)  # the signature block begins
            elif self.tail and kind == "unit":
                if self._unit_shaped(r, cells, label):
                    return
                kind = "footer"
            elif self.tail and (kind == "note" or label[:1] in _LIST_MARKS):
                kind = "footer"  # a note, or a line of the recipients' list ("- Lưu: VT.")
        self._classified(r, cells, texts, kind, label, counts_present)

    def _classified(self, r: int, cells: list, texts: list, kind: str, label: str,
                    counts_present: bool) -> None:
        sheet = self.sheet
        if kind == "section":
            self._section(r, label)
        elif kind == "total":
            self._total(r, cells, label)
        elif kind == "unit":
            sheet.units.append(self.reader.read(cells, label, r + 1, self.block_ctx,
                                                self.district_ctx, self.section_text,
                                                sheet.warnings))
            self.last_unit_row = r
        else:
            text = label or " ".join(t for t in texts if t)
            if kind == "footer":
                text = " | ".join(t for t in texts if t)
            sheet.skipped_rows.append(SkippedRow(r + 1, kind, text[:120]))
            if kind == "note" and counts_present:
                sheet.warnings.append(warning("unnamed_row", r + 1))

    def _section(self, r: int, label: str) -> None:
        block, district, _ = section_of(label, self.memo)
        if district:
            self.district_ctx, self.block_ctx = district, None
        elif block or not district:
            self.block_ctx = block
        self.names = self.reader.names(self.block_ctx, self.district_ctx)
        self.section_text = label
        self.since_section = len(self.sheet.units)
        self.sheet.skipped_rows.append(SkippedRow(r + 1, "section", label[:120]))

    def _total(self, r: int, cells: list, label: str) -> None:
        units = self.sheet.units
        totals = {f: read_count(cells[c], self.memo).value for f, c in self.cols.items()
                  if f in COUNT_FIELDS and c < len(cells)}
        in_section, in_total = units[self.since_section:], units[self.since_total:]
        grand = total_scope(label) != "sub"
        candidates = [units, in_total, in_section] if grand else [in_section, in_total, units]
        w = total_warning(r + 1, label, totals, candidates)
        if w and self.uncomputed and not any(v for v in totals.values()):
            w = None  # =SUM(...) stored as 0
        if w:
            self.sheet.warnings.append(w)
        if units and _TABLE_TOTAL.match(fold(label).strip()):
            self.tail = True  # the table's grand total, under its units: the table ends here
        self.since_total = len(units)
        self.sheet.skipped_rows.append(SkippedRow(r + 1, "total", label[:120]))

    def _unit_shaped(self, r: int, cells: list, label: str) -> bool:
        """Under the table, a row rows.row_kind calls a unit's (a name with counts, or a row
        number or a name that says its block): read it as a unit (and return True) only when no
        count cell holds text that is no number (a signer's name, "KT. GIÁM ĐỐC")."""
        readings = [read_count(cells[c], self.memo) if c < len(cells) else None
                    for c in self.plan.count_cols]
        if any(x is not None and x.unreadable for x in readings):
            return False
        self.sheet.units.append(self.reader.read(cells, label, r + 1, self.block_ctx,
                                                 self.district_ctx, self.section_text,
                                                 self.sheet.warnings))
        self.last_unit_row = r
        return True

    def _wraps(self, r: int, label: str) -> bool:
        """Whether a row without counts or row number holds the rest of the name above."""
        if (self.last_unit_row != r - 1 or not label or not self.sheet.units
                or is_footer_text(label)):
            return False
        above = self.sheet.units[-1].unit
        first = label.lstrip("(\"'“- ")[:1]
        return (first.isalpha() and first.islower()) or bool(_JOINING_END.search(fold(above)))

    def _join_name(self, r: int, label: str) -> None:
        """The rest of the unit's name above: joined to it, its identity made again."""
        unit: Unit = self.sheet.units[-1]
        old = unit.unit
        name, block, source, key = self.reader.identity(f"{old} {label}", self.block_ctx,
                                                        unit.district)
        unit.unit, unit.block, unit.block_source = name, block, source
        if unit.code is None:
            unit.key = key
        for w in self.sheet.warnings:
            if w.row == unit.row and w.unit == old:
                w.unit = name
        self.last_unit_row = r
        self.sheet.skipped_rows.append(SkippedRow(r + 1, "wrapped", label[:120]))

"""Unit rows -> `Unit`s with their warnings, for the reader's loop in parse.py.

Most rows of a sheet are plain unit rows: a name, a row number, counts. `UnitRows.quick` reads
such a row in one go, with what recurs from row to row and sheet to sheet (a name's identity, a
count's value, a printed rate) looked up in tables instead of worked out again; a province
workbook holds about 17,000 of these rows. A row it cannot vouch for (a section, a total, a
repeated header, a unit row without counts or with a section's row number) it leaves to
parse.py's row-by-row classification, and `UnitRows.read` reads it when it is a unit after all.

`quick` reads a row it takes exactly as row_kind and `read` would: tests/reading/test_unit_rows.py
holds the two readings equal, and bench/golden.py the reader's whole output before and after a
change. The tables it looks cells up in are the parse's (memo.Memo), shared by its sheets.
"""
from __future__ import annotations

from analysis.model import COUNT_FIELDS, METRICS, Unit
from analysis.reading.cells import BLANK, read_count, read_rate, stored_decimals
from analysis.reading.checks import unit_warnings, values_agree
from analysis.reading.layout import Layout
from analysis.reading.memo import Memo, remember, subtable
from analysis.reading.names import code_key, district_key, placed_key, unit_code, unit_name
from analysis.reading.rows import RowPlan, is_footer_text, plain_stt, quick_label


class UnitRows:
    """Reads a unit row into a Unit and its warnings; the columns are worked out once a sheet."""

    def __init__(self, layout: Layout, scales: dict, plan: RowPlan):
        cols = layout.columns
        self.mapped = set(cols)
        self.counts = [(i, cols[f]) for i, f in enumerate(COUNT_FIELDS) if f in cols]
        self.rates = [(m, cols[f"{m}_rate"], scales.get(m, 1)) for m in METRICS
                      if f"{m}_rate" in cols]
        self.plan = plan
        self.memo = memo = plan.memo
        self.count_values = memo.counts
        self.unit_col, self.stt_col = plan.unit_col, plan.stt_col
        used = [plan.unit_col, *(c for _, c in self.counts), *(c for _, c, _ in self.rates)]
        if plan.stt_col is not None:
            used.append(plan.stt_col)
        self.width = max(used) + 1  # quick() takes rows at least this long
        # quick() looks a row's count and rate cells up in tables of the cells met before: text
        # and float cells only, and never 0 or 1 (a table keyed by 1.0 would also answer True)
        used_scales = {scale for _, _, scale in self.rates}
        self.rate_cols = [(m, c) for m, c, _ in self.rates]
        self.rate_table = (subtable(memo.rates, used_scales.pop()) if len(used_scales) == 1
                           else None)
        self._header = frozenset(plan.header_values) if plan.quick else None
        self.code_col = cols.get("code")

    def names(self, block_ctx: str | None, district_ctx: str | None) -> dict:
        """Unit cell -> identity (name, block, block source, key) of the rows quick() takes under
        this section and district, or () for a cell that rules the row out; filled as met."""
        return subtable(self.memo.names, (self._header, block_ctx, district_ctx))

    def _learn(self, names: dict, cell, block_ctx: str | None, district_ctx: str | None) -> tuple:
        label = quick_label(cell, self.plan) if type(cell) is str else ""
        found = self.identity(label, block_ctx, district_ctx) if label else ()
        remember(names, cell, found)
        return found

    def quick(self, cells: list, row: int, names: dict, block_ctx: str | None,
              district_ctx: str | None, section: str | None, warnings: list) -> Unit | None:
        """The unit of a row that can only be a unit row (rows.quick_label), read as read()
        reads it, its warnings appended to `warnings`; None for any other row (and for a unit
        row without counts: row_kind decides). `names` is names(block_ctx, district_ctx)."""
        if len(cells) < self.width:
            return None
        name = cells[self.unit_col]
        found = names.get(name)
        if found is None:
            found = self._learn(names, name, block_ctx, district_ctx)
        if not found:
            return None
        if self.stt_col is not None:
            stt = cells[self.stt_col]
            if type(stt) is str and not plain_stt(stt, self.memo):
                return None
        # the counts and printed rates: every cell one met before, else read one by one
        values = [None, None, None, None, None]  # COUNT_FIELDS
        try:
            count_values = self.count_values
            for i, c in self.counts:
                values[i] = count_values[cells[c]]
            complete = True
        except (KeyError, TypeError):  # a cell not met before (or, unlikely, unhashable)
            values, complete, present = self._counts(cells)
            if not present or (not complete and self._gaps(cells)[0]
                               and is_footer_text(found[0])):
                # no count; or text in a count cell beside a footer's text ("NGƯỜI LẬP BIỂU |
                # KT. GIÁM ĐỐC"): row_kind and body.py decide
                return None
        printed = self._quick_rates(cells)
        name, block, source, key = found
        unit = Unit(name, key, block, district_ctx, row, *values,  # type: ignore[call-arg, arg-type]
                    printed, section, source)  # positional: see the check of Unit's fields below
        if self.code_col is not None:
            self.take_code(unit, cells)
        self.check(unit, cells, values, complete, warnings)
        return unit

    def take_code(self, unit: Unit, cells: list) -> None:
        """The unit's electronic identifier from the code column, and the key made from it."""
        c = self.code_col
        code = unit_code(cells[c]) if c is not None and c < len(cells) else None
        if code is not None:
            unit.code, unit.key = code, code_key(code)

    def _quick_rates(self, cells: list) -> dict:
        """The printed rates of a row, every cell looked up in the rates met before, else read
        one by one."""
        rates = self.rate_table
        if rates is None:  # no rate column, or columns of different scales
            return self._rates(cells)
        printed = {}
        try:
            for m, c in self.rate_cols:
                rate = rates[cells[c]]
                if rate:
                    printed[m] = rate
        except (KeyError, TypeError):
            return self._rates(cells)
        return printed

    def _counts(self, cells: list) -> tuple:
        """(values in COUNT_FIELDS order, every count read, some count not blank) of a row,
        cell by cell (a cell past the row's end is blank); the numbers read are remembered for
        the next rows."""
        values: list[float | None] = [None, None, None, None, None]
        complete, present = True, False
        n = len(cells)
        memo = self.memo
        for i, c in self.counts:
            cell = cells[c] if c < n else None
            reading = read_count(cell, memo)
            if reading.value is None:
                complete = False
                if reading.blank:
                    continue
            else:
                values[i] = reading.value
                if type(cell) is str or (type(cell) is float and cell != 0 and cell != 1):
                    remember(self.count_values, cell, reading.value)
            present = True
        return values, complete, present

    def _rates(self, cells: list) -> dict:
        """{metric: (percent, decimals)} of a row's printed rates, cell by cell (a cell past the
        row's end holds no rate); the rates read are remembered for the next rows."""
        printed = {}
        n = len(cells)
        for m, c, scale in self.rates:
            cell = cells[c] if c < n else None
            rate = printed_rate(cell, scale, self.memo)
            if rate is not None:
                printed[m] = rate
            if self.rate_table is not None and (
                    type(cell) is str or (type(cell) is float and cell != 0 and cell != 1)):
                remember(self.rate_table, cell, rate or ())
        return printed

    def read(self, cells: list, label: str, row: int, block_ctx: str | None,
             district_ctx: str | None, section: str | None, warnings: list) -> Unit:
        """The unit of one row; its warnings are appended to `warnings`."""
        values, complete, _ = self._counts(cells)
        printed = self._rates(cells)
        name, block, source, key = self.identity(label, block_ctx, district_ctx)
        # positional, in the order of Unit's fields (checked below)
        unit = Unit(name, key, block, district_ctx, row, *values,  # type: ignore[call-arg]
                    printed, section, source)
        if self.code_col is not None:
            self.take_code(unit, cells)
        self.check(unit, cells, values, complete, warnings)
        return unit

    def identity(self, label: str, block_ctx: str | None, district_ctx: str | None) -> tuple:
        """(name, block, block source, key) of a unit row: the same in every monthly sheet."""
        name, key, by_name = unit_name(label, self.memo)
        block = by_name or block_ctx or "other"
        source = "name" if by_name else ("section" if block_ctx else "default")
        district = None
        if district_ctx:
            keys = self.memo.district_keys
            district = keys.get(district_ctx)
            if district is None:
                district = remember(keys, district_ctx, district_key(district_ctx))
        return name, block, source, placed_key(key, block, district)

    def check(self, unit: Unit, cells: list, values: list, complete: bool, warnings: list) -> None:
        """Append the warnings of a unit read from `cells` (its counts `values`, every one read
        when `complete`): nothing, for the common row."""
        if not complete:
            unreadable, blanks = self._gaps(cells)
            warnings += unit_warnings(unit, unreadable, blanks, self.mapped)
        elif not values_agree(*values, unit.printed_rates):  # type: ignore[call-arg]
            warnings += unit_warnings(unit, {}, [], self.mapped)

    def _gaps(self, cells: list) -> tuple[dict, list]:
        """({field: raw text} of unreadable counts, [fields] of blank counts) of a unit row."""
        unreadable, blanks = {}, []
        n = len(cells)
        for i, c in self.counts:
            reading = read_count(cells[c], self.memo) if c < n else BLANK
            if reading.unreadable:
                unreadable[COUNT_FIELDS[i]] = reading.raw
            elif reading.blank:
                blanks.append(COUNT_FIELDS[i])
        return unreadable, blanks


assert tuple(f for f in Unit.__slots__) == (
    "unit", "key", "block", "district", "row", *COUNT_FIELDS, "printed_rates", "section",
    "block_source", "code"), "UnitRows builds Unit positionally"


def printed_rate(cell, scale: int, memo: Memo) -> tuple | None:
    """(percent, printed decimals) of a printed rate cell, or None when it holds no rate."""
    decimals: int | None
    if type(cell) is float and cell == cell:  # read_rate's reading of a number, without its memo
        value, decimals = cell, stored_decimals(cell)
    else:
        reading = read_rate(cell, memo)
        if reading.value is None:
            return None
        value, decimals = reading.value, reading.decimals
    if scale == 100 and decimals is not None:
        decimals = max(decimals - 2, 0)
    return value * scale, decimals

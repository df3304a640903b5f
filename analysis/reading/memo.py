"""What one parse remembers of the cells it has read: `Memo`, made by `parse_bytes` for one
workbook and handed down to the readers, then dropped with it (no module keeps a cache).

The same texts and numbers recur in every row and every monthly sheet of a workbook (a unit's
name, its row number, "", a count such as 12.0), and what the reader makes of a cell is the
same each time; each table below holds, per cell as stored, what one reader made of it. A table
is keyed by the cell itself, so a table never holds cells of two types that compare equal
(1, 1.0 and True): each says which types it takes.
"""
from __future__ import annotations

MEMO_SIZE = 50_000  # cells a table holds at most; a fuller table starts again empty


class Memo:
    """The tables of one parse (see the module's docstring), filled by the readers as they go.

    Each is kept because the benchmark's parse (bench/instructions.py: 866 million instructions)
    runs measurably more without it: readings of counts +39 million and of rates +20 million,
    header fields +84, sections +73, district keys +60, unit names +30 (against the names'
    former lru_caches); plain_stt serves workbooks whose row numbers are text (0.6 µs a row;
    the benchmark's are numbers). The quick path's own tables (counts, rates, names) are what
    makes it quick. Tables that bought nothing (cell texts, unit-cell labels and their folds,
    rates stored as numbers) are not kept."""

    __slots__ = ("count_str", "count_float", "rate_str", "header_fields", "plain_stt", "sections",
                 "unit_names", "counts", "rates", "names", "district_keys")

    def __init__(self) -> None:
        # cells.read_count: cell -> Reading (text cells; float cells but 0.0 and -0.0, which are
        # read apart: raw); cells.read_rate: text cell -> Reading
        self.count_str: dict = {}
        self.count_float: dict = {}
        self.rate_str: dict = {}
        # layout.locate: header text -> its field (headers.classify_header)
        self.header_fields: dict = {}
        # rows.plain_stt: row-number cell (text) -> whether it numbers no section;
        # rows.section_of: label -> names.section_context(label)
        self.plain_stt: dict = {}
        self.sections: dict = {}
        # names.unit_name: unit label -> (name as written, name_key, block_from_name)
        self.unit_names: dict = {}
        # unit_rows.UnitRows, text and float cells but 0 and 1 (1.0 == True):
        self.counts: dict = {}  # count cell -> its value (a whole number)
        self.rates: dict = {}  # scale -> {rate cell: (percent, decimals), or () for no rate}
        self.names: dict = {}  # (header texts, block, district) -> {unit cell: identity or ()}
        self.district_keys: dict = {}  # district (a section's or the sheet's) -> district_key


def remember(table: dict, cell, value):
    """table[cell] = value, the table emptied first when full; returns value."""
    if len(table) >= MEMO_SIZE:
        table.clear()
    table[cell] = value
    return value


def subtable(tables: dict, key) -> dict:
    """The table under `key` of a table of tables (Memo.rates, Memo.names), made when new."""
    table = tables.get(key)
    if table is None:
        if len(tables) >= 256:
            tables.clear()
        table = tables[key] = {}
    return table

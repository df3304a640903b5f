"""The shapes that flow through the package: parsed workbooks, sheets, units, warnings.

file -> cell grid (grid.py) -> located table (layout.py) -> classified rows (rows.py)
-> units with checks (parse.py) -> units frame (frame.py) -> figures, charts, exports.
The period of a sheet is analysis.periods.Period.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from analysis.errors import ReadError  # noqa: F401  (re-exported for the reader's callers)
from analysis.periods import Period  # noqa: F401  (re-exported: a sheet's period)

# Count fields a unit row can carry, in output order.
COUNT_FIELDS = ("received", "sent", "signed", "signed_leader", "signed_agency")
# Signature kinds (metrics), in the default order of preference.
METRICS = ("signed", "signed_leader", "signed_agency")
# The printed-rate column of each signature kind.
RATE_FIELDS = {m: f"{m}_rate" for m in METRICS}
# All canonical column fields.
FIELDS = ("unit",) + COUNT_FIELDS + tuple(RATE_FIELDS.values())

BLOCKS = ("department", "service_unit", "commune", "provincial_department", "district", "other")
# A unit's status for a period, in the order tables and charts list them.
STATUSES = ("meets_target", "below_target", "signed_nothing", "no_documents")
# wrapped: the rest of the name of the unit above (joined to it); footer: under the table (a note,
# a signature block, a date, "Nơi nhận")
ROW_KINDS = ("title", "header", "numbering", "section", "total", "blank", "note", "wrapped",
             "footer")


@dataclass
class DataWarning:
    row: int | None
    unit: str | None
    code: str
    message: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class SkippedRow:
    row: int
    kind: str  # one of ROW_KINDS
    text: str = ""  # first non-empty cell texts, for the user to see

    def to_json(self) -> dict:
        return {"row": self.row, "kind": self.kind}


@dataclass(slots=True)
class Unit:
    unit: str
    key: str
    block: str
    district: str | None
    row: int
    received: int | None = None
    sent: int | None = None
    signed: int | None = None
    signed_leader: int | None = None
    signed_agency: int | None = None
    # Printed rates (percent, 0-100) as read, keyed by metric; not part of the JSON contract.
    printed_rates: dict = field(default_factory=dict)
    section: str | None = None  # text of the section row above, if any
    block_source: str = "name"  # name | section | default
    # the unit's electronic identifier (mã định danh, "000.00.12.H19") when the sheet has a code
    # column; the key is then made from it (names.code_key), the same whatever the name's spelling
    code: str | None = None

    def to_json(self) -> dict:
        out = {
            "unit": self.unit, "key": self.key, "block": self.block, "district": self.district,
            "row": self.row, **{f: getattr(self, f) for f in COUNT_FIELDS},
        }
        if self.code is not None:  # optional: only sheets with a code column have it
            out["code"] = self.code
        return out


@dataclass
class SheetResult:
    sheet: str | None
    period: Period | None
    # "sheet" | "title" | "file" | "columns" (a month group of a year-long sheet) | "user" | None
    period_source: str | None
    units: list = field(default_factory=list)  # list[Unit]
    skipped_rows: list = field(default_factory=list)  # list[SkippedRow]
    warnings: list = field(default_factory=list)  # list[DataWarning]
    # field -> 0-based column index in the grid, for the mapped columns
    columns: dict = field(default_factory=dict)
    # 0-based column index -> header text as read (joined over header rows), every column
    headers: dict = field(default_factory=dict)
    header_rows: list = field(default_factory=list)  # 1-based row numbers of the header
    layout: str = ""  # signature of the header layout, to remember a user's column mapping
    nrows: int = 0

    @property
    def metrics(self) -> list:
        """Signature kinds this sheet has a column for, in preference order."""
        return [m for m in METRICS if m in self.columns]

    def to_json(self) -> dict:
        return {
            "sheet": self.sheet,
            "period": self.period.to_json() if self.period else None,
            "units": [u.to_json() for u in self.units],
            "skipped_rows": [s.to_json() for s in self.skipped_rows],
            "warnings": [w.to_json() for w in self.warnings],
        }


@dataclass
class SkippedSheet:
    sheet: str
    reason: str  # Vietnamese
    # what was found, when a table was found but a required column was not (for a manual mapping)
    headers: dict = field(default_factory=dict)  # column -> header text
    columns: dict = field(default_factory=dict)  # field -> column
    header_rows: list = field(default_factory=list)  # 1-based
    layout: str = ""

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "reason": self.reason}


@dataclass
class WorkbookResult:
    file: str
    sheets: list = field(default_factory=list)  # list[SheetResult], only those with units
    skipped_sheets: list = field(default_factory=list)  # list[SkippedSheet]

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "sheets": [s.to_json() for s in self.sheets],
            "skipped_sheets": [s.to_json() for s in self.skipped_sheets],
        }

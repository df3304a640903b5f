"""The limits every reader of this package applies, the same as the workbook reader's:
grid.MAX_ROWS rows per sheet (a longer sheet is read in part, with the same notice),
grid.MAX_CELLS cells per sheet and grid.MAX_TOTAL_CELLS (twice that) over all the sheets of one
file, the budget the workbook reader keeps too; and, since
parsing markup costs time per element, at most MAX_SHEETS tables or worksheets and
MAX_ROW_ELEMENTS rows in one file. A cell counts
once it is placed, gaps before it included (a cell in column 16,000,000 costs 16 million), so a
few bytes asking for a huge extent are refused before anything that large is made.

And the one way markup from an upload is parsed: lxml with entities never resolved, no network,
no huge trees (libxml2 then also bounds the depth of nesting and the length of a text node).
"""
from __future__ import annotations

from analysis.errors import ReadError
from analysis.vn_format import fmt_int

MAX_COLUMNS = 16_384  # Excel's last column, XFD
MAX_SPAN_COLUMNS = 1_000  # an HTML colspan above this is read as 1,000 (as browsers do)
MAX_SPAN_ROWS = 65_534  # an HTML rowspan above this is read as 65,534 (as browsers do)
MAX_SHEETS = 1_000  # tables of a web page (layout tables included), worksheets of an XML file
MAX_ROW_ELEMENTS = 2 * 1_048_576  # <tr>/<Row> elements in one file: twice Excel's rows


def max_rows() -> int:
    from analysis.reading import grid

    return grid.MAX_ROWS


def max_cells() -> int:
    from analysis.reading import grid

    return grid.MAX_CELLS


def max_total_cells() -> int:
    from analysis.reading import grid

    return grid.MAX_TOTAL_CELLS  # one budget for every reader, calamine's too




class SheetTooBig(Exception):
    """One sheet asks for more than `max_cells()` cells, or a column past MAX_COLUMNS; its
    `message(sheet)` says which, in Vietnamese."""

    def __init__(self, cells: int = 0, column: int = 0):
        super().__init__(cells, column)
        self.cells, self.column = cells, column

    def message(self, sheet: str | None) -> str:
        if self.column:
            return too_wide(sheet, self.column)
        return too_big(sheet, self.cells)


def too_big(sheet: str | None, cells: int) -> str:
    where = f"Trang tính “{sheet}”" if sheet else "Bảng"
    return (f"{where} có vùng dữ liệu quá lớn (khoảng {fmt_int(cells)} ô, giới hạn "
            f"{fmt_int(max_cells())} ô), thường do có ô bị gộp hoặc đặt ở rất xa bên dưới hoặc "
            "bên phải bảng. Hãy xóa các dòng, cột thừa sau bảng rồi lưu và tải lên lại.")


def too_wide(sheet: str | None, column: int) -> str:
    where = f"Trang tính “{sheet}”" if sheet else "Bảng"
    return (f"{where} có ô ở cột thứ {fmt_int(column)}, vượt quá {fmt_int(MAX_COLUMNS)} cột của "
            "Excel (thường do ô gộp hoặc chỉ số cột bị sai). Hãy mở tệp trong Excel, xóa các cột "
            "thừa, lưu thành .xlsx rồi tải lên lại.")


def too_many_sheets() -> ReadError:
    return ReadError(f"Tệp có quá nhiều bảng hoặc trang tính (hơn {fmt_int(MAX_SHEETS)}), không "
                     "giống một báo cáo. Hãy mở tệp trong Excel, giữ lại trang tính báo cáo, lưu "
                     "thành .xlsx rồi tải lên lại.")


def too_many_rows() -> ReadError:
    return ReadError(f"Tệp có quá nhiều dòng (hơn {fmt_int(MAX_ROW_ELEMENTS)} dòng trên mọi bảng, "
                     "trang tính cộng lại), nhiều hơn mọi báo cáo. Hãy mở tệp trong Excel, xóa các "
                     "dòng thừa, lưu thành .xlsx rồi tải lên lại.")


def file_too_big() -> ReadError:
    from analysis.reading.guard import file_too_big_message

    return ReadError(file_too_big_message())


class Budget:
    """Cells placed so far, in the current sheet and in the whole file."""

    def __init__(self):
        self.total = 0
        self.sheet = 0
        self.sheet_limit = max_cells()
        self.total_limit = max_total_cells()
        self.max_rows = max_rows()
        self.row_elements = 0

    def new_sheet(self) -> None:
        self.sheet = 0

    def take_row(self) -> None:
        """One more row element read (an empty one too: parsing it costs time)."""
        self.row_elements += 1
        if self.row_elements > MAX_ROW_ELEMENTS:
            raise too_many_rows()

    def take(self, n: int) -> None:
        self.sheet += n
        self.total += n
        if self.sheet > self.sheet_limit:
            raise SheetTooBig(cells=self.sheet)
        if self.total > self.total_limit:
            raise file_too_big()


def xml_parser_options(html: bool = False) -> dict:
    """Keyword arguments for lxml's parsers and iterparse: no entities, no network."""
    opts = {"resolve_entities": False, "no_network": True, "huge_tree": False}
    if not html:
        opts["load_dtd"] = False
    return opts

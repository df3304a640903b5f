""".xls before calamine opens it: calamine reads every sheet of a BIFF workbook when it opens the
file, and trusts what the records say. It reserves DIMENSIONS' rows x columns for a sheet's cells,
allocates the rectangle between the first and last cell records of each sheet (values and
formulas), reserves an SST's declared count of strings, and sizes the streams of the compound
file (OLE2) from its header and directory. A record that lies aborts the process (a failed
allocation cannot be caught) or makes it panic.

`check_xls(data)` walks the compound file and the BIFF records the way calamine does and refuses,
with a Vietnamese ReadError, a file that would make it allocate more than a sheet or a file may
hold (guard.MAX_CELLS cells a sheet, guard.MAX_TOTAL_CELLS over all sheets), or whose structure
would make it read past its end. A file it cannot make sense of (no Workbook stream) is left to
calamine, which refuses it safely.
"""
from __future__ import annotations

import struct

from analysis.errors import ReadError
from analysis.reading.guard import (
    MAX_CELLS,
    MAX_TOTAL_CELLS,
    MSG_BROKEN,
    file_too_big_message,
    too_big_message,
)
from analysis.vn_format import fmt_int

ENDOFCHAIN, DIFSECT = 0xFFFFFFFE, 0xFFFFFFFC
RESERVED = 0xFFFFFFFA
MAX_ALLOC = 256 * 1024 * 1024  # bytes calamine may reserve for one table of the container

# BIFF record types calamine reads cells from (row u16, column u16 first)
_CELLS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD}  # NUMBER LABEL BOOLERR RK LABELSST
FORMULA, STRING, MULRK, DIMENSIONS, EOF = 0x0006, 0x0207, 0x00BD, 0x0200, 0x000A
BOUNDSHEET, SST, BOF, CONTINUE = 0x0085, 0x00FC, 0x0809, 0x003C


def msg_lying(sheet: str, cells: int) -> str:
    return (f"Tệp .xls bị hỏng hoặc bị sửa đổi: trang tính “{sheet}” khai báo kích thước "
            f"{fmt_int(cells)} ô (giới hạn {fmt_int(MAX_CELLS)} ô), không khớp với dữ liệu. Hãy "
            "mở tệp trong Excel, lưu lại dưới dạng .xlsx rồi tải lên lại.")


MSG_BROKEN_XLS = ("Tệp .xls bị hỏng hoặc bị sửa đổi: cấu trúc bên trong tệp trỏ ra ngoài tệp "
                  "hoặc lặp vòng. Hãy mở tệp trong Excel, lưu lại dưới dạng .xlsx rồi tải lên "
                  "lại; nếu không mở được, hãy tải lại tệp từ hệ thống.")


def _broken() -> ReadError:
    return ReadError(MSG_BROKEN_XLS)


class _Cfb:
    """The compound file's sectors, FAT, directory and mini stream, as calamine reads them."""

    def __init__(self, data: bytes):
        if len(data) < 512:
            raise ReadError(MSG_BROKEN)
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        self.size = {9: 512, 12: 4096}.get(shift, 0)
        if not self.size or mini_shift != 6:
            raise _NotOurs  # calamine refuses it by itself
        self.data = data
        self.len_format = "<I" if self.size == 512 else "<Q"
        self.body = len(data) - self.size  # sector 0 starts after the header
        self.sectors = max(0, -(-self.body // self.size))
        dir_len, fat_len, dir_start = struct.unpack_from("<III", data, 40)
        mini_start, mini_len, difat_start = struct.unpack_from("<III", data, 60)
        difat_cap = struct.unpack_from("<I", data, 62)[0]  # calamine reads it from there
        self._alloc(4 * difat_cap)
        self._alloc(4 * fat_len)
        difat = list(struct.unpack_from("<109I", data, 76))
        sid, seen = difat_start, 0
        while sid < RESERVED:
            difat += self._ids(self._sector(sid))
            sid = difat.pop()
            seen += 1
            if seen > self.sectors:
                raise _broken()
        fat_sectors = [sid for sid in difat if sid < DIFSECT]
        if len(fat_sectors) > self.sectors:  # more FAT than file
            raise _broken()
        self.fat: list = []
        for sid in fat_sectors:
            self.fat += self._ids(self._sector(sid))
        self._alloc(dir_len * self.size)
        dirs = self._chain(dir_start, self.fat, self._sector)
        self.entries = [dirs[k:k + 128] for k in range(0, len(dirs) - 127, 128)]
        if not self.entries:
            raise _NotOurs
        self.mini = b""
        self.minifat: list = []
        if mini_len > 0:
            root_len = struct.unpack_from(self.len_format, self.entries[0], 120)[0]
            self._alloc(root_len)
            self._alloc(mini_len * self.size)
            root_start = struct.unpack_from("<I", self.entries[0], 116)[0]
            self.mini = self._chain(root_start, self.fat, self._sector)[:root_len]
            self.minifat = self._ids(self._chain(mini_start, self.fat, self._sector))

    def _alloc(self, n: int) -> None:
        if n > MAX_ALLOC and n > 2 * len(self.data):
            raise _broken()

    @staticmethod
    def _ids(raw: bytes) -> list:
        return list(struct.unpack_from(f"<{len(raw) // 4}I", raw))

    def _sector(self, sid: int) -> bytes:
        if sid >= self.sectors + 1:  # calamine would grow its buffer to reach it
            raise ReadError(MSG_BROKEN)  # most often a file cut short: the usual message
        start = self.size + sid * self.size
        return self.data[start:start + self.size]

    def _mini_sector(self, sid: int) -> bytes:
        if (sid + 1) * 64 > len(self.mini) + 64:
            raise _broken()
        return self.mini[sid * 64:sid * 64 + 64]

    def _chain(self, sid: int, fat: list, get) -> bytes:
        out, seen = [], 0
        while sid != ENDOFCHAIN:
            out.append(get(sid))
            if sid >= len(fat):  # calamine indexes its FAT out of range (a panic)
                raise _broken()
            sid = fat[sid]
            seen += 1
            if seen > len(fat):  # a loop: calamine would read forever
                raise _broken()
        return b"".join(out)

    def stream(self, name: str) -> bytes | None:
        for e in self.entries:
            if e[:64].decode("utf-16-le", "replace").split("\0")[0] != name:
                continue
            start = struct.unpack_from("<I", e, 116)[0]
            size = struct.unpack_from(self.len_format, e, 120)[0]
            if size < 4096:
                return self._chain(start, self.minifat, self._mini_sector)[:size]
            self._alloc(size)
            return self._chain(start, self.fat, self._sector)[:size]
        return None


class _NotOurs(Exception):
    """Not a compound file calamine would read: left to calamine (it refuses it safely)."""


def _records(stream: bytes, pos: int):
    """(type, data) of the records from `pos`, as calamine's RecordIter reads them (a CONTINUE
    record after one is its continuation, never a cell: yielded as itself, matched by nothing);
    stops where calamine would stop with an error."""
    n = len(stream)
    while pos + 4 <= n:
        typ, size = _HEAD(stream, pos)
        if pos + 4 + size > n:
            return
        yield typ, stream[pos + 4:pos + 4 + size]
        pos += 4 + size


_HEAD = struct.Struct("<HH").unpack_from


class _Extent:
    """The rectangle calamine's Range::from_sparse allocates for cells in record order: rows
    from the first cell's to the last cell's, columns from the least to the greatest (a cell
    outside those rows is dropped by calamine)."""

    def __init__(self):
        self.first = self.last = None
        self.low_col = 1 << 32
        self.high_col = -1

    def add(self, row: int, col: int) -> None:
        if self.first is None:
            self.first = row
        self.last = row
        if col < self.low_col:
            self.low_col = col
        if col > self.high_col:
            self.high_col = col

    @property
    def cells(self) -> int:
        if self.first is None:
            return 0
        if self.last < self.first:  # calamine's row count wraps to 4 billion
            raise _broken()
        return (self.last - self.first + 1) * (self.high_col - self.low_col + 1)


def _dimensions(data: bytes) -> int:
    """The cells calamine reserves for a DIMENSIONS record (its arithmetic wraps at 32 bits)."""
    if len(data) == 14:
        rf, rl, cf, cl = struct.unpack_from("<IIHH", data)
    elif len(data) == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", data)
    else:
        return 0
    if rl < 1 or cl < 1:
        return 1
    return ((rl - rf) & 0xFFFFFFFF) * ((cl - cf) & 0xFFFFFFFF)


def _sheet_name(data: bytes, biff8: bool) -> str:
    if len(data) < 8:
        return "?"
    cch = data[6]
    if biff8:
        raw = data[8:8 + 2 * cch] if data[7] & 1 else data[8:8 + cch]
        return raw.decode("utf-16-le" if data[7] & 1 else "latin-1", "replace")
    return data[7:7 + cch].decode("cp1258", "replace")


def _sheet_cells(stream: bytes, pos: int, name: str) -> int:
    """Cells calamine allocates for one sheet (values and formulas), or a ReadError. One pass
    over the records, row and column read in place (a large sheet has a million records)."""
    values, formulas = _Extent(), _Extent()
    at, reserved, n = (0, 0), 0, len(stream)
    while pos + 4 <= n:
        typ, size = _HEAD(stream, pos)
        start, pos = pos + 4, pos + 4 + size
        if pos > n or typ == EOF:
            break
        if typ in _CELLS and size >= 4:
            values.add(*_HEAD(stream, start))
        elif typ == MULRK and size >= 6:
            row, first = _HEAD(stream, start)
            last = _HEAD(stream, pos - 2)[0]
            if last >= first and size == 6 + 6 * (last - first + 1):
                values.add(row, first)
                values.add(row, last)
        elif typ == FORMULA and size >= 20:
            at = _HEAD(stream, start)
            values.add(*at)
            formulas.add(*at)
        elif typ == STRING:
            values.add(*at)
        elif typ == DIMENSIONS:
            reserved = max(reserved, _dimensions(stream[start:pos]))
    cells = values.cells + formulas.cells
    if cells > MAX_CELLS:
        raise ReadError(too_big_message(name, cells))
    if reserved > MAX_CELLS:  # the cells are few: the record lies
        raise ReadError(msg_lying(name, reserved))
    return cells


def _globals(stream: bytes) -> list:
    """(stream position, name) of every sheet, from the workbook globals; an SST whose count
    of strings the stream cannot hold is refused (calamine reserves that many)."""
    sheets, biff8 = [], True
    for typ, rec in _records(stream, 0):
        if typ == EOF:
            break
        if typ == BOF and len(rec) >= 2:
            biff8 = struct.unpack_from("<H", rec)[0] not in (0x0500, 0x0400, 0x0300, 0x0200)
        elif typ == BOUNDSHEET and len(rec) >= 6:
            sheets.append((struct.unpack_from("<I", rec)[0], _sheet_name(rec, biff8)))
        elif typ == SST and len(rec) >= 8:
            count = struct.unpack_from("<i", rec, 4)[0]
            if count < 0 or count > len(stream) // 3:  # each string takes 3 bytes or more
                raise _broken()
    return sheets


def _workbook_stream(data: bytes) -> bytes | None:
    """The BIFF stream calamine reads ("Workbook", else "Book"), None when it is not there."""
    try:
        cfb = _Cfb(data)
        stream = cfb.stream("Workbook")
        return stream if stream is not None else cfb.stream("Book")
    except _NotOurs:
        return None
    except struct.error:
        raise _broken() from None


def check_xls(data: bytes) -> None:
    """Refuse an .xls whose records would make calamine allocate too much (see the module)."""
    stream = _workbook_stream(data)
    if stream is None:
        return
    total = 0
    for pos, name in _globals(stream):
        if pos > len(stream):
            raise _broken()  # calamine slices the stream there (a panic)
        total += _sheet_cells(stream, pos, name)
        if total > MAX_TOTAL_CELLS:
            raise ReadError(file_too_big_message())

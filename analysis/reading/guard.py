"""Byte-level guards, run before any parser sees an upload's bytes (uploads come from outside).

- a size limit (`MAX_FILE_BYTES`, the same 50 MB as `server.maxUploadSize` in
  .streamlit/config.toml), and no empty file;
- zip containers (.xlsx/.xlsm/.ods) are inspected with `zipfile` first: the declared
  uncompressed sizes and the compression ratio are bounded, every part is decompressed once as a
  stream (so a part whose real size exceeds its declared size fails its CRC check here, not in
  memory), an XML part declaring a DOCTYPE or ENTITY is refused (no entity expansion attack), and
  the extent of every sheet is bounded, because calamine allocates the whole rectangle: one value
  in cell XFD1048576 would ask for 17 billion cells and abort the process. A sheet whose every
  cell tag lies in A1:OJ9999 cannot be too large (one regex search per part); any other sheet is
  measured exactly (last row x last column holding a value), its references read as calamine
  reads them (r="B5" or r='b5'). Every XML part is measured, not only xl/worksheets/*.xml: the
  workbook's relationships may point anywhere (`sheet_parts` names the sheets they point to);
  an ods's content.xml is measured table by table (repeats in either quote style), and its
  tables together are held to MAX_TOTAL_CELLS, since calamine reads them all at once;
- the text the string cells of an xlsx would copy (a shared string per cell) is bounded
  (guard_strings.py);
- an .xls is walked record by record before calamine opens it (guard_xls.py);
- encrypted workbooks (an OLE2 container with an EncryptionInfo stream; .xls with a FILEPASS
  record) get a message asking the user to remove the password;
- bytes that are neither zip nor OLE2 (a web page saved as .xls, text renamed) are refused.
Every refusal is a `ReadError` whose message is Vietnamese: what is wrong and what to do.
"""
from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from pathlib import PurePosixPath

from analysis.errors import ReadError
from analysis.reading import guard_strings
from analysis.vn_format import fmt_int

MAX_UPLOAD_MB = 50  # keep equal to server.maxUploadSize in .streamlit/config.toml
MAX_FILE_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # all parts of a zip container, as declared
MAX_RATIO = 100  # uncompressed / compressed, for a container over RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_CELLS = 4_000_000  # rows x columns calamine may allocate for one sheet
MAX_TOTAL_CELLS = 2 * MAX_CELLS  # over all the sheets of one file, whatever reads it

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

MSG_PASSWORD = ("Tệp được bảo vệ bằng mật khẩu (đã mã hóa) nên không đọc được. Hãy mở tệp trong "
                "Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, "
                "xóa mật khẩu), lưu lại rồi tải lên lại.")
MSG_BROKEN = ("Không đọc được tệp: tệp không phải bảng tính hoặc đã bị hỏng (có thể tải về chưa "
              "hết). Hãy mở thử tệp trong Excel; nếu mở được, lưu lại dưới dạng .xlsx rồi tải lên "
              "lại, nếu không, hãy tải lại tệp từ hệ thống.")
MSG_TRUNCATED = ("Tệp bị hỏng hoặc bị cắt cụt (có thể tải về chưa hết): cấu trúc nén của tệp "
                 "không đầy đủ. Hãy tải lại tệp từ hệ thống hoặc từ thư điện tử rồi tải lên lại.")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",")


_XML_DECL_BAD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
# xlsx: <row r="5" ...>, <c r="B5" ...> or <c .../> (a cell without a value), </row>
_XLSX_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
# r="B5" or r='b5': calamine reads both quote styles and column letters in either case
_R_ATTR = re.compile(rb"""\br\s*=\s*["']([A-Za-z]*)(\d*)["']""")
# ods: table:table, table:table-row, table:table-cell / covered-table-cell, their repeats
_ODS_TAG = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>")
_ROWS_REP = re.compile(rb"""number-rows-repeated\s*=\s*["'](\d+)["']""")
_COLS_REP = re.compile(rb"""number-columns-repeated\s*=\s*["'](\d+)["']""")
_VALUE_TYPE = re.compile(rb"value-type\s*=")
_CHUNK = 1 << 20
_MAX_TAG = 16 * _CHUNK


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


class XlsxExtent:
    """Last row and column holding a value in a worksheet part, fed in chunks."""

    def __init__(self):
        self.row = 0  # 1-based current row
        self.col = 0  # 1-based column of the last cell
        self.rows = 0
        self.cols = 0

    def feed(self, text: bytes) -> None:
        for m in _XLSX_TAG.finditer(text):
            closing, tag, attrs = m.group(1), m.group(2), m.group(3)
            if closing:
                continue
            r = _R_ATTR.search(attrs)
            if tag == b"row":
                self.row = int(r.group(2)) if r and r.group(2) else self.row + 1
                self.col = 0
                continue
            if r and r.group(1):
                self.col = _col_number(r.group(1))
                if r.group(2):
                    self.row = int(r.group(2))
            else:
                self.col += 1
            if not attrs.rstrip().endswith(b"/"):  # <c ...>…</c> may hold a value
                self.rows = max(self.rows, self.row)
                self.cols = max(self.cols, self.col)


class OdsExtent:
    """Per table of content.xml: rows x columns up to the last cell holding a value."""

    def __init__(self):
        self.tables = []  # cells per table
        self.row = self.col = self.rows = self.cols = 0
        self.row_rep = 1
        self.row_has_value = False

    def feed(self, text: bytes) -> None:
        for m in _ODS_TAG.finditer(text):
            closing, tag, attrs = m.group(1), m.group(2), m.group(3)
            if tag == b"table":
                if closing:
                    self.tables.append(self.rows * self.cols)
                else:
                    self.row = self.col = self.rows = self.cols = 0
            elif tag == b"table-row":
                if closing:
                    self.row += self.row_rep
                    if self.row_has_value:
                        self.rows = max(self.rows, self.row)
                else:
                    rep = _ROWS_REP.search(attrs)
                    self.row_rep = int(rep.group(1)) if rep else 1
                    self.col, self.row_has_value = 0, False
                    if attrs.rstrip().endswith(b"/"):
                        self.row += self.row_rep
            elif not closing:
                rep = _COLS_REP.search(attrs)
                n = int(rep.group(1)) if rep else 1
                self.col += n
                if _VALUE_TYPE.search(attrs) or not attrs.rstrip().endswith(b"/"):
                    self.cols = max(self.cols, self.col)
                    self.row_has_value = True

    @property
    def largest(self) -> int:
        return max(self.tables + [self.rows * self.cols], default=0)

    @property
    def total(self) -> int:
        return sum(self.tables) + self.rows * self.cols


_DECL_REFUSED = ("Tệp chứa khai báo XML không được phép (DOCTYPE/ENTITY), dấu hiệu của tệp bị sửa "
                 "đổi có hại. Hãy mở tệp trong Excel, lưu thành tệp mới rồi tải lên lại.")


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, xml: bool):
    """A part's bytes in chunks, decompressed as a stream (zipfile stops at the declared size and
    checks the CRC). For an XML part, a DOCTYPE or ENTITY declaration is refused, and each chunk
    ends before its last "<": no tag is ever split between two chunks."""
    tail = b""
    with zf.open(info) as f:
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            if not xml:
                continue
            window = tail + chunk
            if b"<!" in window and _XML_DECL_BAD.search(window):  # memchr first: 6x faster
                raise ReadError(_DECL_REFUSED)
            cut = window.rfind(b"<")
            if cut > 0:
                yield window[:cut]
                tail = window[cut:]
            elif len(window) > _MAX_TAG:  # no real part holds megabytes without a tag
                raise ReadError(MSG_BROKEN)
            else:  # a tag (or text) longer than a chunk: wait for the rest
                tail = window
    if tail:
        yield tail


# Every cell of a worksheet in the first 9,999 rows and 400 columns (A..OJ): then the sheet
# cannot exceed MAX_CELLS, whatever it holds. One search over a part finds any other cell tag
# (a reference beyond the box, a cell without r="..." first, an unusual spelling).
_BOX_ROWS, _BOX_COLS = 9_999, 400  # OJ is column 400
assert _BOX_ROWS * _BOX_COLS <= MAX_CELLS
# (the lookahead first and the tag's end after: the same matches as <c(?=[\s/>])(?!...), found
# 16% faster)
_OUTSIDE_BOX = re.compile(rb'<c(?! r="(?:[A-N]?[A-Z]|O[A-J])\d{1,4}"[\s/>])[\s/>]')


def in_box(xml: bytes) -> bool:
    """Whether every cell tag of this piece of worksheet XML lies in the box (a cell written
    with a namespace prefix, <x:c ...>, counts as outside)."""
    return b":c" not in xml and _OUTSIDE_BOX.search(xml) is None


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str | None,
               text: _Text | None = None) -> int:
    """Decompress one part, refusing XML declarations of entities. For a worksheet ("xlsx") or
    an ods content.xml ("ods"), return an upper bound of the cells calamine would allocate for
    its largest sheet; else 0. A worksheet is decompressed once when its cells lie in the box
    (`in_box`), a second time to measure it exactly when they do not. `text` gathers the
    shared strings' lengths and each part's string cells (guard_strings)."""
    xml = kind is not None or info.filename.lower().endswith((".xml", ".rels"))
    if kind == "xlsx":
        inside, strings = True, 0
        for chunk in _chunks(zf, info, xml):
            if text is not None and info.filename == guard_strings.SHARED:
                text.shared.feed(chunk)
            strings += guard_strings.string_cells(chunk)
            inside = inside and in_box(chunk)
        if text is not None:
            text.shared.close()
            text.cells[info.filename] = strings
        if inside:
            return _BOX_ROWS * _BOX_COLS
        extent = XlsxExtent()
        for chunk in _chunks(zf, info, xml):
            extent.feed(chunk)
        return extent.rows * extent.cols
    if kind == "ods":  # calamine reads every table of an ods when it opens it
        ods = OdsExtent()
        for chunk in _chunks(zf, info, xml):
            ods.feed(chunk)
        if ods.largest <= MAX_CELLS and ods.total > MAX_TOTAL_CELLS:
            raise ReadError(file_too_big_message())
        return ods.largest
    for _ in _chunks(zf, info, xml):
        pass
    return 0


class _Text:
    """What guard_strings needs of a package: the shared strings, each part's string cells."""

    def __init__(self):
        self.shared = guard_strings.SharedText()
        self.cells: dict = {}

    def check(self, zf: zipfile.ZipFile) -> None:
        """Refuse a package whose string cells would copy more than MAX_TEXT_BYTES of text."""
        if sum(self.cells.values()) * self.shared.longest <= guard_strings.MAX_TEXT_BYTES:
            return
        total = 0
        for part, n in self.cells.items():
            if n:
                chunks = _chunks(zf, zf.getinfo(part), True)
                total += guard_strings.exact_text(chunks, self.shared.lengths)
                if total > guard_strings.MAX_TEXT_BYTES:
                    raise guard_strings.too_much_text()


def _attr(name: bytes, attrs: bytes) -> bytes | None:
    """The value of attribute `name` (with or without a namespace prefix) in either quotes."""
    m = re.search(rb"(?:^|\s)(?:[\w.-]+:)?" + name + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""",
                  attrs)
    if not m:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2)


def _targets(target: str) -> set:
    """Every part name a relationship target of the workbook may mean (readers resolve it
    differently: relative to xl/, from the package root, with or without a leading "/")."""
    bare = target.lstrip("/")
    out = {bare, str(PurePosixPath("xl") / target) if not target.startswith("/") else bare}
    out |= {posixpath.normpath(p) for p in out}
    out.add(posixpath.normpath("xl/" + bare))
    return out


def sheet_parts(zf: zipfile.ZipFile) -> dict:
    """Worksheet part name -> sheet name, from workbook.xml and its relationships (either
    quote style, any part the relationships point to)."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    wb = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels")
    targets: dict = {}
    for m in re.finditer(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>", rels):
        rid, target = _attr(b"Id", m.group(1)), _attr(b"Target", m.group(1))
        if rid is not None and target:
            t = html.unescape(target.decode("utf-8", "replace"))
            targets[rid] = [p for p in _targets(t) if p in names]
    out = {}
    for m in re.finditer(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>", wb):
        name, rid = _attr(b"name", m.group(1)), _attr(b"id", m.group(1))
        if name is not None and rid is not None:
            for part in targets.get(rid, []):
                out[part] = html.unescape(name.decode("utf-8", "replace"))
    return out


def _part_kind(name: str) -> str | None:
    """How a zip part is measured: an ods's content.xml as tables; every other XML part as a
    worksheet (the relationships may point anywhere, so a part's name proves nothing)."""
    if name == "content.xml":
        return "ods"
    if name.lower().endswith(".xml"):
        return "xlsx"
    return None


def file_too_big_message() -> str:
    return (f"Tệp có quá nhiều ô dữ liệu (hơn {fmt_int(MAX_TOTAL_CELLS)} ô trên mọi trang tính "
            "cộng lại). Hãy xóa các trang tính, dòng, cột thừa hoặc tách tệp rồi tải lên lại.")


def too_big_message(sheet: str | None, cells: int) -> str:
    where = f"Trang tính “{sheet}”" if sheet else "Một trang tính"
    return (f"{where} có vùng dữ liệu quá lớn (khoảng {fmt_int(cells)} ô, "
            f"giới hạn {fmt_int(MAX_CELLS)} ô), thường do có ô bị gõ nhầm ở rất xa bên dưới "
            "hoặc bên phải bảng. Hãy xóa các dòng, cột thừa sau bảng rồi lưu và tải lên lại.")


def check_zip(data: bytes) -> dict:
    """Inspect a zip container before calamine opens it. Returns {sheet name: reason} for the
    sheets too large to read; raises ReadError for a container that must not be opened at all."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ReadError(MSG_TRUNCATED) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ReadError(MSG_BROKEN)
        declared = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        if declared > MAX_UNCOMPRESSED_BYTES or (
                declared > RATIO_FLOOR_BYTES and declared > MAX_RATIO * max(packed, 1)):
            raise ReadError(
                f"Tệp bị từ chối: khi giải nén, tệp nở ra tới {_mb(declared)} MB "
                f"từ {_mb(len(data))} MB (giới hạn {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB, "
                f"tỷ lệ nén tối đa {MAX_RATIO} lần) — dấu hiệu của “bom nén”. Nếu đây đúng là "
                "báo cáo, hãy mở trong Excel, xóa phần thừa, lưu lại rồi tải lên lại.")
        sheet_names = sheet_parts(zf)
        too_big = {}
        text = _Text()
        try:
            for info in infos:
                if info.is_dir():
                    continue
                name = info.filename
                kind = _part_kind(name)
                cells = _scan_part(zf, info, kind, text)
                if cells <= MAX_CELLS:
                    continue
                sheet = sheet_names.get(name)
                if kind == "ods" or sheet is None:  # calamine reads an ods whole
                    raise ReadError(too_big_message(None, cells))
                too_big[sheet] = too_big_message(sheet, cells)
            text.check(zf)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError,
                RuntimeError):
            # RuntimeError: an encrypted zip entry; the rest: truncated or lying sizes, bad CRC
            raise ReadError(MSG_TRUNCATED) from None
    return too_big


# --- OLE2 containers (.xls, encrypted OOXML) -------------------------------------------------

def looks_encrypted(data: bytes) -> bool:
    """An encrypted OOXML file is an OLE2 container holding an EncryptionInfo stream; an
    encrypted .xls has a FILEPASS record (0x002F) right after the BOF of its workbook stream."""
    if data[:8] != OLE_MAGIC:
        return False
    if "EncryptionInfo".encode("utf-16-le") in data:
        return True
    for bof, size in ((b"\x09\x08\x10\x00", 20), (b"\x09\x08\x08\x00", 12)):  # BIFF8, BIFF5
        i = data.find(bof, 512)
        while i >= 0:
            if i % 512 == 0 and data[i + size:i + size + 2] == b"\x2f\x00":
                return True
            i = data.find(bof, i + 1)
    return False


def check_size(data: bytes) -> None:
    """Refuse an empty file and one over the upload limit, before anything reads it."""
    if not data:
        raise ReadError("Tệp rỗng (0 byte). Hãy kiểm tra lại tệp đã tải về từ hệ thống.")
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"Tệp quá lớn ({_mb(len(data))} MB; giới hạn {MAX_UPLOAD_MB} MB). Báo cáo "
                        "ký số hằng tháng thường chỉ vài trăm KB: hãy xóa các trang tính, hình ảnh "
                        "không cần thiết hoặc tách tệp rồi tải lên lại.")


def check_workbook(data: bytes) -> dict:
    """Guard a workbook's bytes before calamine opens them. Returns {sheet name: reason} for the
    sheets too large to read (zip containers); raises ReadError for bytes that must not be
    opened at all (a zip bomb, XML entities, a password, not a workbook)."""
    if data.startswith(ZIP_MAGIC):
        return check_zip(data)
    if data[:8] == OLE_MAGIC:
        if looks_encrypted(data):
            raise ReadError(MSG_PASSWORD)
        from analysis.reading import guard_xls

        guard_xls.check_xls(data)  # calamine reads every sheet of an .xls when it opens it
        return {}
    # neither zip nor OLE2 (web pages, XML and text go to reading/formats/ before this)
    raise ReadError(MSG_BROKEN)

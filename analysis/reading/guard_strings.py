"""The text an .xlsx makes the reader copy: calamine gives every cell that refers to a shared
string (`<c t="s"><v>7</v></c>`) its own copy of that string, and the reader then makes a Python
string of each copy. One string of a few megabytes referred to by a few thousand cells asks for
gigabytes from a file of a few kilobytes.

`SharedText` measures xl/sharedStrings.xml (the length in bytes of each `<si>`, an upper bound
of its text); `string_cells` counts the cells that refer to one. When the cells times the longest
string could pass MAX_TEXT_BYTES, the cells' own indexes are summed exactly (`exact_text`), and a
file over the budget is refused with a Vietnamese message.
"""
from __future__ import annotations

import re

from analysis.errors import ReadError

MAX_TEXT_BYTES = 256 * 1024 * 1024  # the text of all string cells of a file, copied per cell
SHARED = "xl/sharedStrings.xml"  # where calamine reads the shared strings from

_SI = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
_INDEXED = re.compile(
    rb"""<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["']s["'][^>]*>\s*<(?:[\w.-]+:)?v>\s*(\d+)""")

MSG_TOO_MUCH_TEXT = ("Tệp bị từ chối: các ô chữ của tệp lặp lại những đoạn văn bản rất dài, khi "
                     "đọc sẽ chiếm hơn {mb} MB bộ nhớ (dấu hiệu của tệp bị sửa đổi có hại hoặc bị "
                     "hỏng). Hãy mở tệp trong Excel, xóa các ô có nội dung dài bất thường, lưu "
                     "thành tệp mới rồi tải lên lại.")


def too_much_text() -> ReadError:
    return ReadError(MSG_TOO_MUCH_TEXT.format(mb=MAX_TEXT_BYTES // 1024 // 1024))


class SharedText:
    """The length of each shared string (bytes from its <si> to the next), fed in chunks."""

    def __init__(self):
        self.lengths: list = []
        self.offset = 0  # bytes fed so far
        self.start: int | None = None  # where the last <si> began

    def feed(self, chunk: bytes) -> None:
        for m in _SI.finditer(chunk):
            at = self.offset + m.start()
            if self.start is not None:
                self.lengths.append(at - self.start)
            self.start = at
        self.offset += len(chunk)

    def close(self) -> None:
        if self.start is not None:
            self.lengths.append(self.offset - self.start)
            self.start = None

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)


def string_cells(chunk: bytes) -> int:
    """An upper bound of the cells referring to a shared string: every attribute value "s"
    (t="s", t = 's', ...), counted at the speed of bytes.count."""
    return chunk.count(b'"s"') + chunk.count(b"'s'")


def exact_text(chunks, lengths: list) -> int:
    """The bytes of shared text the cells of one worksheet part refer to. Each chunk is cut
    again before its last "<c" so that no cell is split between two."""
    total, tail = 0, b""
    n = len(lengths)
    for chunk in chunks:
        window = tail + chunk
        cut = window.rfind(b"<c")
        cut = cut if cut > 0 else len(window)
        for m in _INDEXED.finditer(window, 0, cut):
            k = int(m.group(1))
            if k < n:
                total += lengths[k]
        tail = window[cut:]
    for m in _INDEXED.finditer(tail):
        k = int(m.group(1))
        if k < n:
            total += lengths[k]
    return total

"""What a cell holds: its text, and counts and rates as they are written in real workbooks.

Texts: a cell's text as shown, single-spaced (`cell_text`, `row_texts`); characters that show
nothing (zero-width, BOM, soft hyphen, controls) taken out first (`scrub_invisible`).
Counts: 12, 12.0, "3.563" (dot for thousands), "1,855", "1 855", blank, "—".
Rates: 0.9545 (a percent-formatted cell), 95.45, "95,45", "98.89%", "100 %".
Each number reader returns a `Reading`: the value, and whether the cell was blank or unreadable,
so the caller can warn on the row instead of dropping it. Given the parse's `Memo`, a reader
looks a cell met before up instead of reading it again.
"""
from __future__ import annotations

import re
from typing import NamedTuple, cast

from analysis.reading.memo import Memo, remember

DASHES = {"-", "—", "–", "--", "x", "X", "/", "…", "..."}
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+$")
_INT = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_POINT = re.compile(r"[.,]")
# characters that show nothing but make two equal-looking names differ: zero-width space, non-
# joiner, joiner, word joiner, BOM, soft hyphen, bidi marks, C0/C1 controls but tab and line
# breaks (DEL, NUL, Excel's \x01 ...), and Excel's escape of a control character (_x0001_)
# left undecoded by a reader; a non-breaking space becomes a space
_INVISIBLE = re.compile(
    r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069"
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|_x00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])_")
_SHOWN_AS_SPACE = re.compile(r"[\u00a0\u202f\u2007]")


def cell_text(cell) -> str:
    """A cell's text, single-spaced ("" for an empty cell; 12.0 -> "12")."""
    if cell is None:
        return ""
    if type(cell) is str:  # the common case first; the same result as below
        return " ".join(cell.split())
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split())


def strip_invisible(text: str) -> str:
    """`text` without the characters that show nothing (_INVISIBLE); non-breaking spaces become
    spaces."""
    return _SHOWN_AS_SPACE.sub(" ", _INVISIBLE.sub("", text))


def scrub_invisible(rows: list) -> int:
    """Take the invisible characters out of every text cell of `rows` (in place, a row that is a
    tuple replaced by a list); returns how many cells held one. A non-breaking space alone is
    not counted: it already reads as a space."""
    texts = " ".join([c for row in rows for c in row if type(c) is str])
    if texts.isprintable() and "_x00" not in texts:  # most sheets: nothing to look for, at once
        return 0
    changed = 0
    search = _INVISIBLE.search
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if type(cell) is str and search(cell):
                if type(row) is not list:
                    row = rows[r] = list(row)
                row[c] = strip_invisible(cell)
                changed += 1
    return changed


def row_texts(cells: list) -> list:
    """[cell_text(c) for c in cells]: what a row shows, cell by cell."""
    return list(map(cell_text, cells))


class Reading(NamedTuple):  # a named tuple: made once per distinct cell, and cheaply
    value: float | None  # int for counts, float for rates
    blank: bool = False  # empty cell or a dash
    unreadable: bool = False  # text that is not a number
    decimals: int | None = None  # printed precision of a rate; None when stored as a number
    raw: object = None


BLANK = Reading(None, blank=True)


def read_count(cell, memo: Memo | None = None) -> Reading:
    """A document count. Non-integral numbers and text that is not a number are unreadable."""
    if memo is not None:
        t = type(cell)
        if t is str:
            r = memo.count_str.get(cell)
            return r if r is not None else remember(memo.count_str, cell, _read_count(cell))
        if t is float and cell:  # not 0.0 / -0.0, equal keys that are read apart (raw)
            r = memo.count_float.get(cell)
            return r if r is not None else remember(memo.count_float, cell, _read_count(cell))
    return _read_count(cell)


def count_value(cell) -> int | None:
    """read_count(cell).value, with the common cell (a whole number stored as a float) read
    without making a Reading."""
    if type(cell) is float and cell.is_integer():
        return int(cell)
    return cast("int | None", _read_count(cell).value)  # a count's reading is an int


def read_rate(cell, memo: Memo | None = None) -> Reading:
    """A printed rate, in the unit it was written (0.95 or 95); `decimals` is its precision."""
    if memo is not None and type(cell) is str:
        r = memo.rate_str.get(cell)
        return r if r is not None else remember(memo.rate_str, cell, _read_rate(cell))
    return _read_rate(cell)


def _read_count(cell) -> Reading:
    if cell is None:
        return BLANK
    if isinstance(cell, bool):
        return Reading(None, unreadable=True, raw=cell)
    if isinstance(cell, int):
        return Reading(cell, raw=cell)
    if isinstance(cell, float):
        if cell != cell:  # NaN
            return BLANK
        if cell.is_integer():
            return Reading(int(cell), raw=cell)
        return Reading(None, unreadable=True, raw=cell)
    if not isinstance(cell, str):
        return Reading(None, unreadable=True, raw=cell)
    text = _SPACES.sub("", cell)
    if not text or text in DASHES:
        return Reading(None, blank=True, raw=cell)
    if _INT.match(text):
        return Reading(int(text), raw=cell)
    if _THOUSANDS_DOT.match(text) or _THOUSANDS_COMMA.match(text):
        return Reading(int(text.replace(".", "").replace(",", "")), raw=cell)
    if re.match(r"^-?\d+[.,]0+$", text):  # "12.0", "12,00"
        return Reading(int(re.split(r"[.,]", text)[0]), raw=cell)
    return Reading(None, unreadable=True, raw=cell)


def _read_rate(cell) -> Reading:
    if cell is None:
        return BLANK
    if isinstance(cell, bool):
        return Reading(None, unreadable=True, raw=cell)
    if isinstance(cell, (int, float)):
        if cell != cell:
            return BLANK
        return Reading(float(cell), decimals=stored_decimals(cell), raw=cell)
    if not isinstance(cell, str):
        return Reading(None, unreadable=True, raw=cell)
    text = _SPACES.sub("", cell).rstrip("%")
    if not text or text in DASHES:
        return Reading(None, blank=True, raw=cell)
    if _DECIMAL.match(text):
        parts = _POINT.split(text)
        decimals = len(parts[1]) if len(parts) > 1 else 0
        return Reading(float(text.replace(",", ".")), decimals=decimals, raw=cell)
    return Reading(None, unreadable=True, raw=cell)


def stored_decimals(value) -> int:
    """Decimals of a rate stored as a number: 96.4 -> 1, 95.45 -> 2, 100 -> 0 (at most 9)."""
    text = repr(float(value))
    if "e" not in text:
        digits = text.partition(".")[2]
        if len(digits) <= 9:  # rounding to 9 decimals would give the same number back
            return len(digits.rstrip("0"))
    text = repr(round(float(value), 9))  # 0.30000000000000004 -> 0.3
    if "e" in text or "." not in text:
        return 0 if "e" not in text else 9
    return len(text.split(".")[1].rstrip("0"))


def rate_tolerance(decimals: int | None) -> float:
    """How far (in percentage points) a printed rate may be from the true one and still be right.

    One unit of the last printed digit covers both rounding and truncation:
    54/56 = 96.428…% printed 96,43 or 96,42 is right; 96,34 is not.
    """
    if decimals is None:
        return 0.01 + 1e-9
    return 10.0 ** (-decimals) + 1e-9


# rate_tolerance of the precisions met in practice, for the per-row check
TOLERANCE = {d: rate_tolerance(d) for d in (None, *range(16))}

"""Header text -> canonical field, by rules over words rather than a list of exact spellings.

Headers are compared without diacritics and case (unlike unit names): "Văn bản đi", "VAN BAN DI",
"VB đi" and "Số lượng văn bản phát hành trên phần mềm QLVB" all mean documents sent.
Abbreviations are expanded first (VB = văn bản, SL = số lượng, KS = ký số ...), then:

- a signature word (ký số) decides a signed field; its kind is leader when the header names the
  leader or a personal signature (lãnh đạo, cá nhân, thủ trưởng), agency when it names the agency
  (cơ quan, đơn vị, tổ chức), plain `signed` otherwise; a rate word (tỷ lệ, %, "=(4)/(3)") makes
  it that kind's printed rate;
- received: đến, nhận; sent: đi, gửi đi, phát hành, ban hành;
- unit: tên, cơ quan, đơn vị, UBND ... (when no count words are present);
- row number: TT, STT; notes: ghi chú;
- code: mã định danh, mã ĐVHC, mã đơn vị (electronic identifiers such as 000.00.12.H19);
- district: Huyện/TX/TP, Địa bàn, Đơn vị hành chính (layout reads it as the unit's name when
  the table has no other name column).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from analysis.periods import Period

ABBREVIATIONS = {
    "vb": "van ban", "vbd": "van ban den", "vbdi": "van ban di", "sl": "so luong",
    "ks": "ky so", "cks": "chu ky so", "qlvb": "quan ly van ban", "ld": "lanh dao",
    "cq": "co quan", "dv": "don vi", "tl": "ty le", "pt": "phan tram", "ph": "phat hanh",
}
_WORD = re.compile(r"[a-z0-9]+")
_PLAIN_NUMBER = re.compile(r"[0-9][0-9 .,]*\Z")
_LETTER = re.compile(r"[a-z]")
_RATE_FORMULA = re.compile(r"\d\s*=\s*\(")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ -> d: only for matching header words, never unit names."""
    if type(text) is not str:
        text = str(text)
    if text.isascii():  # nothing to decompose: the same as the general path, without its cost
        return text.lower()
    return _fold(text)


# The one cache the reader keeps across parses, bounded: fold is a pure function of a short text,
# called for every header cell, row label, total and period text from several modules (a parse's
# Memo does not reach them all); the benchmark's parse runs about 8% more instructions without it.
@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = _MARKS.sub("", text)  # Vietnamese marks; any other combining character below
    if text.isascii() or not any(map(unicodedata.combining, text)):
        return text
    return "".join(c for c in text if not unicodedata.combining(c))


# the combining diacritical marks block, all of combining class > 0 but U+034F
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")


def header_words(text: str) -> str:
    """Folded words with abbreviations expanded, single-spaced, padded for ' word ' tests."""
    words = []
    for w in _WORD.findall(fold(text)):
        words.append(ABBREVIATIONS.get(w, w))
    return " " + " ".join(words) + " "


def _has(words: str, *phrases: str) -> bool:
    return any(f" {p} " in words for p in phrases)


def classify_header(text) -> str | None:
    """Canonical field of one column's header text (parent and child joined), or None.

    Returns one of: unit, received, sent, signed, signed_leader, signed_agency,
    signed_rate, signed_leader_rate, signed_agency_rate, rate (kind not stated), stt, note.
    """
    if text is None:
        return None
    raw = str(text)
    if _PLAIN_NUMBER.match(raw):  # a count such as "3122" or "1.234": no header word in it
        return None
    if not _LETTER.search(fold(raw)):  # "87,78%", "5=(4)/(3)": every rule below needs a word
        return "rate" if "%" in raw or _RATE_FORMULA.search(raw) else None
    w = header_words(raw)
    if w.strip() == "":
        return "rate" if "%" in raw else None
    return _field_of_words(w, raw)


def _field_of_words(w: str, raw: str) -> str | None:
    """The field of a header with words `w` (header_words of `raw`)."""
    if re.fullmatch(r" s?tt ", w) or _has(w, "so thu tu"):
        return "stt"
    if _has(w, "ghi chu"):
        return "note"
    if _CODE.match(w):
        return "code"
    if _DISTRICT.match(w) and not _has(w, "ten", "van ban", "ky so", "so luong", "ty le"):
        return "district"
    is_rate = _has(w, "ty le", "phan tram", "dat ty le") or "%" in raw or _RATE_FORMULA.search(raw)
    if _has(w, "ky so", "chu ky so", "ky dien tu"):
        kind = _signature_kind(w)
        return f"{kind}_rate" if is_rate else kind
    if is_rate:
        return "rate"
    return _count_or_unit(w)


# a column of electronic identifiers ("Mã định danh", "Mã ĐVHC", "Mã đơn vị", "Mã số")
_CODE = re.compile(r" ma (dinh danh|dvhc|don vi|co quan|so|dien tu|ma)\b| ma \Z")
# a column naming each unit's district ("Huyện/TX/TP", "Địa bàn", "Đơn vị hành chính")
_DISTRICT = re.compile(r" (dia ban|don vi hanh chinh|huyen|quan huyen|huyen thi xa|huyen tx)\b")


def _signature_kind(w: str) -> str:
    """signed_leader, signed_agency or (kind not stated) signed, of a signature header."""
    if _has(w, "lanh dao", "ca nhan", "thu truong", "nguoi ky", "ky so ca nhan"):
        return "signed_leader"
    if _has(w, "co quan", "don vi", "to chuc", "ky so co quan"):
        return "signed_agency"
    return "signed"


def _count_or_unit(w: str) -> str | None:
    """received, sent or unit, of a header that names no signature and no rate."""
    if _has(w, "den", "nhan", "tiep nhan", "van ban den"):
        if not _has(w, "di", "gui di", "phat hanh"):
            return "received"
    if _has(w, "di", "gui di", "phat hanh", "ban hanh", "gui"):
        return "sent"
    if _has(w, "ten", "co quan", "don vi", "ubnd", "cac xa", "xa", "phuong", "thi tran",
            "dia phuong"):
        return "unit"
    return None


# --- the group headers of a year-long sheet (reading/wide.py) ------------------------------------

_YEAR = r"((?:19|20)\d{2})"
_MONTH = re.compile(r"^(?:thang|t)\s*0?(\d{1,2})(?:\s*[/.-]\s*" + _YEAR + r"|\s+nam\s+" + _YEAR
                    + r")?$")
_QUARTER = re.compile(r"^(?:quy|q)\s*(iv|i{1,3}|[1-4])(?:\s*[/.-]\s*" + _YEAR + r"|\s+nam\s+"
                      + _YEAR + r")?$")
_CUMULATIVE = re.compile(r"^(luy ke|cong don|ca nam|tong cong ca nam|tong ca nam)\b")
_GROUP_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
def group_of(text: str, year: int | None) -> tuple | None:
    """(period or None, cumulative) of a group header's text, or None when it names no month,
    quarter or cumulative total."""
    t = " ".join(fold(text).replace(":", " ").split())
    if _CUMULATIVE.match(t):
        return None, True
    m = _MONTH.match(t)
    if m and 1 <= int(m[1]) <= 12:
        y = int(m[2] or m[3] or 0) or year
        return (Period.month(y, int(m[1])) if y else None), False
    m = _QUARTER.match(t)
    if m:
        q = _GROUP_ROMAN.get(m[1]) or int(m[1])
        y = int(m[2] or m[3] or 0) or year
        return (Period.quarter(y, q) if y else None), False
    return None

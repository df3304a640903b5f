"""Unit names: the identity key that matches a unit across months, and its block.

Diacritics are meaningful (Cẩm Tân ≠ Cẩm Tâm) and are never stripped from names. What the key
does remove is what varies between files for the same unit: Unicode form, case, spacing, dash
styles, the "UBND" / "Ủy ban nhân dân" prefix, and old vs new tone placement (hoá/hóa, thuỷ/thủy).
"""
from __future__ import annotations

import re
import unicodedata

from analysis.reading.cells import strip_invisible
from analysis.reading.memo import Memo, remember

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
# o+a, o+e, u+y at the end of a syllable: old style puts the tone on the first vowel (hóa, thủy),
# new style on the second (hoá, thuỷ). The key uses the new style.
_OLD_TONE = re.compile(
    r"(?<![q])(?P<v1>[oOuU])(?P<tone>[" + TONE_MARKS + r"])(?P<v2>[aAeEyY])(?![\w\u0300-\u036f])"
)
_DASH = re.compile(r"\s*[-–—]\s*")
_PREFIX = re.compile(r"^(ubnd|ủy ban nhân dân|uỷ ban nhân dân|u\.b\.n\.d\.?)\s+")
_COMMUNE_WORD = re.compile(r"^(xã|phường|thị trấn)\b")
_LEADING_NUMBER = re.compile(r"^\s*(?:[0-9]+|[ivxlc]+|[a-z])\s*[.)/-]\s+", re.IGNORECASE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_name(text) -> str:
    """A name as written, trimmed: NFC, single spaces, no character that shows nothing
    (cells.strip_invisible: a name from any source keys as the reader's would)."""
    if text is None:
        return ""
    text = nfc(str(text))
    if not text.isprintable():  # a line break or tab too; strip_invisible keeps those
        text = strip_invisible(text)
    return " ".join(text.split())  # str.split() and re's \s agree on what is a space


def new_style_tones(text: str) -> str:
    """hóa -> hoá, thủy -> thuỷ, khỏe -> khoẻ (NFC in, NFC out)."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(r"\g<v1>\g<v2>\g<tone>", decomposed)
    return unicodedata.normalize("NFC", moved)


def name_key(name: str) -> str:
    """Normalised name: NFC, lower case, spaces, dashes, tone placement, no UBND prefix."""
    text = new_style_tones(clean_name(name)).lower()
    if "-" in text or "–" in text or "—" in text:
        text = _DASH.sub("-", text)
    if "hđnd" in text:
        text = text.replace("hđnd-ubnd", "hđnd và ubnd").replace("hđnd & ubnd", "hđnd và ubnd")
    text = text.rstrip(" .;,")
    stripped = _PREFIX.sub("", text) if text.startswith(("u", "ủ")) else text
    return stripped or text


def placed_key(key: str, block: str | None, district: str | None) -> str:
    """The identity of a unit across files, from its name's key (name_key) and its district's
    (district_key; None when the district is not known).

    A commune written without its type word ("Sơn Hà" in a communes section) gets "xã", so
    "UBND xã Sơn Hà", "Xã Sơn Hà" and "Sơn Hà" are one unit. Within a province workbook the same
    commune name recurs in several districts, so the district is part of the key when known.
    """
    if block == "commune" and not _COMMUNE_WORD.match(key):
        key = "xã " + key
    if district is not None:
        key = f"{district}/{key}"
    return key


# an electronic identifier (QCVN 102:2016/BTTTT: "000.00.12.H19", "H19.22", "000.00.00.H19"):
# letters, digits and dots, a digit in it, no spaces
_CODE = re.compile(r"[A-Za-z0-9]+(?:[.\-_/][A-Za-z0-9]+)+|[A-Za-z]*\d[A-Za-z0-9]*")


def unit_code(cell) -> str | None:
    """A code column's cell as a unit's identifier, or None when it holds none (blank, or text
    that is no code: a name, a sentence)."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = " ".join(str(cell).split())
    if not text or len(text) > 40 or not any(ch.isdigit() for ch in text):
        return None
    return text if _CODE.fullmatch(text) else None


def code_key(code: str) -> str:
    """The identity of a unit with an electronic identifier: the code, upper case, whatever the
    name's spelling or district (a code names one agency in the whole country)."""
    return "mã:" + code.upper()


def district_key(district: str) -> str:
    key = name_key(district)
    return re.sub(r"^(huyện|thị xã|thành phố|tp\.?)\s+", "", key)


# --- blocks ----------------------------------------------------------------------------------

# the rules of block_from_name, in order: (pattern on the key, block)
_BLOCK_RULES = [(re.compile(pattern), block) for pattern, block in (
    (r"^(xã|phường|thị trấn)\b", "commune"),
    (r"^(huyện|thị xã|thành phố)\b", "district"),  # and the name says UBND (below)
    (r"^sở\b", "provincial_department"),
    (r"^(văn phòng (ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd)[^,]*tỉnh)", "provincial_department"),
    (r"^(ban|thanh tra|văn phòng|bộ chỉ huy|công an|đài phát thanh|trung tâm)\b.*\btỉnh\b",
     "provincial_department"),
    (r"^(phòng|văn phòng hđnd|văn phòng ubnd|văn phòng hội đồng|thanh tra)\b", "department"),
    (r"^(trung tâm|ban quản lý|ban qlda|ban ql|đài truyền thanh|đài tt|nhà văn hóa|nhà văn hoá)\b",
     "service_unit"),
)]
_UBND = re.compile(r"^(ubnd|ủy ban|uỷ ban)")


def block_from_name(name: str, key: str | None = None) -> str | None:
    """The block a unit's own name decides, or None when the name does not decide. `key`:
    name_key(name), when the caller has it."""
    k = name_key(name) if key is None else key
    for pattern, block in _BLOCK_RULES:
        if pattern.match(k):
            if block == "district" and not _UBND.match(new_style_tones(clean_name(name)).lower()):
                continue  # "Huyện ..." without UBND: a district as a place, not its committee
            return block
    return None


def unit_name(label: str, memo: Memo) -> tuple:
    """(name as written (clean_name), name_key, block_from_name) of a unit row's label,
    remembered in the parse's memo: the same names recur in every district and every sheet."""
    found = memo.unit_names.get(label)
    if found is None:
        name = clean_name(label)
        key = name_key(name)
        found = remember(memo.unit_names, label, (name, key, block_from_name(name, key)))
    return found


def section_context(text: str) -> tuple:
    """(block or None, district or None, is_section) that a section row's text sets.

    "Khối UBND cấp xã" -> commune; "II. Các xã, thị trấn" -> commune; "CÁC SỞ, BAN, NGÀNH" ->
    provincial_department; "Huyện Quan Sơn" -> district "Huyện Quan Sơn";
    "I. Các cơ quan, đơn vị trực thuộc" mixes departments and service units -> no block.
    """
    raw = clean_name(_LEADING_NUMBER.sub("", clean_name(text)))
    k = name_key(raw)
    if not k:
        return None, None, False
    m = re.match(r"^(?:ubnd\s+)?(huyện|thị xã|thành phố)\s+(.+)$", new_style_tones(raw).lower())
    if m and not re.search(r"\b(các|cấp)\b", k):
        words = raw.split()
        # keep the name as written after "UBND"
        start = 1 if words[0].lower() == "ubnd" else 0
        return None, " ".join(words[start:]), True
    if re.search(r"\b(sở|ban ngành|ban, ngành|cấp tỉnh)\b", k):
        return "provincial_department", None, True
    if re.search(r"\b(đơn vị sự nghiệp|sự nghiệp)\b", k):
        return "service_unit", None, True
    if re.search(r"\b(phòng|phòng ban|chuyên môn)\b", k) and not re.search(r"\bxã\b", k):
        return "department", None, True
    if re.search(r"\b(cấp xã|các xã|xã, phường|xã, thị trấn|phường, xã|thị trấn)\b", k):
        return "commune", None, True
    if re.search(r"\b(cấp huyện|các huyện|huyện, thị xã|huyện, thành phố)\b", k):
        return "district", None, True
    if re.search(r"^(khối|các|cơ quan|đơn vị)\b", k):
        return None, None, True
    return None, None, False

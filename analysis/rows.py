"""Classify each row under a located header: unit, section, header, numbering, total, blank, note.

A row is judged by its label (the unit-name cell, or the first text cell when that is empty),
its row-number cell (arabic for units, roman or a letter for sections) and whether its count
cells hold numbers. Sections and totals are recognised by words, not by exact strings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .headers import fold
from .layout import Layout, _text
from .model import COUNT_FIELDS
from .names import block_from_name, section_context
from .numbers import read_count

_NUMBERING_TOKEN = re.compile(r"^(\(?\d{1,2}\)?|\(?\d{1,2}\)?\s*=.*|[A-Z]|\(?[a-z]\)?)$")
_ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$")
_SECTION_LETTER = re.compile(r"^[A-ZĐ]\.?$")
_ARABIC = re.compile(r"^\d{1,4}\.?$")
_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong|toan tinh|toan huyen|toan thanh pho|toan thi xa)\b")


@dataclass
class RowInfo:
    kind: str  # unit | section | header | numbering | total | blank | note
    label: str = ""  # the unit name, section or total text
    stt: str = ""
    counts_present: bool = False


def _is_numbering(texts: list, unit_col: int) -> bool:
    """A row such as "0 1 2 3 4 5=(4)/(3)": column numbers, the unit column's included."""
    if unit_col >= len(texts) or not texts[unit_col]:
        return False
    values = [t for t in texts if t]
    if len(values) < 3:
        return False
    if not all(_NUMBERING_TOKEN.match(t) for t in values):
        return False
    numbers = [int(re.match(r"\(?(\d+)", t)[1]) for t in values if re.match(r"\(?\d", t)]
    return len(numbers) >= 3 and all(a < b for a, b in zip(numbers, numbers[1:]))


def _is_repeated_header(texts: list, layout: Layout) -> bool:
    for cells in layout.header_cells:
        same = sum(1 for c, t in enumerate(texts) if t and c < len(cells) and cells[c] and fold(t) == fold(cells[c]))
        filled = sum(1 for t in texts if t)
        if same >= 2 and same * 2 >= filled:
            return True
    return False


def classify(cells: list, layout: Layout) -> RowInfo:
    texts = [_text(c) for c in cells]
    if not any(texts):
        return RowInfo("blank")
    if _is_numbering(texts, layout.columns["unit"]):
        return RowInfo("numbering")
    if _is_repeated_header(texts, layout):
        return RowInfo("header")
    count_cols = {layout.columns[f] for f in COUNT_FIELDS if f in layout.columns}
    rate_cols = {c for f, c in layout.columns.items() if f.endswith("_rate")}
    unit_col = layout.columns["unit"]
    stt = texts[layout.stt_column] if layout.stt_column is not None and layout.stt_column < len(texts) else ""
    label = texts[unit_col] if unit_col < len(texts) else ""
    if not label:
        skip = count_cols | rate_cols | {layout.note_column}
        label = next((t for c, t in enumerate(texts) if t and c not in skip and not _ARABIC.match(t)), "")
    counts_present = any(
        not read_count(cells[c]).blank for c in count_cols if c < len(cells)
    )
    folded = fold(label or stt)
    if _TOTAL.match(folded) or (not label and _TOTAL.match(fold(stt))):
        return RowInfo("total", label or stt, stt, counts_present)
    if not label:
        return RowInfo("note", " ".join(t for t in texts if t), stt, counts_present)
    stt_roman = bool(stt and (_ROMAN.match(stt) or _SECTION_LETTER.match(stt)))
    if not counts_present:
        block, district, is_section = section_context(label)
        if stt_roman or (is_section and not _ARABIC.match(stt) and not block_from_name(label)):
            return RowInfo("section", label, stt)
        if _ARABIC.match(stt) or block_from_name(label):
            return RowInfo("unit", label, stt, False)
        return RowInfo("note", label, stt)
    if stt_roman and section_context(label)[2]:
        return RowInfo("section", label, stt, True)
    return RowInfo("unit", label, stt, True)


def section_of(label: str) -> tuple:
    """(block, district) that a section row sets for the rows under it."""
    block, district, _ = section_context(label)
    return block, district


def total_scope(label: str) -> str:
    """'grand' for a table's total, 'sub' for a subtotal of a section or district."""
    f = fold(label)
    if re.match(r"^(tong cong|toan tinh)\b", f):
        return "grand"
    if re.match(r"^(cong|tong)\s+\S", f) and not re.match(r"^tong (so|cong)\s*$", f):
        return "sub"
    return "grand"


def district_from_sheet_name(name: Optional[str]) -> Optional[str]:
    """'Huyện Quan Sơn', 'TX Sầm Sơn', 'TP Thanh Hóa' as a sheet name names the district."""
    if not name:
        return None
    m = re.match(r"^\s*(huyện|h\.|thị xã|tx\.?|thành phố|tp\.?)\s*(\S.*)$", name.strip(), re.IGNORECASE)
    if m and not re.search(r"\d", m[2]):
        kind = {"h.": "Huyện", "tx": "Thị xã", "tx.": "Thị xã", "tp": "Thành phố", "tp.": "Thành phố"}.get(
            m[1].lower(), m[1].capitalize())
        return f"{kind} {m[2].strip()}"
    return None

"""Classify each row under a located header: unit, section, header, numbering, total, blank, note.

A row is judged by its label (the unit-name cell, or the first text cell when that is empty),
its row-number cell (arabic for units, roman or a letter for sections) and whether its count
cells hold numbers. Sections and totals are recognised by words, not by exact strings.
"""
from __future__ import annotations

import re

from analysis.model import COUNT_FIELDS
from analysis.reading.cells import cell_text, read_count
from analysis.reading.headers import fold
from analysis.reading.layout import Layout
from analysis.reading.memo import Memo, remember
from analysis.reading.names import section_context, unit_name

_NUMBERING_TOKEN = re.compile(r"^(\(?\d{1,2}\)?|\(?\d{1,2}\)?\s*=.*|[A-Z]|\(?[a-z]\)?)$")
_ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$")
_SECTION_LETTER = re.compile(r"^[A-ZĐ]\.?$")
_ARABIC = re.compile(r"^\d{1,4}\.?$")
_TOTAL = re.compile(
    r"^(tong cong|tong so|tong|cong|toan tinh|toan huyen|toan thanh pho|toan thi xa)\b")
# what may follow "Tổng", "Cộng", "Tổng cộng", "Tổng số" in a totals row's label: nothing, or
# the scope it sums (toàn tỉnh, huyện X, khối xã, các phòng, I, A, (1+2), ...); a unit's name
# that merely begins with the word goes on otherwise ("Tổng công ty ...", "Cộng đồng ...")
_TOTALS_PHRASE = re.compile(
    r"^(tong cong|tong so|tong|cong|toan)\b[\s:.,;*-]*"
    r"($|(toan|huyen|thi xa|thi tran|thanh pho|tp|tx|xa|phuong|khoi|cac|cap|so|ban|nganh|don vi"
    r"|co quan|linh vuc|phong|tinh|chung|hop|ca|[ivxlc]+|[a-z]|\d+)\b|[(\[+\d])")


# the words a footer line begins with (folded): notes, signatures, recipients
_FOOTER = re.compile(
    r"^(ghi chu|luu y|chu y|nguoi lap|nguoi tong hop|nguoi ky|lap bieu|kt\.?\s|kt\.|tm\.?\s"
    r"|tl\.?\s|pho giam doc|giam doc|pho chu tich|chu tich|pho truong|truong phong"
    r"|truong ban|chanh van phong|thu truong|noi nhan|xac nhan|ky ten|ky, ghi ro|da ky\b"
    r"|ngay\s+\d{1,2}\s+thang|ngay\s+\.+)")
# a place and date line: "Thanh Hóa, ngày 05 tháng 10 năm 2026", "…, ngày … tháng … năm 2026"
_DATE_LINE = re.compile(r"(^|,\s*)ngay\s+(\d{1,2}|\.+|…+)\s+thang\s+(\d{1,2}|\.+|…+)\s+nam\b")
# a name above that cannot end there: it goes on in the row below
_JOINING_END = re.compile(r"(\b(va|cua|cac|cho|ve|tai|tren|thuoc|truc thuoc|dau tu|cong trinh)"
                          r"|[,&(+-])\s*$")


def is_footer_text(label: str) -> bool:
    """Whether a row's text is a note, a signature block's line or a date line (what is under
    a table: body.py)."""
    f = fold(label).strip()
    return bool(_FOOTER.match(f) or _DATE_LINE.search(f))


def _is_numbering(texts: list, unit_col: int) -> bool:
    """A row such as "0 1 2 3 4 5=(4)/(3)": column numbers, the unit column's included."""
    if unit_col >= len(texts) or not texts[unit_col]:
        return False
    values = [t for t in texts if t]
    if len(values) < 3:
        return False
    if not all(_NUMBERING_TOKEN.match(t) for t in values):
        return False
    numbers = [int(m[1]) for t in values if (m := re.match(r"\(?(\d+)", t))]
    return len(numbers) >= 3 and all(a < b for a, b in zip(numbers, numbers[1:], strict=False))


def _is_repeated_header(texts: list, plan: RowPlan) -> bool:
    """Whether a row repeats a header row (after a page break): at least two of a header row's
    cells, and half the row's filled cells, say the same."""
    if not _may_repeat_header(texts, plan):
        return False
    filled = None
    n = len(texts)
    for cells in plan.header_folds:  # [(column, folded header text)] of the non-empty cells
        same = _same_as_header(texts, cells, plan.folds)
        if same >= 2:
            if filled is None:
                filled = n - texts.count("")
            if same * 2 >= filled:
                return True
    return False


def _may_repeat_header(texts: list, plan: RowPlan) -> bool:
    """False when no text of the row folds to a header cell's text: most rows hold only those
    (remembered in plan.inert, so the next rows skip them at once)."""
    maybe = set(texts)
    maybe -= plan.inert
    if not maybe:
        return False
    header_values = plan.header_values
    for t in maybe:
        if fold(t) not in header_values:
            plan.inert.add(t)
    return not maybe <= plan.inert


def _same_as_header(texts: list, cells: list, folds: dict) -> int:
    """How many of a header row's (column, folded text) cells the row repeats."""
    same = 0
    n = len(texts)
    for c, folded in cells:
        if c < n:
            t = texts[c]
            if t:
                f = folds.get(t)
                if f is None:
                    f = folds[t] = fold(t)
                if f == folded:
                    same += 1
    return same


class RowPlan:
    """What row_kind needs from a sheet's layout, worked out once per sheet instead of once per
    row, and the parse's memo of the cells read before."""

    def __init__(self, layout: Layout, memo: Memo):
        self.memo = memo
        cols = layout.columns
        self.unit_col = cols["unit"]
        self.count_cols = sorted({cols[f] for f in COUNT_FIELDS if f in cols})
        self.rate_cols = {c for f, c in cols.items() if f.endswith("_rate")}
        self.skip = set(self.count_cols) | self.rate_cols | {layout.note_column}
        # a district or code column's text is never a row's label
        self.skip |= {cols[f] for f in ("district", "code") if f in cols}
        self.stt_col = layout.stt_column
        self.header_folds = [[(c, fold(t)) for c, t in enumerate(cells) if t]
                             for cells in layout.header_cells]
        self.folds: dict = {}  # text -> fold(text), for this sheet's cells
        self.header_values = {f for cells in self.header_folds for _, f in cells}
        self.inert = {""}  # texts seen whose fold is not in header_values
        self.totals: dict = {}  # label -> whether it reads as a totals row
        self.roman: dict = {}  # row-number text -> whether it numbers a section (I, II, A.)
        # rows are read without row_kind only where a number's text can be no header cell's text
        self.quick = not any(_is_number_text(h) for h in self.header_values)


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def quick_label(cell: str, plan: RowPlan) -> str:
    """The label of a unit cell (text) of a row that may be read without row_kind, or "" when
    the row must go to row_kind whatever its other cells hold.

    Such a row (unit_rows.UnitRows.quick) can only be a unit row: its unit cell holds a name
    (not a total, not a column number, not a header's text), its row number is blank, a number
    or arabic text (plain_stt), and a count is present; row_kind would call it
    ("unit", label, stt, True)."""
    if not plan.quick:
        return ""
    label = cell_text(cell)
    if not label or _NUMBERING_TOKEN.match(label):
        return ""
    folded = fold(label)
    return "" if _TOTAL.match(folded) or folded in plan.header_values else label


def plain_stt(cell: str, memo: Memo) -> bool:
    """Whether a row-number cell (text) numbers no section (see quick_label)."""
    plain = memo.plain_stt.get(cell)
    if plain is None:
        plain = remember(memo.plain_stt, cell, not _numbers_section(cell_text(cell)))
    return plain


def _numbers_section(stt: str) -> bool:
    """A row number such as I, IV., A: the row may be a section."""
    return bool(stt and (_ROMAN.match(stt) or _SECTION_LETTER.match(stt)))


def row_kind(cells: list, texts: list, plan: RowPlan) -> tuple:
    """The kind of one row, as (kind, label, stt, counts_present): kind is one of unit, section,
    header, numbering, total, blank, note (model.ROW_KINDS but title); label is the unit name,
    section or total text. `texts` is cells.row_texts(cells)."""
    n = len(texts)
    if texts.count("") == n:
        return ("blank", "", "", False)
    unit_col = plan.unit_col
    label = texts[unit_col] if unit_col < n else ""
    # a numbering row has every text a column number, its unit column's included
    if label and _NUMBERING_TOKEN.match(label) and _is_numbering(texts, unit_col):
        return ("numbering", "", "", False)
    if _is_repeated_header(texts, plan):
        return ("header", "", "", False)
    stt_col = plan.stt_col
    stt = texts[stt_col] if stt_col is not None and stt_col < n else ""
    if not label:
        skip = plan.skip
        label = next((t for c, t in enumerate(texts)
                      if t and c not in skip and not _ARABIC.match(t)), "")
    counts_present = _counts_present(cells, plan)
    if _is_total(label, stt, plan, counts_present):
        return ("total", label or stt, stt, counts_present)
    if not label:
        return ("note", " ".join(t for t in texts if t), stt, counts_present)
    return (_labelled_kind(label, stt, counts_present, plan), label, stt, counts_present)


def _counts_present(cells: list, plan: RowPlan) -> bool:
    """Whether some count cell of the row is not blank."""
    nc = len(cells)
    memo = plan.memo
    return any(c < nc and not read_count(cells[c], memo).blank for c in plan.count_cols)


def _is_total(label: str, stt: str, plan: RowPlan, counts_present: bool = False) -> bool:
    """Whether a row's label (or, without one, its row number) says "Tổng", "Cộng", ...; a row
    shaped as a unit's (an arabic row number, counts) whose label only begins with such a word
    ("Tổng công ty Điện lực", "Cộng đồng dân cư ...") is not a total."""
    key = label or stt
    is_total = plan.totals.get(key)
    if is_total is None:
        is_total = plan.totals[key] = bool(_TOTAL.match(fold(key)))
    if is_total and label and counts_present and _ARABIC.match(stt):
        return is_totals_phrase(label)
    return bool(is_total or (not label and _TOTAL.match(fold(stt))))


def is_totals_phrase(label: str) -> bool:
    """Whether a label that begins with "Tổng"/"Cộng" reads as a totals row's ("Tổng cộng",
    "Cộng huyện Quan Sơn", "Tổng số", "Cộng (I+II)") rather than a name ("Tổng công ty Điện
    lực", "Cộng đồng dân cư thôn 3", "Tổng đội Thanh niên xung phong")."""
    return bool(_TOTALS_PHRASE.match(fold(label)))


def _labelled_kind(label: str, stt: str, counts_present: bool, plan: RowPlan) -> str:
    """section, unit or note, of a row with a label that is not a total."""
    memo = plan.memo
    stt_roman = plan.roman.get(stt)
    if stt_roman is None:
        stt_roman = plan.roman[stt] = _numbers_section(stt)
    if not counts_present:
        block, district, is_section = section_of(label, memo)
        named_block = unit_name(label, memo)[2]
        if stt_roman or (is_section and not _ARABIC.match(stt) and not named_block):
            return "section"
        if _ARABIC.match(stt) or named_block:
            return "unit"
        return "note"
    if stt_roman and section_of(label, memo)[2]:
        return "section"
    return "unit"


def section_of(label: str, memo: Memo) -> tuple:
    """names.section_context(label): (block, district, is_section), where block and district
    are what a section row sets for the rows under it."""
    found = memo.sections.get(label)
    if found is None:
        found = remember(memo.sections, label, section_context(label))
    return found


def total_scope(label: str) -> str:
    """'grand' for a table's total, 'sub' for a subtotal of a section or district."""
    f = fold(label)
    if re.match(r"^(tong cong|toan tinh)\b", f):
        return "grand"
    if re.match(r"^(cong|tong)\s+\S", f) and not re.match(r"^tong (so|cong)\s*$", f):
        return "sub"
    return "grand"


def district_from_sheet_name(name: str | None) -> str | None:
    """'Huyện Quan Sơn', 'TX Sầm Sơn', 'TP Thanh Hóa' as a sheet name names the district."""
    if not name:
        return None
    m = re.match(r"^\s*(huyện|h\.|thị xã|tx\.?|thành phố|tp\.?)\s*(\S.*)$", name.strip(),
                 re.IGNORECASE)
    if m and not re.search(r"\d", m[2]):
        kind = {"h.": "Huyện", "tx": "Thị xã", "tx.": "Thị xã", "tp": "Thành phố",
                "tp.": "Thành phố"}.get(m[1].lower(), m[1].capitalize())
        return f"{kind} {m[2].strip()}"
    return None

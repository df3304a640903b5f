"""Locate the table in a grid: its header rows and which column holds which field.

A header is one row, or up to four rows where group headers span the children under them ("Văn
bản đi" over "Tổng số" and "Có ký số", itself over "Lãnh đạo | Cơ quan"): every leaf column is
read through its whole chain of parents. A third or fourth row is taken only when it holds
words alone and makes a better mapping (a unit row never becomes a header). Merged ranges
are spread to every cell they cover;
where a file carries no merge information (CSV, some .xls), a group header is carried right over
the columns whose child cell has text and whose own cell is empty.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from analysis.model import METRICS
from analysis.reading.cells import cell_text, row_texts
from analysis.reading.headers import classify_header, fold, group_of
from analysis.reading.memo import Memo, remember

SCAN_ROWS = 60  # the header is looked for in the first rows of a sheet
REQUIRED = ("unit", "sent")
HEADER_LOOKAHEAD = 3  # rows under the best header so far that may still hold a better one
MAX_HEADER_ROWS = 4  # a header's rows: a leaf column under up to three group headers


@dataclass
class Layout:
    header_rows: list  # 0-based grid rows of the header (1 to MAX_HEADER_ROWS)
    columns: dict  # field -> 0-based column
    headers: dict  # column -> header text (parent and child joined)
    first_data_row: int  # 0-based row after the header
    stt_column: int | None = None
    note_column: int | None = None
    signature: str = ""
    # header cell texts per header row, to recognise a repeated header further down
    header_cells: list = field(default_factory=list)
    # column -> the header's texts from the top row down ("" where a row has none), for a
    # header of several rows: the groups of a year-long sheet are read from it (wide.py)
    chains: dict = field(default_factory=dict)

    @property
    def missing(self) -> list:
        return [f for f in REQUIRED if f not in self.columns]


def spread_merges(rows: list, merged: list, limit: int) -> list:
    """Copy of the first `limit` rows with every merged range filled with its top-left value."""
    top = [list(r) for r in rows[:limit]]
    for r0, c0, r1, c1 in merged:
        if r0 >= limit or r0 >= len(top) or c0 >= len(top[r0]):
            continue
        value = top[r0][c0]
        for r in range(r0, min(r1, limit - 1, len(top) - 1) + 1):
            row = top[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    row[c] = value
    return top


def _map_columns(texts: dict, memo: Memo) -> tuple:
    """Canonical fields from header texts per column; a rate whose kind is not stated takes the
    kind of the nearest signed column to its left. Returns (columns, stt, note)."""
    columns, stt, note = {}, None, None
    last_signed = None
    fields = memo.header_fields
    for col in sorted(texts):
        text = texts[col]
        f = fields[text] if text in fields else remember(fields, text, classify_header(text))
        if f is None:
            continue
        if f == "stt":
            stt = col if stt is None else stt
            continue
        if f == "note":
            note = col if note is None else note
            continue
        if f in METRICS:
            last_signed = f
        if f == "rate":
            f = f"{last_signed}_rate" if last_signed else None
            if f is None:
                continue
        if f not in columns:
            columns[f] = col
    if "unit" not in columns and "district" in columns:  # "Đơn vị hành chính" naming the units
        columns["unit"] = columns.pop("district")
    return columns, stt, note


def _score(columns: dict) -> int:
    score = len(columns)
    if "unit" in columns:
        score += 3
    if "sent" in columns:
        score += 3
    if any(m in columns for m in METRICS):
        score += 2
    return score


def joined_levels(levels: list, width: int, spread: list) -> tuple:
    """Per column, the header text of every level joined from the top ("Văn bản đi Có ký số Lãnh
    đạo"), and the chain of texts (one a level, "" where none) it was joined from.

    A level whose row carries no merge information (`spread` False) has its text carried right
    over the columns where it is empty and a deeper level has text (a group header without
    merges); a new text at one level starts new groups at the levels under it. A text equal to
    one above it (a merged cell spread down) is said once."""
    texts: dict = {}
    chains: dict = {}
    depth = len(levels)
    carried = [""] * depth
    for c in range(width):
        raw = [cell_text(row[c]) if c < len(row) else "" for row in levels]
        chain = []
        for lv in range(depth):
            t = raw[lv]
            deeper = any(raw[lv + 1:])
            if t:
                carried[lv] = t
                for below in range(lv + 1, depth):
                    carried[below] = ""
            elif lv < depth - 1 and deeper and carried[lv] and not spread[lv]:
                t = carried[lv]
            elif not deeper:
                carried[lv] = ""
            chain.append(t)
        parts: list = []
        seen: set = set()
        for t in chain:
            if t and fold(t) not in seen:
                seen.add(fold(t))
                parts.append(t)
        if parts:
            texts[c] = " ".join(parts)
            chains[c] = chain
    return texts, chains


def locate(rows: list, merged: list, memo: Memo) -> Layout | None:
    """The most plausible header in the first rows of a grid, or None when none is found."""
    limit = min(len(rows), SCAN_ROWS)
    top = spread_merges(rows, merged, limit + 1)
    width = max((len(r) for r in top), default=0)
    # every cell's text once (cell_text of a text is itself, so joined_levels may take these)
    ttop = [row_texts(row) for row in top]
    merge_rows = {m[0] for m in merged}
    best = None
    for r in range(limit):
        if (best is not None and not best[1].missing
                and r > best[1].header_rows[0] + HEADER_LOOKAHEAD):
            break  # rows this far under a complete header are data, not a better header
        row = ttop[r]
        if not any(row):
            continue
        single = {c: t for c, t in enumerate(row) if t}
        candidates = [([r], single)]
        distinct_parents = {fold(t) for t in single.values()}
        if r + 1 < len(top) and len(distinct_parents) > 1:
            candidates.extend(_deeper_candidates(ttop, r, width, merge_rows))
        for header_rows, texts in candidates:
            columns, stt, note = _map_columns(texts, memo)
            if "unit" not in columns or len(columns) < 2:
                continue
            score = _header_score(header_rows, columns, ttop)
            if score is None:
                continue
            # a two-row header must earn its second row
            if best is None or score > best[0] or (
                    score == best[0] and len(header_rows) < len(best[1].header_rows)
                    and not _grouped_over(best[1], r, ttop)):
                if (len(header_rows) == 2 and best is not None and best[1].header_rows == [r]
                        and score <= best[0]):
                    continue
                layout = Layout(
                    header_rows=header_rows, columns=columns, headers=texts,
                    first_data_row=header_rows[-1] + 1, stt_column=stt, note_column=note,
                    header_cells=[list(ttop[h]) for h in header_rows],
                )
                best = (score, layout)
    if best is None:
        return None
    layout = best[1]
    layout.signature = layout_signature(layout.headers)
    if len(layout.header_rows) > 1:
        layout.chains = joined_levels([ttop[h] for h in layout.header_rows], width,
                                      [h in merge_rows for h in layout.header_rows])[1]
    return layout


def _grouped_over(layout: Layout, r: int, ttop: list) -> bool:
    """Whether row r is a lower row of a header whose top row names column groups of months
    or quarters (a year-long sheet: the groups are part of the header, however well the row
    under them reads alone)."""
    rows = layout.header_rows
    if r not in rows[1:]:
        return False
    labels = {fold(t) for t in ttop[rows[0]] if t and group_of(t, None) is not None}
    return len(labels) >= 2


def _header_score(header_rows: list, columns: dict, ttop: list) -> int | None:
    """The score of a candidate header, or None when its third or fourth row is not a header's
    (words only, like the second)."""
    score = _score(columns)
    unit = columns["unit"]
    if len(header_rows) >= 2 and _continues_header(ttop[header_rows[1]], unit):
        score += 1  # a row of sub-headings ("Chủ tịch | Phó Chủ tịch") under group headers
    if len(header_rows) > 2 and not all(
            _continues_header(ttop[h], unit, ttop[h - 1]) for h in header_rows[2:]):
        return None
    return score


def _deeper_candidates(ttop: list, r: int, width: int, merge_rows: set) -> list:
    """The headers of two to MAX_HEADER_ROWS rows starting at row r: (rows, joined texts)."""
    out = []
    for depth in range(2, MAX_HEADER_ROWS + 1):
        if r + depth - 1 >= len(ttop):
            break
        rows = list(range(r, r + depth))
        if depth > 2 and not any(ttop[rows[-1]]):
            break
        texts, _ = joined_levels([ttop[h] for h in rows], width, [h in merge_rows for h in rows])
        out.append((rows, texts))
    return out


def _continues_header(texts: list, unit_col: int, above: list | None = None) -> bool:
    """A row of words only, none under the unit column (or there only the text above it, a
    merged cell spread down): sub-headings, not a unit or numbering row."""
    words = [t for t in texts if t]
    if not words:
        return False
    if unit_col < len(texts) and texts[unit_col]:
        if above is None or unit_col >= len(above) or above[unit_col] != texts[unit_col]:
            return False
    return all(not any(ch.isdigit() for ch in t) for t in words)


def layout_signature(headers: dict) -> str:
    """A short stable id of a header layout, to remember a column mapping chosen by the user."""
    text = "|".join(f"{c}:{fold(t)}" for c, t in sorted(headers.items()))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

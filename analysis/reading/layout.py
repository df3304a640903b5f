"""Locate the table in a grid: its header rows and which column holds which field.

A header is one row, or two rows where a group header ("Văn bản đi có ký số của lãnh đạo") spans
the children under it ("Số lượng | Tỷ lệ"). Merged ranges are spread to every cell they cover;
where a file carries no merge information (CSV, some .xls), a group header is carried right over
the columns whose child cell has text and whose own cell is empty.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from analysis.model import METRICS
from analysis.reading.cells import cell_text, row_texts
from analysis.reading.headers import classify_header, fold
from analysis.reading.memo import Memo, remember

SCAN_ROWS = 60  # the header is looked for in the first rows of a sheet
REQUIRED = ("unit", "sent")
HEADER_LOOKAHEAD = 3  # rows under the best header so far that may still hold a better one


@dataclass
class Layout:
    header_rows: list  # 0-based grid rows of the header (1 or 2)
    columns: dict  # field -> 0-based column
    headers: dict  # column -> header text (parent and child joined)
    first_data_row: int  # 0-based row after the header
    stt_column: int | None = None
    note_column: int | None = None
    signature: str = ""
    # header cell texts per header row, to recognise a repeated header further down
    header_cells: list = field(default_factory=list)

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


def _joined(parent: list, child: list, width: int, parent_spread: bool) -> dict:
    texts = {}
    carried = ""
    for c in range(width):
        p = cell_text(parent[c]) if c < len(parent) else ""
        ch = cell_text(child[c]) if c < len(child) else ""
        if p:
            carried = p
        elif ch and carried and not parent_spread:
            p = carried  # a group header without merge information
        elif not ch:
            carried = ""
        if p and ch and fold(p) != fold(ch):
            texts[c] = f"{p} {ch}"
        elif p or ch:
            texts[c] = p or ch
    return texts


def locate(rows: list, merged: list, memo: Memo) -> Layout | None:
    """The most plausible header in the first rows of a grid, or None when none is found."""
    limit = min(len(rows), SCAN_ROWS)
    top = spread_merges(rows, merged, limit + 1)
    width = max((len(r) for r in top), default=0)
    # every cell's text once (cell_text of a text is itself, so _joined may take these)
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
            has_merge = r in merge_rows
            candidates.append(([r, r + 1], _joined(row, ttop[r + 1], width, has_merge)))
        for header_rows, texts in candidates:
            columns, stt, note = _map_columns(texts, memo)
            if "unit" not in columns or len(columns) < 2:
                continue
            score = _score(columns)
            if len(header_rows) == 2 and _continues_header(ttop[r + 1], columns["unit"]):
                score += 1  # a row of sub-headings ("Chủ tịch | Phó Chủ tịch") under group headers
            # a two-row header must earn its second row
            if best is None or score > best[0] or (
                    score == best[0] and len(header_rows) < len(best[1].header_rows)):
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
    return layout


def _continues_header(texts: list, unit_col: int) -> bool:
    """A row of words only, none under the unit column: sub-headings, not a unit or numbering
    row."""
    words = [t for t in texts if t]
    if not words or (unit_col < len(texts) and texts[unit_col]):
        return False
    return all(not any(ch.isdigit() for ch in t) for t in words)


def layout_signature(headers: dict) -> str:
    """A short stable id of a header layout, to remember a column mapping chosen by the user."""
    text = "|".join(f"{c}:{fold(t)}" for c, t in sorted(headers.items()))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

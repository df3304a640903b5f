"""Build small workbooks in memory for tests: rows of cells, merged ranges, several sheets."""

from __future__ import annotations

import csv
import io

import xlsxwriter


def xlsx_bytes(sheets: dict) -> bytes:
    """sheets: {name: rows} or {name: (rows, merges)}; merges are (r0, c0, r1, c1), 0-based."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    for name, spec in sheets.items():
        rows, merges = spec if isinstance(spec, tuple) else (spec, [])
        ws = wb.add_worksheet(name)
        merged_cells = set()
        for r0, c0, r1, c1 in merges:
            value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
            ws.merge_range(r0, c0, r1, c1, value if value is not None else "")
            merged_cells |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None or (r, c) in merged_cells:
                    continue
                if isinstance(v, str):
                    ws.write_string(r, c, v)
                else:
                    ws.write(r, c, v)
    wb.close()
    return buf.getvalue()


def csv_bytes(rows: list, sep: str = ";", bom: bool = True) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(
        [["" if v is None else v for v in row] for row in rows]
    )
    text = buf.getvalue()
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xls_bytes(sheets: dict) -> bytes:
    """The legacy .xls format (BIFF8), with merged ranges, through xlwt."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for name, spec in sheets.items():
        rows, merges = spec if isinstance(spec, tuple) else (spec, [])
        ws = wb.add_sheet(name)
        covered = set()
        for r0, c0, r1, c1 in merges:
            ws.write_merge(r0, r1, c0, c1, rows[r0][c0])
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None and (r, c) not in covered:
                    ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

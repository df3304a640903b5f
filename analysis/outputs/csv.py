"""The CSV export of a units table: the rows of the app's filtered table, Vietnamese headers.

    units_table_csv(rows, columns=None) -> bytes

UTF-8 with a BOM so that Excel reads the diacritics; rates as percentages with two decimals;
text beginning with = + - @ tab or CR gets a leading single quote, so it never runs as a formula.
"""
from __future__ import annotations

import csv
import io

import pandas as pd

from analysis.frame import is_missing
from analysis.labels import column_labels
from analysis.outputs.columns import unit_columns, with_stt

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(v):
    if is_missing(v):
        return ""
    if isinstance(v, str):
        v = v.replace("\x00", "")
        return "'" + v if v.startswith(_FORMULA_START) else v
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v == v else ""
    return v


def units_table_csv(rows: pd.DataFrame, columns=None) -> bytes:
    """The same rows as CSV (UTF-8 with BOM so that Excel reads the diacritics), Vietnamese
    headers, rates as percentages with two decimals; text that could run as a formula is
    prefixed with a single quote."""
    rows = with_stt(rows)
    cols = list(columns) if columns else unit_columns(rows)
    labels = column_labels()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([labels.get(c, c) for c in cols])
    for rec in rows.to_dict("records"):
        w.writerow([_csv_cell(rec.get(c)) for c in cols])
    return out.getvalue().encode("utf-8-sig")

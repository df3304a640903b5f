"""The CSV export of a units table: the rows of the app's filtered table, Vietnamese headers.

    units_table_csv(rows, columns=None, style="vn") -> bytes

Two styles (CSV_STYLES): "vn", the default, for Excel with Vietnamese regional settings (fields
separated by ";", decimal comma: "99,39"), and "plain" ("," and "99.39") for other programs.
Both UTF-8 with a BOM so that Excel reads the diacritics; rates as percentages with up to two
decimals; counts without a thousands separator; text beginning with = + - @ tab or CR gets a
leading single quote, so it never runs as a formula.
"""
from __future__ import annotations

import csv
import io

import pandas as pd

from analysis.frame import is_missing
from analysis.labels import column_labels
from analysis.outputs.columns import unit_columns, with_stt

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# style -> (field separator, decimal mark)
CSV_STYLES = {"vn": (";", ","), "plain": (",", ".")}


def _csv_cell(v, decimal: str = "."):
    if is_missing(v):
        return ""
    if isinstance(v, str):
        v = v.replace("\x00", "")
        return "'" + v if v.startswith(_FORMULA_START) else v
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".").replace(".", decimal) if v == v else ""
    return v


def units_table_csv(rows: pd.DataFrame, columns=None, style: str = "vn") -> bytes:
    """The same rows as CSV in one of CSV_STYLES (UTF-8 with BOM so that Excel reads the
    diacritics), Vietnamese headers, rates as percentages with two decimals; text that could
    run as a formula is prefixed with a single quote."""
    if style not in CSV_STYLES:
        raise ValueError(f"unknown CSV style {style!r}")
    sep, decimal = CSV_STYLES[style]
    rows = with_stt(rows)
    cols = list(columns) if columns else unit_columns(rows)
    labels = column_labels()
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    w.writerow([labels.get(c, c) for c in cols])
    for rec in rows.to_dict("records"):
        w.writerow([_csv_cell(rec.get(c), decimal) for c in cols])
    return out.getvalue().encode("utf-8-sig")

"""The printed-rate columns of a sheet: how they are written (percent or fraction) and whether
they hold values at all.

A rate column of formulas (=D9/C9) saved by a program that does not compute them (xlsxwriter,
a system's export) stores 0 in every cell; one that stores no value reads as blank. A blank
rate is no claim and is not checked; a column of zeros while signatures exist would raise a
rate_mismatch on every row, so it is set aside with one warning (rate_column_zero).
"""
from __future__ import annotations

from analysis.model import METRICS
from analysis.reading.cells import count_value
from analysis.reading.layout import Layout

RATE_SCALE_VOTES = 40  # rows that decide whether a rate column holds fractions or percentages


def rate_scales(rows: list, layout: Layout) -> dict:
    """Per metric, 100 when its printed rates are fractions (0.9545 in a % cell), else 1."""
    scales = {}
    body = rows[layout.first_data_row:]
    nc = layout.columns.get("sent")
    for m in METRICS:
        rc, sc = layout.columns.get(f"{m}_rate"), layout.columns.get(m)
        if rc is None:
            continue
        as_pct = as_frac = 0
        for row in body:
            if rc >= len(row) or not isinstance(row[rc], (int, float)):
                continue
            value = float(row[rc])
            s = count_value(row[sc]) if sc is not None and sc < len(row) else None
            n = count_value(row[nc]) if nc is not None and nc < len(row) else None
            if s is not None and n:
                true = s / n * 100
                as_pct += abs(value - true) < 0.6
                as_frac += abs(value * 100 - true) < 0.6
            elif value > 1:
                as_pct += 1
            if as_pct + as_frac >= RATE_SCALE_VOTES:  # a column is written one way throughout
                break
        scales[m] = 100 if as_frac > as_pct else 1
    return scales


def zero_rate_columns(rows: list, layout: Layout) -> dict:
    """{metric: rows} of the rate columns that hold 0 on every row with numbers in it while the
    units signed documents (at least two such rows): formulas never computed."""
    out = {}
    body = rows[layout.first_data_row:]
    nc = layout.columns.get("sent")
    for m in METRICS:
        rc, sc = layout.columns.get(f"{m}_rate"), layout.columns.get(m)
        if rc is None or sc is None or nc is None:
            continue
        zeros = 0
        for row in body:
            if rc >= len(row) or not isinstance(row[rc], (int, float)):
                continue
            if row[rc] != 0:
                break  # a value: the column was computed
            s = count_value(row[sc]) if sc < len(row) else None
            n = count_value(row[nc]) if nc < len(row) else None
            if s and n:
                zeros += 1
        else:
            if zeros >= 2:
                out[m] = zeros
    return out


def header_of(layout: Layout, field: str) -> str:
    """The header text of a mapped column, for a message."""
    c = layout.columns.get(field)
    return layout.headers.get(c, "") if c is not None else ""


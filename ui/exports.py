"""Adapters from the pages to the export functions of analysis/ (which own the formats).

Each returns bytes. When an analysis function is not available in this version, a plain
fallback keeps the download working (and says so in its first sheet name).
"""
from __future__ import annotations

import io

import pandas as pd

from analysis.vn_format import COLUMN_LABELS

UNIT_COLUMNS = ["rank", "unit", "block_label", "district", "sent", "metric_signed", "rate",
                "status_label", "prev_rate", "delta_pp", "ytd_rate"]


def _plain_table(units: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in UNIT_COLUMNS if c in units]
    d = units[cols].copy()
    d.columns = [COLUMN_LABELS.get(c, "Văn bản ký số" if c == "metric_signed" else c) for c in cols]
    return d


def units_xlsx(units: pd.DataFrame, summary) -> bytes:
    try:
        from analysis.export_xlsx import units_table_xlsx
    except ImportError:
        units_table_xlsx = None
    if units_table_xlsx is not None:
        return units_table_xlsx(units, summary)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        _plain_table(units).to_excel(xw, sheet_name="Đơn vị", index=False)
    return buf.getvalue()


def units_csv(units: pd.DataFrame, summary) -> bytes:
    try:
        from analysis.export_xlsx import units_table_csv
    except ImportError:
        units_table_csv = None
    if units_table_csv is not None:
        return units_table_csv(units, summary)
    return _plain_table(units).to_csv(index=False).encode("utf-8-sig")


def summary_xlsx(summary, warnings=None):
    try:
        from analysis.export_xlsx import summary_xlsx as f
    except ImportError:
        return None
    return f(summary, warnings) if warnings is not None else f(summary)


def letter_text(summary, high=None):
    try:
        from analysis.letter import draft_text
    except ImportError:
        return None
    return draft_text(summary) if high is None else draft_text(summary, high=high)


def letter_docx(summary, high=None):
    try:
        from analysis.letter import draft_docx
    except ImportError:
        return None
    return draft_docx(summary) if high is None else draft_docx(summary, high=high)

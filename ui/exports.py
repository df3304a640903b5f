"""Adapters from the pages to the export functions of analysis/ (which own the formats).

Each returns bytes and takes the page's Summary (already computed for the sidebar's period,
metric, target and filters), so a download is exactly what the page shows.
"""
from __future__ import annotations

import pandas as pd


def units_xlsx(rows: pd.DataFrame, summary) -> bytes:
    from analysis.outputs.xlsx import units_table_xlsx

    title = f"Kết quả ký số các cơ quan, đơn vị {summary.label}".upper()
    return units_table_xlsx(rows, title=title, target=summary.target, metric=summary.metric)


def units_csv(rows: pd.DataFrame, summary, style: str = "vn") -> bytes:
    """style: "vn" (";" and decimal comma, for Excel with Vietnamese settings) or "plain"."""
    from analysis.outputs.csv import units_table_csv

    return units_table_csv(rows, style=style)


def summary_xlsx(summary, warnings: pd.DataFrame | None = None, notes=None) -> bytes:
    from analysis.outputs.xlsx import summary_xlsx as _summary_xlsx

    return _summary_xlsx(None, warnings=warnings, notes=notes, summary=summary)


def appendix_xlsx(summary) -> bytes:
    from analysis.outputs.xlsx import appendix_xlsx as _appendix_xlsx

    return _appendix_xlsx(summary)


def letter_text(summary, profile=None, high: float | None = None) -> str:
    """The whole letter as plain text, for the office profile (None: the level's defaults)."""
    from analysis.outputs.letter import draft_text

    return draft_text(None, high=high, summary=summary, profile=profile)


def letter_docx(summary, profile=None, high: float | None = None) -> bytes:
    from analysis.outputs.letter import draft_docx

    return draft_docx(None, high=high, summary=summary, profile=profile)


def deck_request(d) -> dict:
    """What the meeting deck needs, taken while the page runs (the download makes the deck
    later, outside the page's run): the Summary, the frame under the sidebar's filters, the
    trend the overview draws (all three cached), the filters to name on the title slide."""
    from ui import session
    from ui.letter_views import current_profile

    summary = d.summary
    s = session.settings()
    profile, _ = current_profile(summary)  # the workspace's office profile, else the defaults
    return {"frame": d.filtered_frame(), "summary": summary, "office": profile.body or None,
            "blocks": s.blocks, "districts": s.districts,
            "trend_frame": d.trend(summary.metric)}


def deck_pptx(request: dict) -> bytes:
    from analysis.outputs.deck import deck_input
    from analysis.outputs.deck import deck_pptx as _deck_pptx

    return _deck_pptx(deck_input(**request))


def deck_pdf(request: dict) -> bytes:
    """The same deck as PDF (LibreOffice); raises PdfError with a Vietnamese message."""
    from analysis.outputs.pdf import to_pdf

    return to_pdf(deck_pptx(request), ".pptx")


def pdf_available() -> bool:
    from analysis.outputs.pdf import soffice

    return soffice() is not None

"""Báo cáo: the Excel summary, the appendix, the meeting deck (.pptx, PDF), the letter
(office profile, prose to copy, .docx and PDF)."""
import pandas as pd
import streamlit as st

from analysis.frame import warnings_frame
from analysis.outputs.appendix import text_rows
from analysis.outputs.safety import safe_filename
from analysis.vn_format import fmt_rate
from ui import exports, letter_views, tables, views
from ui import strings as S

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _appendix_table(summary) -> pd.DataFrame:
    """The appendix as shown (Vietnamese text), once per Summary."""
    rows = text_rows(summary, S.COL_UNIT, S.COL_SENT, S.METRIC_SHORT, pct=fmt_rate)
    return pd.DataFrame(rows).fillna("")


def workbook_downloads(d, stem: str) -> None:
    """The Excel summary (with the warnings and notes of the loaded files) and the appendix."""
    summary, notes, wb_list = d.summary, d.notes, d.workbooks
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(S.RP_XLSX,
                       data=lambda: exports.summary_xlsx(summary, warnings_frame(wb_list), notes),
                       file_name=f"tong_hop_ky_so_{stem}.xlsx", help=S.RP_XLSX_HELP,
                       type="primary", mime=XLSX_MIME, on_click="ignore",
                       icon=":material/download:", key="rp_xlsx")
    c2.download_button(S.RP_APPENDIX_XLSX, data=lambda: exports.appendix_xlsx(summary),
                       file_name=f"phu_luc_{stem}.xlsx", on_click="ignore",
                       icon=":material/table:", mime=XLSX_MIME, key="rp_appendix")


def deck_downloads(d, stem: str) -> None:
    """The meeting deck: PowerPoint, and PDF where LibreOffice is installed."""
    st.subheader(S.RP_DECK)
    st.caption(S.RP_DECK_HELP)
    request = exports.deck_request(d)  # cached parts only: the deck is made on the click
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(S.RP_DECK_PPTX, data=lambda: exports.deck_pptx(request),
                       file_name=f"trinh_chieu_{stem}.pptx", mime=PPTX_MIME, on_click="ignore",
                       icon=":material/slideshow:", key="rp_deck_pptx")
    if exports.pdf_available():
        c2.download_button(S.RP_DECK_PDF, data=lambda: exports.deck_pdf(request),
                           file_name=f"trinh_chieu_{stem}.pdf", mime="application/pdf",
                           on_click="ignore", icon=":material/picture_as_pdf:",
                           key="rp_deck_pdf")
    else:
        c2.caption(S.RP_DECK_NO_PDF)


def main() -> None:
    d = views.require_summary()
    summary = d.summary
    st.header(S.RP_HEADER.format(period=summary.label))
    st.caption(views.subtitle(summary))
    st.write(S.RP_INTRO)
    stem = safe_filename(summary.period)
    workbook_downloads(d, stem)
    deck_downloads(d, stem)
    tab_letter, tab_profile, tab_appendix = st.tabs([S.RP_LETTER, S.PF_HEADER, S.RP_APPENDIX])
    with tab_letter:
        letter_views.letter(d, stem)
    with tab_profile:
        letter_views.profile_tab(d)
    with tab_appendix:
        app = d.derived("appendix_table", _appendix_table)
        numbers = [c for c in app.columns if c != S.COL_UNIT]  # STT, counts, rates: right
        config = tables.right_aligned(numbers, {"STT": 52})
        config[S.COL_UNIT] = st.column_config.TextColumn(S.COL_UNIT, width=300)
        st.dataframe(app, hide_index=True, width="stretch", height=min(38 + 35 * len(app), 620),
                     column_config=config)


main()

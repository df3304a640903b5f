"""The CSS every page carries (drawn by ui/sidebar.py before the page).

Streamlit 1.67 has no Vietnamese for the toolbars it puts on charts ("Show data", "Download as
PNG", "Copy Vega-Lite spec", "Fullscreen") and tables ("Show/hide columns", "Download as CSV",
"Search", "Fullscreen"), nor for a table's column menu ("Sort ascending", "Pin column", its
statistics), and no option to turn them off. They are hidden here, the last resort: every
chart has its own Vietnamese PNG button under it, the units page its own search and Excel and
CSV downloads (in the Vietnamese style), and a click on a column header still sorts.
(Multiselects drop their "Select all" by `select_all=False`; the date picker is replaced by two
text boxes in ui/file_report.py.)
"""
from __future__ import annotations

from analysis.reading.guard import MAX_UPLOAD_MB

# The uploader takes any type (the reader refuses other files in Vietnamese); the one refusal
# left to the browser is a file over server.maxUploadSize, said in English: said again here.
_TOO_LARGE = (f"Không tải lên được: tệp lớn hơn {MAX_UPLOAD_MB} MB (hoặc mạng bị gián đoạn). Hãy "
              "xóa các trang tính không cần rồi lưu lại, hoặc tách thành nhiều tệp, rồi tải lại.")

CSS = """
<style>
[data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stDataFrameColumnMenu"] { display: none !important; }
/* no empty band above the page title (Streamlit leaves ~6rem for its hidden header) */
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; }
/* the elements that only carry CSS or preload links: no 16 px gap each above the title */
[data-testid="stElementContainer"]:has([data-testid="stMarkdownContainer"] > style:first-child),
[data-testid="stElementContainer"]:has([data-testid="stMarkdownContainer"] > link:first-child) {
  display: none !important; }
/* a laptop's 1,366 px: 2rem sides instead of 5rem, the units table's columns in view */
@media (max-width: 1600px) {
  [data-testid="stMainBlockContainer"] { padding-left: 2rem !important;
    padding-right: 2rem !important; } }
[data-testid="stSidebarHeader"] { margin-bottom: 0 !important; height: 2.75rem !important; }
/* the chip's reason is for screen readers only, in English: shown, in Vietnamese */
[data-testid="stFileChip"] { flex-wrap: wrap; max-width: 34rem; }
[data-testid="stFileUploader"] [role="alert"] {
  font-size: 0 !important; position: static !important; width: 100% !important;
  height: auto !important; clip: auto !important; clip-path: none !important;
  overflow: visible !important; white-space: normal !important; margin: 0 !important; }
[data-testid="stFileUploader"] [role="alert"]::after {
  content: "TOO_LARGE"; font-size: 0.8rem; color: #B3261E; display: block; }
</style>
""".replace("TOO_LARGE", _TOO_LARGE)

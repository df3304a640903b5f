"""The upload page says what the reader once dropped without a word: two sheets of one month
combined and a unit in both (the notes), a CSV quote left open (the file's error)."""
from pathlib import Path

from tests.support.apptest_util import new_app, upload
from ui import strings as S
from ui.safe_text import md

SILENT = Path(__file__).resolve().parents[1] / "fixtures" / "silent"


def test_upload_page_says_sheets_combined_and_quote_open():
    names = ["mot_thang_trung_don_vi.xlsx", "ngoac_kep_mo.csv"]
    at = upload(new_app(), *[(n, (SILENT / n).read_bytes()) for n in names])
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert f"{S.UP_NOTES} (2)" in labels
    markdowns = [m.value for m in at.markdown]
    notes = next(m for m in markdowns if "đã được ghép" in m)
    assert md("“Khối sở”, “Khối huyện” của mot_thang_trung_don_vi.xlsx") in notes
    assert "1 đơn vị có ở cả" in notes and md("(“Sở Tư pháp”)") in notes
    errors = [e.value for e in at.error]
    assert any(md("ngoac_kep_mo.csv") in e and "mở ở dòng 7" in e for e in errors), errors

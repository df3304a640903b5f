"""The upload page reads the formats of analysis/reading/formats/ like a workbook: a web page
named .xls, an Excel 2003 XML spreadsheet, Excel's Unicode Text, and a TCVN3 workbook, whose
conversion is said among the sheet's warnings."""
from pathlib import Path

from tests.support.apptest_util import new_app, upload
from ui import strings as S

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def test_uploaded_formats_are_read_and_the_legacy_font_conversion_is_shown():
    names = ["xuat_excel_web.xls", "excel_2003.xml", "unicode_text.txt", "tcvn3.xlsx"]
    at = upload(new_app(), *[(n, (FORMATS / n).read_bytes()) for n in names])
    markdowns = [m.value for m in at.markdown]
    assert markdowns.count(S.UP_UNITS_FOUND.format(n=6)) == 4
    messages = [str(v) for df in at.dataframe for v in df.value.get(S.COL_MESSAGE, [])]
    assert "Trang tính dùng phông chữ cũ TCVN3 (ABC); đã chuyển sang Unicode." in messages
    assert not at.exception and not at.error

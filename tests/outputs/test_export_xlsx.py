"""The Excel summary and the filtered-table exports, read back with openpyxl."""
from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from analysis.figures import compute
from analysis.outputs.csv import units_table_csv
from analysis.outputs.xlsx import SHEET_NAMES, appendix_xlsx, summary_xlsx, units_table_xlsx
from tests.support.frames import frame_from, seed000_records


@pytest.fixture(scope="module")
def seed000():
    return frame_from(seed000_records())


@pytest.fixture(scope="module")
def book(seed000):
    data = summary_xlsx(seed000, target=80)
    return data, openpyxl.load_workbook(io.BytesIO(data))


def _find_row(ws, text, col=2):
    for row in ws.iter_rows():
        if row[col - 1].value == text:
            return row
    raise AssertionError(text)


def _no_formulas(wb):
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


def test_sheets_and_overview_numbers(book, seed000):
    data, wb = book
    assert wb.sheetnames == ["Tổng quan theo khối", "Tất cả đơn vị", "Đơn vị chưa đạt", "Phụ lục",
                             "Cảnh báo dữ liệu"]
    ws = wb[SHEET_NAMES["overview"]]
    assert ws["A1"].value == "TỔNG HỢP KÝ SỐ VĂN BẢN ĐIỆN TỬ THÁNG 11/2020"
    assert ws["A4"].value == "Khối" and ws["A4"].font.b
    s = compute(seed000, target=80)
    dep = s.blocks.iloc[0]
    row = [c.value for c in ws[5]]
    assert row[:5] == ["Khối các phòng chuyên môn", 13, 9, dep["sent"], dep["signed"]]
    assert row[5] == pytest.approx(dep["rate"] / 100)
    assert row[6] == pytest.approx(0.8)
    assert row[11] == pytest.approx(dep["ytd_rate"] / 100)
    total = [c.value for c in ws[8]]
    assert total[0] == "Tổng cộng" and total[3] == 657 and total[4] == 481
    assert ws["A8"].font.b
    assert ws["F5"].number_format == "0.00%" and ws["D5"].number_format == "#,##0"
    assert ws.freeze_panes == "B5"
    # the native chart: block rates as columns, the target as a line
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert "<c:barChart>" in xml and "<c:lineChart>" in xml
    assert "'Tổng quan theo khối'!$F$5:$F$7" in xml and "'Tổng quan theo khối'!$G$5:$G$7" in xml


def test_all_units_and_below_target(book):
    _, wb = book
    ws = wb[SHEET_NAMES["units"]]
    head = [c.value for c in ws[4]]
    assert head[:7] == ["STT", "Tên cơ quan, đơn vị", "Khối", "Huyện", "Văn bản gửi đi",
                        "Văn bản ký số", "Tỷ lệ ký số (%)"]
    assert "Tình trạng" in head and "Tỷ lệ lũy kế ký số (%)" in head
    assert ws.max_row == 4 + 37
    assert ws.auto_filter.ref == f"A4:{openpyxl.utils.get_column_letter(len(head))}41"
    assert ws.freeze_panes == "C5"
    vhtt = _find_row(ws, "Phòng Văn hóa và Thông tin")
    vals = dict(zip(head, [c.value for c in vhtt], strict=True))
    assert (vals["Văn bản gửi đi"], vals["Văn bản ký số"]) == (22, 21)
    assert round(vals["Tỷ lệ ký số (%)"] * 100, 2) == 95.45
    assert round(vals["Tỷ lệ lũy kế ký số (%)"] * 100, 2) == 47.62
    assert vals["Tình trạng"] == "Đạt chỉ tiêu"
    # below-target rates are highlighted, the others are not
    rate_col = head.index("Tỷ lệ ký số (%)")
    noi_vu = _find_row(ws, "Phòng Nội vụ")
    assert noi_vu[rate_col].fill.fgColor.rgb.endswith("FFC7CE")
    assert not vhtt[rate_col].fill.fgColor.rgb.endswith("FFC7CE")
    ytd_col = head.index("Tỷ lệ lũy kế ký số (%)")
    assert vhtt[ytd_col].fill.fgColor.rgb.endswith("FFC7CE")  # 47,62% < 80%
    # page set-up: A4 landscape, fit to width, header repeated
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # fitted to one page wide (the default width) and any number of pages tall
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$4:$4"
    below = wb[SHEET_NAMES["below"]]
    names = [r[1] for r in below.iter_rows(min_row=5, values_only=True)]
    assert len(names) == 21  # 6 below target + 15 that signed nothing
    assert "Phòng Nội vụ" in names and "Phòng Văn hóa và Thông tin" not in names


def test_appendix_layout(book):
    _, wb = book
    ws = wb[SHEET_NAMES["appendix"]]
    assert ws["A1"].value == "PHỤ LỤC"
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A5:A6", "B5:B6", "C5:C6", "D5:E5", "F5:F6"} <= merged
    assert ws["D5"].value == "Văn bản ký số"
    assert ws["D6"].value == "Số lượng" and ws["E6"].value == "Tỷ lệ"
    assert [ws["A7"].value, ws["B7"].value] == ["I", "Khối các phòng chuyên môn"]
    assert ws["B7"].font.b
    sections = [(r[0], r[1]) for r in ws.iter_rows(min_row=7, values_only=True)
                if isinstance(r[0], str)]
    assert sections == [("I", "Khối các phòng chuyên môn"), ("II", "Khối các đơn vị sự nghiệp"),
                        ("III", "Khối UBND cấp xã")]
    last = [c.value for c in ws[ws.max_row]]
    assert last[1] == "Tổng cộng" and last[2] == 657 and last[3] == 481
    assert last[4] == pytest.approx(481 / 657)
    assert ws.cell(ws.max_row, 2).font.b
    # numbering restarts in each section; source order kept
    units = [r for r in ws.iter_rows(min_row=8, values_only=True) if isinstance(r[0], int)]
    assert units[0][:2] == (1, "Phòng Nông nghiệp và PTNT") and len(units) == 37
    assert [u for u in units if u[1] == "Trung tâm quản lý đất đai"][0][0] == 1
    ytế = [u for u in units if u[1] == "Phòng Y tế"][0]
    assert ytế[2:5] == (5, 0, 0) and ytế[5] == "Không ký số"
    assert ws.print_title_rows == "$5:$6"
    assert appendix_xlsx(compute(frame_from(seed000_records()), target=80))[:2] == b"PK"


def test_two_signature_kinds_in_the_appendix():
    f = frame_from([
        {"period": "2021-03", "unit": "Phòng Dân tộc", "block": "department", "sent": 2,
         "signed_leader": 0, "signed_agency": 0},
        {"period": "2021-03", "unit": "Xã Sơn Điện", "block": "commune", "sent": 56,
         "signed_leader": 54, "signed_agency": 56},
    ])
    wb = openpyxl.load_workbook(io.BytesIO(summary_xlsx(f)))
    ws = wb[SHEET_NAMES["appendix"]]
    assert ws["D5"].value == "Văn bản đi có ký số của lãnh đạo"
    assert ws["F5"].value == "Văn bản gửi đi có ký số cơ quan"
    assert {"D5:E5", "F5:G5", "H5:H6"} <= {str(m) for m in ws.merged_cells.ranges}
    son_dien = _find_row(ws, "Xã Sơn Điện")
    assert [c.value for c in son_dien[2:5]] == [56, 54, pytest.approx(54 / 56)]
    assert son_dien[6].value == 1
    units = wb[SHEET_NAMES["units"]]
    head = [c.value for c in units[4]]
    assert "Tỷ lệ ký số lãnh đạo (%)" in head and "Tỷ lệ ký số cơ quan (%)" in head
    assert "Văn bản ký số" not in head  # a kind the data does not have is not shown


HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+Phòng Nội vụ", "-1+2", "@SUM(A1)", "\tTab",
           "\rCR", "=1+1"]


def test_text_from_data_is_never_a_formula():
    recs = [{"period": "2021-03", "unit": name, "block": "other", "district": name,
             "sent": 10, "signed": i} for i, name in enumerate(HOSTILE)]
    f = frame_from(recs)
    import pandas as pd
    warnings = pd.DataFrame([{"file": "=evil.xlsx", "sheet": "+S", "period": "2021-03", "row": 3,
                              "unit": "=HYPERLINK(1)", "code": "rate_mismatch",
                              "message": "-bad"}])
    wb = openpyxl.load_workbook(io.BytesIO(summary_xlsx(f, warnings=warnings,
                                                        notes=["=note"])))
    _no_formulas(wb)
    names = {r[1] for r in wb[SHEET_NAMES["units"]].iter_rows(min_row=5, values_only=True)}
    # xlsxwriter stores CR as the OOXML escape _x000D_, which Excel reads back as CR
    assert {n.replace("_x000D_", "\r") for n in names} == set(HOSTILE)
    assert "=HYPERLINK(\"http://x\",\"y\")" in names and "+Phòng Nội vụ" in names
    w = wb[SHEET_NAMES["warnings"]]
    rows = list(w.iter_rows(min_row=4, values_only=True))
    assert rows[0][:2] == ("=evil.xlsx", "+S") and rows[1][6] == "=note"
    s = compute(f)
    t = openpyxl.load_workbook(io.BytesIO(units_table_xlsx(s.units)))
    _no_formulas(t)
    assert "=1+1" in {r[1] for r in t.active.iter_rows(values_only=True)}
    text = units_table_csv(s.units).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    names = [r[1] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in names and "'+Phòng Nội vụ" in names
    assert "'@SUM(A1)" in names and "'\tTab" in names and "'-1+2" in names
    assert all(n.startswith("'") for n in names)


def test_units_table_exports_exactly_the_rows_given(seed000):
    s = compute(seed000, target=80)
    rows = s.units[(s.units["block"] == "commune") & (s.units["status"] == "signed_nothing")]
    assert len(rows) == 10
    wb = openpyxl.load_workbook(io.BytesIO(units_table_xlsx(rows, title="Các xã chưa ký số",
                                                            target=80)))
    ws = wb.active
    assert ws.title == "Đơn vị" and ws["A1"].value == "Các xã chưa ký số"
    body = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(body) == 10 and {r[1] for r in body} == set(rows["unit"])
    head = [c.value for c in ws[3]]
    assert head[:3] == ["STT", "Tên cơ quan, đơn vị", "Khối"]
    assert ws.auto_filter.ref.startswith("A3:") and ws.freeze_panes == "A4"
    data = units_table_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0][:3] == ["STT", "Tên cơ quan, đơn vị", "Khối"] and len(parsed) == 11


def test_csv_for_vietnamese_excel_by_default_plain_as_a_choice(seed000):
    s = compute(seed000, target=80)
    vhtt = s.units[s.units["unit"] == "Phòng Văn hóa và Thông tin"]
    vn = units_table_csv(vhtt)
    assert vn.startswith(b"\xef\xbb\xbf")
    text = vn.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("STT;Tên cơ quan, đơn vị;Khối;")
    p = list(csv.reader(io.StringIO(text), delimiter=";"))
    rec = dict(zip(p[0], p[1], strict=True))
    assert rec["Tỷ lệ ký số (%)"] == "95,45" and rec["Văn bản gửi đi"] == "22"
    assert rec["Tỷ lệ lũy kế (%)"] == "47,62"
    plain = units_table_csv(vhtt, style="plain")
    assert plain.startswith(b"\xef\xbb\xbf")
    p = list(csv.reader(io.StringIO(plain.decode("utf-8-sig"))))
    rec = dict(zip(p[0], p[1], strict=True))
    assert rec["Tỷ lệ ký số (%)"] == "95.45" and rec["Tỷ lệ lũy kế (%)"] == "47.62"
    assert p[0][1] == "Tên cơ quan, đơn vị"  # quoted: the comma stays in the header
    with pytest.raises(ValueError):
        units_table_csv(vhtt, style="excel")


def test_empty_selection_still_opens(seed000):
    s = compute(seed000, target=80)
    none = s.units.iloc[0:0]
    ws = openpyxl.load_workbook(io.BytesIO(units_table_xlsx(none))).active
    assert [c.value for c in ws[1]][:3] == ["STT", "Tên cơ quan, đơn vị", "Khối"]
    assert ws.max_row == 1
    text = units_table_csv(none).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1

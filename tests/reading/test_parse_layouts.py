"""Layouts the seeds do not show: invented to cover what real files vary in."""
import io
from datetime import date

import pandas as pd
import pytest

from analysis.errors import ReadError
from analysis.reading.parse import parse_bytes
from tests.support.workbooks import csv_bytes, xlsx_bytes


def province_rows(subtotal_qs=(55, 50)):
    return [
        ["BÁO CÁO TỶ LỆ KÝ SỐ VĂN BẢN THÁNG 02 NĂM 2022"],
        [],
        ["STT", "Cơ quan, đơn vị", "VB đi", "VB đi có ký số cá nhân", None,
         "VB đi có ký số cơ quan", None],
        [None, None, None, "SL", "TL (%)", "SL", "TL (%)"],
        ["A", "CÁC SỞ, BAN, NGÀNH"],
        [1, "Sở Tài chính", 100, 90, 90, 100, 100],
        [2, "Ban Dân tộc", 10, 10, 100, 10, 100],
        ["B", "CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ"],
        ["I", "Huyện Quan Sơn"],
        [1, "UBND huyện Quan Sơn", 30, 30, 100, 30, 100],
        [2, "Phòng Nội vụ", 10, 5, 50, 5, 50],
        [3, "Sơn Hà", 15, 15, 100, 15, 100],
        [None, "Cộng huyện Quan Sơn", *subtotal_qs[:1], subtotal_qs[1], None, 50, None],
        ["II", "Huyện Cẩm Thủy"],
        [1, "UBND huyện Cẩm Thủy", 20, 10, 50, 20, 100],
        [2, "UBND xã Sơn Hà", 5, 5, 100, 5, 100],
        [None, "Cộng huyện Cẩm Thủy", 25, 15, None, 25, None],
        [None, "Tổng cộng", 190, 165, None, 185, None],
        [],
        [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"],
    ]


def test_province_sections_districts_blocks_and_subtotals():
    data = xlsx_bytes({"T02-2022": (province_rows(), [(2, 3, 2, 4), (2, 5, 2, 6)])})
    s = parse_bytes(data, "tinh.xlsx").sheets[0]
    assert s.period.start == date(2022, 2, 1)
    got = [(u.unit, u.block, u.district) for u in s.units]
    assert got == [
        ("Sở Tài chính", "provincial_department", None),
        ("Ban Dân tộc", "provincial_department", None),
        ("UBND huyện Quan Sơn", "district", "Huyện Quan Sơn"),
        ("Phòng Nội vụ", "department", "Huyện Quan Sơn"),
        ("Sơn Hà", "other", "Huyện Quan Sơn"),
        ("UBND huyện Cẩm Thủy", "district", "Huyện Cẩm Thủy"),
        ("UBND xã Sơn Hà", "commune", "Huyện Cẩm Thủy"),
    ]
    # the same commune name in two districts is two units
    assert s.units[4].key != s.units[6].key
    assert s.units[6].key == "cẩm thuỷ/xã sơn hà"
    assert [w.code for w in s.warnings] == []
    kinds = {r.row: r.kind for r in s.skipped_rows}
    assert kinds == {1: "title", 2: "blank", 3: "header", 4: "header", 5: "section", 8: "section",
                     9: "section", 13: "total", 14: "section", 17: "total", 18: "total",
                     19: "blank", 20: "footer"}
    assert s.columns["signed_leader_rate"] == 4 and s.columns["signed_agency"] == 5


def test_subtotal_that_disagrees_is_flagged_on_its_row():
    data = xlsx_bytes({"T02-2022": province_rows(subtotal_qs=(55, 49))})
    s = parse_bytes(data, "tinh.xlsx").sheets[0]
    w = [w for w in s.warnings if w.code == "total_mismatch"]
    assert [x.row for x in w] == [13]


def test_group_header_without_merge_information_in_csv():
    rows = [
        ["Phụ lục tháng 4/2022"],
        ["TT", "Đơn vị", "Văn bản đi", "Ký số lãnh đạo", "", "Ký số cơ quan", ""],
        ["", "", "", "Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ"],
        ["1", "Xã A Lưới", "10", "9", "90%", "10", "100%"],
        ["2", "Phòng Y tế", "4", "4", "100%", "3", "75%"],
    ]
    s = parse_bytes(csv_bytes(rows, sep=","), "bao_cao.csv").sheets[0]
    assert s.columns == {"unit": 1, "sent": 2, "signed_leader": 3, "signed_leader_rate": 4,
                         "signed_agency": 5, "signed_agency_rate": 6}
    assert [(u.unit, u.row, u.signed_agency) for u in s.units] == [("Xã A Lưới", 4, 10),
                                                                   ("Phòng Y tế", 5, 3)]
    assert s.warnings == [] and s.sheet is None and s.period.start == date(2022, 4, 1)


def test_rates_stored_as_fractions_in_percent_cells():
    rows = [["Tháng 5/2022"], ["TT", "Tên đơn vị", "Văn bản đi", "Văn bản ký số", "Tỷ lệ"],
            [1, "Phòng Tư pháp", 22, 21, 21 / 22], [2, "Phòng Y tế", 8, 8, 1.0],
            [3, "Xã B", 5, 1, 0.9]]
    s = parse_bytes(xlsx_bytes({"S": rows}), "x.xlsx").sheets[0]
    assert [(w.code, w.row) for w in s.warnings] == [("rate_mismatch", 5)]


def test_table_not_at_a1_keeps_true_row_numbers():
    rows = [[], [], [None, None, "UBND HUYỆN X"], [],
            [None, None, "STT", "Tên cơ quan", "Tổng số văn bản đi", "Số văn bản ký số"],
            [None, None, 1, "Phòng Nội vụ", 10, 10],
            [None, None, 2, "Phòng Tư pháp", 12, 11]]
    s = parse_bytes(xlsx_bytes({"03-2021": rows}), "x.xlsx").sheets[0]
    assert [(u.unit, u.row) for u in s.units] == [("Phòng Nội vụ", 6), ("Phòng Tư pháp", 7)]
    assert {r.row: r.kind for r in s.skipped_rows} == {1: "blank", 2: "blank", 3: "title",
                                                      4: "blank", 5: "header"}


def test_bad_cells_are_warnings_and_no_row_is_dropped():
    rows = [["STT", "Đơn vị", "Văn bản đến", "Văn bản đi", "Số văn bản ký số"],
            [1, "Phòng Nội vụ", 5, "mười", 3],
            [2, "Phòng Tư pháp", 5, 10, 12],
            [3, "Phòng Y tế", 5, -1, 0],
            [4, "Phòng Dân tộc", None, None, None],
            [5, "Phòng Nội vụ", 1, 2, 2],
            [None, None, 7, 8, 9]]
    s = parse_bytes(xlsx_bytes({"Tháng 1-2022": rows}), "x.xlsx").sheets[0]
    assert [u.row for u in s.units] == [2, 3, 4, 5, 6]
    assert s.units[0].sent is None and s.units[3].sent is None
    got = sorted((w.row, w.code) for w in s.warnings)
    assert got == [(2, "unreadable_number"), (3, "signed_exceeds_sent"),
                   (4, "negative_count"), (5, "missing_count"), (6, "duplicate_unit"),
                   (7, "unnamed_row")]
    assert {r.row: r.kind for r in s.skipped_rows}[7] == "note"


def test_cover_sheet_and_other_kind_of_table_are_skipped_with_reasons():
    seed004 = [["Phụ lục"], ["TT", "Đơn vị", "VB có ký số", None, "VB trình ký đúng quy trình"],
               [None, None, "Chủ tịch", "Phó Chủ tịch", None], [1, "UBND Xã Tam Thanh", 22, 24, 46]]
    data = xlsx_bytes({"Bìa": [["UBND HUYỆN QUAN SƠN"], ["Báo cáo tháng 8/2020"]],
                       "Phu luc": (seed004, [(1, 2, 1, 3)]),
                       "T08-2020": [["TT", "Đơn vị", "Văn bản đi", "Văn bản ký số"],
                                    [1, "Phòng Nội vụ", 3, 3]],
                       "Trống": []})
    r = parse_bytes(data, "x.xlsx")
    assert [s.sheet for s in r.sheets] == ["T08-2020"]
    reasons = {s.sheet: s.reason for s in r.skipped_sheets}
    assert set(reasons) == {"Bìa", "Phu luc", "Trống"}
    assert "không có dòng tiêu đề" in reasons["Bìa"]
    assert "thiếu cột văn bản gửi đi" in reasons["Phu luc"] and "Đơn vị" in reasons["Phu luc"]
    assert reasons["Trống"] == "Trang tính trống."
    skipped = next(s for s in r.skipped_sheets if s.sheet == "Phu luc")
    assert skipped.columns["unit"] == 1 and skipped.header_rows[0] == 2


def test_user_column_mapping_and_period_override():
    rows = [["Mã", "Cơ sở", "Cột A", "Cột B"], [1, "Phòng Nội vụ", 10, 9], [2, "Phòng Y tế", 4, 4]]
    data = xlsx_bytes({"Sheet1": rows})
    assert parse_bytes(data, "x.xlsx").sheets == []
    from analysis.model import Period
    p = Period(date(2022, 7, 1), date(2022, 7, 31))
    r = parse_bytes(data, "x.xlsx", {"columns": {"Sheet1": {"unit": 1, "sent": 2, "signed": 3}},
                                     "periods": {"Sheet1": p}})
    s = r.sheets[0]
    assert [(u.unit, u.sent, u.signed, u.row) for u in s.units] == [("Phòng Nội vụ", 10, 9, 2),
                                                                    ("Phòng Y tế", 4, 4, 3)]
    assert s.period == p and s.period_source == "user"


def test_ods_and_section_block_for_bare_commune_names():
    df = pd.DataFrame([["Khối UBND cấp xã", None, None], ["Sơn Hà", 4, 4], ["Tam Lư", 3, 0]],
                      columns=["Đơn vị", "Văn bản gửi đi", "Văn bản ký số"])
    buf = io.BytesIO()
    df.to_excel(buf, engine="odf", index=False, sheet_name="Thang 3-2021")
    s = parse_bytes(buf.getvalue(), "x.ods").sheets[0]
    assert [(u.unit, u.block, u.key, u.row) for u in s.units] == [
        ("Sơn Hà", "commune", "xã sơn hà", 3), ("Tam Lư", "commune", "xã tam lư", 4)]
    assert s.period.start == date(2021, 3, 1)


@pytest.mark.parametrize("data,name,needle", [
    (b"not a workbook at all", "x.xlsx", "không phải bảng tính"),
    (b"", "x.xlsx", "rỗng"),
    (b"abc", "x.pdf", "không được hỗ trợ"),
])
def test_unreadable_files_raise_read_error_in_vietnamese(data, name, needle):
    with pytest.raises(ReadError) as e:
        parse_bytes(data, name)
    assert needle in e.value.message


def test_truncated_xlsx_is_a_read_error():
    data = xlsx_bytes({"S": [["TT", "Đơn vị", "Văn bản đi"], [1, "Phòng Y tế", 3]]})
    with pytest.raises(ReadError):
        parse_bytes(data[: len(data) // 2], "x.xlsx")

import pytest

from analysis.reading.headers import classify_header


@pytest.mark.parametrize("text,field", [
    ("TT", "stt"), ("STT", "stt"), ("Số thứ tự", "stt"), ("Ghi chú", "note"),
    ("Tên cơ quan", "unit"), ("Đơn vị", "unit"), ("Tên cơ quan, đơn vị", "unit"),
    ("Tên cơ quan, đơn vị; UBND các xã, thị trấn", "unit"), ("UBND các xã, thị trấn", "unit"),
    ("Văn bản đến", "received"), ("VB đến", "received"), ("Số văn bản nhận", "received"),
    ("Văn bản gửi đi", "sent"), ("Văn bản đi", "sent"), ("VB đi", "sent"), ("VAN BAN DI", "sent"),
    ("Số lượng văn bản phát hành trên phần mềm QLVB", "sent"), ("Tổng số văn bản đi", "sent"),
    ("Số VB ban hành", "sent"),
    ("Số lượng văn bản ký số", "signed"), ("Số văn bản ký số", "signed"), ("SL VB KS", "signed"),
    ("Văn bản đi có ký số của lãnh đạo Số lượng", "signed_leader"),
    ("Văn bản đi có ký số của lãnh đạo Tỷ lệ", "signed_leader_rate"),
    ("Văn bản gửi đi có ký số cơ quan Số lượng", "signed_agency"),
    ("Văn bản đi có ký số Cơ Quan Tỷ lệ 7=(6)/(3)", "signed_agency_rate"),
    ("Ký số cá nhân", "signed_leader"), ("Ký số đơn vị", "signed_agency"),
    ("VB có chữ ký số của thủ trưởng", "signed_leader"), ("Tỷ lệ ký số (%)", "signed_rate"),
    ("Đạt tỷ lệ %", "rate"), ("Tỷ lệ", "rate"), ("5=(4)/(3)", "rate"),
    ("Số lượng", None), ("Năm", None), (None, None),
])
def test_header_rules(text, field):
    assert classify_header(text) == field


@pytest.mark.parametrize("text,field", [
    ("Huyện/TX/TP", "district"), ("Địa bàn", "district"), ("Đơn vị hành chính", "district"),
    ("Huyện", "district"), ("Tên huyện", "unit"), ("UBND huyện", "unit"),
    ("Các xã thuộc huyện", "unit"), ("Số VB đi của huyện", "sent"),
    ("Mã định danh", "code"), ("Mã ĐVHC", "code"), ("Mã đơn vị", "code"),
    ("Tên cơ quan, đơn vị", "unit"),
])
def test_district_and_code_columns(text, field):
    assert classify_header(text) == field


@pytest.mark.parametrize("text,expected", [
    ("Tháng 1", (1, 0)), ("T1", (1, 0)), ("Tháng 01/2026", (1, 2026)), ("T02/2026", (2, 2026)),
    ("THÁNG 12 NĂM 2025", (12, 2025)), ("Quý I", ("q1", 0)), ("Quý IV/2026", ("q4", 2026)),
    ("Lũy kế", "cumulative"), ("Luỹ kế từ đầu năm", "cumulative"), ("Cả năm", "cumulative"),
    ("Văn bản đi", None), ("Tháng 13", None), ("Tổng số", None),
])
def test_group_headers_of_a_year_long_sheet(text, expected):
    from analysis.reading.headers import group_of

    found = group_of(text, 2024)
    if expected is None:
        assert found is None
    elif expected == "cumulative":
        assert found == (None, True)
    else:
        period, cumulative = found
        what, year = expected
        assert not cumulative and period.start.year == (year or 2024)
        if isinstance(what, int):
            assert period.is_month and period.start.month == what
        else:
            assert period.start.month == (int(what[1]) - 1) * 3 + 1 and period.months == 3

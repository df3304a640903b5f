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

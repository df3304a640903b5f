"""The office profile: per-level defaults in the names of the data's era, the level guessed from
an office's name and the data, and a stored profile read back defensively."""
from __future__ import annotations

from datetime import date

from analysis.profile import (
    OfficeProfile,
    defaults,
    from_office,
    guess_level,
    header_lines,
)

BEFORE = date(2021, 12, 31)
BETWEEN = date(2025, 4, 30)  # after Sở TT&TT merged into Sở KH&CN, before the two tiers
AFTER = date(2025, 8, 31)


def test_district_defaults():
    p = from_office("UBND huyện Tuần Giáo", period_end=BEFORE)
    assert (p.level, p.body, p.place, p.symbol, p.speaker) == (
        "district", "Ủy ban nhân dân huyện Tuần Giáo", "Tuần Giáo", "UBND-VHTT", "UBND huyện")
    assert p.recipients == ["Các cơ quan, đơn vị trên địa bàn huyện", "UBND các xã, thị trấn"]
    assert p.authority_line == "KT. CHỦ TỊCH" and p.signer_title == "Phó Chủ tịch"
    assert header_lines(p) == ("", ("ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO"))
    town = from_office("UBND thị xã Mường Lay", period_end=BEFORE)
    assert town.speaker == "UBND thị xã" and town.recipients[0].endswith("trên địa bàn thị xã")


def test_province_names_follow_the_reforms():
    old = defaults("province", BEFORE, "Sở Thông tin và Truyền thông tỉnh Điện Biên")
    assert (old.parent, old.body, old.symbol, old.place) == (
        "UBND tỉnh Điện Biên", "Sở Thông tin và Truyền thông", "STTTT-CĐS", "Điện Biên")
    assert old.recipients == ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"]
    # no name given: the Sở of the era (Sở Khoa học và Công nghệ from 1 March 2025)
    assert defaults("province", BEFORE).body == "Sở Thông tin và Truyền thông"
    mid = defaults("province", BETWEEN)
    assert mid.body == "Sở Khoa học và Công nghệ" and mid.symbol == "SKHCN-CĐS"
    assert mid.recipients[1] == "UBND các huyện, thị xã, thành phố"
    new = defaults("province", AFTER, "Sở Khoa học và Công nghệ tỉnh Điện Biên")
    assert new.recipients == ["Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu"]
    assert new.request_to.endswith("Chủ tịch UBND các xã, phường, đặc khu")
    assert header_lines(new) == ("UBND TỈNH ĐIỆN BIÊN", ("SỞ KHOA HỌC VÀ CÔNG NGHỆ",))
    assert (new.signer_authority, new.signer_for, new.signer_title) == (
        "KT.", "Giám đốc", "Phó Giám đốc")
    ubnd = from_office("UBND tỉnh Điện Biên", period_end=AFTER)
    assert ubnd.level == "province" and ubnd.parent == "" and ubnd.speaker == "UBND tỉnh"
    assert header_lines(ubnd) == ("", ("ỦY BAN NHÂN DÂN", "TỈNH ĐIỆN BIÊN"))


def test_commune_defaults():
    p = from_office("UBND phường Điện Biên Phủ", period_end=AFTER)
    assert (p.level, p.body, p.place, p.speaker) == (
        "commune", "Ủy ban nhân dân phường Điện Biên Phủ", "Điện Biên Phủ", "UBND phường")
    assert p.recipients == ["Các phòng chuyên môn, đơn vị thuộc UBND phường",
                            "Trung tâm Phục vụ hành chính công phường"]
    assert p.report_via == "Văn phòng HĐND và UBND phường"
    zone = from_office("UBND đặc khu Côn Đảo", period_end=AFTER)
    assert zone.speaker == "UBND đặc khu" and header_lines(zone)[1] == ("ỦY BAN NHÂN DÂN",
                                                                       "ĐẶC KHU CÔN ĐẢO")


def test_level_guessed_from_the_name_then_the_data():
    assert guess_level("UBND huyện Quan Sơn") == "district"
    assert guess_level("Sở Khoa học và Công nghệ") == "province"
    assert guess_level("UBND xã Sơn Hà") == "commune"
    assert guess_level("UBND thị trấn Sơn Lư") == "commune"
    assert guess_level("", ["provincial_department", "commune"], BEFORE) == "province"
    assert guess_level("", ["department", "commune"], BEFORE) == "district"
    assert guess_level("", ["department"], AFTER) == "commune"
    assert guess_level("Văn phòng", ["department"], BEFORE) == "district"


def test_round_trip_and_bad_stored_values():
    p = from_office("UBND huyện Tuần Giáo", period_end=BEFORE)
    p.signer_name, p.target, p.high = "Vũ Văn Đức", 80.0, 60.0
    assert OfficeProfile.from_dict(p.to_dict()) == p
    bad = {"level": "planet", "body": 5, "recipients": "not a list", "reply_days": -3,
           "target": 250, "high": "x", "unknown": 1, "signer_name": "Lò Văn A"}
    q = OfficeProfile.from_dict(bad)
    d = defaults("district")
    assert q.level == "district" and q.body == d.body and q.recipients == d.recipients
    assert q.reply_days == d.reply_days and q.target is None and q.high is None
    assert q.signer_name == "Lò Văn A"
    assert OfficeProfile.from_dict(None) == defaults("district")

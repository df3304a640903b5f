import unicodedata

import pytest

from analysis.reading.names import (
    block_from_name,
    district_key,
    name_key,
    new_style_tones,
    placed_key,
    section_context,
)


def unit_key(name, block=None, district=None):
    """The key the reader gives a unit row (unit_rows.UnitRows.identity)."""
    return placed_key(name_key(name), block, district_key(district) if district else None)


def test_tone_placement_old_and_new_are_one_key():
    assert new_style_tones("Phòng Văn hóa") == "Phòng Văn hoá"
    assert new_style_tones("Sơn Thủy") == "Sơn Thuỷ"
    assert new_style_tones("khỏe") == "khoẻ"
    assert name_key("Phòng Văn hóa và Thông tin") == name_key("Phòng Văn hoá và Thông tin")
    assert name_key("Xã Sơn Thủy") == name_key("Xã Sơn Thuỷ")
    # tone on the main vowel of a closed syllable is not moved
    assert new_style_tones("Hoàng Thùy Quý") == "Hoàng Thuỳ Quý"
    assert new_style_tones("Quỳnh") == "Quỳnh"


def test_key_never_strips_diacritics():
    assert unit_key("UBND xã Cẩm Tân") != unit_key("UBND xã Cẩm Tâm")
    assert unit_key("UBND xã Cẩm Tân") == "xã cẩm tân"


def test_key_unicode_case_spaces_prefix():
    nfd = unicodedata.normalize("NFD", "UBND xã Sơn Hà")
    assert unit_key(nfd) == unit_key("UBND  xã   Sơn Hà ") == unit_key("Xã Sơn Hà") == "xã sơn hà"
    assert unit_key("Ủy ban nhân dân xã Sơn Hà") == "xã sơn hà"
    assert unit_key("Sơn Hà", block="commune") == "xã sơn hà"
    assert (unit_key("Văn phòng HĐND – UBND") == unit_key("Văn phòng HĐND - UBND")
            == unit_key("Văn phòng HĐND-UBND"))
    assert unit_key("UBND xã Sơn Hà", "commune", "Huyện Quan Sơn") == "quan sơn/xã sơn hà"


@pytest.mark.parametrize("name,block", [
    ("Phòng Nội vụ", "department"), ("Văn phòng HĐND - UBND", "department"),
    ("Thanh tra huyện", "department"), ("Thanh tra", "department"),
    ("Trung tâm Dịch vụ nông nghiệp", "service_unit"),
    ("Ban quản lý dự án đầu tư xây dựng", "service_unit"),
    ("Ban QLDA", "service_unit"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "provincial_department"),
    ("UBND xã Sơn Hà", "commune"), ("Xã Trung Tiến", "commune"),
    ("UBND thị trấn Phong Sơn", "commune"),
    ("Thị trấn Sơn Lư", "commune"), ("UBND thị trấn", "commune"), ("Phường Điện Biên", "commune"),
    ("Sở Tài chính", "provincial_department"), ("Ban Dân tộc tỉnh", "provincial_department"),
    ("Văn phòng UBND tỉnh", "provincial_department"),
    ("UBND huyện Quan Sơn", "district"), ("UBND thị xã Sầm Sơn", "district"),
    ("UBND thành phố Thanh Hóa", "district"),
    ("Hội Nông dân", None), ("Ban Dân tộc", None),
])
def test_block_from_name(name, block):
    assert block_from_name(name) == block


@pytest.mark.parametrize("text,block,district", [
    ("Khối UBND cấp xã", "commune", None), ("II. Các xã, thị trấn", "commune", None),
    ("Khối các phòng chuyên môn", "department", None),
    ("Khối các đơn vị sự nghiệp", "service_unit", None),
    ("CÁC SỞ, BAN, NGÀNH", "provincial_department", None),
    ("I. Các cơ quan, đơn vị trực thuộc", None, None),
    ("Huyện Quan Sơn", None, "Huyện Quan Sơn"), ("3. Thị xã Sầm Sơn", None, "Thị xã Sầm Sơn"),
])
def test_section_context(text, block, district):
    b, d, is_section = section_context(text)
    assert (b, d, is_section) == (block, district, True)

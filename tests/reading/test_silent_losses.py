"""Nothing dropped without a word: the fixtures of tests/fixtures/silent/ (written by
tests/support/make_silent_files.py) read end to end, and the pieces that decide them: sheets of
one period combined (frame.units_frame), a CSV quote left open refused with its line
(formats/text.py), names that begin with "Tổng"/"Cộng" kept as units (rows.py), invisible
characters taken out of names and said (cells.scrub_invisible)."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import ReadError
from analysis.frame import units_frame
from analysis.reading.cells import scrub_invisible, strip_invisible
from analysis.reading.formats.text import read_text
from analysis.reading.names import name_key
from analysis.reading.parse import parse_bytes, parse_file
from analysis.reading.rows import is_totals_phrase
from tests.support import make_silent_files
from tests.support.workbooks import csv_bytes

SILENT = Path(__file__).resolve().parents[1] / "fixtures" / "silent"


def test_fixtures_are_what_the_script_writes_and_small():
    written = make_silent_files.files()
    assert set(written) == {p.name for p in SILENT.iterdir()}
    for name, data in written.items():
        assert (SILENT / name).read_bytes() == data, \
            f"{name}: run python tests/support/make_silent_files.py"
        assert len(data) < 100_000, name


# --- several sheets of one period ------------------------------------------------------------

def test_one_sheet_per_district_of_one_month_combine_into_the_month():
    wb = parse_file(SILENT / "mot_thang_hai_huyen.xlsx")
    assert [(s.sheet, s.period.code, len(s.units)) for s in wb.sheets] == [
        ("Huyện Quan Sơn", "2024-11", 3), ("Huyện Mường Lát", "2024-11", 3)]
    frame, notes = units_frame([wb])
    assert len(frame) == 6 and set(frame["period"]) == {"2024-11"}
    assert list(frame["sheet"]) == ["Huyện Quan Sơn"] * 3 + ["Huyện Mường Lát"] * 3
    # the same commune name in two districts: two units
    son_ha = frame[frame["unit"] == "UBND xã Sơn Hà"]
    assert list(son_ha["district"]) == ["Huyện Quan Sơn", "Huyện Mường Lát"]
    assert list(son_ha["sent"]) == [40, 18]
    assert frame["sent"].sum() == 40 + 35 + 60 + 30 + 22 + 18
    assert notes == ["Kỳ tháng 11/2024: các trang tính “Huyện Quan Sơn”, “Huyện Mường Lát” của "
                     "mot_thang_hai_huyen.xlsx cùng kỳ báo cáo, đã được ghép thành một kỳ "
                     "(6 đơn vị)."]


def test_a_unit_in_two_sheets_of_one_month_is_kept_once_and_noted():
    wb = parse_file(SILENT / "mot_thang_trung_don_vi.xlsx")
    frame, notes = units_frame([wb])
    assert len(frame) == 5
    tu_phap = frame[frame["key"] == "sở tư pháp"]
    assert len(tu_phap) == 1  # the first sheet's row, not a silent replacement by the second
    assert (tu_phap.iloc[0]["sheet"], tu_phap.iloc[0]["sent"]) == ("Khối sở", 80)
    assert len(notes) == 2 and "đã được ghép" in notes[0] and "(5 đơn vị)" in notes[0]
    assert notes[1] == ("Kỳ tháng 11/2024: 1 đơn vị có ở cả mot_thang_trung_don_vi.xlsx / Khối sở "
                        "và mot_thang_trung_don_vi.xlsx / Khối huyện (“Sở Tư pháp”); lấy số liệu "
                        "ở mot_thang_trung_don_vi.xlsx / Khối sở, bỏ dòng ở "
                        "mot_thang_trung_don_vi.xlsx / Khối huyện. Hãy kiểm tra hai trang tính "
                        "này.")


def test_a_later_file_of_the_same_month_still_replaces_the_combined_sheets():
    first = parse_file(SILENT / "mot_thang_hai_huyen.xlsx")
    later = parse_file(SILENT / "mot_thang_trung_don_vi.xlsx")
    frame, notes = units_frame([first, later])
    assert set(frame["file"]) == {"mot_thang_trung_don_vi.xlsx"} and len(frame) == 5
    assert notes[0] == ("Kỳ tháng 11/2024 đã có số liệu từ mot_thang_hai_huyen.xlsx / Huyện Quan "
                        "Sơn, mot_thang_hai_huyen.xlsx / Huyện Mường Lát; thay bằng số liệu từ "
                        "mot_thang_trung_don_vi.xlsx / Khối sở.")
    assert "đã được ghép" in notes[1] and "Khối huyện" in notes[1]


def test_the_same_workbook_read_twice_replaces_rather_than_combines():
    a = parse_file(SILENT / "mot_thang_hai_huyen.xlsx")
    b = parse_file(SILENT / "mot_thang_hai_huyen.xlsx")
    frame, notes = units_frame([a, b])
    assert len(frame) == 6  # not 6 and 6 duplicates
    assert "thay bằng số liệu từ mot_thang_hai_huyen.xlsx / Huyện Quan Sơn" in notes[0]
    assert not any("có ở cả" in n for n in notes)


# --- a quote left open -----------------------------------------------------------------------

def test_a_quote_left_open_is_refused_naming_its_line():
    with pytest.raises(ReadError) as e:
        parse_file(SILENT / "ngoac_kep_mo.csv")
    assert e.value.message == (
        "Tệp CSV có dấu ngoặc kép (\") mở ở dòng 7 mà không đóng lại, nên mọi dòng sau đó bị đọc "
        "thành một ô. Hãy sửa dòng 7 (xóa dấu \" thừa hoặc thêm dấu đóng) rồi tải lên lại.")


def test_a_quote_left_open_mid_file_and_closed_far_below_is_refused():
    lines = ["STT;Tên cơ quan;Văn bản đi", "1;Phòng Nội vụ;4", '2;"Phòng Tư pháp;5']
    lines += [f"{i};UBND xã {i};3" for i in range(3, 200)] + ['200;x";1', "201;Phòng Y tế;2"]
    with pytest.raises(ReadError, match="mở ở dòng 3 "):
        read_text(("\n".join(lines) + "\n").encode())


def test_quoted_cells_with_a_few_line_breaks_still_read():
    text = 'STT;"Tên cơ quan,\nđơn vị";Văn bản đi\n1;"Phòng\nNội vụ";4\n2;Phòng Tư pháp;"5"\n'
    rows = read_text(text.encode())[0].rows
    assert rows == [["STT", "Tên cơ quan,\nđơn vị", "Văn bản đi"], ["1", "Phòng\nNội vụ", "4"],
                    ["2", "Phòng Tư pháp", "5"]]
    last = read_text(b'a;b\n1;"x\ny"\n')[0].rows  # a closed quote at the very end
    assert last == [["a", "b"], ["1", "x\ny"]]


# --- names that begin with Tổng / Cộng -------------------------------------------------------

def test_units_named_tong_or_cong_are_units_and_the_totals_row_a_total():
    wb = parse_file(SILENT / "ten_bat_dau_tong_cong.csv")
    sheet = wb.sheets[0]
    assert [u.unit for u in sheet.units] == [
        "Phòng Nội vụ", "Tổng công ty Điện lực miền Bắc", "Cộng đồng dân cư thôn 3",
        "Tổng đội Thanh niên xung phong", "Tổng cục Thuế - Chi cục Thuế khu vực", "Phòng Tư pháp"]
    assert [u.sent for u in sheet.units] == [13, 44, 5, 9, 17, 8]
    totals = [s for s in sheet.skipped_rows if s.kind == "total"]
    assert [(s.row, s.text) for s in totals] == [(10, "Tổng cộng")]
    assert sheet.warnings == []  # the totals row agrees with the six units


def test_totals_rows_with_a_row_number_stay_totals():
    rows = [["BÁO CÁO KÝ SỐ THÁNG 11 NĂM 2024"], ["STT", "Tên đơn vị", "Văn bản đi", "Ký số"],
            ["I", "Khối phòng", None, None], [1, "Phòng Nội vụ", 10, 9], [2, "Phòng Tư pháp", 5, 5],
            [3, "Cộng khối phòng", 15, 14], [4, "Tổng công ty Điện lực", 7, 7],
            [5, "Tổng cộng toàn huyện", 22, 21]]
    sheet = parse_bytes(csv_bytes(rows), "t11.csv").sheets[0]
    assert [u.unit for u in sheet.units] == ["Phòng Nội vụ", "Phòng Tư pháp",
                                             "Tổng công ty Điện lực"]
    assert [s.text for s in sheet.skipped_rows if s.kind == "total"] == [
        "Cộng khối phòng", "Tổng cộng toàn huyện"]


@pytest.mark.parametrize("label", [
    "Tổng", "Tổng cộng", "Cộng", "Tổng số", "TỔNG CỘNG:", "Cộng huyện Quan Sơn",
    "Tổng cộng toàn tỉnh", "Toàn tỉnh", "Cộng (I+II)", "Cộng I", "Cộng khối xã", "Cộng A",
    "Tổng số đơn vị", "Cộng các phòng", "Tổng hợp chung", "Cộng cả huyện"])
def test_totals_phrases(label):
    assert is_totals_phrase(label)


@pytest.mark.parametrize("label", [
    "Tổng công ty Điện lực", "Cộng đồng dân cư thôn 3", "Tổng đội Thanh niên xung phong",
    "Tổng cục Thuế", "Tổng Liên đoàn Lao động"])
def test_names_that_merely_begin_with_tong_or_cong(label):
    assert not is_totals_phrase(label)


# --- invisible characters --------------------------------------------------------------------

def test_invisible_characters_leave_names_before_they_are_keyed():
    wb = parse_file(SILENT / "ky_tu_an.xlsx")
    oct_, nov = wb.sheets
    assert [u.unit for u in nov.units] == ["Phòng Nội vụ", "Phòng Tư pháp",
                                           "Văn phòng HĐND và UBND", "UBND xã Sơn Hà"]
    assert [u.key for u in nov.units] == [u.key for u in oct_.units]
    assert [(w.code, w.row, w.message) for w in nov.warnings] == [(
        "invisible_characters", None,
        "Đã xóa ký tự ẩn (khoảng trắng độ rộng 0, ký tự điều khiển…) trong 4 ô; tên đơn vị được "
        "đọc như khi không có các ký tự này.")]
    assert oct_.warnings == []
    frame, notes = units_frame([wb])
    assert notes == [] and frame["key"].nunique() == 4 and len(frame) == 8
    assert not frame["unit"].str.contains("[\u200b\u200d\u2060\ufeff\u00ad\x01]").any()


def test_a_nul_beyond_the_first_4_kb_of_a_csv_is_taken_out():
    sheet = parse_file(SILENT / "ky_tu_an.csv").sheets[0]
    assert len(sheet.units) == 203
    assert [u.unit for u in sheet.units[-3:]] == ["Phòng Nội vụ", "Phòng Tư pháp",
                                                  "Trung tâm Văn hóa"]
    assert [w.code for w in sheet.warnings] == ["invisible_characters"]
    assert "trong 3 ô" in sheet.warnings[0].message


def test_strip_invisible():
    assert strip_invisible("Phòng\u200b Nội\u00a0vụ") == "Phòng Nội vụ"
    assert strip_invisible("\ufeffSở\u00ad Y\u200c tế\x00\x01\x1f\x7f") == "Sở Y tế"
    assert strip_invisible("Xã_x0001_ Sơn Hà_x001F_") == "Xã Sơn Hà"
    assert strip_invisible("Xã_x005F_A\tB\nC") == "Xã_x005F_A\tB\nC"  # an escaped "_", spaces
    assert name_key(strip_invisible("Phòng\u200b Nội vụ")) == name_key("Phòng Nội vụ")


def test_scrub_invisible_counts_cells_and_replaces_tuples():
    rows = [("Phòng\u200b Nội vụ", 3, None), ["Sở Y tế", "a\x01"], ["Phòng\u00a0Tư pháp"]]
    assert scrub_invisible(rows) == 2
    assert rows == [["Phòng Nội vụ", 3, None], ["Sở Y tế", "a"], ["Phòng\u00a0Tư pháp"]]


def test_names_from_any_source_key_without_invisible_characters():
    from analysis.reading.names import clean_name

    assert clean_name("\ufeffPhòng\u200b Nội\u00a0vụ\x00") == "Phòng Nội vụ"
    assert name_key("UBND xã Sơn\u2060 Hà\u00ad") == name_key("UBND xã Sơn Hà") == "xã sơn hà"


def test_one_parse_result_passed_twice_replaces_rather_than_combines():
    wb = parse_file(SILENT / "mot_thang_trung_don_vi.xlsx")
    frame, notes = units_frame([wb, wb])
    assert list(frame["sheet"]) == ["Khối sở"] * 3 + ["Khối huyện"] * 2
    assert len(notes) == 3 and notes[0].endswith(
        "; thay bằng số liệu từ mot_thang_trung_don_vi.xlsx / Khối sở.")
    assert "đã được ghép thành một kỳ (5 đơn vị)" in notes[1]
    assert notes[2].startswith("Kỳ tháng 11/2024: 1 đơn vị có ở cả")

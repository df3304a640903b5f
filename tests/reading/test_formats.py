"""The file formats documents systems and Excel really save (analysis/reading/formats/): each
fixture of tests/fixtures/formats/ (written by tests/support/make_format_files.py) read end to
end with parse_bytes, whatever its extension says; hostile variants refused quickly in bounded
memory; the legacy-font charts round-trip every Vietnamese letter."""
import subprocess
import sys
import time
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest

from analysis.model import ReadError
from analysis.reading import grid
from analysis.reading.formats import legacy_fonts as L
from analysis.reading.formats import sniff
from analysis.reading.grid import read_grids
from analysis.reading.parse import parse_bytes
from tests.support import make_format_files

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "fixtures" / "formats"

# (unit, block, district, received, sent, signed, signed_leader, signed_agency)
UNITS = [
    ("Phòng Nội vụ", "department", None, None, 1204, None, 1190, 1204),
    ("Phòng Tư pháp", "department", None, None, 45, None, 40, 45),
    ("Văn phòng HĐND và UBND", "department", None, None, 380, None, 377, 376),
    ("UBND xã Tam Chung", "commune", None, None, 96, None, 90, 96),
    ("UBND xã Pù Nhi", "commune", None, None, 58, None, 29, 50),
    ("UBND thị trấn Mường Lát", "commune", None, None, 120, None, 0, 0),
]
SECTIONS = ["Khối các phòng chuyên môn", "Khối UBND cấp xã"]
SEPT, OCT, NOV, DEC = ((date(2026, m, 1), date(2026, m, d))
                       for m, d in ((9, 30), (10, 31), (11, 30), (12, 31)))
AUG = (date(2026, 8, 1), date(2026, 8, 31))
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
CONVERTED = "legacy_font_converted"

# file -> (sheet, period, row of the first unit, warning codes, skipped sheets)
READ = {
    "xuat_excel_web.xls": ("Bảng 1", SEPT, 7, [], []),
    "xuat_excel_nhieu_bang.xls": ("Bảng 2", Q3, 8, [], ["Bảng 1", "Bảng 3"]),
    "trang_web_1258.htm": ("Bảng 1", OCT, 7, [], []),
    "excel_2003.xml": ("T8-2026", AUG, 8, [], ["Ghi chú"]),
    "excel_2003.xls": ("T8-2026", AUG, 8, [], ["Ghi chú"]),
    "tcvn3_2003.xml": ("T8-2026", AUG, 8, [CONVERTED], ["Ghi chú"]),
    "unicode_text.txt": (None, OCT, 6, [], []),
    "unicode_text_doi_ten.csv": (None, OCT, 6, [], []),
    "utf16_be.txt": (None, OCT, 6, [], []),
    "utf8_khong_bom.csv": (None, OCT, 6, [], []),
    "windows_1258.csv": (None, OCT, 6, [], []),
    "tcvn3.xlsx": ("Sheet1", NOV, 7, [CONVERTED], []),
    "tcvn3.csv": (None, OCT, 6, [CONVERTED], []),
    "tcvn3_web.htm": ("Bảng 1", NOV, 7, [CONVERTED], []),
    "vni.xlsx": ("Sheet1", DEC, 7, [CONVERTED], []),
}
# file -> words its message must hold
REFUSED = {
    "bom_thuc_the.xml": ["DOCTYPE/ENTITY", "lưu thành"],
    "bom_thuc_the.html": ["DOCTYPE/ENTITY", "lưu thành"],
    "o_gop_lon.xls": ["quá lớn", "xóa các dòng, cột thừa"],
    "o_gop_rong.html": ["16.384 cột", "xóa các cột thừa"],
    "utf16_le_so_byte_le.txt": ["UTF-16", "cắt cụt", "tải lại"],
}


def test_fixtures_are_what_the_script_writes_and_small():
    written = make_format_files.files()
    assert set(written) == {p.name for p in FORMATS.iterdir()}
    assert set(written) == set(READ) | set(REFUSED) | {"o_xa_nhat.xml", "unicode_phong_vntime.xlsx"}
    for name, data in written.items():
        assert (FORMATS / name).read_bytes() == data, \
            f"{name}: run python -m tests.support.make_format_files"
        assert len(data) < 300_000, name


@pytest.mark.parametrize("name", sorted(READ))
def test_every_format_reads_the_district_table(name):
    sheet_name, (start, end), first_row, codes, skipped = READ[name]
    r = parse_bytes((FORMATS / name).read_bytes(), name)
    [s] = r.sheets
    assert s.sheet == sheet_name
    assert [(u.unit, u.block, u.district, u.received, u.sent, u.signed, u.signed_leader,
             u.signed_agency) for u in s.units] == UNITS
    rows = [first_row + k for k in (0, 1, 2, 4, 5, 6)]
    assert [u.row for u in s.units] == rows
    assert [u.section for u in s.units] == [SECTIONS[0]] * 3 + [SECTIONS[1]] * 3
    assert (s.period.start, s.period.end) == (start, end)
    assert [w.code for w in s.warnings] == codes
    kinds = {k.row: k.kind for k in s.skipped_rows}
    assert kinds[first_row - 1] == "section" and kinds[first_row + 3] == "section"
    assert kinds[first_row + 7] == "total"
    assert [k.row for k in s.skipped_rows if k.kind == "header"] == [first_row - 3, first_row - 2]
    assert [k.sheet for k in r.skipped_sheets] == skipped
    assert s.columns["signed_leader_rate"] == 4 and s.columns["signed_agency_rate"] == 6


def test_legacy_conversion_is_said_on_the_sheet():
    for name, label in (("tcvn3.xlsx", "TCVN3 (ABC)"), ("vni.xlsx", "VNI"),
                        ("tcvn3_2003.xml", "TCVN3 (ABC)")):
        s = parse_bytes((FORMATS / name).read_bytes(), name).sheets[0]
        [w] = [w for w in s.warnings if w.code == CONVERTED]
        assert w.message == f"Trang tính dùng phông chữ cũ {label}; đã chuyển sang Unicode."


def test_upper_case_tcvn3_font_cells_become_capitals():
    """.VnTimeH draws capitals at the lower-case code points: the cells in it are upper-cased,
    in an xlsx (style -> font from xl/styles.xml), in Excel's web page (CSS classes) and in an
    XML spreadsheet (ss:StyleID)."""
    xlsx = read_grids((FORMATS / "tcvn3.xlsx").read_bytes(), "tcvn3.xlsx")[0]
    assert xlsx.rows[0][0] == "BÁO CÁO KẾT QUẢ KÝ SỐ VĂN BẢN THÁNG 11 NĂM 2026"
    assert xlsx.rows[1][0] == "(Kèm theo công văn của Phòng Văn hóa và Thông tin)"
    web = read_grids((FORMATS / "tcvn3_web.htm").read_bytes(), "tcvn3_web.htm")[0]
    assert web.rows[0][0] == "UBND HUYỆN MƯỜNG LÁT"
    assert web.rows[1][0] == "BÁO CÁO KẾT QUẢ KÝ SỐ VĂN BẢN THÁNG 11 NĂM 2026"
    assert web.rows[3][1] == "Tên cơ quan, đơn vị"
    xml = read_grids((FORMATS / "tcvn3_2003.xml").read_bytes(), "tcvn3_2003.xml")[0]
    assert xml.rows[0][0] == "UBND HUYỆN MƯỜNG LÁT"
    assert xml.rows[0][4] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert xml.rows[2][0] == "BÁO CÁO KÝ SỐ VĂN BẢN THÁNG 8/2026"


def test_unicode_text_in_a_legacy_font_workbook_is_left_as_it_is():
    r = parse_bytes((FORMATS / "unicode_phong_vntime.xlsx").read_bytes(), "u.xlsx")
    [s] = r.sheets
    assert [u.unit for u in s.units] == ["Phòng Nội vụ", "UBND xã Tén Tằn",
                                         "Trung tâm Văn hóa - Thông tin và Thể thao"]
    assert [w.code for w in s.warnings] == []


def test_web_page_grid_spreads_rowspan_and_colspan_like_a_workbook():
    [g] = read_grids((FORMATS / "xuat_excel_web.xls").read_bytes(), "x.xls")
    assert g.rows[0] == ["UBND HUYỆN MƯỜNG LÁT", None, None, None,
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None, None]
    assert g.rows[2] == []  # an empty <tr>
    assert g.rows[3] == ["TT", "Tên cơ quan, đơn vị", "Tổng số văn bản đi",
                         "Văn bản đi có ký số của lãnh đạo", None, "Văn bản đi có ký số cơ quan",
                         None]
    assert g.rows[4] == [None, None, None, "Số lượng", "Tỷ lệ\n(%)", "Số lượng", "Tỷ lệ\n(%)"]
    assert g.rows[6] == ["1", "Phòng Nội vụ", "1.204", "1190", "98,84", "1204", "100"]
    assert g.merged == [(0, 0, 0, 2), (0, 4, 0, 6), (1, 0, 1, 6), (3, 0, 4, 0), (3, 1, 4, 1),
                        (3, 2, 4, 2), (3, 3, 3, 4), (3, 5, 3, 6)]
    assert g.rows[13][1] == "Tổng cộng" and g.legacy_encoding is None and g.total_rows is None


def test_several_tables_each_a_grid_and_the_heading_above_is_a_title_row():
    grids = read_grids((FORMATS / "xuat_excel_nhieu_bang.xls").read_bytes(), "x.xls")
    assert [g.name for g in grids] == ["Bảng 1", "Bảng 2", "Bảng 3"]
    assert grids[0].rows == [["UBND HUYỆN MƯỜNG LÁT\nPHÒNG VĂN HÓA VÀ THÔNG TIN",
                              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"]]
    assert grids[1].rows[0] == ["Tổng hợp tình hình ký số quý III/2026"]
    assert grids[1].rows[7][4] == "98.84%"


def test_xml_spreadsheet_cells_are_typed_and_placed_by_index():
    grids = read_grids((FORMATS / "excel_2003.xls").read_bytes(), "x.xls")
    g = grids[0]
    assert g.rows[0] == ["UBND HUYỆN MƯỜNG LÁT", None, None, None,
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None, None]
    assert g.rows[1] == [] and g.rows[2][0] == "BÁO CÁO KÝ SỐ VĂN BẢN THÁNG 8/2026"
    assert g.rows[5] == [None, None, None, "SL", "TL (%)", "SL", "TL (%)"]
    assert g.rows[7] == [1, "Phòng Nội vụ", 1204, 1190, 98.84, 1204, 100]
    assert all(type(v) is int for v in g.rows[7][:1] + g.rows[7][2:4])
    assert (0, 0, 0, 2) in g.merged and (2, 0, 2, 6) in g.merged
    assert (4, 0, 5, 0) in g.merged and (4, 3, 4, 4) in g.merged and (4, 5, 4, 6) in g.merged
    assert grids[1].name == "Ghi chú" and grids[1].rows == [["Ghi chú: số liệu lấy từ hệ thống."]]


def test_xml_spreadsheet_dates_and_booleans():
    from analysis.reading.formats.spreadsheetml import typed

    assert typed("DateTime", "2026-09-01T00:00:00.000") == datetime(2026, 9, 1)
    assert typed("Boolean", "1") is True and typed("Number", "13.33") == 13.33
    assert typed("Number", "3563") == 3563 and typed("String", " ") is None


def test_text_cell_quoted_over_two_lines_and_every_encoding_reads_the_same():
    grids = {n: read_grids((FORMATS / n).read_bytes(), n)[0].rows
             for n in ("unicode_text.txt", "unicode_text_doi_ten.csv", "utf16_be.txt",
                       "utf8_khong_bom.csv", "windows_1258.csv")}
    first = grids["unicode_text.txt"]
    assert first[7][1] == "Văn phòng HĐND\nvà UBND"
    for rows in grids.values():
        assert rows == first
    for row in first:
        for cell in row:
            assert cell is None or unicodedata.is_normalized("NFC", cell)


def test_windows_1258_combining_tones_are_composed():
    data = make_format_files.to_cp1258("TT;Tên cơ quan;Văn bản đi\n1;Phòng Nội vụ;4\n")
    assert "\u0323".encode("cp1258") in data  # ộ written as ô + a combining dot below
    [g] = read_grids(data, "a.csv")
    assert g.rows[1][1] == "Phòng Nội vụ" and len(g.rows[1][1]) == 12


def test_utf16_without_bom_is_detected_from_the_bytes():
    text = "TT\tTên cơ quan\tVăn bản đi\tSố văn bản ký số\r\n1\tPhòng Nội vụ\t20\t20\r\n"
    for enc in ("utf-16-le", "utf-16-be"):
        s = parse_bytes(text.encode(enc), "bao_cao.txt").sheets[0]
        assert [(u.unit, u.sent, u.signed) for u in s.units] == [("Phòng Nội vụ", 20, 20)]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_format_is_refused_quickly(name):
    start = time.monotonic()
    with pytest.raises(ReadError) as e:
        parse_bytes((FORMATS / name).read_bytes(), name)
    assert time.monotonic() - start < 5
    for words in REFUSED[name]:
        assert words in e.value.message, (name, e.value.message)


def test_cell_index_past_the_last_column_refuses_that_sheet():
    r = parse_bytes((FORMATS / "o_xa_nhat.xml").read_bytes(), "o_xa_nhat.xml")
    assert r.sheets == []
    assert "cột thứ 16.000.000" in r.skipped_sheets[0].reason


@pytest.mark.parametrize("name,kind", [
    ("xuat_excel_web.xls", "html"), ("trang_web_1258.htm", "html"),
    ("excel_2003.xls", "spreadsheetml"), ("excel_2003.xml", "spreadsheetml"),
    ("unicode_text_doi_ten.csv", "text"), ("utf16_be.txt", "text"), ("tcvn3.xlsx", "zip"),
])
def test_sniff_goes_by_the_bytes(name, kind):
    assert sniff.kind((FORMATS / name).read_bytes()) == kind


def test_new_extensions_are_accepted_and_the_refusal_lists_them():
    """The uploader takes any file (Streamlit would refuse others in English); the reader
    refuses another type in Vietnamese, naming every type it reads."""
    assert {".txt", ".xml", ".htm", ".html"} <= set(grid.SPREADSHEET_EXTENSIONS)
    page = (ROOT / "pages" / "1_tai_du_lieu.py").read_text(encoding="utf-8")
    assert "type=" not in page.split("st.file_uploader(", 1)[1].split(")", 1)[0]
    with pytest.raises(ReadError) as e:
        parse_bytes(b"%PDF-1.7 ...", "bao_cao.pdf")
    for ext in grid.SPREADSHEET_EXTENSIONS:
        assert ext in e.value.message
    data = (FORMATS / "xuat_excel_web.xls").read_bytes()
    for ext in (".htm", ".html", ".xls"):
        assert len(parse_bytes(data, "bao_cao" + ext).sheets[0].units) == 6


def test_text_under_a_workbook_name_is_read_only_when_it_is_a_table():
    """A tab-separated "Xuất Excel" named .xls is read; other text named .xls is still refused."""
    data = (FORMATS / "utf8_khong_bom.csv").read_bytes()
    for sep in (b"\t", b";", b","):
        assert len(parse_bytes(data.replace(b",", sep), "xuat.xls").sheets[0].units) == 6
    with pytest.raises(ReadError) as e:
        parse_bytes("Một dòng chữ, không có bảng.\n".encode(), "x.xls")
    assert "không phải bảng tính" in e.value.message
    with pytest.raises(ReadError) as e:
        parse_bytes(b'<?xml version="1.0"?><note>x</note>', "x.xml")
    assert "trang web (HTML/XML)" in e.value.message


# --- hostile inputs in a child process: time and peak memory ------------------------------------

CHILD = """
import resource, sys, time
from analysis.model import ReadError
from analysis.reading.parse import parse_bytes
data = eval(sys.argv[1])
start = time.monotonic()
try:
    r = parse_bytes(data, sys.argv[2])
    outcome = "read:" + ";".join(s.reason[:40] for s in r.skipped_sheets)
except ReadError as e:
    outcome = "refused:" + e.message[:60]
print(time.monotonic() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, outcome)
"""
BIG = {
    "spans.xls": "b'<table>' + (b'<tr>' + b'<td colspan=100000000 rowspan=100000000>1</td>' * 40 "
                 "+ b'</tr>') * 20000 + b'</table>'",
    "index.xml": "open('tests/fixtures/formats/excel_2003.xml','rb').read().replace("
                 "b'<Row>', b'<Row><Cell ss:Index=\"16000000\"><Data ss:Type=\"Number\">1</Data>"
                 "</Cell></Row><Row>', 1).replace(b'</Table>', b'<Row><Cell ss:Index=\"16384\">"
                 "<Data ss:Type=\"Number\">1</Data></Cell></Row>' * 30000 + b'</Table>', 1)",
    "wide.xml": "open('tests/fixtures/formats/excel_2003.xml','rb').read().replace(b'</Table>', "
                "b'<Row><Cell ss:Index=\"16384\"><Data ss:Type=\"Number\">1</Data></Cell></Row>' "
                "* 300000 + b'</Table>', 1)",
    "rows.html": "b'<table><tr><td>x</td></tr>' + b'<tr></tr>' * 5_000_000 + b'</table>'",
    "rows.xml": "open('tests/fixtures/formats/excel_2003.xml','rb').read().replace(b'</Table>', "
                "b'<Row/>' * 3_000_000 + b'</Table>', 1)",
    "tables.html": "b'<table><tr><td>x</td></tr></table>' * 200_000",
    "bomb.html": "b'<!DOCTYPE x [' + b''.join(b'<!ENTITY e%d \"' % i + b'&e%d;' % (i - 1) * 10 "
                 "+ b'\">' for i in range(1, 30)) + b']><table><tr><td>&e29;</td></tr></table>'",
    "odd.txt": "b'\\xff\\xfe' + ('TT\\tT\\u00ean\\r\\n' * 2000000).encode('utf-16-le') + b'x'",
}


@pytest.mark.parametrize("name", sorted(BIG))
def test_big_hostile_input_is_refused_in_bounded_time_and_memory(name):
    p = subprocess.run([sys.executable, "-c", CHILD, BIG[name], name], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    seconds, peak_kb, outcome = p.stdout.split(" ", 2)
    assert float(seconds) < 20, p.stdout
    assert int(peak_kb) < 1024 * 1024, p.stdout  # ru_maxrss is in KB on Linux
    assert outcome.startswith("refused:") or outcome.startswith("read:Trang tính “T8-2026” có "), \
        outcome


# --- the legacy-font charts ---------------------------------------------------------------------

LOWER = [c for c in L.vietnamese_letters() if c == c.lower()]
UPPER = [c for c in L.vietnamese_letters() if c != c.lower()]


def test_every_vietnamese_letter_and_tone():
    assert len(LOWER) == len(UPPER) == 12 * 6 + 1
    assert all(len(c) == 1 for c in LOWER + UPPER)


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trips_every_letter(letter):
    code = L.encode_vni(letter)
    assert all(ord(ch) < 256 for ch in code)
    assert L.decode_vni(code) == letter
    assert L.decode_vni("x" + code + "ng") == "x" + letter + "ng"


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_round_trips_every_lower_case_letter(letter):
    code = L.encode_tcvn3(letter)
    assert len(code) == 1 and ord(code) < 256
    assert L.decode_tcvn3(code) == letter
    # in an upper-case font (.VnTimeH) the same code point is the capital
    assert L.decode_tcvn3(code, upper_font=True) == letter.upper()


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_capitals(letter):
    if letter.isascii() or letter in "ĂÂÊÔƠƯĐ":  # the capitals the lower-case font has
        assert L.decode_tcvn3(L.encode_tcvn3(letter)) == letter
    else:
        with pytest.raises(ValueError):
            L.encode_tcvn3(letter)
    assert L.decode_tcvn3(L.encode_tcvn3(letter, upper_font=True), upper_font=True) == letter


def test_tcvn3_codes_are_distinct_and_match_the_published_examples():
    codes = [L.encode_tcvn3(c) for c in LOWER] + [L.encode_tcvn3(c) for c in "ĂÂÊÔƠƯĐ"]
    assert len(set(codes)) == len(codes)
    assert L.encode_tcvn3("Phòng Nội vụ") == "Phßng Néi vô"
    assert L.decode_tcvn3("B¶o Th¾ng") == "Bảo Thắng"
    assert L.decode_tcvn3("M\u00adêng Kh\u00ad¬ng") == "Mường Khương"
    assert L.encode_vni("Phòng Nội vụ") == "Phoøng Noäi vuï"
    assert L.decode_vni("Xin chaøo caùc baïn") == "Xin chào các bạn"


@pytest.mark.parametrize("word", ["Khoái", "xã", "pháp", "hóa", "hoá", "thúy", "thuý", "toán",
                                  "quốc", "giường", "của", "gì", "gìn", "nghiêng", "người",
                                  "khuya", "tuyển", "khuỷu", "hươu", "rượu", "xoong", "Đồng"])
def test_vietnamese_syllables(word):
    assert L.is_syllable(word)


@pytest.mark.parametrize("word", ["xaõ", "phaùp", "Chuyeân", "caáp", "Phßng", "Noäi", "vuï",
                                  "hóá", "tàup", "HĐND"])
def test_not_vietnamese_syllables(word):
    assert not L.is_syllable(word)


def test_detection_tells_the_encodings_apart():
    text = ["Phòng Nội vụ", "UBND xã Sơn Hà", "Tổng số văn bản đi", "Trung tâm Y tế huyện",
            "Văn bản đi có ký số của lãnh đạo", "Khối các phòng chuyên môn"]
    assert L.detect([L.encode_tcvn3(t) for t in text]) == ("TCVN3", "legacy")
    assert L.detect([L.encode_vni(t) for t in text]) == ("VNI", "legacy")
    assert L.detect(text) == (None, "unicode")
    assert L.detect(text, hint="TCVN3") == (None, "unicode")
    assert L.detect(["Phòng"]) == (None, "unicode")


def test_a_legacy_font_lets_a_short_sheet_be_converted():
    assert L.detect(["Tªn c¬ quan"]) == (None, "unicode")
    assert L.detect(["Tªn c¬ quan"], hint="TCVN3") == ("TCVN3", "legacy")
    assert L.detect(["Tên cơ quan"], hint="TCVN3") == (None, "unicode")
    assert L.detect(["Hà"], hint="TCVN3") == (None, "unicode")


def test_no_false_positive_on_random_unicode_syllables_of_latin_1_letters():
    """The worst case for a false positive: Unicode words whose every letter is also a legacy
    code point (à, é, ô, ý...), which decode to other valid syllables."""
    import random

    rnd = random.Random(15)
    initials = ["b", "c", "d", "g", "h", "k", "l", "m", "n", "ph", "th", "tr", "ch", "kh", "ng",
                "nh", "s", "t", "v", "x", ""]
    vowels, finals = list("àáâãèéêìíòóôõùúý"), ["", "", "n", "ng", "m", "c", "t", "nh", "p"]
    for _ in range(300):
        cells = [" ".join(rnd.choice(initials) + rnd.choice(vowels) + rnd.choice(finals)
                          for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 60))]
        for hint in (None, "TCVN3", "VNI"):
            assert L.detect(cells, hint) == (None, "unicode"), cells


def test_random_legacy_text_is_detected():
    import random

    rnd = random.Random(16)
    names = [u[0] for u in UNITS] + SECTIONS + ["Tên cơ quan, đơn vị", "Tổng số văn bản đi",
                                                "Ký số của lãnh đạo", "Tỷ lệ", "Ghi chú"]
    for _ in range(100):
        cells = rnd.sample(names, rnd.randint(3, 8))
        assert L.detect([L.encode_tcvn3(c) for c in cells]) == ("TCVN3", "legacy"), cells
        assert L.detect([L.encode_vni(c) for c in cells]) == ("VNI", "legacy"), cells
        assert [L.decode_vni(L.encode_vni(c)) for c in cells] == cells


def test_no_false_positive_on_the_sample_workbooks():
    for path in sorted((ROOT / "sample_uploads").iterdir()):
        if path.suffix not in (".xlsx", ".ods", ".csv"):
            continue
        for g in read_grids(path.read_bytes(), path.name):
            texts = L.sheet_texts(g.rows)
            assert L.detect(texts) == (None, "unicode"), (path.name, g.name)
            assert L.detect(texts, hint="VNI") == (None, "unicode"), (path.name, g.name)


def test_signs_beyond_ascii_are_no_legacy_text():
    cells = ["Diện tích (m²)"] + ["m²", "30°", "2×3", "±5"] * 30
    assert L.detect(cells) == (None, "unicode")
    assert L.detect(["Société Générale à Paris, façade, naïve, Noël"] * 5) == (None, "unicode")


def test_legacy_looking_text_that_reads_neither_way_is_refused_with_how_to_convert():
    rows = [["TT", "Tªn c¬ quan"], ["1", "Ðøæ ßþ÷ ÿïî"], ["2", "öüæ øßþ ÷ÿï"], ["3", "îöü æøß þ÷ÿ"]]
    [g] = L.fix_grids([grid.Grid(name="T1", rows=rows)], font_names={".VnTime"})
    assert g.rows == [] and "TCVN3 (ABC)" in g.error
    assert "Chuyển mã" in g.error and "Unikey" in g.error and "Unicode" in g.error


@pytest.mark.parametrize("cell,text", [
    ("<td>Phòng\n   Nội vụ</td>", "Phòng Nội vụ"),  # a line break in the source is a space
    ("<td>Tỷ lệ<br>(%)</td>", "Tỷ lệ\n(%)"),
    ("<td><p>Văn bản</p><p>đi</p></td>", "Văn bản\nđi"),
    ("<td> x <b>y</b>z <!-- ghi chú --> w</td>", "x yz w"),
    ("<td>&nbsp;</td>", None),
    ("<td>a<table><tr><td>bảng lồng</td></tr></table>b</td>", "ab"),
])
def test_cell_text_as_a_browser_shows_it(cell, text):
    from lxml import html

    from analysis.reading.formats.html import cell_text

    td = html.fragment_fromstring(f"<table><tr>{cell}</tr></table>").find(".//td")
    assert cell_text(td) == text

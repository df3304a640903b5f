"""Hostile and broken uploads (tests/fixtures/bad/, written by tests/support/make_bad_files.py):
each gets a clear Vietnamese ReadError from the reader, never a traceback, a crash or a hang; the
command line exits 2 with one line on stderr."""
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.errors import ReadError
from analysis.reading import guard
from analysis.reading.parse import parse_bytes
from tests.support import make_bad_files

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"

# file -> words its message must hold (what is wrong, what to do)
REFUSED = {
    "khong_phai_bang_tinh.xlsx": ["không phải bảng tính", "Excel"],
    "van_ban_doi_duoi.xls": ["không phải bảng tính", "tải lên lại"],
    "nhi_phan.csv": ["không phải văn bản", "CSV UTF-8"],
    "cat_cut.xlsx": ["cắt cụt", "tải lại"],
    "cat_cut.xls": ["hỏng", "tải lại"],
    "trong.xlsx": ["trống", "đúng tệp"],
    "trong.csv": ["trống", "đúng tệp"],
    "bom_nen.xlsx": ["bom nén", "giải nén"],
    "bom_nen_khai_sai.xlsx": ["hỏng", "tải lại"],
    "thuc_the_xml.xlsx": ["DOCTYPE/ENTITY", "lưu thành"],
    "xxe.xlsx": ["DOCTYPE/ENTITY", "lưu thành"],
    "ma_hoa.xlsx": ["mật khẩu", "gỡ mật khẩu"],
    "mat_khau.xls": ["mật khẩu", "gỡ mật khẩu"],
    "o_xa_nhat.xlsx": ["quá lớn", "xóa các dòng, cột thừa"],
    "bom_o.ods": ["quá lớn", "xóa các dòng, cột thừa"],
}
VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def test_fixtures_are_what_the_script_writes_and_small():
    written = make_bad_files.files()
    assert set(written) == set(REFUSED) | {"trieu_dong.xlsx", "trang_web.xls"}
    for name, data in written.items():
        hint = f"{name}: run python -m tests.support.make_bad_files"
        assert (BAD / name).read_bytes() == data, hint
        assert len(data) < 100_000, name


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_file_is_refused_with_a_clear_vietnamese_message(name):
    data = (BAD / name).read_bytes()
    start = time.monotonic()
    with pytest.raises(ReadError) as e:
        parse_bytes(data, name)
    assert time.monotonic() - start < 5
    msg = e.value.message
    assert VIETNAMESE & set(msg.lower()), msg
    for words in REFUSED[name]:
        assert words in msg, (name, msg)
    assert "Error" not in msg and "Traceback" not in msg


def test_web_page_named_xls_is_read_as_a_table():
    """A web page's <table> under an .xls name is read (analysis/reading/formats/html.py); this
    one holds only a header row without count columns, so its one sheet is skipped, saying so."""
    r = parse_bytes((BAD / "trang_web.xls").read_bytes(), "trang_web.xls")
    assert r.sheets == []
    [skipped] = r.skipped_sheets
    assert skipped.reason.startswith("Không tìm thấy bảng số liệu")


@pytest.mark.parametrize("page", [
    b"<html><head><title>Xu\xe1\xba\xa5t Excel</title></head><body><p>Kh\xc3\xb4ng c\xc3\xb3 "
    b"d\xe1\xbb\xaf li\xe1\xbb\x87u</p></body></html>",
    b"<!DOCTYPE html><html><body><table></table><table><tr><td> </td></tr></table></body></html>",
])
def test_web_page_without_a_table_is_refused_in_vietnamese(page):
    with pytest.raises(ReadError) as e:
        parse_bytes(page, "bao_cao.xls")
    msg = e.value.message
    assert "trang web" in msg and "không có bảng số liệu" in msg and ".xlsx" in msg
    assert VIETNAMESE & set(msg.lower())


def test_million_row_sheet_is_read_in_part_with_a_warning():
    start = time.monotonic()
    r = parse_bytes((BAD / "trieu_dong.xlsx").read_bytes(), "trieu_dong.xlsx")
    assert time.monotonic() - start < 10
    [sheet] = r.sheets
    assert [u.unit for u in sheet.units] == ["Phòng Nội vụ", "UBND xã Sơn Hà"]
    [w] = [w for w in sheet.warnings if w.code == "rows_truncated"]
    assert "1.000.000 dòng" in w.message and "100.000 dòng đầu" in w.message


def test_size_limit_matches_the_upload_limit_and_is_checked_first():
    assert guard.MAX_FILE_BYTES == guard.MAX_UPLOAD_MB * 1024 * 1024
    too_big = b"PK\x03\x04" + b"\0" * guard.MAX_FILE_BYTES
    with pytest.raises(ReadError) as e:
        parse_bytes(too_big, "lon.xlsx")
    assert "quá lớn" in e.value.message and f"{guard.MAX_UPLOAD_MB} MB" in e.value.message


def test_streamlit_upload_limit_equals_the_reader_limit():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == guard.MAX_UPLOAD_MB


def test_sheet_extent_is_measured_across_chunks_and_without_r_attributes():
    ext = guard.XlsxExtent()
    text = (b'<row r="1"><c r="A1"><v>1</v></c><c r="C1"/></row><row><c><v>2</v></c><c>'
            b'<v>3</v></c></row><row r="9"><c r="B9" s="1"/></row>')
    ext.feed(text)
    assert (ext.rows, ext.cols) == (2, 2)
    ods = guard.OdsExtent()
    ods.feed(b'<table:table><table:table-row table:number-rows-repeated="3"><table:table-cell '
             b'office:value-type="float" table:number-columns-repeated="4"/></table:table-row>'
             b'<table:table-row table:number-rows-repeated="1000"><table:table-cell '
             b'table:number-columns-repeated="1024"/></table:table-row></table:table>')
    assert ods.largest == 3 * 4


def test_good_files_still_read(tmp_path):
    xls = make_bad_files.good_xls()
    assert not guard.looks_encrypted(xls)
    units = parse_bytes(xls, "t.xls").sheets[0].units
    assert [u.unit for u in units] == ["Phòng Nội vụ", "UBND xã Sơn Hà"]
    xlsx = make_bad_files.xlsx(make_bad_files.sheet_xml(make_bad_files.TABLE))
    assert len(parse_bytes(xlsx, "t.xlsx").sheets[0].units) == 2


@pytest.mark.parametrize("name", ["ma_hoa.xlsx", "bom_nen.xlsx", "trong.csv", "o_xa_nhat.xlsx"])
def test_cli_exits_2_with_one_line_and_no_traceback(name):
    p = subprocess.run([sys.executable, "-m", "analysis", "parse", str(BAD / name)], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(name + ": ")
    assert "Traceback" not in p.stderr + p.stdout


# --- XML parsers on uploaded data ---------------------------------------------------------------

def test_no_standard_library_xml_parser_or_openpyxl_reads_uploads():
    """Workbooks are read by calamine (Rust, no DTD entity expansion) after guard.check_zip refused
    DOCTYPE/ENTITY; nothing in the app parses uploaded XML with xml.* or openpyxl. Web pages and
    XML spreadsheets are parsed by lxml in analysis/reading/formats/ only, every parser there made
    with formats.limits.xml_parser_options (no entities, no network, no huge trees)."""
    import re

    stdlib = re.compile(r"^\s*(from|import)\s+(xml\.(etree|dom|sax|parsers)|openpyxl)\b", re.M)
    lxml = re.compile(r"^\s*(from|import)\s+lxml\b", re.M)
    formats = ROOT / "analysis" / "reading" / "formats"
    offenders = []
    # analysis/outputs/ writes documents (the deck's chart XML through lxml) and reads no upload
    outputs = ROOT / "analysis" / "outputs"
    files = [p for base in ("analysis", "ui", "pages") for p in (ROOT / base).rglob("*.py")
             if p.parent != outputs]
    if (ROOT / "app.py").exists():
        files.append(ROOT / "app.py")
    for path in files:
        text = path.read_text(encoding="utf-8")
        if stdlib.search(text) or (lxml.search(text) and path.parent != formats):
            offenders.append(str(path.relative_to(ROOT)))
        if path.parent == formats:
            for call in re.finditer(r"etree\.(\w+)\(", text):
                assert call.group(1) == "iterparse", (path, call.group(0))
                window = text[call.end():call.end() + 300]
                assert "limits.xml_parser_options(" in window, path
    assert offenders == []


def test_markup_parser_options_resolve_nothing():
    from analysis.reading.formats import limits

    for html in (False, True):
        opts = limits.xml_parser_options(html=html)
        assert opts["resolve_entities"] is False and opts["no_network"] is True
        assert opts["huge_tree"] is False


def test_openpyxl_uses_defusedxml_when_it_is_used():
    """requirements.txt pins defusedxml: openpyxl then parses every workbook through it."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True

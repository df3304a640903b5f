"""The sheet-extent guard of analysis/reading/guard.py: the quick box test (every cell in A1:OJ9999)
and the exact measure it falls back to agree on what is refused."""
import io
import struct
import zipfile

import pytest

from analysis.errors import ReadError
from analysis.reading import guard, guard_strings, guard_xls
from tests.support import make_bad_files as m
from tests.support import make_crash_files

FAR = "XFD1048576"
CASES = {  # extra sheet XML -> refused?
    '<row r="9999"><c r="OJ9999"><v>1</v></c></row>': False,  # the box's far corner
    '<row r="9999"><c r="A9999"><v>1</v></c><c r="OK9999"><v>1</v></c></row>': True,
    f'<row r="1048576"><c r="{FAR}" s="1"/></row>': False,  # a styled empty cell
    f'<row r="1048576"><x:c r="{FAR}"><v>1</v></x:c></row>': True,  # a namespace prefix
    '<row r="1048576"><c><v>1</v></c></row>': True,  # no r="..." on the cell
    f'<row r="1048576"><c s="1" r="{FAR}"><v>1</v></c></row>': True,  # r not first
    # a tag longer than the decompression chunk is never split (and so never missed)
    f'<row r="1048576"><c r="{FAR}" x="{"A" * (3 << 20)}"><v>1</v></c></row>': True,
}


@pytest.mark.parametrize("extra", CASES, ids=range(len(CASES)))
def test_far_cells_are_refused_and_near_ones_read(extra):
    too_big = guard.check_zip(m.xlsx(m.sheet_xml(m.TABLE, extra=extra)))
    assert bool(too_big) is CASES[extra]


def test_box_test_on_the_edges():
    assert guard.in_box(b'<row r="1"><c r="A1"><v>1</v></c><c r="OJ9999" s="2"/></row>')
    assert not guard.in_box(b'<row r="1"><c r="OK1"><v>1</v></c></row>')
    assert not guard.in_box(b'<row r="1"><c r="A10000"><v>1</v></c></row>')
    assert not guard.in_box(b'<c r="A1"')  # a tag cut at the end of a piece is still read
    assert guard.in_box(b"<cols><col min=\"1\"/></cols>")  # no cell at all


# --- the spellings the reader accepts (issue 13) ------------------------------------------------

FAR_SPELLINGS = {
    "single quotes": "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
    "lower case": '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',
    "both": "<row r='1048576'><c r='xfd1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "spaces around =": "<row r = '1048576'><c r = 'XFD1048576'><v>1</v></c></row>",
}


@pytest.mark.parametrize("extra", FAR_SPELLINGS.values(), ids=FAR_SPELLINGS.keys())
def test_a_far_cell_in_any_spelling_is_refused_by_name(extra):
    too_big = guard.check_zip(m.xlsx(m.sheet_xml(m.TABLE, extra=extra)))
    assert list(too_big) == ["T03-2021"]
    assert "khoảng 17.179.869.184 ô" in too_big["T03-2021"]


def test_lower_case_columns_are_measured_as_upper_case():
    extent = guard.XlsxExtent()
    extent.feed(b"<row r='2'><c r='ab2'><v>1</v></c></row>")
    assert (extent.rows, extent.cols) == (2, 28)


def _sheet_elsewhere(q: str) -> bytes:
    """The worksheet stored at xl/bang/so_lieu.xml, the workbook and its relationships written
    in `q` quotes."""
    rels = (f"<Relationships xmlns={q}http://schemas.openxmlformats.org/package/2006/relationships"
            f"{q}><Relationship Id={q}rId1{q} Type={q}http://schemas.openxmlformats.org/"
            f"officeDocument/2006/relationships/worksheet{q} Target={q}bang/so_lieu.xml{q}/>"
            "</Relationships>")
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in [("[Content_Types].xml", m.CT), ("_rels/.rels", m.RELS),
                           ("xl/workbook.xml", m.WB.replace('"', q)),
                           ("xl/_rels/workbook.xml.rels", rels),
                           ("xl/bang/so_lieu.xml", m.sheet_xml(m.TABLE, extra=far))]:
            z.writestr(zipfile.ZipInfo(name, m.DATE), text)
    return buf.getvalue()


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_sheet_part_is_found_through_the_relationships_whatever_its_path(quote):
    data = _sheet_elsewhere(quote)
    assert guard.sheet_parts(zipfile.ZipFile(io.BytesIO(data))) == {
        "xl/bang/so_lieu.xml": "T03-2021"}
    too_big = guard.check_zip(data)
    assert list(too_big) == ["T03-2021"] and "quá lớn" in too_big["T03-2021"]


def test_a_part_no_relationship_names_is_measured_too():
    """Cells in a part outside the relationships: measured, and the whole file refused."""
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    data = m.xlsx(m.sheet_xml(m.TABLE), {"xl/khac/an.xml": m.sheet_xml([["x"]], extra=far)})
    with pytest.raises(ReadError) as e:
        guard.check_zip(data)
    assert e.value.message.startswith("Một trang tính có vùng dữ liệu quá lớn")


@pytest.mark.parametrize("q", ['"', "'"])
def test_ods_repeats_are_read_in_both_quote_styles(q):
    body = (f"<table:table-row table:number-rows-repeated={q}100000{q}><table:table-cell "
            f"table:number-columns-repeated={q}1000{q} office:value-type={q}float{q} "
            f"office:value={q}1{q}><text:p>1</text:p></table:table-cell></table:table-row>")
    with pytest.raises(ReadError) as e:
        guard.check_zip(m.ods(body))
    assert "khoảng 100.000.000 ô" in e.value.message


def test_ods_tables_within_their_limit_but_over_the_file_budget_are_refused():
    """Three tables of 3 million cells each: each within MAX_CELLS, 9 million together."""
    table = ("<table:table-row table:number-rows-repeated='3000'><table:table-cell "
             "table:number-columns-repeated='1000' office:value-type='float' office:value='1'>"
             "<text:p>1</text:p></table:table-cell></table:table-row>")
    body = f"{table}</table:table><table:table table:name='B'>{table}" \
           f"</table:table><table:table table:name='C'>{table}"
    with pytest.raises(ReadError) as e:
        guard.check_zip(m.ods(body))
    assert "quá nhiều ô dữ liệu (hơn 8.000.000 ô trên mọi trang tính" in e.value.message
    one = guard.check_zip(m.ods(table))  # one such table alone is read
    assert one == {}


# --- .xls records (guard_xls) -------------------------------------------------------------------

def _xls(cells: list, sheets: int = 1) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for k in range(sheets):
        ws = wb.add_sheet(f"T{k}")
        for r, c, v in cells:
            ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_ordinary_xls_passes():
    guard_xls.check_xls(m.good_xls())
    guard_xls.check_xls(_xls([(0, 0, "a"), (999, 255, 1)], sheets=7))  # 7 x 256,000 cells


def test_an_xls_cell_far_away_is_refused_naming_the_sheet():
    with pytest.raises(ReadError) as e:
        guard_xls.check_xls(_xls([(0, 0, "a"), (65535, 255, 1)]))
    assert e.value.message.startswith("Trang tính “T0” có vùng dữ liệu quá lớn (khoảng "
                                      "16.777.216 ô")


def test_xls_sheets_within_their_limit_but_over_the_file_budget_are_refused():
    with pytest.raises(ReadError) as e:
        guard_xls.check_xls(_xls([(0, 0, "a"), (3999, 255, 1)], sheets=9))  # 9 x 1,024,000
    assert "quá nhiều ô dữ liệu (hơn 8.000.000 ô" in e.value.message


def test_xls_lying_dimensions_are_refused():
    with pytest.raises(ReadError) as e:
        guard_xls.check_xls(make_crash_files.xls_with_lying_dimensions())
    assert "khai báo kích thước 1.099.511.627.520 ô" in e.value.message


def test_xls_dimensions_whose_first_row_is_after_the_last_wrap_and_are_refused():
    data = bytearray(m.good_xls())
    i = data.find(b"\x00\x02\x0e\x00")
    struct.pack_into("<IIHH", data, i + 4, 9, 5, 0, 4)  # calamine: (5 - 9) wraps to 4 billion
    with pytest.raises(ReadError) as e:
        guard_xls.check_xls(bytes(data))
    assert "khai báo kích thước" in e.value.message


def test_xls_cells_whose_last_row_comes_before_the_first_are_refused():
    """calamine takes the rows from the first and the last cell record: last < first wraps."""
    extent = guard_xls._Extent()
    extent.add(5, 0)
    extent.add(0, 3)
    with pytest.raises(ReadError) as e:
        extent.cells  # noqa: B018
    assert e.value.message == guard_xls.MSG_BROKEN_XLS
    extent.add(7, 1)  # out of order inside: calamine drops the cell, the rectangle stays
    assert extent.cells == 3 * 4


def test_an_xls_whose_directory_chain_loops_is_refused():
    data = bytearray(m.good_xls())
    dir_start, fat_sector = struct.unpack_from("<I", data, 48)[0], struct.unpack_from(
        "<I", data, 76)[0]
    struct.pack_into("<I", data, 512 + fat_sector * 512 + 4 * dir_start, dir_start)
    with pytest.raises(ReadError) as e:
        guard_xls.check_xls(bytes(data))
    assert e.value.message == guard_xls.MSG_BROKEN_XLS
    assert "lặp vòng" in e.value.message


def test_an_xls_stream_declared_larger_than_the_file_is_refused():
    data = bytearray(m.good_xls())
    k = data.find("Workbook".encode("utf-16-le"))
    struct.pack_into("<I", data, k + 120, 0xFFFFFFF0)  # calamine reserves the declared size
    with pytest.raises(ReadError) as e:
        guard_xls.check_xls(bytes(data))
    assert e.value.message == guard_xls.MSG_BROKEN_XLS


def test_an_xls_cut_short_gets_the_usual_message():
    """A sector past the end of the file: calamine would grow its buffer to reach it."""
    with pytest.raises(ReadError) as e:
        guard_xls.check_xls(m.good_xls()[:3000])
    assert e.value.message == guard.MSG_BROKEN


# --- the text the string cells copy (guard_strings) ---------------------------------------------

def test_a_long_shared_string_repeated_in_many_cells_is_refused():
    data = make_crash_files.repeated_text_xlsx(mb=4, cells=70)  # 280 MB of copies
    with pytest.raises(ReadError) as e:
        guard.check_zip(data)
    assert e.value.message == guard_strings.too_much_text().message
    assert "hơn 256 MB bộ nhớ" in e.value.message


def test_the_exact_sum_lets_a_long_string_used_once_through():
    """Many string cells and one long string, used by one cell only: the cheap bound
    (cells x longest) is passed, the exact sum of what the cells refer to is not."""
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
           + "a" * (1 << 20) + "</t></si><si><t>b</t></si></sst>")
    rows = '<row r="10"><c r="F10" t="s"><v>0</v></c></row>' + "".join(
        f"<row r='{r}'><c r='F{r}' t = 's'><v>1</v></c></row>" for r in range(11, 1011))
    data = m.xlsx(m.sheet_xml(m.TABLE, extra=rows), {"xl/sharedStrings.xml": sst})
    text = guard._Text()
    zf = zipfile.ZipFile(io.BytesIO(data))
    for info in zf.infolist():
        guard._scan_part(zf, info, guard._part_kind(info.filename), text)
    assert text.shared.lengths[1] < 40 and text.shared.longest > 1 << 20
    assert sum(text.cells.values()) * text.shared.longest > guard_strings.MAX_TEXT_BYTES
    chunks = guard._chunks(zf, zf.getinfo("xl/worksheets/sheet1.xml"), True)
    assert guard_strings.exact_text(chunks, text.shared.lengths) == (
        text.shared.lengths[0] + 1000 * text.shared.lengths[1])
    assert guard.check_zip(data) == {}

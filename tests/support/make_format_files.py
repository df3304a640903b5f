"""Write the fixtures of the file formats documents systems and Excel really save into
tests/fixtures/formats/ (run from anywhere):

    python -m tests.support.make_format_files     (from the project root)

One invented district table (Mường Lát: title rows, a two-row merged header, two sections, six
units, a totals row) saved the ways offices receive it: a web page named .xls (with and without
<meta charset>, one table or several, Windows-1258), Excel 2003 XML Spreadsheet (.xml, .xls),
Excel's "Unicode Text" (UTF-16 LE, .txt and renamed .csv), UTF-8 without BOM, UTF-16 BE,
Windows-1258, and workbooks typed in the legacy TCVN3 (ABC) and VNI fonts; plus hostile
variants (entity bombs, huge spans and indexes, an odd-length UTF-16 file). Every file is
small and deterministic. tests/reading/test_formats.py says what the reader must make of each.
"""
from __future__ import annotations

import io
import unicodedata
from html import escape
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "formats"

# (section or None, TT, name, sent, signed by the leader, signed with the agency's signature)
SECTIONS = [
    ("I", "Khối các phòng chuyên môn", [
        ("Phòng Nội vụ", 1204, 1190, 1204),
        ("Phòng Tư pháp", 45, 40, 45),
        ("Văn phòng HĐND và UBND", 380, 377, 376),
    ]),
    ("II", "Khối UBND cấp xã", [
        ("UBND xã Tam Chung", 96, 90, 96),
        ("UBND xã Pù Nhi", 58, 29, 50),
        ("UBND thị trấn Mường Lát", 120, 0, 0),
    ]),
]
TOTAL = (1903, 1726, 1771)


def rate(part: int, whole: int, sep: str = ",") -> str:
    """A printed rate as systems print it: two decimals, a decimal comma (or point)."""
    text = f"{part / whole * 100:.2f}" if whole else "0"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", sep)


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def body_rows(sep: str = ",", pct: str = "", group: bool = True, total: str = "Tổng cộng"):
    """Section, unit and totals rows as text cells (counts with a thousands point)."""
    rows = []
    for roman, label, units in SECTIONS:
        rows.append([roman, label, None, None, None, None, None])
        for i, (name, sent, leader, agency) in enumerate(units, 1):
            rows.append([str(i), name, thousands(sent) if group else str(sent), str(leader),
                         rate(leader, sent, sep) + pct, str(agency), rate(agency, sent, sep) + pct])
    sent, leader, agency = TOTAL
    rows.append([None, total, thousands(sent) if group else str(sent), thousands(leader),
                 rate(leader, sent, sep) + pct, thousands(agency), rate(agency, sent, sep) + pct])
    return rows


# --- web pages ---------------------------------------------------------------------------------

def _td(value, tag: str = "td", **attrs) -> str:
    a = "".join(f' {k}="{v}"' for k, v in attrs.items())
    text = "&nbsp;" if value is None else escape(value).replace("\n", "<br>")
    return f"<{tag}{a}>{text}</{tag}>"


def html_table(title: str, header: tuple, rows: list, th: bool = False) -> str:
    """The table of an Excel-style export: title rows spanning the width, a two-row header with
    rowspan/colspan, the body."""
    h = "th" if th else "td"
    top, sub = header
    out = ["<table border=1 cellspacing=0>",
           f"<tr>{_td('UBND HUYỆN MƯỜNG LÁT', colspan=3)}{_td(None)}"
           f"{_td('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', colspan=3)}</tr>",
           f"<tr>{_td(title, colspan=7, style='font-weight:bold')}</tr>",
           "<tr></tr>",
           f"<tr>{_td(top[0], h, rowspan=2)}{_td(top[1], h, rowspan=2)}{_td(top[2], h, rowspan=2)}"
           f"{_td(top[3], h, colspan=2)}{_td(top[4], h, colspan=2)}</tr>",
           "<tr>" + "".join(_td(s, h) for s in sub) + "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(_td(v, **({"class": "xl65", "x:num": ""} if v and
                                                  v[:1].isdigit() else {})) for v in row)
                   + "</tr>")
    out.append("</table>")
    return "\n".join(out)


HEADER_WEB = (("TT", "Tên cơ quan, đơn vị", "Tổng số văn bản đi",
               "Văn bản đi có ký số của lãnh đạo", "Văn bản đi có ký số cơ quan"),
              ("Số lượng", "Tỷ lệ\n(%)", "Số lượng", "Tỷ lệ\n(%)"))
EXCEL_HTML_HEAD = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
                   'xmlns:x="urn:schemas-microsoft-com:office:excel" '
                   'xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n')


def web_export() -> bytes:
    """A system's "Xuất Excel": an Excel-flavoured page with <meta charset>, one table."""
    table = html_table("BÁO CÁO KẾT QUẢ KÝ SỐ VĂN BẢN THÁNG 9 NĂM 2026", HEADER_WEB, body_rows())
    page = (EXCEL_HTML_HEAD + '<meta http-equiv="Content-Type" content="text/html; '
            'charset=utf-8">\n<style>td {mso-number-format:"\\@";}</style>\n</head>\n<body>\n'
            + table + "\n</body>\n</html>\n")
    return page.encode("utf-8")


def web_several_tables() -> bytes:
    """No <meta charset> (UTF-8), <th> headers, a letterhead table first, the period in a heading
    above the data table, rates with a decimal point and "%"; a note table after."""
    letterhead = ("<table><tr><td>UBND HUYỆN MƯỜNG LÁT<br>PHÒNG VĂN HÓA VÀ THÔNG TIN</td>"
                  "<td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td>"
                  "</tr></table>")
    header = (("STT", "Đơn vị", "Văn bản đi", "Ký số cá nhân", "Ký số cơ quan"),
              ("SL", "TL (%)", "SL", "TL (%)"))
    table = html_table("Kèm theo công văn số 123/VHTT", header, body_rows(".", "%"), th=True)
    page = ("<!DOCTYPE html>\n<html><head><title>Xuất Excel</title></head><body>\n" + letterhead
            + "\n<h3>Tổng hợp tình hình ký số quý III/2026</h3>\n" + table
            + "\n<table><tr><td>Ghi chú: số liệu trích xuất từ hệ thống quản lý văn bản.</td>"
              "</tr></table>\n</body></html>\n")
    return page.encode("utf-8")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letter, then a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def web_cp1258() -> bytes:
    table = html_table("BÁO CÁO KÝ SỐ THÁNG 10/2026", HEADER_WEB, body_rows())
    page = ('<html><head><meta charset="windows-1258"></head><body>' + table
            + "</body></html>")
    return to_cp1258(page)


def web_tcvn3() -> bytes:
    """Excel's "Save as Web Page" of a workbook typed in TCVN3: the fonts in CSS classes, the
    title in .VnTimeH (capitals at the lower-case code points), the rest in .VnTime."""
    from analysis.reading.formats.legacy_fonts import encode_tcvn3

    def td(value, upper=False, **attrs):
        text = encode_tcvn3(value, upper_font=upper) if value else value
        return _td(text, **{"class": "xl66" if upper else "xl65", **attrs})

    top, sub = HEADER_WEB
    rows = [td("UBND HUYỆN MƯỜNG LÁT", True, colspan=3),
            td("BÁO CÁO KẾT QUẢ KÝ SỐ VĂN BẢN THÁNG 11 NĂM 2026", True, colspan=7), "",
            td(top[0], rowspan=2) + td(top[1], rowspan=2) + td(top[2], rowspan=2)
            + td(top[3], colspan=2) + td(top[4], colspan=2),
            "".join(td(v) for v in sub)]
    rows += ["".join(td(v) for v in row) for row in body_rows()]
    page = (EXCEL_HTML_HEAD + '<meta http-equiv=Content-Type content="text/html; '
            'charset=windows-1252">\n<style>\n<!--\n.xl65\n\t{font-family:".VnTime", serif;}\n'
            '.xl66\n\t{font-family:".VnTimeH", serif;\n\tfont-weight:700;}\n-->\n</style>\n'
            "</head>\n<body>\n<table border=0 cellpadding=0 cellspacing=0>\n"
            + "\n".join(f"<tr>{r}</tr>" for r in rows) + "\n</table>\n</body>\n</html>\n")
    return page.encode("cp1252")


# --- Excel 2003 XML Spreadsheet ----------------------------------------------------------------

def _xml_cell(value, index: int = None, style: str = None, across: int = 0, down: int = 0,
              enc=None) -> str:
    """One <Cell>; enc(text) -> (text, style) types a text in a legacy font."""
    if isinstance(value, str) and enc is not None:
        value, style = enc(value, style)
    a = f' ss:Index="{index}"' if index else ""
    a += f' ss:StyleID="{style}"' if style else ""
    a += f' ss:MergeAcross="{across}"' if across else ""
    a += f' ss:MergeDown="{down}"' if down else ""
    if value is None:
        return f"<Cell{a}/>"
    if isinstance(value, (int, float)):
        return f'<Cell{a}><Data ss:Type="Number">{value}</Data></Cell>'
    text = escape(value).replace("\n", "&#10;")
    return f'<Cell{a}><Data ss:Type="String">{text}</Data></Cell>'


def _tcvn3_cell(text: str, style):
    """TCVN3 as typed: a text in capitals in .VnTimeH (style "t"), the rest in .VnTime."""
    from analysis.reading.formats.legacy_fonts import encode_tcvn3

    if text.isascii():
        return text, style
    upper = text == text.upper()
    return encode_tcvn3(text, upper_font=upper), "t" if upper else style


def spreadsheetml(tcvn3: bool = False) -> bytes:
    """Two worksheets: the table (title merged across, header merged down, ss:Index gaps for
    blank rows and skipped empty cells, typed numbers) and a notes sheet. tcvn3: every text typed
    in TCVN3, capitals in .VnTimeH."""
    enc = _tcvn3_cell if tcvn3 else None

    def cell(value, **kw):
        return _xml_cell(value, enc=enc, **kw)

    header = ("STT", "Cơ quan, đơn vị", "VB đi", "VB đi có ký số cá nhân", "VB đi có ký số cơ quan")
    rows = []
    rows.append(f'<Row>{cell("UBND HUYỆN MƯỜNG LÁT", across=2)}'
                f'{cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", index=5, across=2)}</Row>')
    title = cell("BÁO CÁO KÝ SỐ VĂN BẢN THÁNG 8/2026", across=6, style="t")
    rows.append(f'<Row ss:Index="3">{title}</Row>')
    rows.append(f'<Row ss:Index="5">{cell(header[0], down=1)}{cell(header[1], down=1)}'
                f'{cell(header[2], down=1)}{cell(header[3], across=1)}'
                f'{cell(header[4], index=6, across=1)}</Row>')
    rows.append(f'<Row>{cell("SL", index=4)}{cell("TL (%)")}{cell("SL")}{cell("TL (%)")}</Row>')
    for roman, label, units in SECTIONS:
        rows.append(f"<Row>{cell(roman)}{cell(label)}</Row>")
        for i, (name, sent, leader, agency) in enumerate(units, 1):
            cells = [cell(i), cell(name), cell(sent), cell(leader),
                     cell(round(leader / sent * 100, 2)), cell(agency),
                     cell(round(agency / sent * 100, 2))]
            if agency == 0 and leader == 0:  # every cell placed by its Index
                cells = [cell(i, index=1), cell(name, index=2), cell(sent, index=3),
                         cell(0, index=4), cell(0, index=5), cell(0, index=6), cell(0, index=7)]
            rows.append("<Row>" + "".join(cells) + "</Row>")
    sent, leader, agency = TOTAL
    rows.append(f'<Row>{cell("Tổng cộng", index=2)}{cell(sent)}{cell(leader)}'
                f'{cell(round(leader / sent * 100, 2))}{cell(agency)}'
                f'{cell(round(agency / sent * 100, 2))}</Row>')
    rows.append(f'<Row ss:Index="{len(rows) + 8}">{cell("Người lập biểu", index=2)}</Row>')
    body_font, title_font = (".VnTime", ".VnTimeH") if tcvn3 else ("Times New Roman",) * 2
    styles = (f'<Styles><Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="{body_font}"/>'
              f'</Style><Style ss:ID="t"><Font ss:FontName="{title_font}" ss:Bold="1"/></Style>'
              "</Styles>")
    doc = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"\n'
           ' xmlns:o="urn:schemas-microsoft-com:office:office"\n'
           ' xmlns:x="urn:schemas-microsoft-com:office:excel"\n'
           ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"\n'
           ' xmlns:html="http://www.w3.org/TR/REC-html40">\n' + styles + "\n"
           '<Worksheet ss:Name="T8-2026"><Table ss:ExpandedColumnCount="7">\n'
           + "\n".join(rows) + "\n</Table></Worksheet>\n"
           '<Worksheet ss:Name="Ghi chú"><Table><Row><Cell><ss:Data ss:Type="String" '
           'xmlns="http://www.w3.org/TR/REC-html40"><B>Ghi chú:</B> số liệu lấy từ hệ thống.'
           "</ss:Data></Cell></Row></Table></Worksheet>\n</Workbook>\n")
    return doc.encode("utf-8")


# --- text --------------------------------------------------------------------------------------

def text_rows() -> list:
    header_top = ["TT", "Đơn vị", "Văn bản đi", "Ký số lãnh đạo", None, "Ký số đơn vị", None]
    header_sub = [None, None, None, "Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ"]
    body = body_rows(group=False)
    for row in body:  # a name over two lines, quoted in the file
        if row[1] == "Văn phòng HĐND và UBND":
            row[1] = "Văn phòng HĐND\nvà UBND"
    return [["Từ ngày 01/10/2026 đến ngày 31/10/2026"], [], header_top, header_sub] + body


def delimited(rows: list, sep: str) -> str:
    import csv

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows])
    return buf.getvalue()


def unicode_text() -> bytes:
    """Excel's "Unicode Text": UTF-16 LE with a BOM, tab-separated."""
    return b"\xff\xfe" + delimited(text_rows(), "\t").encode("utf-16-le")


# --- legacy fonts -----------------------------------------------------------------------------

def legacy_xlsx(encoding: str) -> bytes:
    """A workbook typed in TCVN3 (.VnTime, the title in .VnTimeH) or VNI (VNI-Times)."""
    import xlsxwriter

    from analysis.reading.formats.legacy_fonts import encode_tcvn3, encode_vni

    tcvn3 = encoding == "TCVN3"
    body_font = ".VnTime" if tcvn3 else "VNI-Times"
    title_font = ".VnTimeH" if tcvn3 else "VNI-Times"

    def enc(text, upper=False):
        if text is None or text.isascii():
            return text
        return encode_tcvn3(text, upper_font=upper) if tcvn3 else encode_vni(text)

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    wb.set_properties({"created": __import__("datetime").datetime(2026, 11, 30)})
    body = wb.add_format({"font_name": body_font})
    title = wb.add_format({"font_name": title_font, "bold": True})
    ws = wb.add_worksheet("Sheet1")
    month = 11 if tcvn3 else 12
    ws.merge_range(0, 0, 0, 6, enc(f"BÁO CÁO KẾT QUẢ KÝ SỐ VĂN BẢN THÁNG {month} NĂM 2026", True),
                   title)
    ws.merge_range(1, 0, 1, 6, enc("(Kèm theo công văn của Phòng Văn hóa và Thông tin)"), body)
    top = ("TT", "Tên cơ quan, đơn vị", "Tổng số văn bản đi", "Văn bản đi có ký số của lãnh đạo",
           "Văn bản đi có ký số cơ quan")
    for c in range(3):
        ws.merge_range(3, c, 4, c, enc(top[c]), body)
    ws.merge_range(3, 3, 3, 4, enc(top[3]), body)
    ws.merge_range(3, 5, 3, 6, enc(top[4]), body)
    for c, v in enumerate(("Số lượng", "Tỷ lệ (%)", "Số lượng", "Tỷ lệ (%)"), 3):
        ws.write_string(4, c, enc(v), body)
    r = 5
    for row in body_rows(group=False):
        for c, v in enumerate(row):
            if v is None:
                continue
            if c >= 2 and v.replace(",", "").isdigit():
                ws.write_number(r, c, float(v.replace(",", ".")) if "," in v else int(v), body)
            else:
                ws.write_string(r, c, enc(v), body)
        r += 1
    wb.close()
    return buf.getvalue()


def tcvn3_csv() -> bytes:
    """A TCVN3 sheet saved as CSV: the font's bytes, one per letter (capitals in .VnTimeH are
    lower-case letters in the file)."""
    from analysis.reading.formats.legacy_fonts import encode_tcvn3

    rows = [[v if v is None else encode_tcvn3(v, upper_font=v.isupper()) for v in row]
            for row in text_rows()]
    return delimited(rows, ";").encode("latin-1")


def unicode_in_legacy_font() -> bytes:
    """Unicode text in a workbook whose fonts are .VnTime: nothing to convert."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": __import__("datetime").datetime(2026, 11, 30)})
    f = wb.add_format({"font_name": ".VnTime"})
    ws = wb.add_worksheet("T11-2026")
    rows = [["Báo cáo ký số tháng 11/2026"], [],
            ["TT", "Tên cơ quan, đơn vị", "Văn bản đi", "Số văn bản ký số"],
            [1, "Phòng Nội vụ", 20, 20], [2, "UBND xã Tén Tằn", 30, 27],
            [3, "Trung tâm Văn hóa - Thông tin và Thể thao", 12, 12]]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r, c, v, f)
    wb.close()
    return buf.getvalue()


# --- hostile variants -------------------------------------------------------------------------

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>\n')


def hostile() -> dict:
    xml = spreadsheetml().decode("utf-8")
    bomb_xml = xml.replace('<?mso-application progid="Excel.Sheet"?>\n',
                           '<?mso-application progid="Excel.Sheet"?>\n' + LAUGHS)
    bomb_xml = bomb_xml.replace("Tổng cộng", "&lol2;")
    far_cell = xml.replace('<Cell ss:Index="4"><Data ss:Type="String">SL</Data>',
                           '<Cell ss:Index="16000000"><Data ss:Type="String">SL</Data>')
    assert far_cell != xml
    spans = ("<html><body><table><tr><td colspan=100000000 rowspan=100000000>x</td></tr>"
             + "<tr></tr>" * 5000 + "</table></body></html>")
    wide = ("<table>" + ("<tr>" + '<td colspan="100000000">1</td>' * 20 + "</tr>") * 400
            + "</table>")
    return {
        "bom_thuc_the.xml": bomb_xml.encode("utf-8"),
        "bom_thuc_the.html": (LAUGHS + "<html><body><table><tr><td>&lol2;</td></tr></table>"
                              "</body></html>").encode(),
        "o_xa_nhat.xml": far_cell.encode("utf-8"),
        "o_gop_lon.xls": spans.encode(),
        "o_gop_rong.html": wide.encode(),
        "utf16_le_so_byte_le.txt": unicode_text()[:-1],
    }


def files() -> dict:
    text = delimited(text_rows(), "\t")
    out = {
        "xuat_excel_web.xls": web_export(),
        "xuat_excel_nhieu_bang.xls": web_several_tables(),
        "trang_web_1258.htm": web_cp1258(),
        "excel_2003.xml": spreadsheetml(),
        "excel_2003.xls": spreadsheetml(),
        "unicode_text.txt": unicode_text(),
        "unicode_text_doi_ten.csv": unicode_text(),
        "utf16_be.txt": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf8_khong_bom.csv": delimited(text_rows(), ",").encode("utf-8"),
        "windows_1258.csv": to_cp1258(delimited(text_rows(), ";")),
        "tcvn3.xlsx": legacy_xlsx("TCVN3"),
        "vni.xlsx": legacy_xlsx("VNI"),
        "unicode_phong_vntime.xlsx": unicode_in_legacy_font(),
        "tcvn3_2003.xml": spreadsheetml(tcvn3=True),
        "tcvn3.csv": tcvn3_csv(),
        "tcvn3_web.htm": web_tcvn3(),
    }
    out.update(hostile())
    return out


def main() -> None:
    from tests.support.fixture_files import write_all

    write_all(OUT, files)


if __name__ == "__main__":
    main()

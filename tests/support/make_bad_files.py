"""Write the hostile and broken upload fixtures into tests/fixtures/bad/ (run from anywhere):

    python -m tests.support.make_bad_files     (from the project root)

Every file is small on disk and deterministic. tests/test_hostile_files.py says what the reader
must answer for each. Needs xlsxwriter and xlwt (requirements-dev.txt).
"""
from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
DATE = (2021, 3, 31, 0, 0, 0)

TABLE = [["DANH SÁCH KÝ SỐ THÁNG 3/2021"], [],
         ["TT", "Tên cơ quan, đơn vị", "Văn bản đi", "Số văn bản ký số"],
         [1, "Phòng Nội vụ", 20, 20], [2, "UBND xã Sơn Hà", 30, 27]]

OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" '
      'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/>'
      f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OOXML}.worksheet+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      '<sheets><sheet name="T03-2021" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
           '</Relationships>')


def _cell(ref: str, v) -> str:
    if isinstance(v, int):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'


def sheet_xml(rows: list, extra: str = "", prolog: str = "") -> str:
    body = []
    for r, row in enumerate(rows, 1):
        cells = "".join(_cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row) if v is not None)
        body.append(f'<row r="{r}">{cells}</row>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + prolog +
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(body) + extra + "</sheetData></worksheet>")


def xlsx(sheet: str, parts: dict = None) -> bytes:
    """A minimal .xlsx written part by part (fixed dates: deterministic bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in [("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                           ("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", WB_RELS),
                           ("xl/worksheets/sheet1.xml", sheet), *(parts or {}).items()]:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8") if isinstance(text, str) else text,
                       compresslevel=9)
    return buf.getvalue()


def ods(body: str) -> bytes:
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="T03-2021">'
               f'{body}</table:table></office:spreadsheet></office:body></office:document-content>')
    ods_type = "application/vnd.oasis.opendocument.spreadsheet"
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ods_type}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", DATE), ods_type)
        for name, text in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text, compresslevel=9)
    return buf.getvalue()


def lie_about_size(data: bytes, part: str, size: int) -> bytes:
    """Rewrite the declared uncompressed size of one part, in its local and central headers."""
    out = bytearray(data)
    name = part.encode()
    i = out.find(b"PK\x03\x04")
    while i >= 0:  # local file headers: size at +22
        n, m = struct.unpack_from("<HH", out, i + 26)
        if bytes(out[i + 30:i + 30 + n]) == name:
            struct.pack_into("<I", out, i + 22, size)
        i = out.find(b"PK\x03\x04", i + 4)
    i = out.find(b"PK\x01\x02")
    while i >= 0:  # central directory: size at +24
        n = struct.unpack_from("<H", out, i + 28)[0]
        if bytes(out[i + 46:i + 46 + n]) == name:
            struct.pack_into("<I", out, i + 24, size)
        i = out.find(b"PK\x01\x02", i + 4)
    return bytes(out)


# --- an OLE2 (compound file) container, for the encrypted OOXML fixture ------------------------

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child=NOSTREAM, right=NOSTREAM, start=END, size=0) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1 if name else 0)
            + struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IQ", start, size))


def compound_file(streams: list) -> bytes:
    """A version-3 compound file with the given (name, bytes) streams, each >= 4096 bytes so that
    no mini stream is needed. Sector 0 holds the FAT, sector 1 the directory."""
    fat = [FATSECT, END]
    sectors, entries, nxt = [], [], 2
    for name, data in streams:
        assert len(data) >= 4096
        n = -(-len(data) // 512)
        fat += [nxt + k + 1 for k in range(n - 1)] + [END]
        sectors.append(data.ljust(n * 512, b"\0"))
        entries.append((name, nxt, len(data)))
        nxt += n
    assert len(fat) <= 128
    fat += [FREE] * (128 - len(fat))
    directory = _dir_entry("Root Entry", 5, child=1)
    for k, (name, start, size) in enumerate(entries):
        right = k + 2 if k + 1 < len(entries) else NOSTREAM  # names already in tree order
        directory += _dir_entry(name, 2, right=right, start=start, size=size)
    directory = directory.ljust(512, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + b"".join(sectors)


def encrypted_xlsx() -> bytes:
    """What Excel writes for "Encrypt with password": EncryptionInfo (agile, 4.4) and
    EncryptedPackage streams in a compound file (the package bytes here are filler)."""
    info_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption '
                'xmlns="http://schemas.microsoft.com/office/2006/encryption" '
                'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
                '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
                'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
                'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
                '<dataIntegrity encryptedHmacKey="AAAA" encryptedHmacValue="AAAA"/>'
                '<keyEncryptors><keyEncryptor '
                'uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"/>'
                '</keyEncryptors></encryption>')
    info = struct.pack("<HHI", 4, 4, 0x40) + info_xml.encode()
    package = struct.pack("<Q", 6000) + bytes((i * 73 + 41) % 256 for i in range(6000))
    # tree order: shorter names first
    return compound_file([("EncryptionInfo", info.ljust(4096, b" ")),
                          ("EncryptedPackage", package)])


def password_xls() -> bytes:
    """An .xls as Excel writes it with a password to open: a FILEPASS record (RC4, 54 bytes)
    right after BOF. The records INTERFACEHDR..WRITEACCESS that xlwt puts there (132 bytes) are
    replaced by FILEPASS and a WRITEACCESS of the remaining length, so no offset moves."""
    data = good_xls()
    i = data.find(b"\x09\x08\x10\x00") + 20  # after BOF
    old = data[i:i + 132]
    assert old[:2] == b"\xe1\x00" and old[-116:-114] == b"\x5c\x00"
    filepass = struct.pack("<HHHHH", 0x2F, 54, 1, 1, 1) + bytes(range(48))
    filler = struct.pack("<HH", 0x5C, 132 - 58 - 4) + b" " * (132 - 58 - 4)
    return data[:i] + filepass + filler + data[i + 132:]


def good_xls() -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("T03-2021")
    for r, row in enumerate(TABLE):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def files() -> dict:
    good = xlsx(sheet_xml(TABLE))
    laughs = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>\n')
    xxe = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    padding = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + " " * (64 * 1024 * 1024) + "</sst>")
    tall_rows = TABLE + [[None]] * 5 + [[f"ghi chú {k}"] for k in range(3)]
    return {
        "khong_phai_bang_tinh.xlsx": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "van_ban_doi_duoi.xls": "Đây là một tệp văn bản, không phải bảng tính.\n".encode(),
        "trang_web.xls": ("<html><body><table><tr><td>TT</td><td>Tên cơ quan</td></tr>"
                          "</table></body></html>").encode(),
        "nhi_phan.csv": bytes(range(256)) * 4,
        "cat_cut.xlsx": good[: len(good) // 2],
        "cat_cut.xls": good_xls()[:3000],
        "trong.xlsx": xlsx(sheet_xml([])),
        "trong.csv": "\ufeff\r\n;;\r\n \r\n".encode(),
        "bom_nen.xlsx": xlsx(sheet_xml(TABLE), {"xl/sharedStrings.xml": padding}),
        "bom_nen_khai_sai.xlsx": lie_about_size(
            xlsx(sheet_xml(TABLE), {"xl/sharedStrings.xml": padding}), "xl/sharedStrings.xml",
            4096),
        "thuc_the_xml.xlsx": xlsx(sheet_xml([["&lol2;"]] + TABLE[1:], prolog=laughs)),
        "xxe.xlsx": xlsx(sheet_xml(TABLE, prolog=xxe)),
        "ma_hoa.xlsx": encrypted_xlsx(),
        "mat_khau.xls": password_xls(),
        "o_xa_nhat.xlsx": xlsx(sheet_xml(TABLE, extra='<row r="1048576"><c r="XFD1048576" '
                                                      't="inlineStr"><is><t>x</t></is></c></row>')),
        "bom_o.ods": ods('<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
                         'table:number-columns-repeated="16384" office:value-type="string">'
                         '<text:p>a</text:p></table:table-cell></table:table-row>'),
        # not refused: read in part, with a warning
        "trieu_dong.xlsx": xlsx(sheet_xml(tall_rows, extra='<row r="1000000"><c r="A1000000" '
                                                           't="inlineStr"><is><t>cuối</t></is></c></row>')),
    }


def main() -> None:
    from tests.support.fixture_files import write_all

    write_all(OUT, files)


if __name__ == "__main__":
    main()

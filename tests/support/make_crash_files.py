"""Write the files that got past the byte guard before issue 13 and made the native reader
(python-calamine) abort or exhaust memory, into tests/fixtures/crash/ (run from anywhere):

    python -m tests.support.make_crash_files     (from the project root)

Each is small on disk and deterministic. The guard (analysis/reading/guard.py, guard_xls.py) now
refuses every one of them before the reader sees it; tests/reading/test_isolated.py shows that in
a capped subprocess and in the bounded worker, and what the bare reader does with them (in a
capped subprocess): never in the test process itself, which a guard gone wrong would abort.
`BUDGET` names the ones whose every sheet is within its limit, refused for their total.
"""
from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from tests.support.make_bad_files import CT, DATE, RELS, TABLE, WB, good_xls, ods, sheet_xml, xlsx

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "crash"

# one value in the last cell of the sheet: calamine allocates the whole rectangle (512 GB)
FAR_SINGLE_QUOTED = ("<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c>"
                     "</row>")
FAR = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def xlsx_with_sheet_at(part: str, sheet: str) -> bytes:
    """A minimal .xlsx whose one worksheet is stored at `part` (anywhere in the package), found
    through the workbook's relationships as the format allows."""
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="/{part}"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        types = CT.replace("/xl/worksheets/sheet1.xml", "/" + part)
        for name, text in [("[Content_Types].xml", types),
                           ("_rels/.rels", RELS), ("xl/workbook.xml", WB),
                           ("xl/_rels/workbook.xml.rels", rels), (part, sheet)]:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text, compresslevel=9)
    return buf.getvalue()


def xls_with_lying_dimensions() -> bytes:
    """A good .xls whose DIMENSIONS record (BIFF8: first row, last row + 1, first column, last
    column + 1) claims 4 billion rows x 256 columns."""
    data = bytearray(good_xls())
    i = data.find(b"\x00\x02\x0e\x00")  # record 0x0200, 14 bytes
    assert struct.unpack_from("<IIHH", data, i + 4) == (0, len(TABLE), 0, 4)
    struct.pack_into("<IIHH", data, i + 4, 0, 0xFFFFFFFF, 0, 0x100)
    return bytes(data)


def many_sheets_xlsx(n: int = 200) -> bytes:
    """n sheets, each the small table and one value in OJ1000 (400 columns x 1,000 rows =
    400,000 cells: well inside the limit of one sheet), 80 million cells together."""
    far = '<row r="1000"><c r="OJ1000" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = sheet_xml(TABLE, extra=far)
    sheets = "".join(f'<sheet name="T{k:03d}" sheetId="{k}" r:id="rId{k}"/>'
                     for k in range(1, n + 1))
    wb = WB.replace('<sheet name="T03-2021" sheetId="1" r:id="rId1"/>', sheets)
    rels = "".join(f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/'
                   f'officeDocument/2006/relationships/worksheet" Target="worksheets/s{k}.xml"/>'
                   for k in range(1, n + 1))
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
               f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
               '</Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        parts = [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", wb),
                 ("xl/_rels/workbook.xml.rels", wb_rels)]
        parts += [(f"xl/worksheets/s{k}.xml", sheet) for k in range(1, n + 1)]
        for name, text in parts:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text, compresslevel=9)
    return buf.getvalue()


def many_sheets_xls(n: int = 30) -> bytes:
    """n sheets, each the small table and one value in IV4000 (256 columns x 4,000 rows,
    about a million cells: inside the limit of one sheet), 30 million cells together."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for k in range(1, n + 1):
        ws = wb.add_sheet(f"T{k:02d}")
        for r, row in enumerate(TABLE):
            for c, v in enumerate(row):
                ws.write(r, c, v)
        ws.write(3999, 255, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def repeated_text_xlsx(mb: int = 4, cells: int = 300) -> bytes:
    """One shared string of `mb` MB (it compresses to a few KB) referred to by `cells` cells:
    the reader copies it into each, 1.2 GB of text from a file of a few KB."""
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
           'schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
           + "a" * (mb << 20) + "</t></si></sst>")
    rows = "".join(f'<row r="{r}"><c r="F{r}" t="s"><v>0</v></c></row>'
                   for r in range(10, 10 + cells))
    return xlsx(sheet_xml(TABLE, extra=rows), {"xl/sharedStrings.xml": sst})


def files() -> dict:
    return {
        "o_xa_nhay_don.xlsx": xlsx(sheet_xml(TABLE, extra=FAR_SINGLE_QUOTED)),
        "o_xa_ngoai_thu_muc.xlsx": xlsx_with_sheet_at("xl/bang/so_lieu.xml",
                                                      sheet_xml(TABLE, extra=FAR)),
        "kich_thuoc_sai.xls": xls_with_lying_dimensions(),
        # 100,000 rows x 1,000 numbers: 100 million cells, 3 GB and more
        "lap_nhay_don.ods": ods("<table:table-row table:number-rows-repeated='100000'>"
                                "<table:table-cell table:number-columns-repeated='1000' "
                                "office:value-type='float' office:value='1'><text:p>1</text:p>"
                                "</table:table-cell></table:table-row>"),
        "hai_tram_trang.xlsx": many_sheets_xlsx(),
        "ba_muoi_trang.xls": many_sheets_xls(),
        "chuoi_lap.xlsx": repeated_text_xlsx(),
    }


# files that only ask for more than the budget of a whole file (each sheet is within its limit)
BUDGET = ("hai_tram_trang.xlsx", "ba_muoi_trang.xls", "chuoi_lap.xlsx")


def main() -> None:
    from tests.support.fixture_files import write_all

    write_all(OUT, files)


if __name__ == "__main__":
    main()

"""Write the files that get past today's byte guard and make the native reader (python-calamine)
abort or exhaust memory, into tests/fixtures/crash/ (run from anywhere):

    python -m tests.support.make_crash_files     (from the project root)

Each is small on disk and deterministic. tests/reading/test_isolated.py reads them only in a
bounded worker process (or in a capped subprocess, to show what they do unbounded): never in
the test process itself, which they could abort.
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
    }


def main() -> None:
    from tests.support.fixture_files import write_all

    write_all(OUT, files)


if __name__ == "__main__":
    main()

"""Write the fixtures of the table layouts offices really keep into tests/fixtures/layout/:

    python -m tests.support.make_layout_files     (from the project root)

Invented units and counts, one file (or sheet) per layout of issue 15: headers over three and
four rows (merged, without merges, a web page), periods in date-typed cells and date-times, a
district column (filled on every row, merged down each group, "Đơn vị hành chính"), names
wrapped over two rows, what is under the table (notes, signature blocks, dates, "Nơi nhận"),
year-long wide sheets (months, "T1" spellings, quarters, "Lũy kế"), electronic unit codes over
two months, and formulas with and without cached values. Every file is deterministic;
tests/reading/test_layout_files.py says what the reader must make of each.
"""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from html import escape
from pathlib import Path

import xlsxwriter

from tests.support.fixture_files import write_all

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "layout"
CREATED = datetime(2026, 11, 1)


def xlsx(sheets: dict) -> bytes:
    """{sheet name: (rows, merges)} -> workbook bytes; a merge is (r0, c0, r1, c1) 0-based, its
    value the top-left cell's; a cell may be a date or datetime (a date-typed cell) or a
    ("=formula", cached value or None) pair."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "strings_to_formulas": False})
    wb.set_properties({"created": CREATED})
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, (rows, merges) in sheets.items():
        ws = wb.add_worksheet(name)
        covered = set()
        for r0, c0, r1, c1 in merges:
            value = rows[r0][c0] if c0 < len(rows[r0]) else None
            ws.merge_range(r0, c0, r1, c1, value if value is not None else "")
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if (r, c) in covered or v is None:
                    continue
                _write(ws, r, c, v, date_format)
    wb.close()
    return buf.getvalue()


def _write(ws, r: int, c: int, v, date_format) -> None:
    if isinstance(v, tuple):  # a formula and its cached value (xlsxwriter writes 0 for None)
        formula, cached = v
        if cached is None:
            ws.write_formula(r, c, formula)
        else:
            ws.write_formula(r, c, formula, None, cached)
    elif isinstance(v, (date, datetime)):
        ws.write_datetime(r, c, v if isinstance(v, datetime) else datetime(v.year, v.month,
                                                                            v.day), date_format)
    elif isinstance(v, str):
        ws.write_string(r, c, v)
    else:
        ws.write(r, c, v)


def openpyxl_formulas(name: str, rows: list) -> bytes:
    """A workbook written by openpyxl: formulas stored without any cached value (as a program
    that never computes them saves them); the zip's timestamps fixed."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    for row in rows:
        ws.append([v[0] if isinstance(v, tuple) else v for v in row])
    wb.properties.created = wb.properties.modified = CREATED
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the time of saving
                body = _fixed_core(body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def _fixed_core(body: bytes) -> bytes:
    import re

    return re.sub(rb"<dcterms:modified([^>]*)>[^<]*<",
                  rb"<dcterms:modified\1>2026-11-01T00:00:00Z<", body)


def csv_bytes(rows: list) -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(
        [["" if v is None else str(v) for v in row] for row in rows])
    return buf.getvalue().encode("utf-8-sig")


def pct(part: int, whole: int) -> str:
    return (f"{part / whole * 100:.2f}".replace(".", ",") + "%") if whole else "0%"


# --- 1. headers over three and four rows ---------------------------------------------------------

# (name, received, sent, signed by the leader, signed with the agency's signature)
THREE_ROW_UNITS = [
    ("Phòng Nội vụ", 310, 204, 190, 204),
    ("Phòng Tài chính - Kế hoạch", 512, 377, 350, 371),
    ("Văn phòng HĐND và UBND", 1033, 846, 800, 846),
    ("UBND xã Trung Lý", 150, 96, 60, 90),
]


def three_row_header() -> bytes:
    rows = [["UBND HUYỆN MƯỜNG LÁT"],
            ["BÁO CÁO KẾT QUẢ KÝ SỐ VĂN BẢN THÁNG 9 NĂM 2026"],
            [],
            ["STT", "Tên cơ quan, đơn vị", "Văn bản đến", "Văn bản đi", None, None],
            [None, None, None, "Tổng số", "Có ký số", None],
            [None, None, None, None, "Lãnh đạo", "Cơ quan"]]
    for i, (name, rec, sent, lead, agency) in enumerate(THREE_ROW_UNITS, 1):
        rows.append([i, name, rec, sent, lead, agency])
    rows.append([None, "Tổng cộng", *(sum(u[k] for u in THREE_ROW_UNITS) for k in range(1, 5))])
    merges = [(3, 0, 5, 0), (3, 1, 5, 1), (3, 2, 5, 2), (3, 3, 3, 5), (4, 3, 5, 3), (4, 4, 4, 5)]
    return xlsx({"T09-2026": (rows, merges)})


def four_row_header_csv() -> bytes:
    """Four header rows, no merge information: each group header written once, over its first
    column."""
    rows = [["BÁO CÁO THÁNG 10/2026"],
            ["TT", "Đơn vị", "Kết quả thực hiện", None, None, None, None],
            [None, None, "VB đến", "VB đi", None, None, None],
            [None, None, None, "Tổng số", "Có ký số", None, None],
            [None, None, None, None, "Cá nhân", "Tổ chức", "Tỷ lệ ký số cá nhân"]]
    for i, (name, rec, sent, lead, agency) in enumerate(THREE_ROW_UNITS, 1):
        rows.append([i, name, rec, sent, lead, agency, pct(lead, sent)])
    return csv_bytes(rows)


def three_row_header_web() -> bytes:
    """The same three-row header as a web page named .xls (rowspan, colspan)."""
    def td(v, **a):
        attrs = "".join(f' {k}="{x}"' for k, x in a.items())
        return f"<td{attrs}>{escape(str(v))}</td>"
    out = ['<html><head><meta charset="utf-8"></head><body><table border=1>',
           f"<tr>{td('BÁO CÁO KÝ SỐ THÁNG 9/2026', colspan=6)}</tr>",
           f"<tr>{td('STT', rowspan=3)}{td('Tên cơ quan, đơn vị', rowspan=3)}"
           f"{td('Văn bản đến', rowspan=3)}{td('Văn bản đi', colspan=3)}</tr>",
           f"<tr>{td('Tổng số', rowspan=2)}{td('Có ký số', colspan=2)}</tr>",
           f"<tr>{td('Lãnh đạo')}{td('Cơ quan')}</tr>"]
    for i, u in enumerate(THREE_ROW_UNITS, 1):
        out.append("<tr>" + "".join(td(v) for v in (i, *u)) + "</tr>")
    out.append("</table></body></html>")
    return "\n".join(out).encode("utf-8")


# --- 2. the period in date cells -----------------------------------------------------------------

PERIOD_UNITS = [("Phòng Nội vụ", 120, 118), ("Phòng Tư pháp", 40, 36), ("UBND xã Pù Nhi", 58, 50)]


def _period_table(head: list) -> list:
    rows = [*head, [], ["TT", "Tên cơ quan, đơn vị", "Văn bản đi", "Văn bản ký số"]]
    rows += [[i, n, s, k] for i, (n, s, k) in enumerate(PERIOD_UNITS, 1)]
    return rows


def date_cells() -> bytes:
    return xlsx({
        # "Từ ngày" then a date-typed cell, "Đến ngày" then another, on one row
        "Sheet1": (_period_table([["BÁO CÁO KẾT QUẢ KÝ SỐ"],
                                  ["Từ ngày", date(2026, 9, 1), "Đến ngày",
                                   date(2026, 9, 30)]]), []),
        # on two rows, date-times
        "Sheet2": (_period_table([["BÁO CÁO KẾT QUẢ KÝ SỐ"],
                                  ["Từ ngày:", datetime(2026, 7, 1, 0, 0)],
                                  ["Đến ngày:", datetime(2026, 9, 30, 23, 59, 59)]]), []),
        # a date-time in the title's text, as a system's export writes it
        "Sheet3": (_period_table([["THỐNG KÊ VĂN BẢN TỪ NGÀY 2026-08-01 00:00:00 ĐẾN NGÀY "
                                   "2026-08-31 23:59:59"]]), []),
        # "Tháng" then a date-typed cell (shown 10/2026, stored as 2026-10-01)
        "Sheet4": (_period_table([["BÁO CÁO KÝ SỐ THÁNG", date(2026, 10, 1)]]), []),
    })


# --- 3. the district in a column -----------------------------------------------------------------

# (district, commune, sent, signed)
DISTRICT_UNITS = [
    ("Huyện Quan Sơn", "UBND xã Sơn Hà", 80, 72),
    ("Huyện Quan Sơn", "UBND xã Trung Thượng", 64, 64),
    ("Huyện Quan Sơn", "UBND thị trấn Sơn Lư", 101, 99),
    ("Huyện Quan Hóa", "UBND xã Sơn Hà", 45, 30),
    ("Huyện Quan Hóa", "UBND xã Phú Lệ", 52, 52),
    ("Thị xã Nghi Sơn", "UBND phường Hải Hòa", 130, 128),
]


def district_every_row() -> bytes:
    rows = [["TỔNG HỢP KÝ SỐ CẤP XÃ THÁNG 9/2026"],
            ["STT", "Huyện/TX/TP", "Tên đơn vị", "Số VB đi", "Số VB ký số", "Tỷ lệ (%)"]]
    for i, (d, n, s, k) in enumerate(DISTRICT_UNITS, 1):
        short = d.replace("Huyện ", "").replace("Thị xã ", "TX ")
        rows.append([i, short if i % 2 else d, n, s, k, round(k / s * 100, 2)])
    return xlsx({"T09-2026": (rows, [])})


def district_merged() -> bytes:
    rows = [["TỔNG HỢP KÝ SỐ CẤP XÃ THÁNG 9/2026"],
            ["STT", "Địa bàn", "Tên đơn vị", "Số VB đi", "Số VB ký số"]]
    merges, start = [], None
    for i, (d, n, s, k) in enumerate(DISTRICT_UNITS, 1):
        r = len(rows)
        if start is None or rows[start][1] != d:
            if start is not None and r - 1 > start:
                merges.append((start, 1, r - 1, 1))
            start = r
            rows.append([i, d, n, s, k])
        else:
            rows.append([i, None, n, s, k])
    if len(rows) - 1 > start:
        merges.append((start, 1, len(rows) - 1, 1))
    return xlsx({"T09-2026": (rows, merges)})


def district_admin_csv() -> bytes:
    rows = [["Tháng 9/2026"], ["STT", "Đơn vị hành chính", "Cơ quan, đơn vị", "VB đi",
                               "VB đi có ký số"]]
    for i, (d, n, s, k) in enumerate(DISTRICT_UNITS, 1):
        rows.append([i, d, n, s, k])
    return csv_bytes(rows)


# --- 4. names wrapped over two rows --------------------------------------------------------------

def wrapped_names() -> bytes:
    rows = [["BÁO CÁO KÝ SỐ THÁNG 9/2026"],
            ["TT", "Tên cơ quan, đơn vị", "Văn bản đi", "Ký số", "Tỷ lệ"],
            ["I", "Các đơn vị sự nghiệp", None, None, None],
            [1, "Ban Quản lý dự án đầu tư xây dựng", 88, 80, "90,91%"],
            [None, "các công trình dân dụng và công nghiệp", None, None, None],
            [2, "Trung tâm Văn hóa, Thông tin và", 40, 40, "100%"],
            [None, "Thể thao huyện", None, None, None],
            [3, "Trung tâm Dịch vụ nông nghiệp", 25, 20, "80%"],
            ["II", "Khối UBND cấp xã", None, None, None],
            [1, "Tam Chung", 96, 90, "93,75%"],
            [2, "Pù Nhi", 58, 29, "50%"]]
    return xlsx({"T09-2026": (rows, [])})


# --- 5. what is under the table ------------------------------------------------------------------

FOOTER = [
    [],
    [None, "Ghi chú: Số liệu trích xuất từ hệ thống quản lý văn bản ngày 05/10/2026."],
    [None, "NGƯỜI LẬP BIỂU", None, None, "KT. GIÁM ĐỐC"],
    [None, None, None, None, "PHÓ GIÁM ĐỐC"],
    [],
    [None, "Nguyễn Văn An", None, None, "Lê Thị Bình"],
    [None, None, None, None, "Mường Lát, ngày 05 tháng 10 năm 2026"],
    [None, "Nơi nhận:"],
    [None, "- Sở Khoa học và Công nghệ;"],
    [None, "- Lưu: VT."],
]
FOOTER_UNITS = [("Tam Chung", 96, 90, 85), ("Pù Nhi", 58, 29, 50), ("Mường Chanh", 74, 70, 74)]


def footer_rows() -> bytes:
    def table(total: bool, blanks: int) -> list:
        rows = [[f"BÁO CÁO KÝ SỐ THÁNG {8 + blanks}/2026"],
                ["TT", "Tên đơn vị", "Văn bản đi", "Ký số lãnh đạo", "Ký số cơ quan"],
                ["I", "Khối UBND cấp xã"]]
        rows += [[i, n, s, a, b] for i, (n, s, a, b) in enumerate(FOOTER_UNITS, 1)]
        if total:
            rows.append([None, "Tổng cộng", *(sum(u[k] for u in FOOTER_UNITS)
                                              for k in range(1, 4))])
        return rows + [[]] * (blanks - 1) + FOOTER
    return xlsx({"T09-2026": (table(True, 1), []), "T10-2026": (table(False, 2), [])})


# --- 6. year-long wide sheets --------------------------------------------------------------------

# unit -> [(sent, signed)] per month, January to March (April on left blank)
YEAR_UNITS = {
    "Phòng Nội vụ": [(100, 95), (120, 120), (90, 81)],
    "Phòng Tư pháp": [(30, 27), (25, 25), (40, 30)],
    "UBND xã Tam Chung": [(60, 30), (58, 40), (61, 61)],
}


def _wide(labels: list, cumulative: str | None, filled: int, title: str) -> tuple:
    fields = ["Số VB đi", "Số VB ký số", "Tỷ lệ ký số (%)"]
    top = ["STT", "Tên đơn vị"]
    for label in labels + ([cumulative] if cumulative else []):
        top += [label, None, None]
    sub = [None, None] + fields * (len(labels) + (1 if cumulative else 0))
    rows = [[title], top, sub]
    merges = [(1, 0, 2, 0), (1, 1, 2, 1)]
    merges += [(1, 2 + 3 * g, 1, 4 + 3 * g) for g in range(len(labels) + (1 if cumulative else 0))]
    for i, (name, months) in enumerate(YEAR_UNITS.items(), 1):
        row = [i, name]
        for g in range(len(labels)):
            if g < filled:
                s, k = months[g]
                row += [s, k, round(k / s * 100, 2)]
            else:
                row += [None, None, None]
        if cumulative:
            s = sum(m[0] for m in months[:filled])
            k = sum(m[1] for m in months[:filled])
            row += [s, k, round(k / s * 100, 2)]  # the year's rate: no month's
        rows.append(row)
    return rows, merges


def year_months() -> bytes:
    months = [f"Tháng {m}" for m in range(1, 13)]
    spelled = ["T1", "T02/2026", "Tháng 03/2026", "T4"]
    return xlsx({
        "Năm 2026": _wide(months, "Lũy kế", 3, "THEO DÕI KÝ SỐ NĂM 2026"),
        "Theo dõi": _wide(spelled, "Lũy kế từ đầu năm", 3, "THEO DÕI KÝ SỐ NĂM 2026"),
    })


def year_quarters() -> bytes:
    rows, merges = _wide(["Quý I", "Quý II", "Quý III"], "Cả năm", 3, "THEO DÕI THEO QUÝ")
    return xlsx({"Theo quý": (rows, merges)})


# --- 7. unit codes -------------------------------------------------------------------------------

# (code, name in September, name in October, sent, signed)
CODED = [
    ("000.00.12.H19", "Phòng Văn hóa - Thông tin", "Phòng Văn hóa và Thông tin", 55, 50),
    ("000.00.13.H19", "Phòng Nội vụ", "Phòng Nội vụ huyện", 120, 120),
    ("000.21.12.H19", "UBND xã Tam Chung", "Xã Tam Chung", 96, 80),
    (None, "Ban Chỉ huy Quân sự huyện", "Ban Chỉ huy Quân sự huyện", 12, 0),
]


def unit_codes() -> bytes:
    def table(month: int) -> list:
        rows = [[f"BÁO CÁO KÝ SỐ THÁNG {month}/2026"],
                ["STT", "Mã định danh", "Tên cơ quan, đơn vị", "VB đi", "VB ký số"]]
        for i, (code, sep, oct_, s, k) in enumerate(CODED, 1):
            rows.append([i, code, sep if month == 9 else oct_, s + month - 9, k])
        return rows
    return xlsx({"T09-2026": (table(9), []), "T10-2026": (table(10), [])})


# --- 8. formulas ---------------------------------------------------------------------------------

FORMULA_UNITS = [("Phòng Nội vụ", 204, 190), ("Phòng Tư pháp", 45, 40), ("UBND xã Pù Nhi", 0, 0),
                 ("UBND xã Tam Chung", 96, 90)]


def _formula_rows(cached: str) -> list:
    """cached: "values" (the values Excel computes), "none" (no value) or "zero" (xlsxwriter's
    default 0)."""
    rows = [["BÁO CÁO KÝ SỐ THÁNG 9/2026"],
            ["TT", "Tên đơn vị", "Văn bản đi", "Văn bản ký số", "Tỷ lệ"]]
    for i, (n, s, k) in enumerate(FORMULA_UNITS, 1):
        r = len(rows) + 1
        value = (k / s if s else "#DIV/0!") if cached == "values" else (
            0 if cached == "zero" else None)
        formula = f"=D{r}/C{r}" if s else f"=IF(C{r}=0,0,D{r}/C{r})"
        if not s and cached == "values":
            value = 0
        rows.append([i, n, s, k, (formula, value)])
    first, last = 3, len(rows)
    sums = [(f"=SUM({c}{first}:{c}{last})", sum(u[j] for u in FORMULA_UNITS)
             if cached == "values" else (0 if cached == "zero" else None)) for c, j in
            (("C", 1), ("D", 2))]
    rows.append([None, "Tổng cộng", *sums])
    return rows


def formulas() -> dict:
    return {
        "cong_thuc_co_gia_tri.xlsx": xlsx({"T09-2026": (_formula_rows("values"), [])}),
        "cong_thuc_gia_tri_0.xlsx": xlsx({"T09-2026": (_formula_rows("zero"), [])}),
        "cong_thuc_khong_gia_tri.xlsx": openpyxl_formulas("T09-2026", _formula_rows("none")),
    }


def files() -> dict:
    return {
        "tieu_de_ba_dong.xlsx": three_row_header(),
        "tieu_de_bon_dong.csv": four_row_header_csv(),
        "tieu_de_ba_dong_web.xls": three_row_header_web(),
        "ky_o_ngay.xlsx": date_cells(),
        "huyen_moi_dong.xlsx": district_every_row(),
        "dia_ban_gop_o.xlsx": district_merged(),
        "don_vi_hanh_chinh.csv": district_admin_csv(),
        "ten_xuong_dong.xlsx": wrapped_names(),
        "chan_bang.xlsx": footer_rows(),
        "theo_doi_ca_nam.xlsx": year_months(),
        "theo_doi_quy_2026.xlsx": year_quarters(),
        "ma_dinh_danh.xlsx": unit_codes(),
        **formulas(),
    }


def main() -> None:
    write_all(OUT, files)


if __name__ == "__main__":
    main()

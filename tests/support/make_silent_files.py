"""Write the fixtures of what the reader once dropped without a word into tests/fixtures/silent/
(run from anywhere):

    python tests/support/make_silent_files.py

One sheet per district for the same month; two sheets of one month sharing a unit; a CSV whose
quote opens and never closes; units whose names begin with "Tổng"/"Cộng"; names holding
invisible characters (zero-width space, joiner, BOM, soft hyphen, Excel's _x0001_, a NUL). Every
file is small and deterministic. tests/reading/test_silent_losses.py says what the reader and
the frame must make of each.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import xlsxwriter

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "silent"

HEADER = ["STT", "Tên cơ quan, đơn vị", "Tổng số văn bản đi", "Số văn bản ký số",
          "Tỷ lệ (%)"]


def title(month: int, year: int = 2024) -> list:
    return [None, f"BÁO CÁO KẾT QUẢ KÝ SỐ VĂN BẢN THÁNG {month} NĂM {year}"]


def table(month: int, units: list, total: str = "Tổng cộng") -> list:
    """Title, header, numbered units (name, sent, signed) and a totals row."""
    rows = [title(month), [], HEADER]
    for i, (name, sent, signed) in enumerate(units, 1):
        rows.append([i, name, sent, signed, round(signed / sent * 100, 2)])
    sent = sum(u[1] for u in units)
    signed = sum(u[2] for u in units)
    rows.append([None, total, sent, signed, round(signed / sent * 100, 2)])
    return rows


def xlsx(sheets: dict) -> bytes:
    """A workbook of {sheet name: rows}, byte for byte the same on every run."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "strings_to_formulas": False})
    wb.set_properties({"created": datetime(2024, 12, 1)})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if isinstance(v, str):
                    ws.write_string(r, c, v)  # a control character is written as _x0001_
                elif v is not None:
                    ws.write(r, c, v)
    wb.close()
    return buf.getvalue()


def csv_text(rows: list) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(
        [["" if v is None else v for v in row] for row in rows])
    return buf.getvalue()


QUAN_SON = [("UBND xã Sơn Hà", 40, 38), ("UBND xã Sơn Điện", 35, 35),
            ("UBND thị trấn Quan Sơn", 60, 51)]
MUONG_LAT = [("UBND xã Tam Chung", 30, 30), ("UBND xã Pù Nhi", 22, 11),
             ("UBND xã Sơn Hà", 18, 18)]  # the same commune name, another district
SO_NGANH = [("Sở Nội vụ", 120, 118), ("Sở Tư pháp", 80, 80), ("Văn phòng UBND tỉnh", 300, 290)]
HUYEN = [("UBND huyện Quan Sơn", 210, 200), ("Sở Tư pháp", 81, 79),
         ("UBND huyện Mường Lát", 150, 120)]
TONG_CONG = [("Phòng Nội vụ", 13, 12), ("Tổng công ty Điện lực miền Bắc", 44, 40),
             ("Cộng đồng dân cư thôn 3", 5, 2), ("Tổng đội Thanh niên xung phong", 9, 9),
             ("Tổng cục Thuế - Chi cục Thuế khu vực", 17, 17), ("Phòng Tư pháp", 8, 8)]
PLAIN = [("Phòng Nội vụ", 13, 12), ("Phòng Tư pháp", 8, 8), ("Văn phòng HĐND và UBND", 40, 39),
         ("UBND xã Sơn Hà", 20, 20)]
# the same units in the next month, their names holding characters that show nothing
HIDDEN = [("Phòng\u200b Nội vụ", 14, 14), ("\ufeffPhòng Tư\u00ad pháp", 9, 9),
          ("Văn phòng HĐND\u200d và UBND\x01", 41, 40), ("UBND xã Sơn\u2060 Hà", 21, 21)]


def open_quote_csv() -> bytes:
    """Line 7 opens a quote that no later line closes; 2,000 unit rows follow."""
    rows = table(11, PLAIN)
    text = csv_text(rows[:-1])  # 3 head rows + 4 units: lines 1..7
    lines = text.splitlines()
    lines[6] = lines[6].replace("UBND xã Sơn Hà", '"UBND xã Sơn Hà')
    more = [f"{i};UBND xã Số {i};10;9;90" for i in range(5, 2005)]
    return ("\ufeff" + "\n".join(lines + more) + "\n").encode("utf-8")


def hidden_csv() -> bytes:
    """A CSV whose names hold a NUL and \\x01 beyond its first 4 KB, and a zero-width space."""
    filler = [[i, f"UBND xã Thôn {i}", 10, 10, 100] for i in range(1, 201)]
    rows = [title(11), [], HEADER, *filler,
            [201, "Phòng\x00 Nội vụ", 13, 12, 92.31], [202, "Phòng Tư\x01 pháp", 8, 8, 100],
            [203, "Trung tâm\u200b Văn hóa", 7, 7, 100]]
    return ("\ufeff" + csv_text(rows)).encode("utf-8")


def files() -> dict:
    return {
        "mot_thang_hai_huyen.xlsx": xlsx({"Huyện Quan Sơn": table(11, QUAN_SON),
                                          "Huyện Mường Lát": table(11, MUONG_LAT)}),
        "mot_thang_trung_don_vi.xlsx": xlsx({"Khối sở": table(11, SO_NGANH),
                                             "Khối huyện": table(11, HUYEN)}),
        "ngoac_kep_mo.csv": open_quote_csv(),
        "ten_bat_dau_tong_cong.csv": ("\ufeff" + csv_text(table(11, TONG_CONG))).encode("utf-8"),
        "ky_tu_an.xlsx": xlsx({"T10": table(10, PLAIN), "T11": table(11, HIDDEN)}),
        "ky_tu_an.csv": hidden_csv(),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in files().items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()

"""Write the workbooks the browser's chart tests load into tests/fixtures/charts/ (run from
anywhere):

    python -m tests.support.make_chart_files

Each is a district-style report of three months (T01-2021 … T03-2021: a trend, a previous month,
a heatmap), one section a block:

- khoi_1.xlsx: one block (5 communes);
- khoi_2.xlsx: two blocks (5 departments, 5 communes);
- khoi_3.xlsx: three blocks of 5, 15 and 14 units: a unit at 0% three months running, one at
  0% → 0%, one whose signed count passes its sent count in March (107,69%);
- khoi_5.xlsx: five blocks (departments, service units, communes, provincial departments,
  district committees), 4 units each;
- khoi_1400.xlsx: one block of 1,400 communes (the province's scale in one chart).

Deterministic: the counts come from the unit's number and the month.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "charts"
HEADER = ["STT", "Tên cơ quan, đơn vị", "Văn bản đi", "Số văn bản ký số", "Tỷ lệ (%)"]
SECTIONS = {
    "department": ("Khối các phòng chuyên môn", "Phòng {}"),
    "service_unit": ("Khối các đơn vị sự nghiệp", "Trung tâm {}"),
    "commune": ("Khối UBND cấp xã", "Xã {}"),
    "provincial_department": ("Các sở, ban, ngành", "Sở {}"),
    "district": ("UBND cấp huyện", "UBND huyện {}"),
}
NAMES = ["Sơn Hà", "Mường Mìn", "Tam Thanh", "Na Mèo", "Trung Hạ", "Sơn Điện", "Tam Lư",
         "Trung Xuân", "Trung Thượng", "Sơn Thủy", "Mường Chanh", "Quang Chiểu", "Tén Tằn",
         "Pù Nhi", "Nhi Sơn", "Trung Lý", "Mường Lý"]


def _name(block: str, i: int, n: int) -> str:
    word = NAMES[i % len(NAMES)] + (f" {i // len(NAMES) + 1}" if n > len(NAMES) else "")
    return SECTIONS[block][1].format(word)


def counts(i: int, month: int) -> tuple:
    """(sent, signed) of the i-th unit in a month: rates spread from about 40% to 100%."""
    sent = 8 + (i * 7 + month * 3) % 40
    share = 0.4 + ((i * 37 + month * 11) % 61) / 100
    return sent, min(sent, round(sent * share))


def _units(plan: dict) -> list:
    """[(block, name, index)] in section order."""
    out = []
    k = 0
    for block, n in plan.items():
        for i in range(n):
            out.append((block, _name(block, i, n), k))
            k += 1
    return out


def write(path: Path, plan: dict, special: bool = False) -> Path:
    """One sheet a month; `special`: the 0%, 0% → 0% and over-100% units of khoi_3."""
    units = _units(plan)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": datetime(2021, 4, 1)})  # the same bytes on every run
    bold = wb.add_format({"bold": True})
    for month in (1, 2, 3):
        ws = wb.add_worksheet(f"T{month:02d}-2021")
        ws.write_string(0, 1, "ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM")
        ws.write_string(1, 1, f"BÁO CÁO KẾT QUẢ KÝ SỐ VĂN BẢN THÁNG {month} NĂM 2021")
        for c, h in enumerate(HEADER):
            ws.write_string(3, c, h, bold)
        r, block, stt = 4, None, 0
        for b, name, k in units:
            if b != block:
                block = b
                ws.write_string(r, 1, SECTIONS[b][0], bold)
                r += 1
            sent, signed = counts(k, month)
            if special and stt == 1:
                signed = 0  # at 0% three months running
            if special and stt == 2 and month >= 2:
                signed = 0  # 0% → 0% from February to March
            if special and stt == 3 and month == 3:
                sent, signed = 13, 14  # 107,69%: more signed than sent
            stt += 1
            ws.write_number(r, 0, stt)
            ws.write_string(r, 1, name)
            ws.write_number(r, 2, sent)
            ws.write_number(r, 3, signed)
            ws.write_number(r, 4, round(signed / sent * 100, 2))
            r += 1
    wb.close()
    return path


FILES = {
    "khoi_1.xlsx": ({"commune": 5}, False),
    "khoi_2.xlsx": ({"department": 5, "commune": 5}, False),
    "khoi_3.xlsx": ({"department": 5, "service_unit": 15, "commune": 14}, True),
    "khoi_5.xlsx": ({"department": 4, "service_unit": 4, "commune": 4,
                     "provincial_department": 4, "district": 4}, False),
    "khoi_1400.xlsx": ({"commune": 1400}, False),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (plan, special) in FILES.items():
        write(OUT / name, plan, special)
        print(OUT / name)


if __name__ == "__main__":
    main()

"""Write the sample workbooks a new user can try at once (`python sample_uploads/make_samples.py`).

Each sample copies the layout of one of the real letters in /work/shared/seeds (their appendix
tables), or, for the province workbook, the layout a provincial department (Sở TT&TT) exports.
Everything is deterministic: fixed seeds, fixed workbook properties and zip timestamps, so a
rerun gives byte-identical files.

Files (in the output directory, by default the directory of this script):
  tuan_giao_2020_12.xlsx      seed 000, 11 monthly sheets T01-2020 … T11-2020 (invented counts
                              that reproduce the seed's month and year-to-date rates exactly)
  tuan_giao_expected.json     the seed's printed rates per unit and the counts invented for them
  yen_chau_quy1_2021.xlsx     seed 001, exactly the seed's table (header repeated after a break)
  yen_chau_quy1_2021.csv      seed 001 as a semicolon CSV, UTF-8 with BOM, with a title line
  quan_son_2021_03.xlsx       seed 002, two-row merged header, including the seed's 96.34% slip
  cam_thuy_2022_05.xlsx       seed 003, numbering row, text totals row
  quan_son_2020_08.ods        seed 004, the "other kind of table" (no sent column)
  tinh_2021_province.xlsx     a province-style year: 12 monthly sheets, districts and subtotals

Public functions: `main(argv=None)`, `province_workbook(path, n_districts=5,
units_per_district=None, months=12, year=2021, seed=2021, n_provincial=None)` and one writer per
sample (`tuan_giao_workbook(path)`, …).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import unicodedata
import zipfile
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2021, 1, 1, 8, 0, 0)
ZIP_TIME = (2021, 1, 1, 8, 0, 0)


# --- number helpers ----------------------------------------------------------------------------


def rate2(signed: int, sent: int):
    """signed/sent*100 rounded half up to two decimals, as Decimal; None when nothing was sent."""
    if not sent:
        return None
    return (Decimal(100 * signed) / Decimal(sent)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _trim(d: Decimal) -> str:
    """'100.00' -> '100', '87.50' -> '87.5', '98.89' -> '98.89' (seed 002's style)."""
    s = f"{d:.2f}".rstrip("0").rstrip(".")
    return s


def vn_rate(d, keep_two=True) -> str:
    """Seed 001's style: '13,33', '43,40', '35', '100', '0'."""
    if d is None:
        return ""
    if d == d.to_integral_value():
        return str(int(d))
    return f"{d:.2f}".replace(".", ",") if keep_two else _trim(d).replace(".", ",")


def vn_count(n: int) -> str:
    """'3.563': dot for thousands."""
    return f"{n:,}".replace(",", ".")


def _workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": FIXED_TIME, "author": "", "company": ""})
    return wb


class Fmt:
    """The cell formats of one workbook, made once."""

    def __init__(self, wb):
        font = {"font_name": "Times New Roman", "font_size": 12}
        cell = {**font, "border": 1, "valign": "vcenter"}
        self.title = wb.add_format(
            {
                **font,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "font_size": 13,
                "text_wrap": True,
            }
        )
        self.subtitle = wb.add_format({**font, "italic": True, "align": "center"})
        self.plain_center = wb.add_format({**font, "align": "center"})
        self.letterhead = wb.add_format({**font, "bold": True, "align": "center"})
        self.header = wb.add_format(
            {**cell, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"}
        )
        self.numbering = wb.add_format({**cell, "italic": True, "align": "center"})
        self.text = wb.add_format({**cell, "text_wrap": True})
        self.center = wb.add_format({**cell, "align": "center"})
        self.num = wb.add_format({**cell, "align": "right", "num_format": "0"})
        self.rate = wb.add_format({**cell, "align": "right", "num_format": "0.00"})
        self.text_right = wb.add_format({**cell, "align": "right"})
        self.section = wb.add_format({**cell, "bold": True})
        self.section_center = wb.add_format({**cell, "bold": True, "align": "center"})
        self.bold_text = wb.add_format({**cell, "bold": True})
        self.bold_num = wb.add_format({**cell, "bold": True, "align": "right", "num_format": "0"})
        self.bold_rate = wb.add_format(
            {**cell, "bold": True, "align": "right", "num_format": "0.00"}
        )
        self.bold_right = wb.add_format({**cell, "bold": True, "align": "right"})
        self.bold_center = wb.add_format({**cell, "bold": True, "align": "center"})


def _rezip(path: Path) -> None:
    """Rewrite a zip container with fixed timestamps (ODF: 'mimetype' first, stored)."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    items.sort(key=lambda it: (it[0] != "mimetype",))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    path.write_bytes(buf.getvalue())


# =============================================================================================
# 1. Tuần Giáo (seed 000): rates only in the letter; counts invented to reproduce them exactly.
# =============================================================================================

# (full name, the seed's short name, block, month rate 01/11-08/12/2020, YTD rate, monthly volume)
TUAN_GIAO_UNITS = [
    ("Phòng Nông nghiệp và PTNT", "NNPTNT", "department", "100", "80.77", 22),
    ("Phòng Dân tộc", "Dân tộc", "department", "100", "79.31", 10),
    ("Phòng Lao động - TBXH", "LĐTBXH", "department", "100", "74.58", 24),
    ("Phòng Văn hóa và Thông tin", "VHTT", "department", "95.45", "47.62", 18),
    ("Phòng Kinh tế - Hạ tầng", "KT-HT", "department", "93.94", "91.38", 28),
    ("Phòng Tài chính - Kế hoạch", "TC-KH", "department", "92.11", "90.91", 36),
    ("Phòng Giáo dục và Đào tạo", "GDĐT", "department", "90.77", "74.82", 55),
    ("Văn phòng HĐND - UBND", "Văn phòng HĐND – UBND", "department", "86.85", "55.92", 110),
    ("Phòng Tư pháp", "Tư pháp", "department", "83.33", "61.76", 14),
    ("Phòng Nội vụ", "Nội vụ", "department", "7.69", "1.04", 30),
    ("Phòng Tài nguyên - Môi trường", "Tài nguyên – Môi trường", "department", "0", "0", 26),
    ("Thanh tra huyện", "Thanh tra", "department", "0", "16.67", 7),
    ("Phòng Y tế", "Y tế", "department", "0", "0", 6),
    ("Trung tâm quản lý đất đai", "Trung tâm quản lý đất đai", "service_unit", "100", "61.82", 14),
    ("Trung tâm VH-TT-TH", "Trung tâm VH-TT-TH", "service_unit", "91.67", "63.64", 9),
    ("Ban QLDA đầu tư xây dựng", "Ban QLDA", "service_unit", "63.64", "30.3", 10),
    ("Trung tâm GDNN - GDTX", "Trung tâm GDNN - GDTX", "service_unit", "0", "0", 5),
    ("Trung tâm DVNN", "Trung tâm DVNN", "service_unit", "0", "0", 7),
    ("UBND thị trấn Tuần Giáo", "Thị Trấn", "commune", "13.79", "30.57", 26),
    ("UBND xã Quài Cang", "Quài Cang", "commune", "0", "0.67", 14),
    ("UBND xã Quài Nưa", "Quài Nưa", "commune", "81.82", "34.45", 12),
    ("UBND xã Quài Tở", "Quài Tở", "commune", "0", "0", 11),
    ("UBND xã Chiềng Sinh", "Chiềng Sinh", "commune", "0", "8.33", 9),
    ("UBND xã Chiềng Đông", "Chiềng Đông", "commune", "70.83", "54.27", 17),
    ("UBND xã Tỏa Tình", "Tỏa Tình", "commune", "0", "1.39", 7),
    ("UBND xã Tênh Phông", "Tênh Phông", "commune", "100", "53.54", 10),
    ("UBND xã Pú Nhung", "Pú Nhung", "commune", "0", "13.33", 8),
    ("UBND xã Rạng Đông", "Rạng Đông", "commune", "0", "0.98", 10),
    ("UBND xã Ta Ma", "Ta Ma", "commune", "0", "1.37", 7),
    ("UBND xã Mường Thín", "Mường Thín", "commune", "60", "8.54", 9),
    ("UBND xã Mường Khong", "Mường Khong", "commune", "0", "0", 8),
    ("UBND xã Mùn Chung", "Mùn Chung", "commune", "96.88", "66.06", 11),
    ("UBND xã Nà Sáy", "Nà Sáy", "commune", "93.75", "47.83", 11),
    ("UBND xã Mường Mùn", "Mường Mùn", "commune", "71.43", "82.86", 8),
    ("UBND xã Pú Xi", "Pú Xi", "commune", "85.0", "45.07", 9),
    ("UBND xã Nà Tòng", "Nà Tòng", "commune", "0", "1.01", 10),
    ("UBND xã Phình Sáng", "Phình Sáng", "commune", "0", "0", 9),
]
TUAN_GIAO_SECTIONS = {
    "department": "I. Khối các phòng chuyên môn",
    "service_unit": "II. Khối các đơn vị sự nghiệp",
    "commune": "III. Khối UBND cấp xã",
}
TUAN_GIAO_SEED = 2000
# Monthly volume factors Jan..Oct (Tết in late January / February), Nov = 01/11-08/12 (38 days).
_TG_SEASON = [0.9, 0.6, 1.0, 0.9, 1.0, 1.0, 1.05, 1.0, 1.1, 1.1]


def _fits(s: int, n: int, rate: Decimal) -> bool:
    """s/n prints as `rate` (two decimals, half up: 31/32 = 96.875 prints 96.88)."""
    if n <= 0 or s < 0 or s > n:
        return False
    exact = Fraction(100 * s, n)
    return Fraction(rate) - Fraction(1, 200) <= exact < Fraction(rate) + Fraction(1, 200)


def _candidates(rate: Decimal, target: int, lo: int):
    """Pairs (signed, sent) that print as `rate`, sent nearest to target first."""
    for step in range(0, 5000):
        for n in (target + step, target - step) if step else (target,):
            if n < lo or n <= 0:
                continue
            base = int(Fraction(rate) * n / 100)
            for s in (base, base + 1, base - 1):
                if _fits(s, n, rate):
                    yield s, n


def _spread(total: int, weights: list, caps=None) -> list:
    """Split an integer total by weights (largest remainder), optionally capped per slot."""
    k = len(weights)
    out = [0] * k
    left = total
    active = [i for i in range(k) if weights[i] > 0 and (caps is None or caps[i] > 0)]
    while left > 0 and active:
        wsum = sum(weights[i] for i in active)
        shares = {i: left * weights[i] / wsum for i in active}
        given = 0
        for i in active:
            add = int(shares[i])
            if caps is not None:
                add = min(add, caps[i] - out[i])
            out[i] += add
            given += add
        left -= given
        # the remainder, one by one, largest fractional share first (later slot on ties)
        for i in sorted(active, key=lambda i: (-(shares[i] - int(shares[i])), -i)):
            if left == 0:
                break
            if caps is None or out[i] < caps[i]:
                out[i] += 1
                left -= 1
        active = [i for i in active if caps is None or out[i] < caps[i]]
    if left:
        raise ValueError("cannot spread: caps too small")
    return out


def tuan_giao_data(seed: int = TUAN_GIAO_SEED) -> list:
    """Per unit: counts for 11 months (Jan..Nov 2020) reproducing seed 000's rates exactly.

    Returns a list of dicts: name, seed_name, block, month_rate, ytd_rate (as printed, str),
    received/sent/signed: lists of 11 ints.
    """
    rng = random.Random(seed)
    out = []
    for name, short, block, m_rate, y_rate, vol in TUAN_GIAO_UNITS:
        m_rate_d, y_rate_d = Decimal(m_rate), Decimal(y_rate)
        m_target = max(3, round(vol * 1.25 * rng.uniform(0.85, 1.15)))
        y_target = m_target + round(vol * sum(_TG_SEASON) * rng.uniform(0.85, 1.1))
        chosen = None
        for s_m, n_m in _candidates(m_rate_d, m_target, 2):
            for s_y, n_y in _candidates(y_rate_d, y_target, n_m + 10):
                if s_y >= s_m and (s_y - s_m) <= (n_y - n_m):
                    chosen = (s_m, n_m, s_y, n_y)
                    break
                if abs(n_y - y_target) > y_target // 2:
                    break
            if chosen:
                break
        if not chosen:
            raise RuntimeError(f"no counts for {name}")
        s_m, n_m, s_y, n_y = chosen
        # Jan..Oct: sent by season and noise, signed rising over the year (adoption grows)
        weights = [f * rng.uniform(0.7, 1.3) for f in _TG_SEASON]
        sent_rest = _spread(n_y - n_m, weights)
        alpha = rng.uniform(0.5, 2.5)
        sweights = [sent_rest[i] * (i + 1) ** alpha for i in range(10)]
        if y_rate_d > m_rate_d and m_rate_d == 0:
            sweights = [sent_rest[i] * (10 - i) for i in range(10)]  # signed earlier, then stopped
        signed_rest = _spread(s_y - s_m, sweights, caps=sent_rest) if s_y - s_m else [0] * 10
        sent = sent_rest + [n_m]
        signed = signed_rest + [s_m]
        received = [round(n * rng.uniform(1.8, 3.6)) + rng.randint(2, 12) for n in sent]
        assert sum(sent) == n_y and sum(signed) == s_y
        assert rate2(s_y, n_y) == y_rate_d and rate2(s_m, n_m) == m_rate_d, name
        out.append(
            {
                "name": name,
                "seed_name": short,
                "block": block,
                "month_rate": m_rate,
                "ytd_rate": y_rate,
                "received": received,
                "sent": sent,
                "signed": signed,
            }
        )
    return out


def tuan_giao_expected(data=None) -> dict:
    data = data or tuan_giao_data()
    return {
        "source": "seed 000 (Tuần Giáo, Điện Biên): công văn tháng 12/2020",
        "file": "tuan_giao_2020_12.xlsx",
        "month_sheet": "T11-2020",
        "month_period": "01/11/2020 - 08/12/2020 (sheet T11-2020)",
        "ytd_sheets": [f"T{m:02d}-2020" for m in range(1, 12)],
        "note": "Rates are the seed's printed rates (percent, two decimals); counts are invented "
        "so that signed/sent reproduces them exactly.",
        "units": [
            {
                "unit": u["name"],
                "seed_name": u["seed_name"],
                "block": u["block"],
                "month_rate": float(Decimal(u["month_rate"])),
                "ytd_rate": float(Decimal(u["ytd_rate"])),
                "month_sent": u["sent"][-1],
                "month_signed": u["signed"][-1],
                "ytd_sent": sum(u["sent"]),
                "ytd_signed": sum(u["signed"]),
            }
            for u in data
        ],
    }


def tuan_giao_workbook(path: Path, data=None) -> Path:
    data = data or tuan_giao_data()
    wb = _workbook(path)
    f = Fmt(wb)
    for m in range(1, 12):
        ws = wb.add_worksheet(f"T{m:02d}-2020")
        text_rates = m >= 7  # the export changed in July: rates as text "95,45"
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 36)
        ws.set_column(2, 4, 13)
        ws.set_column(5, 5, 11)
        ws.merge_range(0, 0, 0, 1, "ỦY BAN NHÂN DÂN HUYỆN TUẦN GIÁO", f.letterhead)
        ws.merge_range(0, 2, 0, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f.letterhead)
        ws.merge_range(1, 2, 1, 5, "Độc lập - Tự do - Hạnh phúc", f.letterhead)
        ws.merge_range(
            3, 0, 3, 5, "BÁO CÁO KẾT QUẢ GỬI NHẬN VĂN BẢN TRÊN HỆ THỐNG TD OFFICE", f.title
        )
        ws.merge_range(4, 0, 4, 5, f"Tháng {m} năm 2020", f.subtitle)
        r = 6
        ws.set_row(r, 32)
        for c, h in enumerate(
            [
                "STT",
                "Tên cơ quan, đơn vị",
                "Văn bản đến",
                "Văn bản đi",
                "Số văn bản ký số",
                "Tỷ lệ (%)",
            ]
        ):
            ws.write_string(r, c, h, f.header)
        r += 1
        block = None
        stt = 0
        tot = [0, 0, 0]
        for u in data:
            if u["block"] != block:
                block = u["block"]
                ws.merge_range(r, 0, r, 5, TUAN_GIAO_SECTIONS[block], f.section)
                r += 1
            stt += 1
            rec, sent, sig = u["received"][m - 1], u["sent"][m - 1], u["signed"][m - 1]
            tot = [tot[0] + rec, tot[1] + sent, tot[2] + sig]
            ws.write_number(r, 0, stt, f.center)
            ws.write_string(r, 1, u["name"], f.text)
            ws.write_number(r, 2, rec, f.num)
            ws.write_number(r, 3, sent, f.num)
            ws.write_number(r, 4, sig, f.num)
            _write_rate_tg(ws, r, 5, rate2(sig, sent), text_rates, f, bold=False)
            r += 1
        ws.merge_range(r, 0, r, 1, "Tổng cộng", f.bold_center)
        for c, v in enumerate(tot, start=2):
            ws.write_number(r, c, v, f.bold_num)
        _write_rate_tg(ws, r, 5, rate2(tot[2], tot[1]), text_rates, f, bold=True)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    wb.close()
    return path


def _write_rate_tg(ws, r, c, d, text_rates, f, bold):
    if d is None:
        ws.write_blank(r, c, None, f.bold_right if bold else f.text_right)
    elif text_rates:
        ws.write_string(r, c, f"{d:.2f}".replace(".", ","), f.bold_right if bold else f.text_right)
    else:
        ws.write_number(r, c, float(d), f.bold_rate if bold else f.rate)


# =============================================================================================
# 2. Yên Châu (seed 001) and 6. its CSV
# =============================================================================================

YEN_CHAU_TITLE = "TỔNG HỢP VĂN BẢN KÝ SỐ (TỪ NGÀY 01/01/2021 - 31/3/2021)"
YEN_CHAU_SUBTITLE = "(Kèm theo Công văn số:621/UBND-VP ngày 31/3/2021 của UBND huyện)"
YEN_CHAU_HEADER = [
    "STT",
    "Tên cơ quan, đơn vị; UBND các xã, thị trấn",
    "Số lượng văn bản phát hành trên phần mềm QLVB",
    "Số lượng văn bản ký số",
    "Đạt tỷ lệ %",
]
# (section or None, stt, name, sent, signed, printed rate) exactly as the seed prints them
YEN_CHAU_ROWS = [
    ("I", "Các cơ quan, đơn vị trực thuộc"),
    (1, "Phòng Kinh tế và Hạ tầng", 38, 0, "0"),
    (2, "Phòng Tài chính - Kế hoạch", 30, 4, "13,33"),
    (3, "Phòng Tài nguyên và Môi trường", 37, 20, "54,05"),
    (4, "Phòng Nông nghiệp và PTNT", 53, 23, "43,40"),
    (5, "Phòng Nội vụ", 89, 64, "71,91"),
    (6, "Thanh tra", 34, 0, "0"),
    (7, "Phòng Tư pháp", 35, 35, "100"),
    (8, "Phòng Văn hoá và Thông tin", 68, 64, "94,12"),
    (9, "Phòng Lao động - TBXH", 20, 7, "35"),
    (10, "Phòng Dân tộc", 30, 21, "70"),
    (11, "Phòng Giáo dục và Đào tạo", 114, 113, "99,12"),
    (12, "Trung tâm dịch vụ nông nghiệp", 39, 8, "20,51"),
    (13, "Trung tâm Truyền thông - Văn hoá", 45, 11, "24,44"),
    (14, "Ban quản lý dự án đầu tư xây dựng", 42, 0, "0"),
    ("II", "Các xã, thị trấn"),
    (1, "UBND xã Chiềng Đông", 15, 0, "0"),
    (2, "UBND xã Chiềng Sàng", 11, 8, "72,73"),
    (3, "UBND xã Chiềng Păn", 86, 44, "51,16"),
    (4, "UBND xã Viêng Lán", 44, 44, "100"),
    (5, "UBND thị trấn", 36, 34, "94,44"),
    "HEADER",  # the seed's page break: the header is printed again
    (6, "UBND xã Chiềng Khoi", 31, 4, "12,90"),
    (7, "UBND xã Sấp Vạt", 42, 0, "0"),
    (8, "UBND xã Chiềng Hặc", 0, 0, "0"),
    (9, "UBND xã Tú Nang", 236, 235, "99,58"),
    (10, "UBND xã Mường Lựm", 0, 0, "0"),
    (11, "UBND xã Lóng Phiêng", 18, 18, "100"),
    (12, "UBND xã Chiềng Tương", 52, 18, "34,62"),
    (13, "UBND xã Phiêng Khoài", 51, 25, "49,02"),
    (14, "UBND xã Chiềng On", 14, 0, "0"),
    (15, "UBND xã Yên Sơn", 39, 8, "20,51"),
]


def yen_chau_workbook(path: Path) -> Path:
    wb = _workbook(path)
    f = Fmt(wb)
    ws = wb.add_worksheet("Quy I-2021")
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 22)
    ws.set_column(3, 3, 16)
    ws.set_column(4, 4, 12)
    ws.set_row(0, 36)
    ws.merge_range(0, 0, 0, 4, YEN_CHAU_TITLE, f.title)
    ws.merge_range(1, 0, 1, 4, YEN_CHAU_SUBTITLE, f.subtitle)
    r = 3

    def header(r):
        ws.set_row(r, 48)
        for c, h in enumerate(YEN_CHAU_HEADER):
            ws.write_string(r, c, h, f.header)

    header(r)
    r += 1
    for row in YEN_CHAU_ROWS:
        if row == "HEADER":
            ws.set_h_pagebreaks([r])
            header(r)
        elif len(row) == 2:
            ws.write_string(r, 0, row[0], f.section_center)
            ws.write_string(r, 1, row[1], f.section)
            for c in (2, 3, 4):
                ws.write_blank(r, c, None, f.section)
        else:
            stt, name, sent, signed, printed = row
            ws.write_number(r, 0, stt, f.center)
            ws.write_string(r, 1, name, f.text)
            ws.write_number(r, 2, sent, f.num)
            ws.write_number(r, 3, signed, f.num)
            ws.write_string(r, 4, printed, f.text_right)
        r += 1
    wb.close()
    return path


def yen_chau_csv(path: Path) -> Path:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([YEN_CHAU_TITLE])
    w.writerow(YEN_CHAU_HEADER)
    for row in YEN_CHAU_ROWS:
        if row == "HEADER":
            continue  # a CSV export has no page breaks
        if len(row) == 2:
            w.writerow([row[0], row[1], "", "", ""])
        else:
            w.writerow([str(x) for x in row])
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return path


# =============================================================================================
# 3. Quan Sơn 3/2021 (seed 002)
# =============================================================================================

QUAN_SON_2021_03 = [
    (1, "Phòng Dân tộc", 2, 0, "0%", 0, "0%"),
    (2, "Trung tâm DVNN", 8, 6, "75%", 7, "87.5%"),
    (3, "Xã Sơn Hà", 40, 40, "100%", 40, "100%"),
    (4, "Xã Trung Tiến", 79, 79, "100%", 79, "100%"),
    (5, "Xã Sơn Thủy", 75, 75, "100%", 75, "100%"),
    (6, "Xã Trung Xuân", 62, 62, "100%", 62, "100%"),
    (7, "Xã Tam Thanh", 54, 54, "100%", 54, "100%"),
    (8, "Xã Trung Hạ", 45, 45, "100%", 45, "100%"),
    (9, "Xã Na Mèo", 39, 39, "100%", 39, "100%"),
    (10, "Xã Trung Thượng", 37, 37, "100%", 37, "100%"),
    (11, "Xã Tam Lư", 15, 15, "100%", 15, "100%"),
    (12, "Thị trấn Sơn Lư", 90, 89, "98.89%", 89, "98.89%"),
    (13, "Xã Sơn Điện", 56, 54, "96.34%", 56, "100%"),  # the seed's slip: 54/56 = 96.43%
    (14, "Xã Mường Mìn", 40, 35, "87.5%", 35, "87.5%"),
]


def quan_son_2021_workbook(path: Path) -> Path:
    wb = _workbook(path)
    f = Fmt(wb)
    ws = wb.add_worksheet("Tháng 3")
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 6, 11)
    ws.set_column(7, 7, 12)
    ws.merge_range(0, 0, 0, 7, "PHỤ LỤC", f.title)
    ws.set_row(1, 36)
    ws.merge_range(
        1,
        0,
        1,
        7,
        "Tình hình thực hiện tạo lập, trao đổi, xử lý, ký số trên văn "
        "bản điện tử của UBND các xã, thị trấn tháng 3/2021",
        f.title,
    )
    h = 3
    ws.set_row(h, 34)
    ws.merge_range(h, 0, h + 1, 0, "TT", f.header)
    ws.merge_range(h, 1, h + 1, 1, "Tên cơ quan", f.header)
    ws.merge_range(h, 2, h + 1, 2, "Văn bản gửi đi", f.header)
    ws.merge_range(h, 3, h, 4, "Văn bản đi có ký số của lãnh đạo", f.header)
    ws.merge_range(h, 5, h, 6, "Văn bản gửi đi có ký số cơ quan", f.header)
    ws.merge_range(h, 7, h + 1, 7, "Ghi chú", f.header)
    for c, t in zip((3, 4, 5, 6), ("Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ"), strict=False):
        ws.write_string(h + 1, c, t, f.header)
    r = h + 2
    for tt, name, sent, lead, lead_r, agency, agency_r in QUAN_SON_2021_03:
        ws.write_number(r, 0, tt, f.center)
        ws.write_string(r, 1, name, f.text)
        ws.write_number(r, 2, sent, f.num)
        ws.write_number(r, 3, lead, f.num)
        ws.write_string(r, 4, lead_r, f.text_right)
        ws.write_number(r, 5, agency, f.num)
        ws.write_string(r, 6, agency_r, f.text_right)
        ws.write_blank(r, 7, None, f.text)
        r += 1
    wb.close()
    return path


# =============================================================================================
# 4. Cẩm Thủy 5/2022 (seed 003)
# =============================================================================================

CAM_THUY_2022_05 = [  # (TT, name, received, sent, leader, leader rate, agency, agency rate)
    (1, "UBND xã Cẩm Vân", 199, 161, 161, "100 %", 161, "100 %"),
    (2, "UBND xã Cẩm Thành", 218, 160, 160, "100 %", 160, "100 %"),
    (3, "UBND thị trấn Phong Sơn", 244, 153, 153, "100 %", 153, "100 %"),
    (4, "UBND xã Cẩm Tú", 220, 140, 140, "100 %", 140, "100 %"),
    (5, "UBND xã Cẩm Châu", 220, 131, 131, "100 %", 131, "100 %"),
    (6, "UBND xã Cẩm Giang", 202, 114, 114, "100 %", 114, "100 %"),
    (7, "UBND xã Cẩm Lương", 209, 114, 114, "100 %", 114, "100 %"),
    (8, "UBND xã Cẩm Tâm", 209, 111, 111, "100 %", 111, "100 %"),
    (9, "UBND xã Cẩm Quý", 213, 108, 108, "100 %", 108, "100 %"),
    (10, "UBND xã Cẩm Bình", 211, 99, 99, "100 %", 99, "100 %"),
    (11, "UBND xã Cẩm Long", 201, 93, 93, "100 %", 93, "100 %"),
    (12, "UBND xã Cẩm Liên", 210, 92, 92, "100 %", 92, "100 %"),
    (13, "UBND xã Cẩm Tân", 209, 89, 89, "100 %", 89, "100 %"),
    (14, "UBND xã Cẩm Ngọc", 200, 85, 85, "100 %", 85, "100 %"),
    (15, "UBND Xã Cẩm Thạch", 201, 66, 66, "100 %", 66, "100 %"),
    (16, "UBND xã Cẩm Yên", 196, 52, 52, "100 %", 52, "100 %"),
    (17, "UBND xã Cẩm Phú", 201, 87, 87, "100 %", 86, "98.85 %"),
]
# The seed's totals row, as text. 1854/1855 is 99.946…%: the seed truncates to 99.94.
CAM_THUY_TOTAL = ("Tổng", "3.563", "1.855", "1.855", "100 %", "1.854", "99.94 %")


def cam_thuy_workbook(path: Path) -> Path:
    rows = CAM_THUY_2022_05
    assert vn_count(sum(r[2] for r in rows)) == CAM_THUY_TOTAL[1]
    assert vn_count(sum(r[3] for r in rows)) == CAM_THUY_TOTAL[2]
    assert vn_count(sum(r[6] for r in rows)) == CAM_THUY_TOTAL[5]
    wb = _workbook(path)
    f = Fmt(wb)
    ws = wb.add_worksheet("Sheet1")
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 3, 11)
    ws.set_column(4, 7, 11)
    ws.set_column(8, 8, 10)
    ws.merge_range(0, 0, 0, 2, "ỦY BAN NHÂN DÂN", f.letterhead)
    ws.merge_range(1, 0, 1, 2, "HUYỆN CẨM THỦY", f.letterhead)
    ws.merge_range(0, 4, 0, 8, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f.letterhead)
    ws.merge_range(1, 4, 1, 8, "Độc Lập - Tự do - Hạnh phúc", f.letterhead)
    ws.merge_range(3, 0, 3, 8, "Phụ lục", f.title)
    ws.set_row(4, 34)
    ws.merge_range(
        4,
        0,
        4,
        8,
        "Tình hình thực hiện tạo lập, trao đổi, xử lý, ký số trên văn "
        "bản điện tử của các đơn vị cấp xã",
        f.title,
    )
    ws.merge_range(5, 0, 5, 8, "(Kèm theo công văn số /UBND-VHTT ngày /06/2022)", f.subtitle)
    ws.merge_range(6, 0, 6, 8, " Từ ngày: 01/05/2021 Đến ngày: 31/05/2021", f.plain_center)
    h = 8
    ws.set_row(h, 34)
    ws.merge_range(h, 0, h + 1, 0, "TT", f.header)
    ws.merge_range(h, 1, h + 1, 1, "Tên cơ quan", f.header)
    ws.merge_range(h, 2, h + 1, 2, "Văn bản đến", f.header)
    ws.merge_range(h, 3, h + 1, 3, "Văn bản gửi đi", f.header)
    ws.merge_range(h, 4, h, 5, "Văn bản đi có ký số của lãnh đạo", f.header)
    ws.merge_range(h, 6, h, 7, "Văn bản đi có ký số Cơ Quan", f.header)
    ws.merge_range(h, 8, h + 1, 8, "Ghi chú", f.header)
    for c, t in zip((4, 5, 6, 7), ("Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ"), strict=False):
        ws.write_string(h + 1, c, t, f.header)
    for c, t in enumerate([0, 1, 2, 3, 4, "5=(4)/(3)", 6, "7=(6)/(3)"]):
        if isinstance(t, int):
            ws.write_number(h + 2, c, t, f.numbering)
        else:
            ws.write_string(h + 2, c, t, f.numbering)
    ws.write_blank(h + 2, 8, None, f.numbering)
    r = h + 3
    for tt, name, rec, sent, lead, lead_r, agency, agency_r in rows:
        ws.write_number(r, 0, tt, f.center)
        ws.write_string(r, 1, name, f.text)
        for c, v in ((2, rec), (3, sent), (4, lead), (6, agency)):
            ws.write_number(r, c, v, f.num)
        ws.write_string(r, 5, lead_r, f.text_right)
        ws.write_string(r, 7, agency_r, f.text_right)
        ws.write_blank(r, 8, None, f.text)
        r += 1
    ws.merge_range(r, 0, r, 1, CAM_THUY_TOTAL[0], f.bold_center)
    for c, v in enumerate(CAM_THUY_TOTAL[1:], start=2):
        ws.write_string(r, c, v, f.bold_right)
    ws.write_blank(r, 8, None, f.bold_text)
    wb.close()
    return path


# =============================================================================================
# 5. Quan Sơn 8/2020 (seed 004): the other kind of table, as .ods
# =============================================================================================

QUAN_SON_2020_08 = [  # TT, unit, signed by chairman, by vice-chairman, correct flow, incorrect
    (1, "UBND Xã Tam Thanh", 22, 24, 46, None),
    (2, "UBND Xã Sơn Điện", 22, 17, 39, None),
    (3, "UBND Thị trấn Sơn Lư", 17, 8, 25, None),
    (4, "UBND Xã Sơn Thủy", 22, 3, 25, None),
    (5, "UBND Xã Trung Tiến", 21, None, 21, None),
    (6, "UBND Xã Na Mèo", 16, 7, 23, None),
    (7, "UBND Xã Trung Xuân", 14, None, 14, None),
    (8, "UBND Xã Trung Thượng", 14, 1, 15, 16),
    (9, "UBND Xã Mường Mìn", 14, None, 13, 1),
    (10, "UBND Xã Trung Hạ", 10, 2, 10, 2),
    (11, "UBND Xã Tam Lư", 6, 2, 21, 1),
    (12, "UBND Xã Sơn Hà", 4, 1, 5, None),
]
QUAN_SON_2020_TITLE = (
    "Tình hình thực hiện hệ thống Quản lý văn bản và Hồ sơ công việc tại UBND "
    "các xã, thị trấn ( từ ngày 01/8 - 14/8/2020)"
)


def quan_son_2020_ods(path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import (
        ParagraphProperties,
        Style,
        TableCellProperties,
        TableColumnProperties,
        TextProperties,
    )
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    bold = Style(name="bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold", fontname="Times New Roman"))
    bold.addElement(ParagraphProperties(textalign="center"))
    bold.addElement(
        TableCellProperties(border="0.5pt solid #000000", wrapoption="wrap", verticalalign="middle")
    )
    plain = Style(name="plain", family="table-cell")
    plain.addElement(TableCellProperties(border="0.5pt solid #000000"))
    title = Style(name="title", family="table-cell")
    title.addElement(TextProperties(fontweight="bold"))
    title.addElement(ParagraphProperties(textalign="center"))
    doc.automaticstyles.addElement(bold)
    doc.automaticstyles.addElement(plain)
    doc.automaticstyles.addElement(title)
    widths = ["1.0cm", "5.5cm", "2.0cm", "2.2cm", "3.0cm", "3.0cm"]
    col_styles = []
    for i, wdt in enumerate(widths):
        cs = Style(name=f"co{i}", family="table-column")
        cs.addElement(TableColumnProperties(columnwidth=wdt))
        doc.automaticstyles.addElement(cs)
        col_styles.append(cs)

    table = Table(name="Phụ lục")
    for cs in col_styles:
        table.addElement(TableColumn(stylename=cs))

    def cell(value=None, style=plain, cols=1, rows=1):
        kw = {"stylename": style}
        if cols > 1:
            kw["numbercolumnsspanned"] = cols
        if rows > 1:
            kw["numberrowsspanned"] = rows
        if isinstance(value, int):
            c = TableCell(valuetype="float", value=value, **kw)
            c.addElement(P(text=str(value)))
        elif value:
            c = TableCell(valuetype="string", **kw)
            c.addElement(P(text=value))
        else:
            c = TableCell(**kw)
        return c

    def row(*cells):
        tr = TableRow()
        for c in cells:
            tr.addElement(c)
        table.addElement(tr)

    row(cell("Phụ lục", title, cols=6), *[CoveredTableCell() for _ in range(5)])
    row(cell(QUAN_SON_2020_TITLE, title, cols=6), *[CoveredTableCell() for _ in range(5)])
    row(cell(None, None))
    row(
        cell("TT", bold, rows=2),
        cell("Đơn vị", bold, rows=2),
        cell("VB có ký số", bold, cols=2),
        CoveredTableCell(),
        cell("VB trình ký đúng quy trình", bold, rows=2),
        cell("VB trình ký không đúng quy trình", bold, rows=2),
    )
    row(
        CoveredTableCell(),
        CoveredTableCell(),
        cell("Chủ tịch", bold),
        cell("Phó Chủ tịch", bold),
        CoveredTableCell(),
        CoveredTableCell(),
    )
    for values in QUAN_SON_2020_08:
        row(*[cell(v) for v in values])
    doc.spreadsheet.addElement(table)
    buf = io.BytesIO()
    doc.write(buf)
    path.write_bytes(buf.getvalue())
    _rezip(path)
    return path


# =============================================================================================
# 7. The province workbook
# =============================================================================================

PROVINCIAL_UNITS = [
    "Văn phòng UBND tỉnh",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tư pháp",
    "Sở Thông tin và Truyền thông",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Ban Dân tộc tỉnh",
    "Thanh tra tỉnh",
    "Sở Lao động - Thương binh và Xã hội",
    # beyond the default 15
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Ngoại vụ",
    "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Trường Đại học Hồng Đức",
    "Trường Đại học Văn hóa, Thể thao và Du lịch",
    "Trường Cao đẳng Y tế",
    "Bảo hiểm xã hội tỉnh",
    "Cục Thuế tỉnh",
    "Kho bạc Nhà nước tỉnh",
    "Quỹ Đầu tư phát triển tỉnh",
    "Liên minh Hợp tác xã tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp và PTNT tỉnh",
    "Chi cục Kiểm lâm",
    "Chi cục Thủy lợi",
    "Chi cục Thú y",
    "Chi cục Bảo vệ thực vật",
    "Chi cục Phát triển nông thôn",
    "Chi cục Thủy sản",
    "Chi cục Văn thư - Lưu trữ",
    "Ban Thi đua - Khen thưởng",
    "Ban Tôn giáo",
    "Chi cục Quản lý thị trường",
    "Chi cục An toàn vệ sinh thực phẩm",
    "Chi cục Dân số - Kế hoạch hóa gia đình",
    "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    "Chi cục Bảo vệ môi trường",
    "Chi cục Giám định xây dựng",
    "Trung tâm Công nghệ thông tin và Truyền thông",
    "Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch",
    "Trung tâm Khuyến nông",
    "Trung tâm Kiểm soát bệnh tật",
    "Trung tâm Dịch vụ việc làm",
    "Trung tâm Trợ giúp pháp lý nhà nước",
    "Trung tâm Quan trắc và Bảo vệ môi trường",
    "Trung tâm Phát triển quỹ đất tỉnh",
    "Văn phòng Điều phối nông thôn mới tỉnh",
    "Ban Quản lý Vườn quốc gia Bến En",
    "Ban Quản lý Khu bảo tồn thiên nhiên Pù Luông",
    "Trường Cao đẳng Nông Lâm",
    "Trường Chính trị tỉnh",
    "Nhà Văn hóa Thanh thiếu nhi tỉnh",
    "Thư viện tỉnh",
    "Bảo tàng tỉnh",
    "Trung tâm Bảo trợ xã hội tỉnh",
]
# the unit that first reports in July (a new centre), placed at the end of section I
NEW_UNIT = "Trung tâm Phục vụ hành chính công tỉnh"

# (kind, name, commune prefix(es) for generated names, real communes)
DISTRICTS = [
    (
        "huyện",
        "Quan Sơn",
        ["Sơn", "Trung"],
        [
            "UBND xã Sơn Hà",
            "UBND xã Trung Tiến",
            "UBND xã Sơn Thủy",
            "UBND xã Trung Xuân",
            "UBND xã Tam Thanh",
            "UBND xã Trung Hạ",
            "UBND xã Na Mèo",
            "UBND xã Trung Thượng",
            "UBND xã Tam Lư",
            "UBND thị trấn Sơn Lư",
            "UBND xã Sơn Điện",
            "UBND xã Mường Mìn",
        ],
    ),
    (
        "huyện",
        "Cẩm Thủy",
        ["Cẩm"],
        [
            "UBND xã Cẩm Vân",
            "UBND xã Cẩm Thành",
            "UBND thị trấn Phong Sơn",
            "UBND xã Cẩm Tú",
            "UBND xã Cẩm Châu",
            "UBND xã Cẩm Giang",
            "UBND xã Cẩm Lương",
            "UBND xã Cẩm Tâm",
            "UBND xã Cẩm Quý",
            "UBND xã Cẩm Bình",
            "UBND xã Cẩm Long",
            "UBND xã Cẩm Liên",
            "UBND xã Cẩm Tân",
            "UBND xã Cẩm Ngọc",
            "UBND xã Cẩm Thạch",
            "UBND xã Cẩm Yên",
            "UBND xã Cẩm Phú",
        ],
    ),
    (
        "huyện",
        "Bá Thước",
        ["Điền", "Lương"],
        [
            "UBND thị trấn Cành Nàng",
            "UBND xã Lâm Xa",
            "UBND xã Điền Quang",
            "UBND xã Thiết Ống",
            "UBND xã Lũng Cao",
            "UBND xã Thành Sơn",
            "UBND xã Ban Công",
            "UBND xã Hạ Trung",
            "UBND xã Kỳ Tân",
            "UBND xã Văn Nho",
            "UBND xã Lương Ngoại",
            "UBND xã Lương Trung",
            "UBND xã Ái Thượng",
            "UBND xã Điền Lư",
            "UBND xã Điền Thượng",
            "UBND xã Cổ Lũng",
        ],
    ),
    (
        "huyện",
        "Lang Chánh",
        ["Giao", "Yên"],
        [
            "UBND thị trấn Lang Chánh",
            "UBND xã Yên Khương",
            "UBND xã Yên Thắng",
            "UBND xã Trí Nang",
            "UBND xã Giao An",
            "UBND xã Giao Thiện",
            "UBND xã Tân Phúc",
            "UBND xã Tam Văn",
            "UBND xã Lâm Phú",
            "UBND xã Đồng Lương",
            "UBND xã Quang Hiến",
        ],
    ),
    (
        "huyện",
        "Mường Lát",
        ["Mường", "Pù"],
        [
            "UBND thị trấn Mường Lát",
            "UBND xã Tam Chung",
            "UBND xã Mường Lý",
            "UBND xã Trung Lý",
            "UBND xã Quang Chiểu",
            "UBND xã Pù Nhi",
            "UBND xã Nhi Sơn",
            "UBND xã Mường Chanh",
        ],
    ),
    ("huyện", "Quan Hóa", ["Phú", "Nam"], []),
    ("huyện", "Ngọc Lặc", ["Ngọc", "Minh"], []),
    ("huyện", "Thạch Thành", ["Thạch", "Thành"], []),
    ("huyện", "Như Xuân", ["Xuân", "Thanh"], []),
    ("huyện", "Như Thanh", ["Xuân", "Phú"], []),
    ("huyện", "Thường Xuân", ["Xuân", "Lương"], []),
    ("huyện", "Vĩnh Lộc", ["Vĩnh"], []),
    ("huyện", "Yên Định", ["Yên", "Định"], []),
    ("huyện", "Thọ Xuân", ["Xuân", "Thọ"], []),
    ("huyện", "Triệu Sơn", ["Thọ", "Dân"], []),
    ("huyện", "Thiệu Hóa", ["Thiệu"], []),
    ("huyện", "Đông Sơn", ["Đông"], []),
    ("huyện", "Nông Cống", ["Tế", "Trung"], []),
    ("huyện", "Quảng Xương", ["Quảng"], []),
    ("huyện", "Hoằng Hóa", ["Hoằng"], []),
    ("huyện", "Hậu Lộc", ["Hòa", "Đa"], []),
    ("huyện", "Nga Sơn", ["Nga"], []),
    ("huyện", "Hà Trung", ["Hà"], []),
    ("thị xã", "Nghi Sơn", ["Hải", "Tĩnh"], []),
    ("thị xã", "Bỉm Sơn", ["Ba", "Quang"], []),
    ("thành phố", "Sầm Sơn", ["Quảng", "Trường"], []),
    ("thành phố", "Thanh Hóa", ["Đông", "Hoằng"], []),
    ("huyện", "Tân Lạc", ["Mãn", "Phong"], []),
    ("huyện", "Mai Châu", ["Tân", "Chiềng"], []),
    ("huyện", "Lạc Sơn", ["Ân", "Văn"], []),
    ("huyện", "Kim Bôi", ["Kim", "Hợp"], []),
    ("huyện", "Yên Thủy", ["Yên", "Lạc"], []),
    ("huyện", "Lạc Thủy", ["Đồng", "An"], []),
]
_SUFFIXES = [
    "An",
    "Bình",
    "Châu",
    "Đạo",
    "Đông",
    "Giang",
    "Hải",
    "Hòa",
    "Hưng",
    "Khánh",
    "Lộc",
    "Long",
    "Minh",
    "Nghĩa",
    "Ngọc",
    "Phong",
    "Phú",
    "Phúc",
    "Quang",
    "Sơn",
    "Tân",
    "Thái",
    "Thanh",
    "Thành",
    "Thịnh",
    "Thọ",
    "Tiến",
    "Trung",
    "Trường",
    "Vinh",
    "Xuân",
    "Yên",
    "Lợi",
    "Hợp",
    "Lực",
    "Tâm",
    "Đức",
    "Cường",
    "Lĩnh",
    "Hiền",
    "Hùng",
    "Kỳ",
    "Lâm",
    "Nhân",
    "Quý",
    "Thắng",
    "Thủy",
    "Tường",
    "Văn",
    "Vượng",
]
_DEPARTMENTS = [
    "Văn phòng HĐND và UBND",
    "Phòng Nội vụ",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Văn hóa và Thông tin",
    "Phòng Tư pháp",
    "Phòng Dân tộc",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Nông nghiệp và PTNT",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Lao động - Thương binh và Xã hội",
    "Thanh tra huyện",
    "Phòng Y tế",
]
_SERVICE_UNITS = [
    "Trung tâm Dịch vụ nông nghiệp",
    "Trung tâm Văn hóa - Thông tin - Thể thao",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Trung tâm Phát triển quỹ đất",
    "Trung tâm Giáo dục nghề nghiệp - GDTX",
]
# default departments and service units of the 5 named districts
_DEFAULT_SHAPE = {
    "Quan Sơn": (
        ["Văn phòng HĐND và UBND", "Phòng Dân tộc", "Phòng Văn hóa và Thông tin"],
        ["Trung tâm Dịch vụ nông nghiệp", "Trung tâm Văn hóa - Thông tin - Thể thao"],
    ),
    "Cẩm Thủy": (
        ["Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch"],
        ["Trung tâm Dịch vụ nông nghiệp", "Ban Quản lý dự án đầu tư xây dựng"],
    ),
    "Bá Thước": (
        ["Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Văn hóa và Thông tin"],
        ["Trung tâm Dịch vụ nông nghiệp", "Ban Quản lý dự án đầu tư xây dựng"],
    ),
    "Lang Chánh": (
        ["Văn phòng HĐND và UBND", "Phòng Văn hóa và Thông tin", "Phòng Dân tộc"],
        ["Trung tâm Dịch vụ nông nghiệp", "Trung tâm Văn hóa - Thông tin - Thể thao"],
    ),
    "Mường Lát": (
        ["Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Dân tộc"],
        ["Trung tâm Dịch vụ nông nghiệp"],
    ),
}

# Planned irregularities (only where the unit exists in the workbook being made):
# keys are "name|district section label" ('' for provincial units)
NEVER_SIGNS = {
    "Thanh tra tỉnh|",
    "UBND xã Trung Lý|Huyện Mường Lát",
    "Trung tâm Văn hóa - Thông tin - Thể thao|Huyện Lang Chánh",
}
SENT_ZERO_ALL_YEAR = {"Phòng Dân tộc|Huyện Mường Lát"}
SENT_ZERO_FIRST_MONTHS = {"UBND xã Mường Chanh": 3}
MISSING_IN_JULY = "UBND xã Trung Hạ"


def _variant(name: str, month: int) -> str:
    """The name as that month's export spells it (variants across months, as in real files)."""
    if name == "UBND xã Sơn Hà" and month in (5, 6, 9, 10, 11, 12):
        return "Xã Sơn Hà"
    if name == "UBND xã Sơn Thủy" and month in (3, 8, 11):
        return "UBND xã Sơn Thuỷ"  # old tone placement
    if name == "UBND xã Cẩm Thủy" and month in (2, 4):
        return "UBND xã Cẩm Thuỷ"
    if name == "Chi cục Thủy lợi" and month % 2 == 0:
        return "Chi cục Thuỷ lợi"
    if name == "UBND xã Cẩm Thạch" and month >= 6:
        return "UBND Xã Cẩm Thạch"
    if name == "Sở Văn hóa, Thể thao và Du lịch" and month in (1, 2):
        return "Sở Văn hoá, Thể thao và Du lịch"
    if name == "UBND xã Trung Tiến" and month == 9:
        return " UBND xã  Trung Tiến "  # stray spaces
    if name == "UBND xã Lâm Xa" and month == 10:
        return unicodedata.normalize("NFD", name)  # decomposed Unicode (a Mac export)
    return name


def _commune_names(prefixes, real, n, taken):
    names = list(real[:n])
    used = set(names) | taken
    for suffix in _SUFFIXES:
        for prefix in prefixes:
            if len(names) >= n:
                return names
            nm = f"UBND xã {prefix} {suffix}"
            if prefix != suffix and nm not in used:
                names.append(nm)
                used.add(nm)
    k = 2
    while len(names) < n:  # very large districts: numbered hamlets-turned-communes
        for suffix in _SUFFIXES:
            if len(names) >= n:
                break
            nm = f"UBND xã {prefixes[0]} {suffix} {k}"
            if nm not in used:
                names.append(nm)
                used.add(nm)
        k += 1
    return names


def _province_units(n_districts, units_per_district, n_provincial, rng):
    """The unit list: dicts with name, block, district (display), volume and signing curve."""
    units = []

    def add(name, block, district, volume):
        key = f"{name}|{district or ''}"
        p0 = rng.uniform(0.35, 0.95)
        p1 = min(1.0, max(p0, rng.uniform(0.85, 1.08)))
        if rng.random() < 0.12:  # a few get worse over the year
            p0, p1 = p1, max(0.3, p0 - rng.uniform(0.0, 0.2))
        never = key in NEVER_SIGNS
        units.append(
            {
                "name": name,
                "block": block,
                "district": district,
                "volume": volume,
                "p0": p0,
                "p1": p1,
                "never": never,
                "agency_gap": rng.choice([0, 0, 0, 0.01, 0.03, -0.02]),
                "sent_zero": key in SENT_ZERO_ALL_YEAR,
                "zero_until": SENT_ZERO_FIRST_MONTHS.get(name, 0),
            }
        )

    for i, name in enumerate(PROVINCIAL_UNITS[:n_provincial]):
        vol = 1250 if i == 0 else (rng.randint(250, 650) if i in (6, 7) else rng.randint(60, 320))
        add(name, "provincial_department", None, vol)
    if n_provincial >= 1:
        add(NEW_UNIT, "provincial_department", None, rng.randint(150, 260))
        units[-1]["from_month"] = 7
    for d in range(n_districts):
        base = DISTRICTS[d % len(DISTRICTS)]
        kind, dname, prefixes, real = base
        if d >= len(DISTRICTS):
            dname = f"{dname} {d // len(DISTRICTS) + 1}"
        label = f"{kind[0].upper()}{kind[1:]} {dname}"
        if units_per_district is None:
            deps, sus = _DEFAULT_SHAPE.get(dname, (_DEPARTMENTS[:3], _SERVICE_UNITS[:2]))
            n_com = len(real) if real else rng.randint(10, 17)
        else:
            n = max(3, int(units_per_district))
            deps = _DEPARTMENTS[: min(len(_DEPARTMENTS), max(1, n // 5))]
            sus = _SERVICE_UNITS[: min(len(_SERVICE_UNITS), max(1, n // 12))]
            n_com = max(1, n - 1 - len(deps) - len(sus))
        add(f"UBND {kind} {dname}", "district", label, rng.randint(260, 600))
        for dep in deps:
            add(dep, "department", label, rng.randint(12, 60))
        for su in sus:
            add(su, "service_unit", label, rng.randint(6, 35))
        communes = _commune_names(prefixes, real, n_com, set())
        if kind != "huyện":
            communes = [
                c.replace("UBND xã", "UBND phường", 1) if j % 3 != 2 else c
                for j, c in enumerate(communes)
            ]
        for c in communes:
            add(c, "commune", label, rng.randint(18, 120))
    return units


def _province_month(units, m, rng):
    """Counts of each unit for month m (1..12); None for a unit absent that month."""
    season = [0.85, 0.6, 1.0, 0.95, 1.0, 1.05, 1.0, 0.95, 1.05, 1.1, 1.1, 1.25][(m - 1) % 12]
    t = (m - 1) / 11
    rows = []
    for u in units:
        vol = u["volume"]
        jitter = rng.uniform(0.8, 1.2)
        pj = rng.gauss(0, 0.03)
        aj = rng.random()
        if m < u.get("from_month", 1) or (u["name"] == MISSING_IN_JULY and m == 7):
            rows.append(None)
            continue
        sent = max(0, round(vol * season * jitter))
        if u["sent_zero"] or m <= u["zero_until"]:
            sent = 0
        received = round(max(sent, vol) * (1.4 + 1.6 * aj)) + 3
        if u["never"]:
            lead = agency = 0
        else:
            p = u["p0"] + (u["p1"] - u["p0"]) * t + pj
            if u["p1"] >= 1.0 and t > 0.7:
                p = 1.0 if aj < 0.7 else p
            p = min(1.0, max(0.0, p))
            lead = min(sent, round(sent * p))
            agency = min(sent, max(0, round(lead + sent * u["agency_gap"])))
        rows.append((received, sent, lead, agency))
    return rows


def province_workbook(
    path, n_districts=5, units_per_district=None, months=12, year=2021, seed=2021, n_provincial=None
):
    """Write a province-style workbook: one sheet per month "T01-2021" … with all units.

    n_districts: districts in section II (the first 5 are Quan Sơn, Cẩm Thủy, Bá Thước,
    Lang Chánh, Mường Lát with their real communes). units_per_district: None for the natural
    size of each district (13-24 units), or an int (UBND huyện + departments + service units +
    communes). n_provincial: provincial units in section I (default 15, or 60 when
    n_districts > 5). 30 districts × 45 units + 60 provincial ≈ 1,410 unit rows a sheet.
    Returns the path written.
    """
    path = Path(path)
    months = max(1, min(12, int(months)))
    if n_provincial is None:
        n_provincial = 15 if n_districts <= 5 else 60
    n_provincial = min(n_provincial, len(PROVINCIAL_UNITS))
    rng = random.Random(seed)
    units = _province_units(n_districts, units_per_district, n_provincial, rng)
    wb = _workbook(path)
    f = Fmt(wb)
    for m in range(1, months + 1):
        data = _province_month(units, m, rng)
        _province_sheet(wb, f, units, data, m, year)
    wb.close()
    return path


_PROV_HEADER_COLS = 9


def _province_header(ws, f, r):
    ws.set_row(r, 30)
    ws.set_row(r + 1, 30)
    ws.merge_range(r, 0, r + 1, 0, "TT", f.header)
    ws.merge_range(r, 1, r + 1, 1, "Tên cơ quan, đơn vị", f.header)
    ws.merge_range(r, 2, r + 1, 2, "Văn bản đến", f.header)
    ws.merge_range(r, 3, r + 1, 3, "Văn bản gửi đi", f.header)
    ws.merge_range(r, 4, r, 5, "Văn bản đi có ký số của lãnh đạo", f.header)
    ws.merge_range(r, 6, r, 7, "Văn bản đi có ký số cơ quan", f.header)
    ws.merge_range(r, 8, r + 1, 8, "Ghi chú", f.header)
    for c, t in zip((4, 5, 6, 7), ("Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ"), strict=False):
        ws.write_string(r + 1, c, t, f.header)
    for c, t in enumerate(["0", "1", "2", "3", "4", "5=(4)/(3)", "6", "7=(6)/(3)", "8"]):
        ws.write_string(r + 2, c, t, f.numbering)
    return r + 3


def _prov_rate_text(d) -> str:
    if d is None:
        return ""
    if d == d.to_integral_value():
        return f"{int(d)}%"
    return f"{d:.2f}%".replace(".", ",")


class _ProvinceSheet:
    """One month's sheet of the province workbook, written row by row."""

    def __init__(self, wb, f, m, year):
        self.ws, self.f, self.m = wb.add_worksheet(f"T{m:02d}-{year}"), f, m
        self.text_counts = m >= 7  # the July export writes received and sent as text "1.234"
        self.page_breaks = []
        self._letterhead(year)
        self.r = _province_header(self.ws, f, 6)

    def _letterhead(self, year):
        ws, f, m = self.ws, self.f, self.m
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 46)
        ws.set_column(2, 7, 11)
        ws.set_column(8, 8, 12)
        ws.merge_range(0, 0, 0, 2, "UBND TỈNH THANH HÓA", f.letterhead)
        ws.merge_range(1, 0, 1, 2, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", f.letterhead)
        ws.merge_range(0, 4, 0, 8, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f.letterhead)
        ws.merge_range(1, 4, 1, 8, "Độc lập - Tự do - Hạnh phúc", f.letterhead)
        title = f"BÁO CÁO TỶ LỆ KÝ SỐ VĂN BẢN THÁNG {m:02d} NĂM {year}"
        ws.merge_range(3, 0, 3, 8, title, f.title)
        subtitle = "(Số liệu trích xuất từ Hệ thống quản lý văn bản và điều hành của tỉnh)"
        ws.merge_range(4, 0, 4, 8, subtitle, f.subtitle)

    def counts(self, vals, bold=False, as_text=False, note=""):
        ws, f, r = self.ws, self.f, self.r
        rec, sent, lead, agency = vals
        numf = f.bold_num if bold else f.num
        txtf = f.bold_right if bold else f.text_right
        for c, v in ((2, rec), (3, sent), (4, lead), (6, agency)):
            if as_text or (self.text_counts and c in (2, 3)):
                ws.write_string(r, c, vn_count(v), txtf)
            else:
                ws.write_number(r, c, v, numf)
        for c, s in ((5, lead), (7, agency)):
            d = rate2(s, sent)
            if d is None:
                ws.write_blank(r, c, None, txtf)
            elif self.text_counts or as_text:
                ws.write_string(r, c, _prov_rate_text(d), txtf)
            else:
                ws.write_number(r, c, float(d), f.bold_rate if bold else f.rate)
        if note:
            ws.write_string(r, 8, note, f.text)
        else:
            ws.write_blank(r, 8, None, f.bold_text if bold else f.text)

    def section(self, name, number=None):
        ws, f = self.ws, self.f
        if number is None:
            ws.write_blank(self.r, 0, None, f.section)
        else:
            ws.write_string(self.r, 0, number, f.section_center)
        ws.write_string(self.r, 1, name, f.section)
        for c in range(2, _PROV_HEADER_COLS):
            ws.write_blank(self.r, c, None, f.section)
        self.r += 1

    def districts_section(self):
        if self.m == 4:  # a page break with the header printed again
            self.page_breaks.append(self.r)
            self.r = _province_header(self.ws, self.f, self.r)
        self.section("CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ", "II")

    def subtotal(self, district, sub):
        self.ws.write_blank(self.r, 0, None, self.f.bold_text)
        label = f"Cộng {district[0].lower()}{district[1:]}"
        self.ws.write_string(self.r, 1, label, self.f.bold_text)
        self.counts(sub, bold=True)
        self.r += 1

    def unit(self, stt, u, vals):
        self.ws.write_number(self.r, 0, stt, self.f.center)
        self.ws.write_string(self.r, 1, _variant(u["name"], self.m), self.f.text)
        note = ""
        if vals[1] == 0:
            note = "Không phát sinh văn bản đi"
        elif u.get("from_month") == self.m:
            note = "Đơn vị mới"
        elif vals[2] == 0:
            note = "Chưa ký số"
        self.counts(vals, note=note)
        self.r += 1

    def close(self, total):
        self.ws.merge_range(self.r, 0, self.r, 1, "Tổng cộng", self.f.bold_center)
        self.counts(total, bold=True, as_text=True)
        if self.page_breaks:
            self.ws.set_h_pagebreaks(self.page_breaks)
        self.ws.repeat_rows(6, 8)
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)


def _add(a, b):
    return [x + y for x, y in zip(a, b, strict=True)]


def _province_sheet(wb, f, units, data, m, year):
    sheet = _ProvinceSheet(wb, f, m, year)
    sheet.section("CÁC SỞ, BAN, NGÀNH", "I")
    total, stt, district, sub = [0, 0, 0, 0], 0, None, None
    for u, vals in zip(units, data, strict=True):
        if u["district"] is not None and district is None:
            sheet.districts_section()
        if u["district"] != district and u["district"] is not None:
            if district is not None:
                sheet.subtotal(district, sub)
            district, sub, stt = u["district"], [0, 0, 0, 0], 0
            sheet.section(district)
        if vals is None:
            continue
        stt += 1
        sheet.unit(stt, u, vals)
        total = _add(total, vals)
        if sub is not None and u["district"] is not None:
            sub = _add(sub, vals)
    if district is not None:
        sheet.subtotal(district, sub)
    sheet.close(total)


# =============================================================================================


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write the sample workbooks.")
    ap.add_argument("--out", default=str(HERE), help="output directory (default: sample_uploads)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data = tuan_giao_data()
    written = [
        tuan_giao_workbook(out / "tuan_giao_2020_12.xlsx", data),
        yen_chau_workbook(out / "yen_chau_quy1_2021.xlsx"),
        quan_son_2021_workbook(out / "quan_son_2021_03.xlsx"),
        cam_thuy_workbook(out / "cam_thuy_2022_05.xlsx"),
        quan_son_2020_ods(out / "quan_son_2020_08.ods"),
        yen_chau_csv(out / "yen_chau_quy1_2021.csv"),
        province_workbook(out / "tinh_2021_province.xlsx"),
    ]
    exp = out / "tuan_giao_expected.json"
    exp.write_text(
        json.dumps(tuan_giao_expected(data), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    written.append(exp)
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

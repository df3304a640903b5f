"""Frames made in code for the figure and output tests: the seed 000 district's months (Tuần Giáo,
2020), whose published month and year-to-date rates the figures must reproduce."""
from __future__ import annotations

import pandas as pd

from analysis.frame import FRAME_COLUMNS
from analysis.model import COUNT_FIELDS
from analysis.periods import Period

# (unit name as a province table writes it, block, November rate, January-November rate)
SEED000 = [
    ("Phòng Nông nghiệp và PTNT", "department", 100, 80.77),
    ("Phòng Dân tộc", "department", 100, 79.31),
    ("Phòng Lao động - TBXH", "department", 100, 74.58),
    ("Phòng Văn hóa và Thông tin", "department", 95.45, 47.62),
    ("Phòng Kinh tế - Hạ tầng", "department", 93.94, 91.38),
    ("Phòng Tài chính - Kế hoạch", "department", 92.11, 90.91),
    ("Phòng Giáo dục và Đào tạo", "department", 90.77, 74.82),
    ("Văn phòng HĐND - UBND", "department", 86.85, 55.92),
    ("Phòng Tư pháp", "department", 83.33, 61.76),
    ("Phòng Nội vụ", "department", 7.69, 1.04),
    ("Phòng Tài nguyên - Môi trường", "department", 0, 0),
    ("Thanh tra huyện", "department", 0, 16.67),
    ("Phòng Y tế", "department", 0, 0),
    ("Trung tâm quản lý đất đai", "service_unit", 100, 61.82),
    ("Trung tâm VH-TT-TH", "service_unit", 91.67, 63.64),
    ("Ban QLDA đầu tư xây dựng", "service_unit", 63.64, 30.3),
    ("Trung tâm GDNN - GDTX", "service_unit", 0, 0),
    ("Trung tâm DVNN", "service_unit", 0, 0),
    ("UBND xã Tênh Phông", "commune", 100, 53.54),
    ("UBND xã Mùn Chung", "commune", 96.88, 66.06),
    ("UBND xã Nà Sáy", "commune", 93.75, 47.83),
    ("UBND xã Pú Xi", "commune", 85.0, 45.07),
    ("UBND xã Quài Nưa", "commune", 81.82, 34.45),
    ("UBND xã Mường Mùn", "commune", 71.43, 82.86),
    ("UBND xã Chiềng Đông", "commune", 70.83, 54.27),
    ("UBND xã Mường Thín", "commune", 60, 8.54),
    ("UBND Thị trấn", "commune", 13.79, 30.57),
    ("UBND xã Mường Khong", "commune", 0, 0),
    ("UBND xã Pú Nhung", "commune", 0, 13.33),
    ("UBND xã Rạng Đông", "commune", 0, 0.98),
    ("UBND xã Quài Cang", "commune", 0, 0.67),
    ("UBND xã Quài Tở", "commune", 0, 0),
    ("UBND xã Ta Ma", "commune", 0, 1.37),
    ("UBND xã Tỏa Tình", "commune", 0, 1.39),
    ("UBND xã Nà Tòng", "commune", 0, 1.01),
    ("UBND xã Phình Sáng", "commune", 0, 0),
    ("UBND xã Chiềng Sinh", "commune", 0, 8.33),
]


def _fractions(rate, min_n=1, max_n=2000):
    """(k, n) with round(100k/n, 2) == rate, smallest n first."""
    for n in range(min_n, max_n):
        k = round(rate * n / 100)
        for kk in (k - 1, k, k + 1):
            if 0 <= kk <= n and round(kk / n * 100 + 1e-12, 2) == round(rate, 2):
                yield kk, n


def seed000_counts(rate_m, rate_y, months=11):
    """(November sent, signed), (January-November sent, signed) for one unit."""
    for km, nm in _fractions(rate_m, min_n=5):
        for ky, ny in _fractions(rate_y, min_n=nm + months - 1):
            if ky >= km and ky - km <= ny - nm:
                return (nm, km), (ny, ky)
    raise AssertionError((rate_m, rate_y))


def key_of(name):
    return " ".join(name.lower().replace("ubnd ", "").split())


def frame_from(records):
    """A units frame from dicts with period (YYYY-MM) and the unit fields."""
    rows = []
    for r in records:
        span = Period.from_code(r["period"])
        rows.append({
            "period_start": span.start, "period_end": span.end,
            "period": r["period"], "file": r.get("file", "t.xlsx"),
            "sheet": r.get("sheet", r["period"]),
            "row": r.get("row", 1), "unit": r["unit"], "key": r.get("key", key_of(r["unit"])),
            "block": r["block"], "district": r.get("district"),
            **{f: r.get(f) for f in COUNT_FIELDS},
        })
    f = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    f["row"] = f["row"].astype("Int64")
    for c in COUNT_FIELDS:
        f[c] = pd.array(f[c].tolist(), dtype="Int64")
    return f


def seed000_records(year=2020, last_month=11, skip_months=()):
    """Monthly records Jan..last_month: November holds the month's counts, the earlier months
    share the rest of the year-to-date counts (sent spread evenly, signed put first)."""
    recs = []
    for i, (name, block, rm, ry) in enumerate(SEED000):
        (nm, km), (ny, ky) = seed000_counts(rm, ry, months=last_month)
        rest_n, rest_k = ny - nm, ky - km
        earlier = last_month - 1
        sents = [rest_n // earlier + (1 if j < rest_n % earlier else 0) for j in range(earlier)]
        signs = []
        left = rest_k
        for s in sents:
            signs.append(min(s, left))
            left -= signs[-1]
        assert left == 0
        for month in range(1, last_month + 1):
            if month in skip_months:
                continue
            sent, signed = (nm, km) if month == last_month else (sents[month - 1], signs[month - 1])
            recs.append({"period": f"{year}-{month:02d}", "unit": name, "block": block,
                         "district": "Tuần Giáo", "row": 8 + i, "sent": sent, "signed": signed,
                         "sheet": f"T{month:02d}-{year}"})
    return recs


# A commune's own offices after the reform (two tiers, from 1 July 2025): (name, block, sent,
# leader-signed, agency-signed) in August 2025; July has the same offices at 80% of the counts.
COMMUNE_2025 = [
    ("Văn phòng HĐND và UBND", "department", 120, 120, 118),
    ("Phòng Kinh tế", "department", 45, 30, 30),
    ("Phòng Văn hóa - Xã hội", "department", 38, 0, 0),
    ("Trung tâm Phục vụ hành chính công", "service_unit", 60, 57, 60),
]


def commune_2025_records():
    recs = []
    for i, (name, block, sent, leader, agency) in enumerate(COMMUNE_2025):
        for month, share in ((7, 0.8), (8, 1.0)):
            recs.append({"period": f"2025-{month:02d}", "unit": name, "block": block,
                         "row": 6 + i, "sent": int(sent * share),
                         "signed_leader": int(leader * share), "signed_agency": int(agency * share),
                         "sheet": f"T{month:02d}-2025"})
    return recs

"""The results part of the letter: per block (and, in a province's workbook before the reform,
per district), the units with high rates, those with low rates and those that signed nothing;
for the period and then the year to date; one overall line; and the request paragraph.

    results_lines(summary, high) -> list of str   ("1. Kết quả …", "- Khối …:", "+ …")
    request_lines(summary, profile, high) -> list of str

Units are listed "Name (95,45%)" in descending order of rate; a commune by its short name
("Tênh Phông"), every unit written the same way wherever it appears (a province's units under
their district's line, never with the district appended to some names only).
"""
from __future__ import annotations

import functools
import re
from datetime import timedelta

import pandas as pd

from analysis.figures import Summary
from analysis.labels import BLOCK_LABELS, BLOCK_NOUNS, METRIC_PHRASES
from analysis.outputs.appendix import UNKNOWN_DISTRICT, block_groups
from analysis.periods import code_phrase
from analysis.profile import TWO_TIERS, OfficeProfile
from analysis.vn_format import capitalize, fmt_date, fmt_int, fmt_pct

# (high group, low group, "signed nothing" group) subjects per block
GROUP_WORDS = {
    "department": ("Các phòng chuyên môn", "Các phòng", "Các phòng"),
    "service_unit": ("Các đơn vị", "Các đơn vị", "Các đơn vị"),
    "commune": ("Các xã", "Các xã", "Các xã"),
    "provincial_department": ("Các sở, ban, ngành", "Các sở, ban, ngành", "Các sở, ban, ngành"),
    "district": ("Các huyện, thị xã, thành phố", "Các huyện, thị xã, thành phố",
                 "Các huyện, thị xã, thành phố"),
    "other": ("Các đơn vị", "Các đơn vị", "Các đơn vị"),
}
COMMUNES_AFTER_REFORM = "Các xã, phường, đặc khu"
# How the request paragraph names a block's units that signed nothing ("UBND các xã: A, B").
NOTHING_WORDS = {"commune": "UBND các xã: ", "district": "UBND các huyện: "}
_UBND = re.compile(r"^\s*(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+", re.IGNORECASE)
_XA = re.compile(r"^\s*xã\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)  # asked several times per unit for every letter
def short_name(name: str, block: str) -> str:
    """A commune as the letters name it under "Các xã": "UBND xã Tênh Phông" -> "Tênh Phông",
    "UBND thị trấn" -> "Thị trấn". Other blocks keep their name as written."""
    if block != "commune":
        return name.strip()
    n = _XA.sub("", _UBND.sub("", name.strip()))
    return capitalize(n.strip()) or name.strip()


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _item(name: str, rate) -> str:
    return f"{name} ({fmt_pct(rate)})"


def _words(block: str, s: Summary) -> tuple:
    if block == "commune" and s.end >= TWO_TIERS:
        return (COMMUNES_AFTER_REFORM,) * 3
    return GROUP_WORDS.get(block, GROUP_WORDS["other"])


def _groups(s: Summary, rate_col: str) -> list:
    """[(block, [(district or None, [(name, rate)] by rate descending)])], the blocks and
    districts in the source's order."""
    u = s.units
    names = [short_name(n, b) for n, b in zip(u["unit"].tolist(), u["block"].tolist(),
                                              strict=True)]
    rates = u[rate_col].astype("Float64").tolist()
    out = []
    for block, groups in block_groups(u):
        recs = []
        for district, positions in groups:
            # rate descending, then the source's order (block_groups keeps it); no rate last
            ordered = sorted(positions, key=lambda i: (_missing(rates[i]),
                                                       0.0 if _missing(rates[i]) else -rates[i]))
            recs.append((district, [(names[i], rates[i]) for i in ordered]))
        out.append((block, recs))
    return out


def _split(recs: list, high: float) -> tuple:
    hi, lo, zero, none = [], [], [], []
    for name, r in recs:
        if _missing(r):
            none.append(name)
        elif r + 1e-9 >= high:
            hi.append((name, r))
        elif r == 0:
            zero.append(name)
        else:
            lo.append((name, r))
    if high <= 0:  # every zero is "high" when the threshold is 0: still say they signed nothing
        zero = [n for n, r in hi if r == 0]
        hi = [(n, r) for n, r in hi if r != 0]
    return hi, lo, zero, none


def _group_lines(words: tuple, recs: list, high: float, phrase: str) -> list:
    w_high, w_low, w_zero = words
    hi, lo, zero, none = _split(recs, high)
    lines = []
    if hi:
        lines.append(f"+ {w_high} có tỷ lệ {phrase} cao: "
                     + "; ".join(_item(n, r) for n, r in hi) + ".")
    if lo:
        lines.append(f"+ {w_low} có tỷ lệ {phrase} thấp: "
                     + "; ".join(_item(n, r) for n, r in lo) + ".")
    if zero:
        lines.append(f"+ {w_zero} chưa {phrase} (0%): " + ", ".join(zero) + ".")
    if none:
        lines.append("+ Không có văn bản đi: " + ", ".join(none) + ".")
    return lines


def _sections(s: Summary, rate_col: str, high: float) -> list:
    phrase = METRIC_PHRASES[s.metric]
    lines = []
    for block, groups in _groups(s, rate_col):
        lines.append(f"- {BLOCK_LABELS.get(block, block)}:")
        for district, recs in groups:
            if district is not None or len(groups) > 1:
                lines.append(f"* {district or UNKNOWN_DISTRICT}:")
            lines += _group_lines(_words(block, s), recs, high, phrase)
    return lines


def _target_phrase(target: float, phrase: str) -> str:
    if target >= 100:
        return f"đạt {fmt_pct(target)} {phrase}"
    return f"đạt tỷ lệ {phrase} từ {fmt_pct(target)} trở lên"


def overall_line(s: Summary) -> str:
    """"17/17 UBND cấp xã đạt 100% ký số cá nhân; …; tỷ lệ ký số cá nhân chung đạt 99,94%
    (1.854/1.855 văn bản)." The blocks in the source's order."""
    phrase = METRIC_PHRASES[s.metric]
    order = [b for b, _ in block_groups(s.units)]
    blocks = sorted(s.blocks.itertuples(), key=lambda b: order.index(b.block)
                    if b.block in order else len(order))
    parts = [f"{b.meeting_target}/{b.units} {BLOCK_NOUNS.get(b.block, b.block)} "
             f"{_target_phrase(s.target, phrase)}" for b in blocks]
    t = s.total
    parts.append(f"tỷ lệ {phrase} chung đạt {fmt_pct(t['rate'])} "
                 f"({fmt_int(t['signed'])}/{fmt_int(t['sent'])} văn bản)")
    return "Tổng hợp chung: " + "; ".join(parts) + "."


def results_lines(s: Summary, high: float | None = None) -> list:
    """The results: the period's, the year to date's, the overall line."""
    high = s.target if high is None else float(high)
    lines = [f"1. Kết quả {s.label} (từ ngày {fmt_date(s.start)} đến ngày {fmt_date(s.end)}):"]
    lines += _sections(s, "rate", high)
    lines.append(f"2. Kết quả lũy kế từ đầu năm (từ ngày {fmt_date(s.span.year_start)} đến ngày "
                 f"{fmt_date(s.end)}):")
    if s.ytd_complete:
        lines += _sections(s, "ytd_rate", high)
    elif s.missing_months:
        months = ", ".join(code_phrase(m) for m in s.missing_months)
        lines.append(f"- Chưa tổng hợp được lũy kế từ đầu năm: thiếu số liệu {months}.")
    else:
        lines.append("- Chưa tổng hợp được lũy kế từ đầu năm cho kỳ báo cáo này.")
    lines.append(overall_line(s))
    lines.append("(Thống kê chi tiết trong phụ lục kèm theo)")
    return lines


def intro_line(s: Summary, p: OfficeProfile) -> str:
    phrase = METRIC_PHRASES[s.metric]
    return (f"Qua tổng hợp số liệu {phrase} văn bản trên hệ thống quản lý văn bản và hồ sơ "
            f"công việc {s.label} (có phụ lục chi tiết kèm theo), {p.speaker or 'cơ quan'} "
            f"thông báo kết quả (chỉ tiêu: tối thiểu {fmt_pct(s.target)} văn bản phát hành "
            f"được {phrase}) như sau:")


def _nothing_names(s: Summary) -> str:
    """The units that signed nothing in the period, as the request names them: "Phòng Y tế,
    Thanh tra huyện; UBND các xã: Mường Khong, Pú Nhung" (with their district in a province)."""
    parts = []
    for block, groups in _groups(s, "rate"):
        for district, recs in groups:
            names = [n for n, r in recs if not _missing(r) and r == 0]
            if not names:
                continue
            where = f" ({district})" if district else ""
            parts.append(NOTHING_WORDS.get(block, "") + ", ".join(names) + where)
    return "; ".join(parts)


def request_lines(s: Summary, p: OfficeProfile, high: float | None = None) -> list:
    """The request, in seed 001's style: the units below target correct themselves; the units
    that signed nothing report their reasons by a date; the closing sentence."""
    phrase = METRIC_PHRASES[s.metric]
    speaker = capitalize(p.speaker or "cơ quan")
    who = p.request_to or "các cơ quan, đơn vị"
    below = int((s.units["status"].isin(["below_target", "signed_nothing"])).sum())
    lines = [f"3. Để bảo đảm chỉ tiêu {phrase} văn bản (tối thiểu {fmt_pct(s.target)} văn bản "
             f"phát hành được {phrase}), {speaker} yêu cầu {who}:"]
    if below:
        lines.append(f"- Các cơ quan, đơn vị có tỷ lệ {phrase} chưa đạt chỉ tiêu ({below}/"
                     f"{len(s.units)} đơn vị) nghiêm túc kiểm điểm, rút kinh nghiệm, chấn chỉnh "
                     f"việc {phrase} văn bản trên hệ thống (trừ văn bản mật), bảo đảm đạt chỉ "
                     f"tiêu trong kỳ tiếp theo.")
    else:
        lines.append(f"- Các cơ quan, đơn vị tiếp tục duy trì {phrase} đầy đủ văn bản phát hành "
                     f"trên hệ thống (trừ văn bản mật).")
    nothing = _nothing_names(s)
    if nothing:
        due = fmt_date(s.end + timedelta(days=int(p.reply_days)))
        via = f" (qua {p.report_via})" if p.report_via else ""
        lines.append(f"- Các cơ quan, đơn vị không {phrase} văn bản nào trong {s.label} "
                     f"({nothing}) báo cáo giải trình, nêu rõ lý do gửi về {p.speaker or 'cơ quan'}"
                     f"{via}, xong trước ngày {due}.")
    lines.append(f"Nhận được văn bản này, {speaker} yêu cầu {who} nghiêm túc triển khai "
                 f"thực hiện./.")
    return lines

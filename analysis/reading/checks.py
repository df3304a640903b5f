"""Data checks on a parsed sheet. Each problem is a `DataWarning` with a code and a Vietnamese
message; nothing is raised and no row is dropped (frictionless-style row-level reports).

Codes: signed_exceeds_sent, negative_count, rate_mismatch, total_mismatch, duplicate_unit,
missing_count, unreadable_number, unnamed_row, period_conflict, period_unknown.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Optional

from analysis.model import COUNT_FIELDS, METRICS, DataWarning, Period, Unit
from analysis.reading.cells import TOLERANCE, rate_tolerance
from analysis.vn_format import fmt_int

FIELD_LABELS = {
    "received": "văn bản đến",
    "sent": "văn bản gửi đi",
    "signed": "văn bản ký số",
    "signed_leader": "văn bản ký số lãnh đạo",
    "signed_agency": "văn bản ký số cơ quan",
    "unit": "tên đơn vị",
    "signed_rate": "tỷ lệ ký số",
    "signed_leader_rate": "tỷ lệ ký số lãnh đạo",
    "signed_agency_rate": "tỷ lệ ký số cơ quan",
}


def _pct(x: float) -> str:
    return f"{x:.2f}".replace(".", ",") + "%"


def unit_warnings(u: Unit, unreadable: dict, blanks: list, mapped: set) -> list:
    """Warnings about one unit row. `unreadable`: field -> raw text; `blanks`: blank count fields."""
    out = []
    for f, raw in unreadable.items():
        out.append(DataWarning(u.row, u.unit, "unreadable_number",
                               f"Không đọc được số “{raw}” ở cột {FIELD_LABELS.get(f, f)}; "
                               "ô này được coi là trống. Hãy sửa lại trong tệp nếu cần."))
    if blanks:
        essential = [f for f in _ESSENTIAL if f in mapped and f in blanks]
        if essential:
            names = ", ".join(FIELD_LABELS[f] for f in essential)
            out.append(DataWarning(u.row, u.unit, "missing_count",
                                   f"Thiếu số liệu ({names}); đơn vị vẫn được giữ, ô trống được coi là chưa có số liệu."))
    # this runs for every unit row: the common case (nothing to say) costs a few comparisons
    sent = u.sent
    signed, leader, agency = u.signed, u.signed_leader, u.signed_agency
    received = u.received
    if ((received is not None and received < 0) or (sent is not None and sent < 0)
            or (signed is not None and signed < 0) or (leader is not None and leader < 0)
            or (agency is not None and agency < 0)):
        for f, v in zip(COUNT_FIELDS, (received, sent, signed, leader, agency)):
            if v is not None and v < 0:
                out.append(DataWarning(u.row, u.unit, "negative_count",
                                       f"Số {FIELD_LABELS[f]} là số âm ({v})."))
    if signed is not None:
        _metric_warnings(out, u, "signed", signed, sent)
    if leader is not None:
        _metric_warnings(out, u, "signed_leader", leader, sent)
    if agency is not None:
        _metric_warnings(out, u, "signed_agency", agency, sent)
    return out


def _metric_warnings(out: list, u: Unit, m: str, signed: int, sent: Optional[int]) -> None:
    """signed_exceeds_sent and rate_mismatch for one kind of signature (signed is not None)."""
    if sent is not None and sent >= 0 and signed > sent:
        out.append(DataWarning(u.row, u.unit, "signed_exceeds_sent",
                               f"Số {FIELD_LABELS[m]} ({signed}) lớn hơn số văn bản gửi đi ({sent})."))
    printed = u.printed_rates.get(m)
    if printed is None or not sent or sent <= 0:
        return
    value, decimals = printed
    true = signed / sent * 100
    if abs(value - true) > rate_tolerance(decimals):
        out.append(DataWarning(u.row, u.unit, "rate_mismatch",
                               f"Tỷ lệ in trong bảng là {_pct(value)} nhưng {signed}/{sent} = {_pct(true)}; "
                               "ứng dụng dùng tỷ lệ tính lại."))


def counts_agree(u: Unit) -> bool:
    """Whether unit_warnings has nothing to say about a unit's counts and printed rates: none
    negative, none signed above sent, every printed rate right to its printed precision."""
    return values_agree(u.received, u.sent, u.signed, u.signed_leader, u.signed_agency,
                        u.printed_rates)


def values_agree(received, sent, signed, leader, agency, printed: dict) -> bool:
    """counts_agree over a unit's counts (COUNT_FIELDS order) and printed rates, before the unit
    is made: the reader asks this of every unit row, so the common row costs a few comparisons."""
    if (received is not None and received < 0) or (sent is not None and sent < 0):
        return False
    if sent is None:
        sent = -1  # no signed count exceeds it below, and no rate is checked
    if ((signed is not None and (signed < 0 or signed > sent >= 0))
            or (leader is not None and (leader < 0 or leader > sent >= 0))
            or (agency is not None and (agency < 0 or agency > sent >= 0))):
        return False
    if sent > 0:
        for m, (rate, decimals) in printed.items():
            value = signed if m == "signed" else leader if m == "signed_leader" else agency
            if value is not None and abs(rate - value / sent * 100) > (
                    TOLERANCE.get(decimals) or rate_tolerance(decimals)):
                return False
    return True


_ESSENTIAL = ("sent",) + METRICS
assert COUNT_FIELDS == ("received", "sent", "signed", "signed_leader", "signed_agency")
assert METRICS == ("signed", "signed_leader", "signed_agency")


def duplicate_warnings(units: list) -> list:
    keys = list(map(attrgetter("key"), units))
    if len(set(keys)) == len(keys):  # the common sheet: no unit twice
        return []
    out, seen = [], {}
    for u in units:
        if u.key in seen:
            out.append(DataWarning(u.row, u.unit, "duplicate_unit",
                                   f"Đơn vị “{u.unit}” xuất hiện lần nữa (đã có ở dòng {seen[u.key]}). "
                                   "Hãy kiểm tra, có thể là dòng bị chép hai lần."))
        else:
            seen[u.key] = u.row
    return out


def total_warning(row: int, label: str, totals: dict, candidates: list) -> Optional[DataWarning]:
    """Compare a totals row with the sums of each candidate group of units; warn if none agrees.

    `totals`: field -> value on the totals row; `candidates`: lists of units, the most likely
    scope first. Only fields present on the totals row are compared.
    """
    fields = [f for f, v in totals.items() if v is not None]
    if not fields or not any(candidates):
        return None
    for units in candidates:
        if units and all(_sum(units, f) == totals[f] for f in fields):
            return None
    units = next(c for c in candidates if c)
    diffs = []
    for f in fields:
        s = _sum(units, f)
        if s != totals[f]:
            diffs.append(f"{FIELD_LABELS[f]}: dòng tổng ghi {fmt_int(totals[f])}, "
                         f"cộng {len(units)} đơn vị được {fmt_int(s)}")
    return DataWarning(row, None, "total_mismatch",
                       f"Dòng “{label}” không khớp với các đơn vị ở trên ({'; '.join(diffs)}).")


def _sum(units: list, f: str) -> int:
    """sum(getattr(u, f) or 0 for u in units), without a Python step per unit (counts are int
    or None; dropping the None and 0 values leaves the same sum)."""
    return sum(filter(None, map(attrgetter(f), units)))


def period_conflict_warning(chosen: Period, source: str, conflicts: list) -> list:
    names = {"sheet": "tên trang tính", "title": "tiêu đề bảng", "file": "tên tệp"}
    out = []
    for src, p in conflicts:
        out.append(DataWarning(None, None, "period_conflict",
                               f"Kỳ báo cáo không thống nhất: {names[source]} cho {chosen.label()}, "
                               f"còn {names[src]} cho {p.label()}. Ứng dụng dùng {chosen.label()}; "
                               "hãy kiểm tra và sửa kỳ báo cáo nếu cần."))
    return out

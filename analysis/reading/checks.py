"""Data checks on a parsed sheet. Each problem is a `DataWarning` with a code and a Vietnamese
message (made by analysis.warning_codes, which lists every code); nothing is raised and no row is
dropped (frictionless-style row-level reports).
"""
from __future__ import annotations

from operator import attrgetter

from analysis.model import COUNT_FIELDS, METRICS, DataWarning, Period, Unit
from analysis.reading.cells import TOLERANCE, rate_tolerance
from analysis.vn_format import fmt_int
from analysis.warning_codes import TOTAL_DIFFERENCE, warning

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
    """Warnings about one unit row. `unreadable`: field -> raw text; `blanks`: blank count
    fields."""
    out = []
    for f, raw in unreadable.items():
        out.append(warning("unreadable_number", u.row, u.unit, raw=raw,
                           field=FIELD_LABELS.get(f, f)))
    if blanks:
        essential = [f for f in _ESSENTIAL if f in mapped and f in blanks]
        if essential:
            names = ", ".join(FIELD_LABELS[f] for f in essential)
            out.append(warning("missing_count", u.row, u.unit, fields=names))
    # this runs for every unit row: the common case (nothing to say) costs a few comparisons
    sent = u.sent
    signed, leader, agency = u.signed, u.signed_leader, u.signed_agency
    received = u.received
    if ((received is not None and received < 0) or (sent is not None and sent < 0)
            or (signed is not None and signed < 0) or (leader is not None and leader < 0)
            or (agency is not None and agency < 0)):
        for f, v in zip(COUNT_FIELDS, (received, sent, signed, leader, agency), strict=True):
            if v is not None and v < 0:
                out.append(warning("negative_count", u.row, u.unit, field=FIELD_LABELS[f],
                                   value=v))
    if signed is not None:
        _metric_warnings(out, u, "signed", signed, sent)
    if leader is not None:
        _metric_warnings(out, u, "signed_leader", leader, sent)
    if agency is not None:
        _metric_warnings(out, u, "signed_agency", agency, sent)
    return out


def _metric_warnings(out: list, u: Unit, m: str, signed: int, sent: int | None) -> None:
    """signed_exceeds_sent and rate_mismatch for one kind of signature (signed is not None)."""
    if sent is not None and sent >= 0 and signed > sent:
        out.append(warning("signed_exceeds_sent", u.row, u.unit, field=FIELD_LABELS[m],
                           signed=signed, sent=sent))
    printed = u.printed_rates.get(m)
    if printed is None or not sent or sent <= 0:
        return
    value, decimals = printed
    true = signed / sent * 100
    if abs(value - true) > rate_tolerance(decimals):
        out.append(warning("rate_mismatch", u.row, u.unit, printed=_pct(value), signed=signed,
                           sent=sent, true=_pct(true)))


def values_agree(received, sent, signed, leader, agency, printed: dict) -> bool:
    """Whether unit_warnings has nothing to say about a unit's counts (COUNT_FIELDS order) and
    printed rates: none negative, none signed above sent, every printed rate right to its
    printed precision. Asked before the unit is made, of every unit row, so the common row costs
    a few comparisons."""
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
    out: list = []
    seen: dict = {}  # key -> row of its first unit
    for u in units:
        if u.key in seen:
            out.append(warning("duplicate_unit", u.row, u.unit, name=u.unit,
                               first_row=seen[u.key]))
        else:
            seen[u.key] = u.row
    return out


def total_warning(row: int, label: str, totals: dict, candidates: list) -> DataWarning | None:
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
            diffs.append(TOTAL_DIFFERENCE.format(field=FIELD_LABELS[f], total=fmt_int(totals[f]),
                                                 units=len(units), sum=fmt_int(s)))
    return warning("total_mismatch", row, None, label=label, differences="; ".join(diffs))


def _sum(units: list, f: str) -> int:
    """sum(getattr(u, f) or 0 for u in units), without a Python step per unit (counts are int
    or None; dropping the None and 0 values leaves the same sum)."""
    return sum(filter(None, map(attrgetter(f), units)))


def period_conflict_warning(chosen: Period, source: str, conflicts: list) -> list:
    names = {"sheet": "tên trang tính", "title": "tiêu đề bảng", "file": "tên tệp"}
    out = []
    for src, p in conflicts:
        out.append(warning("period_conflict", source=names[source], chosen=chosen.label(),
                           other_source=names[src], other=p.label()))
    return out

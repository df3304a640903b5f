"""Year-long wide sheets: one row per unit, a column group per month or quarter over the same
fields ("Tháng 1", "T1", "Tháng 01/2026" … "Tháng 12", "Quý I" …), and "Lũy kế" columns.

`period_groups(layout, year)` finds the groups in a header of several rows (layout.chains: the
group's name is one level of each column's chain, the field the rest); parse.py reads each
group as a sheet of its own, with its period, and checks the cumulative columns against the sum
of the months (checks the cumulative columns' rates not at all: they are no month's).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from analysis.model import COUNT_FIELDS, METRICS, Unit
from analysis.periods import Period
from analysis.reading.headers import classify_header, fold, group_of
from analysis.reading.layout import Layout
from analysis.reading.memo import Memo, remember
from analysis.vn_format import fmt_int
from analysis.warning_codes import warning

# the columns every group shares (the unit's name, number, district, code, notes)
_SHARED = ("unit", "district", "code")


@dataclass
class Group:
    label: str  # as written: "Tháng 1", "T01/2026", "Quý I", "Lũy kế"
    period: Period | None  # None for the cumulative columns, or a month whose year is unknown
    cumulative: bool = False
    columns: dict = field(default_factory=dict)  # count and rate field -> column

    def name(self, sheet: str | None) -> str:
        """The sheet entry's name: "<sheet> · Tháng 1/2026"."""
        label = self.period.label() if self.period is not None else self.label
        return f"{sheet} · {label}" if sheet else label


def period_groups(layout: Layout, year: int | None, memo: Memo) -> list | None:
    """The groups of a year-long sheet's header, in column order, or None when the sheet is not
    one (fewer than two month or quarter groups that each have a documents-sent column)."""
    if not layout.chains:
        return None
    groups: dict = {}  # folded label -> Group
    for col in sorted(layout.chains):
        found = _column_group(layout.chains[col], year)
        if found is None:
            continue
        label, period, cumulative, rest = found
        g = groups.setdefault(fold(label), Group(label, period, cumulative))
        f = _field(rest, memo)
        if f == "rate":  # the kind of the signed column to its left in the group
            signed = [m for m in METRICS if m in g.columns]
            f = f"{signed[-1]}_rate" if signed else None
        if f and (f in COUNT_FIELDS or f.endswith("_rate")) and f not in g.columns:
            g.columns[f] = col
    months = [g for g in groups.values() if not g.cumulative and "sent" in g.columns]
    if len(months) < 2:
        return None
    return [g for g in groups.values() if "sent" in g.columns]


def _column_group(chain: list, year: int | None) -> tuple | None:
    """(label, period, cumulative, the chain's other texts joined) of a column whose chain holds
    a group's name, else None."""
    for i, text in enumerate(chain):
        if not text:
            continue
        found = group_of(text, year)
        if found is not None:
            rest = []
            for t in chain[:i] + chain[i + 1:]:
                if t and t not in rest:
                    rest.append(t)
            return text, found[0], found[1], " ".join(rest)
    return None


def _field(text: str, memo: Memo) -> str | None:
    fields = memo.header_fields
    return fields[text] if text in fields else remember(fields, text, classify_header(text))


def group_layout(layout: Layout, group: Group) -> Layout:
    """The sheet's layout with the group's count and rate columns and the shared ones."""
    columns = {f: c for f, c in layout.columns.items() if f in _SHARED}
    columns.update(group.columns)
    return Layout(header_rows=layout.header_rows, columns=columns, headers=layout.headers,
                  first_data_row=layout.first_data_row, stt_column=layout.stt_column,
                  note_column=layout.note_column, signature=layout.signature,
                  header_cells=layout.header_cells, chains=layout.chains)


def blank_group(rows: list, layout: Layout, group: Group) -> bool:
    """Whether no row under the header has anything in the group's count columns (the months
    of the year still to come)."""
    cols = [group.columns[f] for f in COUNT_FIELDS if f in group.columns]
    for row in rows[layout.first_data_row:]:
        for c in cols:
            if c < len(row) and row[c] is not None and str(row[c]).strip():
                return False
    return True


def cumulative_warnings(cumulative: list, months: list, headers: dict, columns: dict) -> list:
    """Warnings where a unit's cumulative count (its Unit read from the Lũy kế columns) differs
    from the sum of its months (the month sheets' units, matched by row)."""
    by_row: dict = {}
    for units in months:
        for u in units:
            by_row.setdefault(u.row, []).append(u)
    out = []
    for cu in cumulative:
        parts = by_row.get(cu.row)
        if not parts:
            continue
        for f in COUNT_FIELDS:
            value = getattr(cu, f)
            if value is None or f not in columns:
                continue
            total = sum(getattr(u, f) or 0 for u in parts)
            if total != value:
                out.append(_mismatch(cu, headers.get(columns[f], f), value, len(parts), total))
    return out


def _mismatch(u: Unit, header: str, value: int, months: int, total: int):
    return warning("cumulative_mismatch", u.row, u.unit, header=header,
                   cumulative=fmt_int(value), months=months, total=fmt_int(total))

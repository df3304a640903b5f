"""Every period name the pages show, in one place (the only ui calls of the period labels of
analysis.vn_format and of the stored history's own wording)."""
from __future__ import annotations

from analysis.figures import previous_period
from analysis.vn_format import capitalize, month_label, period_label

from . import store


def name(period) -> str:
    """'tháng 3/2021', 'quý I/2021', ... of a Period (lower case, for a sentence)."""
    return period_label(period.start, period.end)


def previous_name(summary) -> str:
    """The name of the period before the Summary's."""
    return period_label(*previous_period(summary.start, summary.end))


def months(codes, limit=None) -> str:
    """'tháng 1/2021, tháng 2/2021' of calendar-month codes ('2021-01'); with `limit`, the first
    `limit` and '…' when there are more."""
    shown = codes if limit is None else codes[:limit]
    text = ", ".join(month_label(m) for m in shown)
    return text + ("…" if limit is not None and len(codes) > limit else "")


def code_name(code: str) -> str:
    """A calendar month's name ('tháng 3/2021'); another period keeps its code."""
    return month_label(code) if len(code) == 7 else code


def short(code: str, label: str) -> str:
    """'2021-03' -> 'T3/2021'; other periods keep their label."""
    if len(code) == 7:
        return f"T{int(code[5:])}/{code[:4]}"
    return capitalize(label)


def stored_name(code: str) -> str:
    """A stored period's name as the history words it ('Tháng 3/2021')."""
    return store.period_label(code)

"""Every period name the pages show, in one place: thin words over `analysis.periods.Period`
(the one place the labels are made) and the stored history's own wording."""
from __future__ import annotations

from analysis.periods import Period, code_phrase

from . import store


def name(period: Period) -> str:
    """'tháng 3/2021', 'quý I/2021', ... of a Period (lower case, for a sentence)."""
    return period.phrase()


def previous_name(summary) -> str:
    """The name of the period before the Summary's."""
    return summary.span.previous().phrase()


def months(codes, limit=None) -> str:
    """'tháng 1/2021, tháng 2/2021' of calendar-month codes ('2021-01'); with `limit`, the first
    `limit` and '…' when there are more."""
    shown = codes if limit is None else codes[:limit]
    text = ", ".join(code_phrase(m) for m in shown)
    return text + ("…" if limit is not None and len(codes) > limit else "")


def code_name(code: str) -> str:
    """A calendar month's name ('tháng 3/2021'); another period keeps its code."""
    return code_phrase(code)


def stored_name(code: str) -> str:
    """A stored period's name as the history words it ('Tháng 3/2021')."""
    return store.period_label(code)

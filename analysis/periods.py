"""The reporting period: one frozen value type, its code and its Vietnamese labels.

    Period.month(2020, 11)           -> 01/11/2020..30/11/2020, code "2020-11"
    Period.quarter(2021, 1)          -> 01/01/2021..31/03/2021, code "2021-01-01/2021-03-31"
    Period.from_code("2020-11")      -> the inverse of .code (raises ValueError)
    p.previous()                     -> the period of the same length just before
    p.label()   -> "Tháng 11/2020"   (headings, the reader's warnings, the history page)
    p.phrase()  -> "tháng 11/2020"   (inside a sentence: the letter, the exports, the overview)
    p.short()   -> "T11/2020"        (a chart axis)

Every period rule of the package lives here: what a calendar month is, where a month ends,
the code of a period and the words for it. Imports nothing of the package but vn_format.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.vn_format import capitalize, fmt_date, roman


def month_end(year: int, month: int) -> date:
    """The last day of a month: month_end(2020, 2) -> 29/02/2020."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, n: int) -> date:
    """The first day of the month n months after d's month (n may be negative)."""
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A reporting period from `start` to `end`, both days included."""

    start: date
    end: date

    # --- making one --------------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter))

    @classmethod
    def months_of_year(cls, year: int, first: int = 1, last: int = 12) -> Period:
        """Months first..last of one year: the whole year, "6 tháng đầu năm" (1..6)."""
        return cls(date(year, first, 1), month_end(year, last))

    @classmethod
    def from_code(cls, code: str) -> Period:
        """The inverse of `code`: "YYYY-MM" or "YYYY-MM-DD/YYYY-MM-DD". Raises ValueError."""
        code = code.strip()
        if "/" in code:
            a, b = code.split("/", 1)
            return cls(date.fromisoformat(a), date.fromisoformat(b))
        y, m = code.split("-")
        return cls.month(int(y), int(m))

    # --- what it is --------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """"YYYY-MM" for one calendar month, else "YYYY-MM-DD/YYYY-MM-DD"."""
        if self.is_month:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    @property
    def whole_months(self) -> bool:
        """Starts on the first of a month and ends on the last day of a month."""
        e = self.end
        return self.start.day == 1 and e.day == month_end(e.year, e.month).day

    @property
    def is_month(self) -> bool:
        """Exactly one calendar month."""
        s, e = self.start, self.end
        return s.year == e.year and s.month == e.month and self.whole_months

    @property
    def is_quarter(self) -> bool:
        """Exactly one calendar quarter (January-March, April-June, ...)."""
        return self.whole_months and self.months == 3 and self.start.month % 3 == 1

    @property
    def is_year(self) -> bool:
        """1 January to 31 December (of any years)."""
        s, e = self.start, self.end
        return s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31

    @property
    def months(self) -> int:
        """Calendar months from the start's month to the end's month, both counted."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def contains(self, other: Period) -> bool:
        """`other` lies within this period."""
        return self.start <= other.start and other.end <= self.end

    # --- periods beside it -------------------------------------------------------------------

    def previous(self) -> Period:
        """The period of the same length just before: the month before, the quarter before;
        a period of days gets the same number of days before it."""
        if self.whole_months:
            return Period(add_months(self.start, -self.months), self.start - timedelta(days=1))
        days = (self.end - self.start).days + 1
        e = self.start - timedelta(days=1)
        return Period(e - timedelta(days=days - 1), e)

    @property
    def year_start(self) -> date:
        """1 January of the year the period starts in."""
        return date(self.start.year, 1, 1)

    # --- words -------------------------------------------------------------------------------

    def label(self) -> str:
        """Heading form: 'Tháng 3/2021', 'Quý I/2021', 'Năm 2021', 'Tháng 3–5/2021', or
        '01/08/2020 – 14/08/2020'. The reader's warnings and the history page use it."""
        s, e = self.start, self.end
        if self.whole_months:
            months = self.months
            if months == 1:
                return f"Tháng {s.month}/{s.year}"
            if months == 3 and s.month % 3 == 1:
                return f"Quý {roman((s.month + 2) // 3)}/{s.year}"
            if months == 12 and s.month == 1:
                return f"Năm {s.year}"
            if s.year == e.year:
                return f"Tháng {s.month}–{e.month}/{s.year}"
        return f"{fmt_date(s)} – {fmt_date(e)}"

    def phrase(self) -> str:
        """Lower-case form for a sentence: 'tháng 11/2020', 'quý I/2021', 'năm 2020', or
        'từ ngày 01/01/2020 đến ngày 30/11/2020' (also for several months that are not a
        quarter or a year). The letter, the exports and the app's pages use it."""
        s, e = self.start, self.end
        if self.whole_months and s.year == e.year:
            if s.month == e.month:
                return f"tháng {s.month}/{s.year}"
            if e.month - s.month == 2 and s.month % 3 == 1:
                return f"quý {roman((s.month + 2) // 3)}/{s.year}"
            if s.month == 1 and e.month == 12:
                return f"năm {s.year}"
        return f"từ ngày {fmt_date(s)} đến ngày {fmt_date(e)}"

    def short(self) -> str:
        """For a chart axis: 'T3/2021' for a month, else the phrase capitalized."""
        if self.is_month:
            return f"T{self.start.month}/{self.start.year}"
        return capitalize(self.phrase())

    def to_json(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def code_phrase(code: str) -> str:
    """A month's code as a phrase ('2020-03' -> 'tháng 3/2020'); any other code as written
    (how the exports and the upload page name a previous or a stored period)."""
    try:
        p = Period.from_code(code)
    except ValueError:
        return code
    return p.phrase() if p.is_month and p.code == code else code

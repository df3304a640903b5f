"""The reporting period of a sheet, from its name, its title rows or the file name.

Recognised: "T01-2020", "Tháng 3", "Thang 3", "03-2021", "tháng 3/2021", "THÁNG 03 NĂM 2021",
"quý I/2021", "6 tháng đầu năm 2021", "TỪ NGÀY 01/01/2021 - 31/3/2021",
"Từ ngày: 01/05/2021 Đến ngày: 31/05/2021", "từ ngày 01/8 - 14/8/2020", "năm 2020"; dates as
date-typed cells and systems write them ("Từ ngày | 2026-09-01 | Đến ngày | 2026-09-30",
"01/09/2026 00:00:00"), over one title row or two.
A month without a year ("Tháng 3") takes its year from the titles or the file name.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from analysis.periods import Period
from analysis.reading.headers import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d{2})"
_ONE_DAY = timedelta(days=1)


def _valid_month(m: int) -> bool:
    return 1 <= m <= 12


def _date(d: int, m: int, y: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# a date as a date-typed cell or a system's export writes it: 2026-09-01, 2026-09-01 00:00:00,
# 01/09/2026 23:59:59 (the time is dropped)
_ISO_DATE = re.compile(r"\b((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})"
                       r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_TIME = re.compile(r"(\d{1,2}/\d{1,2}/(?:19|20)\d{2}),?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?")


def find_period(text: str) -> tuple:
    """(Period or None, month without year or None) found in a free text such as a title."""
    t = fold(text)
    t = re.sub(r"\s+", " ", t)
    if "-" in t or ":" in t:
        t = _TIME.sub(r"\1", _ISO_DATE.sub(r"\3/\2/\1", t))
    # an explicit date range
    m = re.search(r"tu ngay:?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*" + _YEAR + r")?"
                  r"\s*(?:-|–|den ngay:?|den)\s*(?:ngay:?\s*)?"
                  r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR, t)
    if m:
        d1, m1, y1, d2, m2, y2 = m.groups()
        y1 = y1 or y2
        start, end = _date(int(d1), int(m1), int(y1)), _date(int(d2), int(m2), int(y2))
        if start and end and start <= end:
            return Period(start, end), None
    m = re.search(r"quy\s+(i{1,3}|iv|[1-4])\s*(?:[/.-]|nam)\s*" + _YEAR, t)
    if m:
        q = ROMAN.get(m[1]) or int(m[1])
        return Period.quarter(int(m[2]), q), None
    m = re.search(r"(6|sau|9|chin) thang (?:dau )?nam\s*" + _YEAR, t)
    if m:
        months = 6 if m[1] in ("6", "sau") else 9
        y = int(m[2])
        return Period.months_of_year(y, 1, months), None
    # a month given as a date-typed cell (shown "09/2026", stored as 2026-09-01) after "tháng"
    m = re.search(r"(?:thang|ky bao cao|ky):?\s*(\d{1,2})/(\d{1,2})/" + _YEAR, t)
    if m and _valid_month(int(m[2])):
        return Period.month(int(m[3]), int(m[2])), None
    m = re.search(r"thang\s*(\d{1,2})\s*(?:[/.-]|nam)\s*" + _YEAR, t)
    if m and _valid_month(int(m[1])):
        return Period.month(int(m[2]), int(m[1])), None
    m = re.search(r"(?:^|[^a-z0-9])t\s*(\d{1,2})\s*[/._-]\s*" + _YEAR, t)
    if m and _valid_month(int(m[1])):
        return Period.month(int(m[2]), int(m[1])), None
    m = re.search(r"thang\s*(\d{1,2})(?![\d/])", t)
    if m and _valid_month(int(m[1])):
        return None, int(m[1])
    m = re.search(r"(?:^|\s)nam\s+" + _YEAR, t)
    if m:
        return Period.months_of_year(int(m[1])), None
    return None, None


def period_from_name(name: str) -> tuple:
    """(Period or None, month without year or None) from a sheet or file name.

    Names are terse: "T01-2020", "T3", "03-2021", "2021-03", "Thang 3", "Quy I-2021",
    "tinh_2021_03".
    """
    if not name:
        return None, None
    found, month = find_period(name)
    if found:
        return found, None
    t = fold(name)
    m = re.search(r"(?:^|[^a-z0-9])(?:q|quy)[\s_-]*(i{1,3}|iv|[1-4])[\s_/.-]+" + _YEAR, t)
    if m:
        return Period.quarter(int(m[2]), ROMAN.get(m[1]) or int(m[1])), None
    m = re.search(r"(?:^|\D)" + _YEAR + r"[\s_/.-](\d{1,2})(?:\D|$)", t)
    if m and _valid_month(int(m[2])):
        return Period.month(int(m[1]), int(m[2])), None
    m = re.search(r"(?:^|\D)(\d{1,2})[\s_/.-]" + _YEAR + r"(?:\D|$)", t)
    if m and _valid_month(int(m[1])):
        return Period.month(int(m[2]), int(m[1])), None
    m = re.search(r"(?:^|[^a-z])t[\s_-]*(\d{1,2})(?:\D|$)", t)
    if m and _valid_month(int(m[1])):
        return None, int(m[1])
    if month:
        return None, month
    m = re.search(r"(?:^|\D)" + _YEAR + r"(?:\D|$)", t)
    if m:
        return Period.months_of_year(int(m[1])), None
    return None, None


def year_hint(*texts: str) -> int | None:
    for text in texts:
        if text:
            m = re.search(r"(?:^|\D)" + _YEAR + r"(?:\D|$)", fold(text))
            if m:
                return int(m[1])
    return None


def detect_period(sheet_name: str | None, titles: list, filename: str) -> tuple:
    """(Period or None, source or None, conflicts: list of (source, Period)).

    The sheet name wins when it names month and year (in a 12-sheet workbook titles are often
    copied from one template); then the title rows; then the file name. Other sources that name
    a different period are returned as conflicts for the caller to warn about.
    """
    candidates = []  # (source, Period)
    sp, sm = period_from_name(sheet_name or "")
    if sp:
        candidates.append(("sheet", sp))
    loose_month = sm
    title_found = None
    for text in titles:
        p, tm = find_period(text)
        if p and title_found is None:
            title_found = p
        if tm and loose_month is None:
            loose_month = tm
    if title_found is None and len(titles) > 1:  # "Từ ngày" and "Đến ngày" on rows of their own
        title_found = find_period(" ".join(titles))[0]
    if title_found:
        candidates.append(("title", title_found))
    fp, fm = period_from_name(_stem(filename))
    if fp and not (sp and not sp.is_year):  # a sheet named for its month outranks the file name
        candidates.append(("file", fp))
    if loose_month:
        year = year_hint(*(titles + [_stem(filename)]))
        if year:
            candidates.append(("sheet" if sm else "title", Period.month(year, loose_month)))
    if not candidates:
        return None, None, []
    # prefer a precise period (not a whole year guessed from a bare year) from the best source
    order = {"sheet": 0, "title": 1, "file": 2}
    candidates.sort(key=lambda c: (c[1].is_year, order[c[0]]))
    source, chosen = candidates[0]
    conflicts = [(s, p) for s, p in candidates[1:] if p != chosen and not _contains(p, chosen)]
    return chosen, source, conflicts


def _stem(filename: str) -> str:
    return re.sub(r"\.[A-Za-z0-9]{2,4}$", "", filename or "")


def _contains(outer: Period, inner: Period) -> bool:
    """A coarser source (a year, a quarter) that contains the chosen period is no conflict."""
    return outer.contains(inner) and outer != inner


def guess_period(sheet_name: str | None, filename: str, known: list, today: date) -> Period:
    """The month to offer for a sheet whose period could not be read (the user confirms it).

    A month named without a year in the sheet or file name ("T11", "Thang 11") takes the year
    of the file name, else of the newest known period (other files, the history), else of
    today; without a month: the month after the newest known period; with nothing known, the
    month before today (the month a report is usually made for).
    """
    loose = period_from_name(sheet_name or "")[1] or period_from_name(_stem(filename))[1]
    newest = max(known, key=lambda p: p.end) if known else None
    year = year_hint(_stem(filename), sheet_name or "")
    before_today = Period.month((today.replace(day=1) - _ONE_DAY).year,
                                (today.replace(day=1) - _ONE_DAY).month)
    if loose:
        if year is None:
            year = newest.end.year if newest else before_today.end.year
        return Period.month(year, loose)
    if newest is not None:
        nxt = newest.end + _ONE_DAY
        return Period.month(nxt.year, nxt.month)
    if year is not None and year != today.year:
        return Period.month(year, 12) if year < today.year else Period.month(year, 1)
    return before_today

"""Period: codes, the periods beside one, and the three ways of naming one."""
from __future__ import annotations

from datetime import date

import pytest

from analysis.periods import Period, code_phrase, month_end

NOV = Period(date(2020, 11, 1), date(2020, 11, 30))
Q1 = Period(date(2021, 1, 1), date(2021, 3, 31))
DAYS = Period(date(2020, 8, 1), date(2020, 8, 14))


def P(a, b):
    return Period(date.fromisoformat(a), date.fromisoformat(b))


def test_codes_and_back():
    assert NOV.code == "2020-11"
    assert Q1.code == "2021-01-01/2021-03-31"
    assert P("2020-11-01", "2020-12-08").code == "2020-11-01/2020-12-08"
    assert Period.from_code("2020-02") == Period(date(2020, 2, 1), date(2020, 2, 29))
    assert Period.from_code("2021-01-01/2021-03-31") == Q1
    assert Period.from_code(" 2020-11 ") == NOV
    for bad in ("2020", "2020-13", "2020-11-01", "abc", "2020-01-01/2020-02-30"):
        with pytest.raises(ValueError):
            Period.from_code(bad)


def test_what_a_period_is():
    assert NOV.is_month and not NOV.is_quarter and NOV.months == 1
    assert Q1.is_quarter and not Q1.is_month and Q1.months == 3
    assert not P("2021-02-01", "2021-04-30").is_quarter
    assert Period.months_of_year(2020).is_year and Period.months_of_year(2020, 1, 6).months == 6
    assert not DAYS.whole_months and not DAYS.is_month
    assert Period.month(2021, 3) == P("2021-03-01", "2021-03-31")
    assert Period.quarter(2021, 4) == P("2021-10-01", "2021-12-31")
    assert month_end(2020, 2) == date(2020, 2, 29) and month_end(2021, 2) == date(2021, 2, 28)
    assert Q1.contains(Period.month(2021, 2)) and not NOV.contains(Q1)


def test_previous_period_of_the_same_length():
    assert Period.month(2021, 1).previous() == Period.month(2020, 12)
    assert Period.month(2021, 3).previous() == P("2021-02-01", "2021-02-28")
    assert Period.quarter(2021, 2).previous() == Q1
    assert Q1.previous() == P("2020-10-01", "2020-12-31")
    assert DAYS.previous() == P("2020-07-18", "2020-07-31")


def test_year_start():
    assert NOV.year_start == date(2020, 1, 1)
    assert Period(date(2020, 12, 1), date(2021, 1, 31)).year_start == date(2020, 1, 1)


def test_labels():
    """label() for headings and the reader's warnings."""
    assert P("2021-03-01", "2021-03-31").label() == "Tháng 3/2021"
    assert P("2021-01-01", "2021-03-31").label() == "Quý I/2021"
    assert P("2021-01-01", "2021-12-31").label() == "Năm 2021"
    assert P("2021-03-01", "2021-05-31").label() == "Tháng 3–5/2021"
    assert P("2020-08-01", "2020-08-14").label() == "01/08/2020 – 14/08/2020"


def test_phrases():
    """phrase() inside a sentence: the letter, the exports, the app's pages."""
    assert P("2020-11-01", "2020-11-30").phrase() == "tháng 11/2020"
    assert P("2021-01-01", "2021-03-31").phrase() == "quý I/2021"
    assert P("2020-01-01", "2020-12-31").phrase() == "năm 2020"
    assert P("2020-08-01", "2020-08-14").phrase() == "từ ngày 01/08/2020 đến ngày 14/08/2020"
    assert P("2021-03-01", "2021-05-31").phrase() == "từ ngày 01/03/2021 đến ngày 31/05/2021"


def test_short_labels_and_code_phrases():
    assert Period.month(2021, 3).short() == "T3/2021"
    assert Q1.short() == "Quý I/2021"
    assert code_phrase("2020-03") == "tháng 3/2020"
    assert code_phrase("2021-01-01/2021-03-31") == "2021-01-01/2021-03-31"  # as written
    assert NOV.to_json() == {"start": "2020-11-01", "end": "2020-11-30"}

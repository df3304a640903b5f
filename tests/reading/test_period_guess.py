"""guess_period: the month offered for a sheet whose period could not be read."""
from datetime import date

from analysis.periods import Period
from analysis.reading.period_detect import guess_period

TODAY = date(2026, 1, 15)


def test_nothing_known_is_the_month_before_today():
    assert guess_period(None, "bang_ky_so.csv", [], TODAY) == Period.month(2025, 12)
    assert guess_period(None, "x.csv", [], date(2026, 7, 1)) == Period.month(2026, 6)


def test_the_month_after_the_newest_known_period():
    known = [Period.month(2020, 9), Period.month(2020, 10)]
    assert guess_period(None, "bang_ky_so.csv", known, TODAY) == Period.month(2020, 11)
    assert guess_period(None, "x.csv", [Period.month(2020, 12)], TODAY) == Period.month(2021, 1)


def test_a_month_named_without_a_year_takes_the_year_of_the_file_or_the_others():
    assert guess_period("T11", "bao_cao.xlsx", [Period.month(2020, 10)], TODAY) == \
        Period.month(2020, 11)
    assert guess_period("T3", "bao_cao_2019.xlsx", [Period.month(2020, 10)], TODAY) == \
        Period.month(2019, 3)
    assert guess_period("Thang 4", "x.xlsx", [], TODAY) == Period.month(2025, 4)

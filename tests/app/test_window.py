"""ui/window.needed: the stored periods one period's figures read — the period, the one before,
its year to date and the trend's 12 months — never the rest of a long history."""
from datetime import date

import pandas as pd

from analysis.periods import Period
from ui import window


def _table(codes):
    spans = [Period.from_code(c) for c in codes]
    return window.join(pd.DataFrame({"period": codes, "period_start": [p.start for p in spans],
                                     "period_end": [p.end for p in spans]}),
                       window.period_table(pd.DataFrame(columns=window.COLUMNS)))


def _months(first_year, last_year):
    return [f"{y}-{m:02d}" for y in range(first_year, last_year + 1) for m in range(1, 13)]


def test_december_of_five_years_reads_its_year_only():
    codes = _months(2021, 2025)
    got = window.needed(_table(codes), "2025-12", set(codes))
    assert got == tuple(_months(2025, 2025))


def test_march_reads_its_year_to_date_the_month_before_and_twelve_months_of_trend():
    codes = _months(2021, 2025)
    got = window.needed(_table(codes), "2025-03", set(codes))
    assert got == tuple([f"2024-{m:02d}" for m in range(4, 13)] + ["2025-01", "2025-02",
                                                                    "2025-03"])


def test_no_choice_is_the_latest_and_a_quarter_brings_its_previous_quarter():
    codes = _months(2024, 2024) + ["2025-01-01/2025-03-31", "2024-10-01/2024-12-31"]
    table = _table(codes)
    assert window.needed(table, None, set(codes))[-1] == "2025-01-01/2025-03-31"
    got = window.needed(table, "2025-01-01/2025-03-31", set(codes))
    assert "2024-10-01/2024-12-31" in got and "2024-03" not in got
    assert window.needed(table, "2024-06", {"2024-05"}) == ("2024-05",)  # only among those given
    assert table["period_start"].iloc[0] == date(2024, 1, 1)

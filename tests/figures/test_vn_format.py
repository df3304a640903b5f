"""Numbers for tables and charts (always two decimals) beside the letters' style, and the local
time of the history."""
from datetime import UTC, datetime

import pytest

from analysis.vn_format import fmt_local_time, fmt_pct, fmt_points, fmt_rate


@pytest.mark.parametrize("value, table, letter", [
    (71.7, "71,70%", "71,7%"), (95.454545, "95,45%", "95,45%"), (100.0, "100,00%", "100%"),
    (99.999, "99,99%", "99,99%"), (0.0, "0,00%", "0%"), (0.001, "0,01%", "0,01%"),
    (107.6923, "107,69%", "107,69%"), (None, "—", "—"), (float("nan"), "—", "—"),
])
def test_rate_two_decimals_letters_unchanged(value, table, letter):
    assert fmt_rate(value) == table
    assert fmt_pct(value) == letter


@pytest.mark.parametrize("value, text", [
    (2.5, "+2,50 điểm %"), (-10.0, "-10,00 điểm %"), (0.0, "0,00 điểm %"),
    (-0.001, "0,00 điểm %"), (None, "—"),
])
def test_points_two_decimals(value, text):
    assert fmt_points(value) == text


@pytest.mark.parametrize("value, text", [
    ("2026-12-02T07:05:00+00:00", "14:05 02/12/2026"),
    ("2026-12-02T07:05:00Z", "14:05 02/12/2026"),
    ("2026-12-02 07:05:00", "14:05 02/12/2026"),  # naive: stored as UTC
    ("2026-12-31T20:30:00+00:00", "03:30 01/01/2027"),  # the next day in Vietnam
    (datetime(2026, 1, 5, 1, 2, tzinfo=UTC), "08:02 05/01/2026"),
    (None, "—"), ("", "—"), ("not a time", "—"),
])
def test_local_time(value, text):
    assert fmt_local_time(value) == text

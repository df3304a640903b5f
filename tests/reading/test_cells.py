import pytest

from analysis.reading.cells import rate_tolerance, read_count, read_rate


@pytest.mark.parametrize("cell,value", [
    (12, 12), (12.0, 12), ("3.563", 3563), ("1.855", 1855), ("1,855", 1855), ("1 855", 1855),
    ("1\u00a0234\u00a0567", 1234567), (" 40 ", 40), ("0", 0), ("-3", -3), ("12,00", 12),
    ("1.234.567", 1234567),
])
def test_count_values(cell, value):
    r = read_count(cell)
    assert r.value == value and not r.blank and not r.unreadable


@pytest.mark.parametrize("cell", [None, "", "  ", "—", "-", "–", float("nan")])
def test_count_blank(cell):
    r = read_count(cell)
    assert r.value is None and r.blank and not r.unreadable


@pytest.mark.parametrize("cell", ["abc", "12,5", "13.33", 12.5, "1.23", "x12", True])
def test_count_unreadable(cell):
    r = read_count(cell)
    assert r.value is None and r.unreadable


@pytest.mark.parametrize("cell,value,decimals", [
    ("98.89%", 98.89, 2), ("100 %", 100.0, 0), ("13,33", 13.33, 2), ("96,34%", 96.34, 2),
    ("0%", 0.0, 0), ("87.5%", 87.5, 1), (95.45, 95.45, 2), (0.9545, 0.9545, 4), (100, 100.0, 0),
])
def test_rate_values(cell, value, decimals):
    r = read_rate(cell)
    assert r.value == pytest.approx(value) and r.decimals == decimals


def test_rate_tolerance_follows_printed_precision():
    true = 54 / 56 * 100  # 96.428...
    assert abs(read_rate("96,43%").value - true) <= rate_tolerance(2)
    assert abs(read_rate("96,42%").value - true) <= rate_tolerance(2)  # truncated, still right
    assert abs(read_rate("96,34%").value - true) > rate_tolerance(2)  # seed 002's misprint
    assert abs(read_rate("96%").value - true) <= rate_tolerance(0)
    assert abs(read_rate("97%").value - true) <= rate_tolerance(0)
    assert abs(read_rate("95%").value - true) > rate_tolerance(0)

from datetime import date

import pytest

from analysis.model import Period
from analysis.reading.period_detect import (
    detect_period,
    find_period,
    period_from_name,
    period_label,
)


def P(a, b):
    return Period(date.fromisoformat(a), date.fromisoformat(b))


@pytest.mark.parametrize("text,period", [
    ("tình hình ký số tháng 3/2021", P("2021-03-01", "2021-03-31")),
    ("BÁO CÁO THÁNG 03 NĂM 2021", P("2021-03-01", "2021-03-31")),
    ("Số liệu quý I/2021", P("2021-01-01", "2021-03-31")),
    ("quý 4 năm 2020", P("2020-10-01", "2020-12-31")),
    ("TỔNG HỢP VĂN BẢN KÝ SỐ (TỪ NGÀY 01/01/2021 - 31/3/2021)", P("2021-01-01", "2021-03-31")),
    ("Từ ngày: 01/05/2021 Đến ngày: 31/05/2021", P("2021-05-01", "2021-05-31")),
    ("tại UBND các xã, thị trấn ( từ ngày 01/8 - 14/8/2020)", P("2020-08-01", "2020-08-14")),
    ("từ ngày 01/11/2020 đến ngày 8/12/2020", P("2020-11-01", "2020-12-08")),
    ("6 tháng đầu năm 2021", P("2021-01-01", "2021-06-30")),
    ("Báo cáo năm 2020", P("2020-01-01", "2020-12-31")),
])
def test_find_period_in_titles(text, period):
    assert find_period(text)[0] == period


@pytest.mark.parametrize("name,period,month", [
    ("T01-2020", P("2020-01-01", "2020-01-31"), None),
    ("03-2021", P("2021-03-01", "2021-03-31"), None),
    ("2021-03", P("2021-03-01", "2021-03-31"), None),
    ("Quy I-2021", P("2021-01-01", "2021-03-31"), None),
    ("Tháng 3", None, 3), ("Thang 3", None, 3), ("T3", None, 3),
    ("Sheet1", None, None), ("Trang tính1", None, None),
])
def test_period_from_sheet_name(name, period, month):
    assert period_from_name(name) == (period, month)


def test_month_without_year_takes_year_from_title():
    p, source, conflicts = detect_period("Tháng 3", ["PHỤ LỤC", "ký số tháng 3/2021"], "x.xlsx")
    assert p == P("2021-03-01", "2021-03-31") and conflicts == []
    p, source, _ = detect_period("Thang 3", ["PHỤ LỤC"], "quan_son_2021.xlsx")
    assert p == P("2021-03-01", "2021-03-31")


def test_seed003_title_and_file_name_disagree():
    p, source, conflicts = detect_period("Sheet1", ["Từ ngày: 01/05/2021 Đến ngày: 31/05/2021"],
                                         "cam_thuy_2022_05.xlsx")
    assert p == P("2021-05-01", "2021-05-31") and source == "title"
    assert conflicts == [("file", P("2022-05-01", "2022-05-31"))]


def test_unknown_period_is_none():
    assert detect_period("Sheet1", ["PHỤ LỤC"], "baocao.xlsx") == (None, None, [])


def test_labels():
    assert period_label(P("2021-03-01", "2021-03-31")) == "Tháng 3/2021"
    assert period_label(P("2021-01-01", "2021-03-31")) == "Quý I/2021"
    assert period_label(P("2020-08-01", "2020-08-14")) == "01/08/2020 – 14/08/2020"

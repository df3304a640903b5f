"""units_frame: parsed workbooks -> one row per (period, unit); notes for the user."""
from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.frame import units_frame, warnings_frame
from analysis.model import DataWarning, SheetResult, SkippedSheet, Unit, WorkbookResult
from analysis.periods import Period

NOV = Period(date(2020, 11, 1), date(2020, 11, 30))
OCT = Period(date(2020, 10, 1), date(2020, 10, 31))
Q1 = Period(date(2021, 1, 1), date(2021, 3, 31))


def unit(name, key, block="department", row=5, district=None, **counts):
    return Unit(unit=name, key=key, block=block, district=district, row=row, **counts)


def sheet(name, period, units, warnings=()):
    return SheetResult(sheet=name, period=period, period_source="sheet" if period else None,
                       units=list(units), warnings=list(warnings))


def test_frame_columns_types_and_rows():
    wb = WorkbookResult(file="tg.xlsx", sheets=[
        sheet("T11", NOV, [unit("Phòng Văn hóa và Thông tin", "phòng văn hóa và thông tin",
                                row=9, sent=22, signed=21),
                           unit("UBND xã Quài Tở", "xã quài tở", block="commune", row=30,
                                district="Tuần Giáo", sent=12, signed=None)]),
        sheet("T10", OCT, [unit("Phòng Văn hoá và Thông tin", "phòng văn hóa và thông tin",
                                row=9, sent=20, signed=0)]),
    ])
    frame, notes = units_frame([wb])
    assert notes == []
    assert list(frame.columns) == ["period_start", "period_end", "period", "file", "sheet", "row",
                                   "unit", "key", "block", "district", "received", "sent",
                                   "signed", "signed_leader", "signed_agency", "code"]
    assert list(frame["period"]) == ["2020-10", "2020-11", "2020-11"]  # oldest first
    for c in ("received", "sent", "signed", "signed_leader", "signed_agency", "row"):
        assert str(frame[c].dtype) == "Int64", c
    nov = frame[frame["period"] == "2020-11"].set_index("key")
    assert nov.loc["xã quài tở", "row"] == 30 and pd.isna(nov.loc["xã quài tở", "signed"])
    assert nov.loc["xã quài tở", "district"] == "Tuần Giáo"
    assert nov.loc["phòng văn hóa và thông tin", "district"] is None
    assert frame.iloc[0]["period_start"] == date(2020, 10, 1)
    assert frame.iloc[0]["unit"] == "Phòng Văn hoá và Thông tin"  # name as written
    # name variants share one key across months
    assert frame["key"].nunique() == 2


def test_unknown_period_left_out_and_override():
    wb = WorkbookResult(file="x.xlsx", sheets=[
        sheet("Sheet1", None, [unit("Phòng Tư pháp", "phòng tư pháp", sent=3, signed=3)]),
    ])
    frame, notes = units_frame([wb])
    assert frame.empty and list(frame.columns)[:3] == ["period_start", "period_end", "period"]
    assert len(notes) == 1 and "x.xlsx / Sheet1" in notes[0] and "chưa rõ kỳ" in notes[0]
    frame, notes = units_frame([wb], period_overrides={("x.xlsx", "Sheet1"): Q1})
    assert notes == [] and list(frame["period"]) == ["2021-01-01/2021-03-31"]
    assert frame.iloc[0]["sent"] == 3


def test_override_corrects_a_known_period():
    wb = WorkbookResult(file="cam_thuy.xlsx", sheets=[
        sheet("Sheet1", Period(date(2021, 5, 1), date(2021, 5, 31)),
              [unit("UBND xã Cẩm Phú", "xã cẩm phú", block="commune", sent=87, signed_agency=86)]),
    ])
    frame, _ = units_frame([wb], {("cam_thuy.xlsx", "Sheet1"): Period(date(2022, 5, 1),
                                                                       date(2022, 5, 31))})
    assert list(frame["period"]) == ["2022-05"]


def test_period_loaded_twice_later_replaces_earlier():
    a = WorkbookResult(file="old.xlsx", sheets=[
        sheet("T11", NOV, [unit("Phòng Nội vụ", "phòng nội vụ", sent=13, signed=1),
                           unit("Thanh tra huyện", "thanh tra huyện", sent=4, signed=0)]),
    ])
    b = WorkbookResult(file="new.xlsx", sheets=[
        sheet("Tháng 11", NOV, [unit("Phòng Nội vụ", "phòng nội vụ", sent=13, signed=2)]),
    ])
    frame, notes = units_frame([a, b])
    assert len(frame) == 1
    assert frame.iloc[0]["file"] == "new.xlsx" and frame.iloc[0]["signed"] == 2
    assert len(notes) == 1
    assert "tháng 11/2020" in notes[0] and "old.xlsx / T11" in notes[0]
    assert "new.xlsx / Tháng 11" in notes[0]


def test_duplicate_unit_in_one_sheet_kept_once_and_noted():
    wb = WorkbookResult(file="d.xlsx", sheets=[
        sheet("T11", NOV, [unit("Xã Sơn Hà", "xã sơn hà", block="commune", row=7, sent=5, signed=5),
                           unit("UBND xã Sơn Hà", "xã sơn hà", block="commune", row=19, sent=6,
                                signed=0),
                           unit("Xã Sơn Hà", "xã sơn hà", block="commune", row=25,
                                district="Huyện Khác", sent=1, signed=1)]),
    ])
    frame, notes = units_frame([wb])
    assert list(frame["row"]) == [7, 25]  # the same key in another district is another unit
    assert len(notes) == 1 and "dòng 19" in notes[0]


def test_warnings_frame():
    wb = WorkbookResult(
        file="qs.xlsx",
        sheets=[sheet("T3", Period(date(2021, 3, 1), date(2021, 3, 31)), [], warnings=[
            DataWarning(row=21, unit="Xã Sơn Điện", code="rate_mismatch",
                        message="Tỷ lệ in 96,34%")])],
        skipped_sheets=[SkippedSheet(sheet="Bìa", reason="không có bảng số liệu")])
    w = warnings_frame([wb])
    assert w.to_dict("records")[0] == {"file": "qs.xlsx", "sheet": "T3", "period": "2021-03",
                                       "row": 21, "unit": "Xã Sơn Điện", "code": "rate_mismatch",
                                       "message": "Tỷ lệ in 96,34%"}
    assert w.iloc[1]["code"] == "skipped_sheet" and pd.isna(w.iloc[1]["row"])


def test_sheets_of_one_period_in_one_file_combine_and_say_so():
    wb = WorkbookResult(file="tinh.xlsx", sheets=[
        sheet("Quan Sơn", NOV, [unit("UBND xã Sơn Hà", "quan sơn/xã sơn hà", block="commune",
                                     district="Quan Sơn", sent=4, signed=4)]),
        sheet("Mường Lát", NOV, [unit("UBND xã Pù Nhi", "mường lát/xã pù nhi", block="commune",
                                      district="Mường Lát", sent=6, signed=3)]),
        sheet("T10", OCT, [unit("Phòng Nội vụ", "phòng nội vụ", sent=1, signed=1)]),
    ])
    frame, notes = units_frame([wb])
    assert list(frame["period"]) == ["2020-10", "2020-11", "2020-11"]
    assert list(frame["sheet"]) == ["T10", "Quan Sơn", "Mường Lát"]
    assert notes == ["Kỳ tháng 11/2020: các trang tính “Quan Sơn”, “Mường Lát” của tinh.xlsx "
                     "cùng kỳ báo cáo, đã được ghép thành một kỳ (2 đơn vị)."]


def test_units_in_two_sheets_of_one_period_listed_once_per_pair_of_sheets():
    names = [f"Phòng {i}" for i in range(12)]
    wb = WorkbookResult(file="p.xlsx", sheets=[
        sheet("A", NOV, [unit(n, n.lower(), sent=1, signed=1) for n in names]),
        sheet("B", NOV, [unit(n, n.lower(), sent=2, signed=0) for n in names]
              + [unit("Phòng Mới", "phòng mới", sent=3, signed=3)]),
    ])
    frame, notes = units_frame([wb])
    assert len(frame) == 13 and list(frame["sent"]) == [1] * 12 + [3]  # the first sheet's rows
    assert len(notes) == 2 and "(13 đơn vị)" in notes[0]
    assert notes[1].startswith("Kỳ tháng 11/2020: 12 đơn vị có ở cả p.xlsx / A và p.xlsx / B "
                               "(“Phòng 0”, “Phòng 1”,")
    assert "“Phòng 9” và 2 đơn vị khác); lấy số liệu ở p.xlsx / A, bỏ dòng ở p.xlsx / B." \
        in notes[1]

"""The seeds' own appendix tables, laid out as in their letters, read back with their facts."""
from datetime import date

from analysis.reading.parse import parse_bytes
from tests.support.seed_tables import (
    SEED001_SECTION1,
    SEED001_SECTION2,
    seed001_rows,
    seed002_rows,
    seed003_rows,
)
from tests.support.workbooks import csv_bytes, xlsx_bytes


def _one(result):
    assert len(result.sheets) == 1, result.skipped_sheets
    return result.sheets[0]


def test_seed002_two_row_header_and_only_the_misprint_flagged():
    s = _one(parse_bytes(xlsx_bytes({"Tháng 3": seed002_rows()}), "quan_son.xlsx"))
    assert s.period.start == date(2021, 3, 1) and s.period.end == date(2021, 3, 31)
    assert set(s.columns) == {"unit", "sent", "signed_leader", "signed_leader_rate",
                              "signed_agency", "signed_agency_rate"}
    assert len(s.units) == 14
    dien = next(u for u in s.units if u.unit == "Xã Sơn Điện")
    assert (dien.row, dien.sent, dien.signed_leader, dien.signed_agency) == (18, 56, 54, 56)
    assert [(w.code, w.row, w.unit) for w in s.warnings] == [("rate_mismatch", 18, "Xã Sơn Điện")]
    assert "96,34%" in s.warnings[0].message and "96,43%" in s.warnings[0].message
    blocks = {u.unit: u.block for u in s.units}
    assert blocks["Phòng Dân tộc"] == "department" and blocks["Trung tâm DVNN"] == "service_unit"
    assert blocks["Thị trấn Sơn Lư"] == "commune"
    assert [(r.row, r.kind) for r in s.skipped_rows] == [(1, "title"), (2, "title"), (3, "blank"),
                                                         (4, "header"), (5, "header")]


def test_seed003_numbering_row_text_totals_agree_and_period_conflict():
    s = _one(parse_bytes(xlsx_bytes({"Sheet1": seed003_rows()}), "cam_thuy_2022_05.xlsx"))
    assert len(s.units) == 17
    assert all(u.block == "commune" for u in s.units)
    assert sum(u.received for u in s.units) == 3563 and sum(u.sent for u in s.units) == 1855
    kinds = {r.row: r.kind for r in s.skipped_rows}
    assert kinds[8] == "numbering" and kinds[26] == "total" and kinds[6] == kinds[7] == "header"
    codes = [w.code for w in s.warnings]
    assert "total_mismatch" not in codes and "rate_mismatch" not in codes
    assert codes == ["period_conflict"]  # the table says 05/2021, the file 05/2022
    assert s.period.start == date(2021, 5, 1)
    phu = s.units[-1]
    assert (phu.unit, phu.signed_leader, phu.signed_agency, phu.row) == ("UBND xã Cẩm Phú", 87, 86,
                                                                          25)


def test_seed003_totals_row_disagreeing_is_flagged():
    rows, merges = seed003_rows()
    rows[-1][3] = "1.856"
    s = _one(parse_bytes(xlsx_bytes({"Sheet1": (rows, merges)}), "x.xlsx"))
    w = [w for w in s.warnings if w.code == "total_mismatch"]
    assert len(w) == 1 and w[0].row == 26 and "1.856" in w[0].message and "1.855" in w[0].message


def test_seed001_sections_repeated_header_and_the_eight_that_signed_nothing():
    for data, name in [(xlsx_bytes({"Quy I-2021": seed001_rows()}), "yen_chau.xlsx"),
                       (csv_bytes(seed001_rows()), "yen_chau.csv")]:
        s = _one(parse_bytes(data, name))
        assert len(s.units) == len(SEED001_SECTION1) + len(SEED001_SECTION2) == 29
        assert s.period.start == date(2021, 1, 1) and s.period.end == date(2021, 3, 31)
        nothing = sorted(u.unit for u in s.units if u.signed == 0)
        assert nothing == sorted([
            "Phòng Kinh tế và Hạ tầng", "Thanh tra", "Ban quản lý dự án đầu tư xây dựng",
            "UBND xã Chiềng Đông", "UBND xã Sấp Vạt", "UBND xã Chiềng Hặc", "UBND xã Mường Lựm",
            "UBND xã Chiềng On"])
        kinds = {r.row: r.kind for r in s.skipped_rows}
        assert kinds == {1: "title", 2: "title", 3: "header", 4: "section", 19: "section",
                         25: "blank", 26: "header"}
        assert [w.code for w in s.warnings] == []
        thi_tran = next(u for u in s.units if u.unit == "UBND thị trấn")
        assert thi_tran.block == "commune" and thi_tran.row == 24
        assert s.sheet == ("Quy I-2021" if name.endswith("xlsx") else None)


def test_seed002_as_legacy_xls_and_xlsm_reads_the_same():
    from tests.support.workbooks import xls_bytes

    rows, merges = seed002_rows()
    xlsx = _one(parse_bytes(xlsx_bytes({"Tháng 3": (rows, merges)}), "quan_son.xlsx"))
    for data, name in [(xls_bytes({"Tháng 3": (rows, merges)}), "quan_son.xls"),
                       (xlsx_bytes({"Tháng 3": (rows, merges)}), "quan_son.xlsm")]:
        s = _one(parse_bytes(data, name))
        assert [u.to_json() for u in s.units] == [u.to_json() for u in xlsx.units]
        assert [(w.code, w.row) for w in s.warnings] == [("rate_mismatch", 18)]

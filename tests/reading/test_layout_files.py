"""The table layouts offices really keep (issue 15), read from the committed fixtures of
tests/support/make_layout_files.py: every unit, count, row, block, district, period and code,
and no false warning."""
from datetime import date

import pytest

from analysis.frame import units_frame
from analysis.model import SheetResult
from analysis.periods import Period
from analysis.reading.parse import parse_bytes
from tests.support import make_layout_files as M

DIR = M.OUT


def parse(name: str):
    return parse_bytes((DIR / name).read_bytes(), name)


def kinds(sheet: SheetResult) -> dict:
    return {s.row: s.kind for s in sheet.skipped_rows}


def test_the_committed_fixtures_are_what_the_script_writes():
    written = M.files()
    assert sorted(written) == sorted(p.name for p in DIR.iterdir())
    for name, data in written.items():
        assert (DIR / name).read_bytes() == data, name


# --- 1. headers over three and four rows --------------------------------------------------------

THREE = [(n, rec, sent, lead, ag) for n, rec, sent, lead, ag in M.THREE_ROW_UNITS]


@pytest.mark.parametrize("name", ["tieu_de_ba_dong.xlsx", "tieu_de_bon_dong.csv",
                                  "tieu_de_ba_dong_web.xls"])
def test_every_leaf_column_maps_through_its_chain_of_parents(name):
    result = parse(name)
    assert len(result.sheets) == 1 and not result.skipped_sheets
    s = result.sheets[0]
    got = [(u.unit, u.received, u.sent, u.signed_leader, u.signed_agency) for u in s.units]
    assert got == THREE
    assert all(u.signed is None for u in s.units)  # no leader count read as unspecified signed
    assert [u.block for u in s.units] == ["department"] * 3 + ["commune"]
    assert s.warnings == []
    # the third (fourth) header row is a header row, never a unit
    header = [r for r, k in kinds(s).items() if k == "header"]
    first_unit = s.units[0].row
    assert header == list(range(first_unit - len(header), first_unit))
    assert len(header) == {"tieu_de_bon_dong.csv": 4}.get(name, 3)


def test_a_four_row_header_maps_the_rate_of_its_leaf():
    s = parse("tieu_de_bon_dong.csv").sheets[0]
    assert s.columns["signed_leader_rate"] == 6
    assert s.columns["signed_leader"] == 4 and s.columns["signed_agency"] == 5
    assert s.period == Period.month(2026, 10)


# --- 2. the period in date cells ---------------------------------------------------------------

def test_the_period_in_date_cells_and_date_times():
    result = parse("ky_o_ngay.xlsx")
    periods = {s.sheet: (s.period, s.period_source) for s in result.sheets}
    assert periods == {
        "Sheet1": (Period(date(2026, 9, 1), date(2026, 9, 30)), "title"),
        "Sheet2": (Period(date(2026, 7, 1), date(2026, 9, 30)), "title"),
        "Sheet3": (Period(date(2026, 8, 1), date(2026, 8, 31)), "title"),
        "Sheet4": (Period(date(2026, 10, 1), date(2026, 10, 31)), "title"),
    }
    for s in result.sheets:
        assert s.warnings == []
        assert [(u.unit, u.sent, u.signed) for u in s.units] == M.PERIOD_UNITS


# --- 3. the district in a column ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["huyen_moi_dong.xlsx", "dia_ban_gop_o.xlsx",
                                  "don_vi_hanh_chinh.csv"])
def test_the_district_column_gives_each_unit_its_district(name):
    s = parse(name).sheets[0]
    got = [(u.district, u.unit, u.sent, u.signed) for u in s.units]
    assert got == M.DISTRICT_UNITS  # "Quan Sơn" and "Huyện Quan Sơn" in one column: one district
    assert all(u.block == "commune" for u in s.units)
    # the same commune name in two districts is two units
    assert s.units[0].key == "quan sơn/xã sơn hà" and s.units[3].key == "quan hoá/xã sơn hà"
    assert s.warnings == []
    assert "district" in s.columns and s.columns["unit"] == 2


# --- 4. names wrapped over two rows ------------------------------------------------------------

def test_a_wrapped_name_joins_the_unit_above_and_the_next_unit_keeps_its_block():
    s = parse("ten_xuong_dong.xlsx").sheets[0]
    got = [(u.row, u.unit, u.block, u.sent, u.signed) for u in s.units]
    assert got == [
        (4, "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp",
         "service_unit", 88, 80),
        (6, "Trung tâm Văn hóa, Thông tin và Thể thao huyện", "service_unit", 40, 40),
        (8, "Trung tâm Dịch vụ nông nghiệp", "service_unit", 25, 20),
        (10, "Tam Chung", "commune", 96, 90),
        (11, "Pù Nhi", "commune", 58, 29),
    ]
    assert s.units[0].key == ("ban quản lý dự án đầu tư xây dựng các công trình dân dụng và "
                              "công nghiệp")
    assert {r: k for r, k in kinds(s).items() if k in ("wrapped", "section")} == {
        3: "section", 5: "wrapped", 7: "wrapped", 9: "section"}
    assert s.warnings == []


# --- 5. what is under the table ----------------------------------------------------------------

def test_what_is_under_the_table_is_no_unit_and_is_accounted_for():
    result = parse("chan_bang.xlsx")
    for s in result.sheets:
        assert [(u.unit, u.sent, u.signed_leader, u.signed_agency) for u in s.units] == \
            M.FOOTER_UNITS
        assert s.warnings == []  # no unreadable_number from "KT. GIÁM ĐỐC" or a signer's name
        footer = {r: t for r, t in ((x.row, x.text) for x in s.skipped_rows
                                    if x.kind == "footer")}
        assert list(footer.values()) == [
            "Ghi chú: Số liệu trích xuất từ hệ thống quản lý văn bản ngày 05/10/2026.",
            "NGƯỜI LẬP BIỂU | KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An | Lê Thị Bình",
            "Mường Lát, ngày 05 tháng 10 năm 2026", "Nơi nhận:",
            "- Sở Khoa học và Công nghệ;", "- Lưu: VT."]
        # every row is a unit or a skipped row
        rows = {u.row for u in s.units} | {x.row for x in s.skipped_rows}
        assert rows == set(range(1, s.nrows + 1))
    with_total, without = result.sheets
    assert kinds(with_total)[7] == "total"
    assert [kinds(without)[r] for r in (7, 8)] == ["blank", "blank"]


def test_a_unit_below_the_total_keeps_its_place_when_it_has_a_units_shape():
    rows = [["BÁO CÁO THÁNG 9/2026"], ["TT", "Tên đơn vị", "VB đi", "Ký số"],
            [1, "Phòng Nội vụ", 10, 9], [None, "Tổng cộng", 10, 9], [],
            [2, "Phòng Tư pháp", 5, 5], [None, "Nguyễn Văn An", None, "Trần Văn Bình"]]
    data = M.xlsx({"T09-2026": (rows, [])})
    s = parse_bytes(data, "x.xlsx").sheets[0]
    assert [(u.row, u.unit) for u in s.units] == [(3, "Phòng Nội vụ"), (6, "Phòng Tư pháp")]
    assert kinds(s)[7] == "footer"
    assert [w.code for w in s.warnings] == []


# --- 6. year-long wide sheets ------------------------------------------------------------------

def _months(name: str, sheet: str, labels: list):
    result = parse(name)
    sheets = [s for s in result.sheets if s.sheet.startswith(sheet + " · ")]
    assert [s.sheet for s in sheets] == [f"{sheet} · {label}" for label in labels]
    return result, sheets


@pytest.mark.parametrize("sheet", ["Năm 2026", "Theo dõi"])
def test_a_year_long_sheet_is_one_period_per_month_group(sheet):
    result, sheets = _months("theo_doi_ca_nam.xlsx", sheet,
                             ["Tháng 1/2026", "Tháng 2/2026", "Tháng 3/2026"])
    for m, s in enumerate(sheets, 1):
        assert s.period == Period.month(2026, m) and s.period_source == "columns"
        got = [(u.unit, u.sent, u.signed) for u in s.units]
        assert got == [(n, *months[m - 1]) for n, months in M.YEAR_UNITS.items()]
        assert s.warnings == []  # the cumulative rates are no month's: no rate_mismatch
    blank = [k for k in result.skipped_sheets if k.sheet == sheet]
    assert len(blank) == 1 and "chưa có số liệu" in blank[0].reason
    json_names = [e["sheet"] for e in result.to_json()["sheets"]]
    assert f"{sheet} · Tháng 1/2026" in json_names


def test_a_year_long_sheet_of_quarters_and_its_frame():
    result, sheets = _months("theo_doi_quy_2026.xlsx", "Theo quý",
                             ["Quý I/2026", "Quý II/2026", "Quý III/2026"])
    assert [s.period for s in sheets] == [Period.quarter(2026, q) for q in (1, 2, 3)]
    assert all(s.warnings == [] for s in sheets)
    frame, notes = units_frame([result])
    assert sorted(set(frame["period"])) == sorted(p.code for p in (Period.quarter(2026, q)
                                                                   for q in (1, 2, 3)))
    assert len(frame) == 9 and notes == []


def test_a_cumulative_column_that_is_not_the_sum_of_the_months_is_said():
    rows, merges = M._wide(["Tháng 1", "Tháng 2"], "Lũy kế", 2, "NĂM 2026")
    rows[3][-3] += 7  # Phòng Nội vụ: cumulative documents sent off by 7
    s = [x for x in parse_bytes(M.xlsx({"Năm": (rows, merges)}), "x.xlsx").sheets]
    assert [x.sheet for x in s] == ["Năm · Tháng 1/2026", "Năm · Tháng 2/2026"]
    assert s[0].warnings == []
    assert [(w.row, w.unit, w.code) for w in s[1].warnings] == [
        (4, "Phòng Nội vụ", "cumulative_mismatch")]
    assert "227" in s[1].warnings[0].message and "220" in s[1].warnings[0].message


def test_a_period_override_names_the_month_entry():
    name = "theo_doi_ca_nam.xlsx"
    chosen = Period.month(2025, 1)
    result = parse_bytes((DIR / name).read_bytes(), name,
                         {"periods": {"Năm 2026 · Tháng 1/2026": chosen}})
    got = {s.sheet: s.period for s in result.sheets if s.sheet.startswith("Năm 2026")}
    assert got["Năm 2026 · Tháng 1/2026"] == chosen
    assert got["Năm 2026 · Tháng 2/2026"] == Period.month(2026, 2)


# --- 7. unit codes -----------------------------------------------------------------------------

def test_unit_codes_are_kept_and_make_the_identity_across_months():
    result = parse("ma_dinh_danh.xlsx")
    sep, oct_ = result.sheets
    for s, month in ((sep, 9), (oct_, 10)):
        got = [(u.code, u.unit, u.sent, u.signed) for u in s.units]
        assert got == [(c, a if month == 9 else b, n + month - 9, k)
                       for c, a, b, n, k in M.CODED]
        assert s.warnings == []
    assert [u.key for u in sep.units] == [u.key for u in oct_.units] == [
        "mã:000.00.12.H19", "mã:000.00.13.H19", "mã:000.21.12.H19", "ban chỉ huy quân sự huyện"]
    assert sep.units[0].to_json()["code"] == "000.00.12.H19"
    assert "code" not in sep.units[3].to_json()  # no code: the field is left out, the key as ever
    frame, _ = units_frame([result])
    assert frame["key"].nunique() == 4 and len(frame) == 8
    assert list(frame["code"][:4]) == ["000.00.12.H19", "000.00.13.H19", "000.21.12.H19", None]


# --- 8. formulas -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cong_thuc_co_gia_tri.xlsx", "cong_thuc_khong_gia_tri.xlsx",
                                  "cong_thuc_gia_tri_0.xlsx"])
def test_formulas_with_or_without_cached_values_read_without_a_warning_storm(name):
    s = parse(name).sheets[0]
    assert [(u.unit, u.sent, u.signed) for u in s.units] == M.FORMULA_UNITS
    assert kinds(s)[7] == "total"
    codes = [w.code for w in s.warnings]
    if name == "cong_thuc_gia_tri_0.xlsx":  # rates stored as 0: one warning, not one a row
        assert codes == ["rate_column_zero"]
        assert "signed_rate" in s.columns
    else:
        assert codes == []

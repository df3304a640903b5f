"""UnitRows.quick, the reader's fast lane for plain unit rows, reads a row it takes exactly as the
row-by-row path does (row_kind, then UnitRows.read), before and after its tables know the row's
cells; and it does take the plain rows of real layouts."""
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.model import COUNT_FIELDS, METRICS
from analysis.reading.cells import row_texts
from analysis.reading.grid import read_grids
from analysis.reading.layout import Layout, locate
from analysis.reading.memo import Memo
from analysis.reading.parse import parse_file, rate_scales
from analysis.reading.rows import RowPlan, row_kind
from analysis.reading.unit_rows import UnitRows

HEADER = ["STT", "Tên cơ quan, đơn vị", "Văn bản đến", "Văn bản đi", "Văn bản ký số", "Tỷ lệ (%)",
          "Ký số lãnh đạo", "Tỷ lệ lãnh đạo (%)", "Ký số cơ quan"]
FIELD_COLUMNS = {"unit": 1, "received": 2, "sent": 3, "signed": 4, "signed_rate": 5,
                 "signed_leader": 6, "signed_leader_rate": 7, "signed_agency": 8}

stts = st.sampled_from([None, "", 1.0, 7, "3", "12.", "I", "II.", "A", "b", True])
names = st.sampled_from(["Phòng Nội vụ", "UBND xã Sơn Hà", "Xã Trung Tiến", "Sở Tài chính",
                         "Trung tâm Văn hoá", "Tổng cộng", "Cộng huyện", "1", "(3)", "A", "",
                         "  ", None, 5.0, "Tên cơ quan, đơn vị", "Văn bản đi", "Khối UBND cấp xã"])
counts = st.sampled_from([None, "", " ", "—", "-", 0.0, 1.0, 12.0, 56.0, 3.5, -2.0, math.nan, 7,
                          0, 1, True, False, "3.563", "1,855", "1 855", "12,00", "54", "abc"])
rates = st.sampled_from([None, "", 96.43, 96.34, 0.9643, 100.0, 1.0, 0.0, 50.0, "96,43%",
                         "96,43", "100 %", "x", True, math.nan, 3])


@st.composite
def layouts(draw):
    fields = ["unit", "sent"] + draw(st.lists(st.sampled_from(
        ["received", "signed", "signed_rate", "signed_leader", "signed_leader_rate",
         "signed_agency"]), unique=True))
    columns = {f: FIELD_COLUMNS[f] for f in fields}
    stt = draw(st.sampled_from([0, None]))
    header = [h if c in columns.values() or (c == 0 and stt == 0) else "" for c, h in
              enumerate(HEADER)]
    return Layout(header_rows=[0], columns=columns, first_data_row=1, stt_column=stt,
                  headers={c: h for c, h in enumerate(header) if h}, header_cells=[header])


def row_strategy():
    return st.tuples(stts, names, counts, counts, counts, rates, counts, rates, counts).map(list)


def _fields(unit):
    return {f: getattr(unit, f) for f in unit.__slots__}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts(), st.lists(row_strategy(), min_size=1, max_size=6), st.sampled_from([1, 100]),
       st.sampled_from([(None, None), ("commune", "Huyện Quan Sơn")]))
def test_quick_reads_a_row_as_row_kind_and_read_do(layout, rows, scale, context):
    block, district = context
    memo = Memo()  # the tables start empty
    plan = RowPlan(layout, memo)
    reader = UnitRows(layout, {m: scale for m in METRICS}, plan)
    table = reader.names(block, district)
    for attempt in ("cold", "warm"):  # the second time every cell is in the tables
        for cells in rows:
            quick_warnings = []
            unit = reader.quick(cells, 9, table, block, district, "Khối xã", quick_warnings)
            if unit is None:
                continue
            kind, label, _, counts_present = row_kind(cells, row_texts(cells), plan)
            assert (kind, counts_present) == ("unit", True), (attempt, cells)
            read_warnings = []
            expected = reader.read(cells, label, 9, block, district, "Khối xã", read_warnings)
            assert _fields(unit) == _fields(expected), (attempt, cells)
            assert quick_warnings == read_warnings, (attempt, cells)


def test_quick_takes_the_plain_rows_of_a_province_workbook():
    """Every unit row of the 12-month sample is read by quick(), none by the row-by-row path."""
    path = Path(__file__).resolve().parents[2] / "sample_uploads" / "tinh_2021_province.xlsx"
    taken = 0
    memo = Memo()
    for grid in read_grids(path.read_bytes(), path.name):
        layout = locate(grid.rows, grid.merged, memo)
        plan = RowPlan(layout, memo)
        reader = UnitRows(layout, rate_scales(grid.rows, layout), plan)
        table = reader.names(None, None)
        for cells in grid.rows[layout.first_data_row:]:
            taken += reader.quick(cells, 1, table, None, None, None, []) is not None
    units = sum(len(s.units) for s in parse_file(path).sheets)
    assert units == 7 * 109 + 5 * 110  # a unit is missing until August
    assert taken == units


def test_counts_and_rates_tables_never_answer_for_a_boolean():
    """A table keyed by 1.0 would also answer for True (1.0 == True): 0 and 1 are never kept."""
    layout = Layout(header_rows=[0], columns={"unit": 1, "sent": 3, "signed": 4}, first_data_row=1,
                    stt_column=0, headers={0: "STT", 1: "Đơn vị", 3: "Văn bản đi", 4: "Ký số"},
                    header_cells=[["STT", "Đơn vị", "", "Văn bản đi", "Ký số"]])
    plan = RowPlan(layout, Memo())
    reader = UnitRows(layout, {}, plan)
    table = reader.names(None, None)
    first, second = [], []
    reader.quick([1.0, "Phòng Nội vụ", None, 1.0, 1.0], 2, table, None, None, None, first)
    unit = reader.quick([2.0, "Phòng Tư pháp", None, True, 1.0], 3, table, None, None, None, second)
    assert unit.sent is None and unit.signed == 1
    assert [w.code for w in second] == ["unreadable_number"]
    assert COUNT_FIELDS[1] == "sent"

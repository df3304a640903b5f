"""Property-based tests (hypothesis): the number readers never crash, and tables generated from
the layout rules (random titles, sections, totals, blank rows, numbering row, number spellings)
never crash the parser and never lose a unit row: every row under the header is a unit or a
skipped row of a known kind."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.model import ROW_KINDS, SheetResult
from analysis.reading.cells import read_count, read_rate
from analysis.reading.grid import Grid
from analysis.reading.parse import parse_grid

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True),
                  st.booleans(), st.dates(), st.datetimes(), st.decimals(allow_nan=False))


@SETTINGS
@given(cells)
def test_number_readers_never_crash(cell):
    for reading in (read_count(cell), read_rate(cell)):
        assert not (reading.blank and reading.unreadable)
        assert reading.value is None or isinstance(reading.value, (int, float))


def spellings(n: int) -> list:
    return [n, float(n), str(n), f"{n:,}".replace(",", "."), f"{n:,}", f" {n} ",
            f"{n:,}".replace(",", " ")]


@SETTINGS
@given(st.integers(min_value=0, max_value=10_000_000), st.data())
def test_counts_read_back_in_every_spelling(n, data):
    spelled = data.draw(st.sampled_from(spellings(n)))
    assert read_count(spelled).value == n


@SETTINGS
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=2))
def test_rates_read_back_in_vietnamese_and_english_spellings(hundredths, decimals):
    r = round(hundredths / 100, decimals)
    text = f"{r:.{decimals}f}"
    for spelled in (text, text.replace(".", ","), text + "%", text.replace(".", ",") + " %"):
        reading = read_rate(spelled)
        assert abs(reading.value - r) < 1e-9 and reading.decimals == decimals


# --- generated tables ---------------------------------------------------------------------------

TITLES = ["UBND HUYỆN QUAN SƠN", "PHÒNG VĂN HÓA VÀ THÔNG TIN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "PHỤ LỤC", "TỔNG HỢP KẾT QUẢ KÝ SỐ THÁNG 3/2021",
          "(Kèm theo Công văn số 125/UBND-VHTT ngày 05/4/2021)",
          "Từ ngày: 01/03/2021 Đến ngày: 31/03/2021"]
HEADERS = {
    "stt": ["TT", "STT", "Số TT"],
    "unit": ["Tên cơ quan, đơn vị", "Đơn vị", "Tên cơ quan"],
    "sent": ["Văn bản đi", "Tổng số văn bản đi", "Văn bản gửi đi"],
    "signed": ["Số văn bản ký số", "Số lượng văn bản ký số"],
    "rate": ["Tỷ lệ", "Tỷ lệ (%)", "Đạt tỷ lệ %"],
}
UNITS = ["Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch", "Văn phòng HĐND - UBND",
         "Thanh tra huyện", "Trung tâm Dịch vụ nông nghiệp", "Trung tâm VH-TT-TH",
         "Ban quản lý dự án đầu tư xây dựng", "UBND xã Sơn Hà", "Xã Trung Tiến",
         "UBND thị trấn Phong Sơn", "UBND xã Cẩm Tân", "UBND xã Cẩm Tâm", "Xã Mường Mìn",
         "Phòng Văn hóa và Thông tin", "Phòng Giáo dục và Đào tạo"]
SECTIONS = [("I", "Khối các phòng chuyên môn"), ("II", "Các xã, thị trấn"),
            ("", "Khối UBND cấp xã"),
            ("B", "Khối các đơn vị sự nghiệp"), ("III", "Các cơ quan, đơn vị trực thuộc")]
TOTALS = ["Tổng cộng", "Tổng", "Cộng", "TỔNG CỘNG"]


@st.composite
def count(draw, n):
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from([None, "-", "—"]))
    return draw(st.sampled_from(spellings(n)))


@st.composite
def rate(draw, signed, sent):
    if not sent or draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from([None, "-", "0%"]))
    r = signed / sent * 100
    return draw(st.sampled_from([f"{r:.2f}".replace(".", ","), f"{r:.2f}%", r / 100, round(r, 2),
                                 f"{r:.1f} %".replace(".", ",")]))


@st.composite
def table(draw):
    """(rows, unit rows (1-based), kind of each other generated row)"""
    rows, kinds = [], {}
    for _ in range(draw(st.integers(0, 5))):
        rows.append(draw(st.sampled_from([[draw(st.sampled_from(TITLES))], []])))
    with_rate = draw(st.booleans())
    header = [draw(st.sampled_from(HEADERS[f])) for f in ("stt", "unit", "sent", "signed")]
    if with_rate:
        header.append(draw(st.sampled_from(HEADERS["rate"])))
    rows.append(header)
    if draw(st.booleans()):
        rows.append(["1", "2", "3", "4"] + (["5=(4)/(3)"] if with_rate else []))
        kinds[len(rows)] = "numbering"
    units, stt = [], 0
    sum_sent = sum_signed = 0
    whats = draw(st.lists(st.sampled_from(["unit"] * 6 + ["section", "blank", "total"]),
                          min_size=1, max_size=25))
    if "unit" not in whats:  # a table with no unit row is rightly skipped as a sheet
        whats.insert(draw(st.integers(0, len(whats))), "unit")
    for what in whats:
        if what == "section":
            roman, label = draw(st.sampled_from(SECTIONS))
            rows.append([roman, label])
            kinds[len(rows)] = "section"
            stt = 0
        elif what == "blank":
            rows.append(draw(st.sampled_from([[], [None, None, None], ["", " "]])))
            kinds[len(rows)] = "blank"
        elif what == "total":
            label = draw(st.sampled_from(TOTALS))
            rows.append(draw(st.sampled_from([[None, label, sum_sent, sum_signed],
                                              [label, None, sum_sent, sum_signed]])))
            kinds[len(rows)] = "total"
        else:
            stt += 1
            sent = draw(st.integers(0, 5000))
            signed = draw(st.integers(0, sent))
            sum_sent, sum_signed = sum_sent + sent, sum_signed + signed
            row = [draw(st.sampled_from([stt, str(stt), f"{stt}."])), draw(st.sampled_from(UNITS)),
                   draw(count(sent)), draw(count(signed))]
            if with_rate:
                row.append(draw(rate(signed, sent)))
            rows.append(row)
            units.append(len(rows))
    return rows, units, kinds


@SETTINGS
@given(table())
def test_generated_tables_never_lose_a_unit_row(spec):
    rows, unit_rows, kinds = spec
    result = parse_grid(Grid(name="T03-2021", rows=rows), "bao_cao_thang_3_2021.xlsx")
    assert isinstance(result, SheetResult), getattr(result, "reason", result)
    header_end = result.header_rows[-1]
    found_units = [u.row for u in result.units]
    skipped = {s.row: s.kind for s in result.skipped_rows}
    assert found_units == unit_rows
    assert all(k in ROW_KINDS for k in skipped.values())
    below = range(header_end + 1, len(rows) + 1)
    assert set(found_units).isdisjoint(skipped)
    assert set(found_units) | {r for r in skipped if r > header_end} == set(below)
    for r, kind in kinds.items():
        assert skipped.get(r) == kind, (r, rows[r - 1], skipped.get(r))
    for u in result.units:
        assert u.sent is None or u.sent >= 0


# --- the reader's quick check of a unit row ------------------------------------------------------

@SETTINGS
@given(st.lists(st.one_of(st.none(), st.integers(-3, 60)), min_size=5, max_size=5), st.data())
def test_values_agree_exactly_when_unit_warnings_has_nothing_to_say(values, data):
    from analysis.model import FIELDS, METRICS, Unit
    from analysis.reading.checks import unit_warnings, values_agree

    sent = values[1]
    printed = {}
    for m, signed in zip(METRICS, values[2:], strict=True):
        if data.draw(st.booleans()):
            decimals = data.draw(st.one_of(st.none(), st.integers(0, 3)))
            true = signed / sent * 100 if signed is not None and sent else 50.0
            spelled = [round(true, decimals or 2), true + 0.3, true]
            printed[m] = (data.draw(st.sampled_from(spelled)), decimals)
    u = Unit("Phòng Nội vụ", "phòng nội vụ", "department", None, 5, *values, printed)
    agree = values_agree(u.received, u.sent, u.signed, u.signed_leader, u.signed_agency, printed)
    assert agree == (unit_warnings(u, {}, [], set(FIELDS)) == [])


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12))
def test_fmt_int_of_an_integer_is_fmt_number(n):
    import numpy as np

    from analysis.vn_format import fmt_int, fmt_number

    assert (fmt_int(n) == fmt_int(np.int64(n)) == fmt_number(n, decimals=0)
            == fmt_number(float(n), 0))


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6) | st.just(float("nan")))
def test_remembered_float_texts_are_the_computed_ones(x):
    from analysis.vn_format import fmt_number, fmt_pct, fmt_pp

    for fmt in (fmt_number, fmt_pct, fmt_pp):
        for args in ((), (0,), (1,), (3,)):
            assert fmt(x, *args) == fmt(x, *args) == fmt.uncached(x, *args), (fmt, args)
    assert fmt_number(x, 2, False) == fmt_number.uncached(x, 2, False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.just(float("nan")), st.integers(0, 10**6).map(float),
                          st.floats(min_value=-1e4, max_value=1e4)), max_size=40))
def test_fmt_many_is_fmt_of_each_value(values):
    import pandas as pd

    from analysis.vn_format import MISSING, fmt_int, fmt_many, fmt_pct, fmt_pp

    for fmt in (fmt_pct, fmt_pp, fmt_int):
        expected = [MISSING if v is None or v != v else fmt(v) for v in values]
        assert fmt_many(values, fmt) == expected
        assert fmt_many(pd.Series(values, dtype="Float64"), fmt) == expected

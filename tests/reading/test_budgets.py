"""Budgets over the whole file (issue 13): the cells of all the sheets together (one budget,
guard.MAX_TOTAL_CELLS, for calamine's workbooks and the readers of formats/), and a text table's
line length and fields, refused before the csv module splits a line."""
import resource
import time

import pytest

from analysis.errors import ReadError
from analysis.reading import grid, guard
from analysis.reading.formats import limits, text
from analysis.reading.isolated import read_isolated
from analysis.reading.parse import parse_bytes
from tests.support import make_crash_files


def test_one_budget_for_every_reader():
    assert limits.max_total_cells() == grid.MAX_TOTAL_CELLS == guard.MAX_TOTAL_CELLS == 8_000_000
    assert limits.file_too_big().message == guard.file_too_big_message()


def test_xlsx_sheets_within_their_limit_but_over_the_budget_are_refused_before_python():
    """30 sheets of 400,000 cells (OJ1000): the 21st would pass 8 million cells, refused
    before its cells become Python objects."""
    data = make_crash_files.many_sheets_xlsx(30)
    start = time.monotonic()
    with pytest.raises(ReadError) as e:
        grid.read_grids(data, "nhieu_trang.xlsx")
    assert time.monotonic() - start < 20
    assert e.value.message == guard.file_too_big_message()
    assert "hơn 8.000.000 ô trên mọi trang tính cộng lại" in e.value.message
    twenty = make_crash_files.many_sheets_xlsx(20)  # exactly the budget: read
    assert len(grid.read_grids(twenty, "hai_muoi_trang.xlsx")) == 20


def _one_line_csv(n_fields: int) -> bytes:
    return b"TT;Ten;" + b"1;" * n_fields


def test_a_one_line_csv_of_48_mb_is_refused_in_a_second_with_little_memory():
    data = _one_line_csv(24_000_000)
    assert len(data) > 48_000_000
    got = read_isolated(data, "mot_dong.csv")
    assert got.result is None and got.report.outcome == "read_error", got.report
    assert got.error == text.msg_long_line(1)
    assert "Dòng thứ 1 của tệp dài hơn 1.000.000 ký tự" in got.error
    assert got.report.seconds < 20 and got.report.peak_mb < 1024, got.report


def test_a_line_of_more_fields_than_excel_has_columns_is_refused():
    data = ("TT;Tên cơ quan, đơn vị;Văn bản đi;Số văn bản ký số\n1;Phòng Nội vụ;20;20\n"
            + ";" * 16_384 + "\n").encode()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReadError) as e:
        parse_bytes(data, "rong.csv")
    assert e.value.message == text.msg_many_fields(3)
    assert "Dòng thứ 3 của tệp có hơn 16.384 cột" in e.value.message
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - own < 50 * 1024  # KB
    ok = ("TT;Tên;Văn bản đi\n1;Phòng Nội vụ;20\n" + ";" * 16_383 + "\n").encode()
    assert len(grid.read_grids(ok, "du.csv")[0].rows[2]) == 16_384  # at the limit: read


def test_a_long_line_is_refused_and_a_quoted_field_over_several_lines_still_reads():
    long_line = ("TT;Tên\n1;" + "x" * 1_000_001 + "\n").encode()
    with pytest.raises(ReadError) as e:
        grid.read_grids(long_line, "dai.csv")
    assert e.value.message == text.msg_long_line(2)
    quoted = 'TT;Tên;Ghi chú\n1;Phòng Nội vụ;"dòng một\ndòng hai"\n2;UBND xã A;x\n'.encode()
    rows = grid.read_grids(quoted, "ghi_chu.csv")[0].rows
    assert rows == [["TT", "Tên", "Ghi chú"], ["1", "Phòng Nội vụ", "dòng một\ndòng hai"],
                    ["2", "UBND xã A", "x"]]

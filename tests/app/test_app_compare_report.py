"""AppTest: the So sánh and Báo cáo pages."""
import io

import openpyxl
import pytest

from analysis.figures import movers
from analysis.vn_format import fmt_points, fmt_rate
from tests.support.apptest_util import (
    app_with,
    expected_summary,
    layer_data,
    rerun,
    target_of,
    vega_charts,
)
from ui import exports
from ui import strings as S

PROVINCE = "tinh_2021_province.xlsx"
QUAN_SON = "quan_son_2021_03.xlsx"


@pytest.fixture(scope="module")
def dec():
    return expected_summary([PROVINCE])


def test_compare_month_over_month_and_ytd(dec):
    at = app_with(PROVINCE, page="compare")
    assert at.header[0].value == S.CP_HEADER.format(period="tháng 12/2021", prev="tháng 11/2021")
    blocks = at.dataframe[0].value
    total = blocks.iloc[-1]
    assert total[S.COL_BLOCK] == "Tổng cộng"
    assert total[S.CP_COL_MONTH_RATE] == fmt_rate(dec.total["rate"])
    assert total[S.COL_PREV] == fmt_rate(dec.total["prev_rate"])
    assert total[S.COL_DELTA] == fmt_points(dec.total["delta_pp"], unit="")
    assert total[S.COL_DELTA].startswith("+") and total[S.COL_DELTA].count(",") == 1
    assert total[S.CP_COL_YTD_RATE] == fmt_rate(dec.total["ytd_rate"])
    up, down = movers(dec, n=5)
    improved = at.dataframe[1].value
    declined = at.dataframe[2].value
    from ui.views import unit_labels

    assert improved[S.COL_UNIT].tolist() == unit_labels(up, dec.units)
    assert declined[S.COL_UNIT].tolist() == unit_labels(down, dec.units)
    assert all(v.startswith("+") for v in improved[S.COL_DELTA])
    # the dumbbell of the first block: previous -> current, target rule present
    charts = vega_charts(at)
    assert charts
    spec, data = charts[0]
    assert spec["layer"][0]["encoding"]["x"]["field"] == "prev_rate"
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "rate"
    assert target_of(spec, data) == 100.0


def test_compare_dumbbell_one_block_at_a_time(dec):
    at = app_with(PROVINCE, page="compare")
    from ui.views import unit_labels

    scope = at.button_group(key="cp_scope")
    u = dec.units.assign(label=unit_labels(dec.units))  # a shared name carries its district
    drawn = u[u["rate"].notna() | u["prev_rate"].notna()]  # a rate on either side

    def units_of(block):
        return sorted(drawn.loc[drawn["block"] == block, "label"])

    first = dec.blocks["block"].iloc[0]
    assert scope.value == first
    charts = vega_charts(at)
    assert len(charts) == 1  # only the block on screen is drawn
    spec, data = charts[0]
    assert sorted(layer_data(spec, data, spec["layer"][0])["unit"]) == units_of(first)
    scope.set_value("commune")
    rerun(at)
    spec, data = vega_charts(at)[0]
    assert sorted(layer_data(spec, data, spec["layer"][0])["unit"]) == units_of("commune")


def test_compare_without_previous_month_says_so():
    at = app_with(QUAN_SON, page="compare")
    assert S.CP_NO_PREV.format(prev="tháng 2/2021") in [i.value for i in at.info]
    assert not vega_charts(at)


def test_report_letter_and_files():
    at = app_with(QUAN_SON, page="report")
    s = expected_summary([QUAN_SON])
    text = at.code[0].value
    assert text == exports.letter_text(s, high=100.0)
    assert "Phòng Dân tộc" in text and "0%" in text
    # the appendix preview: section rows, units and the totals row
    app = at.dataframe[0].value
    assert app[S.COL_UNIT].iloc[-1] == "Tổng cộng"
    assert "Xã Sơn Hà" in set(app[S.COL_UNIT])
    # the downloads, through the functions the buttons call
    wb = openpyxl.load_workbook(io.BytesIO(exports.summary_xlsx(s)))
    assert len(wb.sheetnames) >= 4
    docx = exports.letter_docx(s, high=100.0)
    assert docx[:2] == b"PK"
    assert openpyxl.load_workbook(io.BytesIO(exports.appendix_xlsx(s))).sheetnames


def test_report_high_threshold_changes_the_letter():
    at = app_with(QUAN_SON, page="report")
    before = at.code[0].value
    at.number_input(key="rp_high").set_value(70.0)
    rerun(at)
    after = at.code[0].value
    assert after != before
    s = expected_summary([QUAN_SON])
    assert after == exports.letter_text(s, high=70.0)

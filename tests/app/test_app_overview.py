"""AppTest: the Tổng quan page — KPI cards, chart specs (target rule, sort), filters,
presentation."""
import math

import pytest

from analysis.vn_format import fmt_int, fmt_points, fmt_rate
from tests.support.apptest_util import (
    app_with,
    expected_summary,
    layer_data,
    metrics,
    rerun,
    target_label_of,
    target_of,
    vega_charts,
    y_order,
)
from ui import strings as S

PROVINCE = "tinh_2021_province.xlsx"
QUAN_SON = "quan_son_2021_03.xlsx"


@pytest.fixture(scope="module")
def province_expected():
    return expected_summary([PROVINCE])


def test_kpis_one_month_seed_002():
    at = app_with(QUAN_SON, page="overview")
    s = expected_summary([QUAN_SON])
    m = metrics(at)
    # 14 units of seed 002, leader signatures: 630 of 642 documents
    assert m[S.OV_KPI_RATE] == fmt_rate(630 / 642 * 100) == "98,13%"
    assert m[S.OV_KPI_MEETING] == f"{s.total['meeting_target']}/14"
    assert m[S.OV_KPI_NOTHING] == "1"  # Phòng Dân tộc sent 2, signed 0
    assert m[S.OV_KPI_YTD] == "—"  # February and January are not loaded
    assert S.OV_TREND_ONE in [i.value for i in at.info]


def test_block_and_unit_charts_have_target_and_are_sorted():
    at = app_with(QUAN_SON, page="overview")
    charts = vega_charts(at)
    assert len(charts) == 2  # blocks, units (the trend needs two months)
    (bspec, bdata), (uspec, udata) = charts
    assert target_of(bspec, bdata) == 100.0 and target_label_of(bspec, bdata) == "Chỉ tiêu 100%"
    # each block's label has a second line: its units meeting the target
    assert [n.split("\n")[0] for n in y_order(bspec, bdata)] == [
        "Khối UBND cấp xã", "Khối các đơn vị sự nghiệp", "Khối các phòng chuyên môn"]
    assert all(n.split("\n")[1].endswith("đơn vị đạt") for n in y_order(bspec, bdata))
    assert target_of(uspec, udata) == 100.0
    order = y_order(uspec, udata)
    rows = layer_data(uspec, udata, uspec["layer"][0]).set_index("unit")
    rates = [rows.loc[u, "rate"] for u in order]
    rated = [r for r in rates if not math.isnan(r)]
    assert rated == sorted(rated, reverse=True)
    assert order[-1] == "Phòng Dân tộc"  # 0%
    assert rows.loc["Trung tâm DVNN", "rate_text"] == "75,00%"
    assert uspec["layer"][0]["encoding"]["x"]["title"] == "Tỷ lệ ký số (%)"


def test_target_from_sidebar_moves_the_rule_and_the_counts():
    at = app_with(QUAN_SON, page="overview")
    at.number_input(key="ks_target").set_value(80.0)
    rerun(at)
    s = expected_summary([QUAN_SON], target=80.0)
    assert metrics(at)[S.OV_KPI_MEETING] == f"{s.total['meeting_target']}/14"
    for spec, data in vega_charts(at):
        assert target_of(spec, data) == 80.0


def test_metric_switch():
    at = app_with(QUAN_SON, page="overview")
    at.radio(key="ks_metric").set_value("signed_agency")
    rerun(at)
    s = expected_summary([QUAN_SON], metric="signed_agency")
    assert metrics(at)[S.OV_KPI_RATE] == fmt_rate(s.total["rate"])
    assert S.METRIC_LABELS["signed_agency"] in at.caption[0].value


def test_province_kpis_month_over_month_and_ytd(province_expected):
    s = province_expected
    at = app_with(PROVINCE, page="overview")
    m = metrics(at)
    assert at.selectbox(key="ks_period").value == s.period == "2021-12"
    assert m[S.OV_KPI_RATE] == fmt_rate(s.total["rate"])
    meeting, units = fmt_int(s.total["meeting_target"]), fmt_int(s.total["units"])
    assert m[S.OV_KPI_MEETING] == f"{meeting}/{units}"
    assert m[S.OV_KPI_YTD] == fmt_rate(s.total["ytd_rate"])
    delta = [x for x in at.metric if x.label == S.OV_KPI_RATE][0].proto.delta
    assert delta == fmt_points(s.total["delta_pp"])
    # twelve months: the trend chart is drawn, overall first, with the target
    charts = vega_charts(at)
    assert len(charts) == 3
    tspec, tdata = charts[1]
    assert tspec["layer"][0]["encoding"]["color"]["sort"][0] == S.TREND_OVERALL
    assert len(tspec["layer"][0]["encoding"]["x"]["sort"]) == 12
    assert target_of(tspec, tdata) == 100.0


def test_block_filter_in_sidebar(province_expected):
    at = app_with(PROVINCE, page="overview")
    at.multiselect(key="ks_block_filter").set_value(["commune"])
    rerun(at)
    s = expected_summary([PROVINCE], blocks=["commune"])
    m = metrics(at)
    assert m[S.OV_KPI_RATE] == fmt_rate(s.total["rate"])
    assert m[S.OV_KPI_MEETING].endswith("/" + fmt_int(s.total["units"]))
    bspec, bdata = vega_charts(at)[0]
    assert y_order(bspec, bdata) == [
        f"Khối UBND cấp xã\n{fmt_int(s.total['meeting_target'])}/{fmt_int(s.total['units'])}"
        " đơn vị đạt"]


def test_unit_scope_selector_shows_one_block():
    at = app_with(QUAN_SON, page="overview")
    at.button_group[0].set_value("commune")
    rerun(at)
    uspec, udata = vega_charts(at)[-1]
    assert len(y_order(uspec, udata)) == 12
    assert all(u.startswith("Xã") or u.startswith("Thị trấn") for u in y_order(uspec, udata))

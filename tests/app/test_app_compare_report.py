"""AppTest: the So sánh and Báo cáo pages."""
import io
import os

import openpyxl
import pytest

from analysis.figures import movers
from analysis.outputs.letter import compose, profile_for
from analysis.store import get_workspace_setting, open_history
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
from ui.letter_views import prose

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


def _letter_prose(at) -> str:
    found = [m.value for m in at.markdown if "Kính gửi" in m.value]
    assert len(found) == 1
    return found[0]


def test_report_letter_and_files():
    at = app_with(QUAN_SON, page="report")
    s = expected_summary([QUAN_SON])
    assert not at.code  # the letter is prose, not a code box
    shown = _letter_prose(at)
    p = profile_for(s, None)  # no profile stored: the defaults of the level the data suggests
    assert p.level == "district"
    assert shown == prose(compose(s, p))
    assert "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**" in shown and "Phòng Dân tộc" in shown
    assert "***Nơi nhận:***" in shown
    assert "Số\\: ……/UBND\\-VHTT" in shown  # escaped: names and symbols come from the data
    # the appendix preview: section rows, units and the totals row
    app = at.dataframe[0].value
    assert app[S.COL_UNIT].iloc[-1] == "Tổng cộng"
    assert "Xã Sơn Hà" in set(app[S.COL_UNIT])
    # the downloads, through the functions the buttons call
    wb = openpyxl.load_workbook(io.BytesIO(exports.summary_xlsx(s)))
    assert len(wb.sheetnames) >= 4
    docx = exports.letter_docx(s, p)
    assert docx[:2] == b"PK"
    assert openpyxl.load_workbook(io.BytesIO(exports.appendix_xlsx(s))).sheetnames


def _save_profile(at):
    next(b for b in at.button if b.label == S.PF_SAVE).click()
    return rerun(at)


def test_report_profile_is_edited_and_remembered():
    at = app_with(QUAN_SON, page="report")
    before = _letter_prose(at)
    at.number_input(key="rp_high").set_value(70.0)
    names = [t for t in at.text_input if t.label == S.PF_SIGNER_NAME]
    names[0].set_value("Chu Đình Trọng")
    bodies = [t for t in at.text_input if t.label == S.PF_BODY]
    bodies[0].set_value("Ủy ban nhân dân huyện Quan Sơn")
    places = [t for t in at.text_input if t.label == S.PF_PLACE]
    places[0].set_value("Quan Sơn")
    at = _save_profile(at)
    after = _letter_prose(at)
    assert after != before
    assert "**HUYỆN QUAN SƠN**" in after and "**Chu Đình Trọng**" in after
    assert "*Quan Sơn, ngày" in after
    s = expected_summary([QUAN_SON])
    p = profile_for(s, None)
    p.signer_name, p.body, p.place, p.high, p.target = (
        "Chu Đình Trọng", "Ủy ban nhân dân huyện Quan Sơn", "Quan Sơn", 70.0, 100.0)
    assert after == prose(compose(s, p))
    # stored with the workspace (the default one), and remembered by a new session
    with open_history(os.environ["KYSO_DB_URL"]) as h:
        stored = get_workspace_setting(h, "office_profile")
    assert stored["signer_name"] == "Chu Đình Trọng" and stored["high"] == 70.0
    assert stored["level"] == "district"
    at = app_with(QUAN_SON, page="report")
    assert _letter_prose(at) == after


def test_report_defaults_of_a_level():
    at = app_with(QUAN_SON, page="report")
    at.selectbox(key="pf_level").set_value("commune")
    at.text_input(key="pf_office").set_value("UBND xã Sơn Thủy")
    next(b for b in at.button if b.label == S.PF_DEFAULTS).click()
    at = rerun(at)
    shown = _letter_prose(at)
    assert "**XÃ SƠN THỦY**" in shown and "UBND\\-VP" in shown


def test_report_deck_buttons():
    """The meeting deck's buttons (the browser test clicks them: AppTest runs no deferred
    download); the PDF button only where LibreOffice is, else the reason."""
    at = app_with(QUAN_SON, page="report")
    labels = [b.proto.label for b in at.get("download_button")]
    assert S.RP_DECK_PPTX in labels
    assert S.RP_DECK_HELP in [c.value for c in at.caption]
    if exports.pdf_available():
        assert S.RP_DECK_PDF in labels
    else:
        assert S.RP_DECK_PDF not in labels
        assert S.RP_DECK_NO_PDF in [c.value for c in at.caption]

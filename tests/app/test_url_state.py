"""The view in the address: a link or a bookmark opens the same period, metric, target and
filters; the address follows the sidebar."""
from streamlit.testing.v1 import AppTest

from tests.support.apptest_util import ROOT, goto, new_app, rerun, sample_bytes, upload
from ui import session
from ui.url_state import parse

PROVINCE = "tinh_2021_province.xlsx"


def test_parse_keeps_only_wellformed_values():
    got = parse({"period": ["2021-05"], "metric": ["signed_agency"], "target": ["90"],
                 "block": ["commune", "nonsense"], "district": ["Huyện Quan Sơn"],
                 "status": ["below_target", "x"]})
    assert got == {session.K_PERIOD: "2021-05", session.K_METRIC: "signed_agency",
                   session.K_TARGET: 90.0, session.K_BLOCK_FILTER: ["commune"],
                   session.K_DISTRICT_FILTER: ["Huyện Quan Sơn"], "un_status": ["below_target"]}
    assert parse({"metric": ["rm -rf"], "target": ["250"], "block": ["x"]}) == {}
    assert parse({"target": ["85,5"]}) == {session.K_TARGET: 85.5}


def _stored_province():
    at = upload(new_app(), (PROVINCE, sample_bytes(PROVINCE)))
    at.button(key="save_history").click()
    return rerun(at)


def test_a_link_opens_the_same_view_and_the_address_follows():
    at = _stored_province()
    goto(at, "overview")
    at.selectbox(key=session.K_PERIOD).set_value("2021-05")
    at.radio(key=session.K_METRIC).set_value("signed_agency")
    at.number_input(key=session.K_TARGET).set_value(90.0)
    at.multiselect(key=session.K_BLOCK_FILTER).set_value(["commune"])
    rerun(at)
    qp = dict(at.query_params)
    assert qp == {"period": "2021-05", "metric": "signed_agency", "target": "90",
                  "block": "commune"}
    header = at.header[0].value

    # the link in a new session (the history holds the data): the same view
    later = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in qp.items():
        later.query_params[k] = v
    later.run()
    goto(later, "overview")
    assert later.selectbox(key=session.K_PERIOD).value == "2021-05"
    assert later.radio(key=session.K_METRIC).value == "signed_agency"
    assert later.number_input(key=session.K_TARGET).value == 90.0
    assert later.multiselect(key=session.K_BLOCK_FILTER).value == ["commune"]
    assert later.header[0].value == header == "Tổng quan tháng 5/2021"

    # a bad link: nothing breaks, the defaults are used
    bad = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    bad.query_params["period"] = "1999-99"
    bad.query_params["target"] = "abc"
    bad.run()
    assert not bad.exception
    assert bad.selectbox(key=session.K_PERIOD).value == "2021-12"
    assert bad.number_input(key=session.K_TARGET).value == 100.0


def test_status_filter_in_the_link():
    _stored_province()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["status"] = "signed_nothing"
    at.run()
    goto(at, "units")
    assert at.multiselect(key="un_status").value == ["signed_nothing"]
    assert set(at.dataframe[0].value["Tình trạng"]) == {"Không ký số"}

"""AppTest: the monthly routine — stored January to October, November uploaded: the app moves to
November and says so; the save shows its outcome beside its button and disables it; messages
about rejected files stay until dismissed; clearing asks first; a replace leaves one file; the
file card counts units and periods. Fixtures: tests/support/make_routine_files.py."""
from pathlib import Path

from tests.support.apptest_util import goto, metrics, new_app, rerun, sample_bytes, upload
from ui import strings as S
from ui.safe_text import md

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "routine"
JAN_OCT = "tuan_giao_2020_01_10.xlsx"
NOV = "tuan_giao_2020_11.xlsx"
DISTRICT = "tuan_giao_2020_12.xlsx"


def _fixture(name: str) -> tuple:
    return name, (FIXTURES / name).read_bytes()


def _save(at):
    at.button(key="save_history").click()
    return rerun(at)


def _stored_jan_to_oct():
    """A session that uploaded January-October and saved them; then a new session."""
    first = upload(new_app(), _fixture(JAN_OCT))
    _save(first)
    at = new_app()
    assert at.selectbox(key="ks_period").value == "2020-10"  # the history's newest month
    return at


def test_stored_october_upload_november_moves_everything_to_november():
    at = _stored_jan_to_oct()
    upload(at, _fixture(NOV))
    assert [i.value for i in at.info if "kỳ đã lưu chưa được dùng" in i.value] == [
        S.UP_COMBINE_HINT.format(n="10")]
    at.button(key="combine_stored").click()  # combining stored months is explicit (issue 14)
    rerun(at)
    assert at.toggle(key="ks_use_history").value is True
    assert "Đang dùng: 10 kỳ đã lưu + 1 tệp vừa tải" in [c.value for c in at.caption]
    # the sidebar, the message, the headline and the way to the overview: November
    assert at.selectbox(key="ks_period").value == "2020-11"
    assert S.UP_JUMPED.format(period="Tháng 11/2020") in [s.value for s in at.success]
    assert any(m.value.startswith("**Tháng 11/2020** · ") for m in at.markdown)
    # and November's block chart, drawn on the upload page itself (the overview's first chart)
    assert f"**{S.OV_BLOCKS}** · tháng 11/2020" in [m.value for m in at.markdown]
    assert len(at.get("vega_lite_chart")) == 1
    go = at.button(key="go_overview")
    assert go.label == S.UP_GO_OVERVIEW_PERIOD.format(period="tháng 11/2020")
    go.click()
    rerun(at)
    assert [h.value for h in at.header] == [S.OV_HEADER.format(period="tháng 11/2020")]
    # November's figures with October from the history as the previous month
    assert metrics(at)[S.OV_KPI_RATE] == "66,28%"
    assert metrics(at)[S.OV_KPI_MEETING] == "5/37"
    assert S.OV_KPI_PREV.format(prev="tháng 10/2020", rate="65,48%") in [
        c.value for c in at.caption]


def test_save_shows_its_outcome_beside_the_button_and_disables_it():
    at = _stored_jan_to_oct()
    upload(at, _fixture(JAN_OCT), _fixture(NOV))  # October again: the save replaces it
    assert any(w.value.startswith("Lịch sử đã có số liệu") for w in at.warning)
    assert not at.button(key="save_history").disabled
    _save(at)
    button = at.button(key="save_history")
    assert button.disabled and button.label == S.UP_SAVED_DONE
    assert any(s.value.startswith("Đã lưu 11 kỳ báo cáo") for s in at.success)
    # no lingering "Lưu sẽ thay thế" warning once saved
    assert not any(w.value.startswith("Lịch sử đã có số liệu") for w in at.warning)
    # a new file: the button is offered again
    upload(at, ("cam_thuy_2022_05.xlsx", sample_bytes("cam_thuy_2022_05.xlsx")))
    assert not at.button(key="save_history").disabled


def test_rejected_file_message_stays_until_dismissed():
    at = upload(new_app(), ("hong.xlsx", b"this is not a workbook"))
    msg = [e.value for e in at.error if md("hong.xlsx") in e.value]
    assert len(msg) == 1
    # another file uploaded, then another page and back: still there
    upload(at, ("hong.xlsx", b"this is not a workbook"), _fixture(NOV))
    assert [e.value for e in at.error if md("hong.xlsx") in e.value] == msg
    goto(at, "overview")
    goto(at, "upload")
    assert [e.value for e in at.error if md("hong.xlsx") in e.value] == msg
    at.button(key="dismiss_0").click()
    rerun(at)
    assert not [e.value for e in at.error if md("hong.xlsx") in e.value]
    rerun(at)
    assert not [e.value for e in at.error if md("hong.xlsx") in e.value]


def test_clear_asks_for_confirmation_and_cancel_keeps_the_files():
    at = upload(new_app(), _fixture(NOV))
    at.button(key="clear_all").click()
    rerun(at)
    assert len(at.session_state["ks_files"]) == 1
    assert S.UP_CLEAR_CONFIRM.format(n=1) in [w.value for w in at.warning]
    at.button(key="clear_no").click()
    rerun(at)
    assert len(at.session_state["ks_files"]) == 1
    assert S.UP_CLEAR_CONFIRM.format(n=1) not in [w.value for w in at.warning]
    at.button(key="clear_all").click()
    rerun(at)
    at.button(key="clear_yes").click()
    rerun(at)
    assert at.session_state["ks_files"] == []
    # a fresh uploader: the same file can be dropped again and is read
    assert at.file_uploader(key="ks_uploader_1") is not None
    at.file_uploader(key="ks_uploader_1").set_value([(NOV, _fixture(NOV)[1], "application/x")])
    rerun(at)
    assert [f["name"] for f in at.session_state["ks_files"]] == [NOV]


def test_replace_leaves_only_the_new_file_listed():
    at = upload(new_app(), _fixture(NOV))
    renamed = ("tuan_giao_thang_11_ban_sua.xlsx", _fixture(NOV)[1] + b"")
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(renamed[1]))
    buf = io.BytesIO()
    wb.save(buf)
    upload(at, _fixture(NOV), (renamed[0], buf.getvalue()))
    at.button(key="replace_yes").click()
    rerun(at)
    assert [f["name"] for f in at.session_state["ks_files"]] == [renamed[0]]
    titles = [e.label for e in at.expander if e.label.startswith(md(renamed[0]))]
    assert len(titles) == 1 and not any(e.label.startswith(md(NOV)) for e in at.expander)


def test_replace_of_one_month_of_a_year_file_keeps_it_and_says_which_is_used():
    at = upload(new_app(), ("tuan_giao_2020_12.xlsx", sample_bytes(DISTRICT)))
    upload(at, ("tuan_giao_2020_12.xlsx", sample_bytes(DISTRICT)), _fixture(NOV))
    at.button(key="replace_yes").click()
    rerun(at)
    assert [f["name"] for f in at.session_state["ks_files"]] == [DISTRICT, NOV]
    year = next(e.label for e in at.expander if e.label.startswith(md(DISTRICT)))
    assert S.UP_FILE_REPLACED.format(n=1) in year


def test_file_card_counts_distinct_units_and_periods():
    at = upload(new_app(), ("tuan_giao_2020_12.xlsx", sample_bytes(DISTRICT)))
    title = next(e.label for e in at.expander if e.label.startswith(md(DISTRICT)))
    assert "37 đơn vị · 11 kỳ" in title and "407" not in title


UNKNOWN_PERIOD_CSV = (
    "STT,Tên cơ quan,Văn bản gửi đi,Số văn bản ký số\n"
    "1,Phòng Nội vụ,20,18\n"
    "2,Phòng Tư pháp,10,10\n"
).encode()


def test_unknown_period_warns_once_and_offers_the_month_after_the_others():
    at = upload(new_app(), _fixture(JAN_OCT), ("bang_ky_so.csv", UNKNOWN_PERIOD_CSV))
    assert [w.value for w in at.warning].count(S.UP_PERIOD_UNKNOWN) == 1
    suffix = [w.key for w in at.selectbox if w.key and w.key.startswith("pm_")][-1][3:]
    # the month after the newest month loaded (October 2020): November 2020
    assert at.selectbox(key=f"pm_{suffix}").value == 11
    assert at.number_input(key=f"py_{suffix}").value == 2020
    at.button(key=f"FormSubmitter:period_{suffix}-{S.UP_PERIOD_APPLY}").click()
    rerun(at)
    assert S.UP_PERIOD_UNKNOWN not in [w.value for w in at.warning]
    assert at.selectbox(key="ks_period").value == "2020-11"


def test_overview_offers_the_stored_months_when_november_alone_has_no_previous_month():
    at = _stored_jan_to_oct()
    upload(at, _fixture(NOV))
    goto(at, "overview")
    assert S.OV_KPI_NO_PREV in [c.value for c in at.caption]
    assert S.UP_COMBINE_HINT.format(n="10") in [i.value for i in at.info]
    at.button(key="combine_stored").click()
    rerun(at)
    assert S.OV_KPI_PREV.format(prev="tháng 10/2020", rate="65,48%") in [
        c.value for c in at.caption]
    assert not any(i.value == S.UP_COMBINE_HINT.format(n="10") for i in at.info)

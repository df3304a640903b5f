"""AppTest: the Tải dữ liệu page — upload, samples, what was read, unknown period, replace
prompt."""
import pytest

from tests.support.apptest_util import (
    expected_summary,
    new_app,
    rerun,
    sample_bytes,
    upload,
)
from ui import strings as S
from ui.safe_text import md

UNKNOWN_PERIOD_CSV = (
    "STT,Tên cơ quan,Văn bản gửi đi,Số văn bản ký số\n"
    "1,Phòng Nội vụ,20,18\n"
    "2,Phòng Tư pháp,10,10\n"
    "3,UBND xã Sơn Hà,40,0\n"
).encode()


def _markdowns(at):
    return [m.value for m in at.markdown]


def test_upload_shows_what_was_read_and_fills_the_sidebar():
    at = upload(new_app(), ("quan_son_2021_03.xlsx", sample_bytes("quan_son_2021_03.xlsx")))
    md = _markdowns(at)
    assert "Kỳ báo cáo: **Tháng 3/2021** (từ dòng tiêu đề)" in md or any(
        m.startswith("Kỳ báo cáo: **Tháng 3/2021**") for m in md)
    assert S.UP_UNITS_FOUND.format(n=14) in md
    # skipped rows by kind, with row numbers
    skipped = [m for m in md if m.startswith("- ")]
    assert skipped and "Dòng tiêu đề bảng: dòng" in skipped[0]
    # the sidebar now offers the period and both kinds of signature present
    assert at.selectbox(key="ks_period").value == "2021-03"
    assert at.radio(key="ks_metric").options == [S.METRIC_LABELS["signed_leader"],
                                                 S.METRIC_LABELS["signed_agency"]]
    assert at.number_input(key="ks_target").value == 100.0
    # the latest period's headline, from the Summary the overview shows: seed 002, leader
    # signatures, 630 of 642 documents
    s = expected_summary(["quan_son_2021_03.xlsx"])
    assert S.UP_HEADLINE.format(
        period="Tháng 3/2021", metric=S.METRIC_LABELS["signed_leader"], rate="98,13%",
        meeting=s.total["meeting_target"], units=14, target="100%") in md


def test_warnings_listed_with_rows():
    at = upload(new_app(), ("quan_son_2021_03.xlsx", sample_bytes("quan_son_2021_03.xlsx")))
    frames = [d.value for d in at.dataframe]
    warn = [f for f in frames if S.COL_MESSAGE in f.columns]
    assert warn, "the seed's misprinted 96,34% is listed as a warning"
    w = warn[0]
    assert (w[S.COL_WARNING_KIND] == "Tỷ lệ in sai").any()  # rate_mismatch, by its name
    assert S.COL_CODE not in w.columns
    assert w[S.COL_ROW].notna().all() and w[S.COL_ROW].str.fullmatch(r"\d+").all()
    cells = {str(v) for c in w.columns for v in w[c]}
    assert "None" not in cells and not any("_" in v for v in w[S.COL_WARNING_KIND])


def test_sample_button_opens_a_sample():
    at = new_app()
    at.button(key="sample_cam_thuy_2022_05.xlsx").click()
    rerun(at)
    assert [f["name"] for f in at.session_state["ks_files"]] == ["cam_thuy_2022_05.xlsx"]
    assert at.selectbox(key="ks_period").value is not None


def test_unreadable_file_is_an_error_not_a_crash():
    at = upload(new_app(), ("hong.xlsx", b"this is not a workbook"))
    errors = [e.value for e in at.error]
    assert any("hong.xlsx" in e for e in errors)
    assert at.session_state["ks_files"] == []


def test_unknown_period_prompts_and_the_chosen_period_is_used():
    at = upload(new_app(), ("bang_ky_so.csv", UNKNOWN_PERIOD_CSV))
    assert S.UP_PERIOD_UNKNOWN in [w.value for w in at.warning]
    # nothing to analyse until the period is given
    assert S.SB_NO_DATA in [i.value for i in at.sidebar.info]
    fkey = [w.key for w in at.selectbox if w.key and w.key.startswith("pm_")]
    assert fkey
    suffix = fkey[0][3:]
    at.selectbox(key=f"pm_{suffix}").set_value(4)
    at.number_input(key=f"py_{suffix}").set_value(2022)
    at.button(key=f"FormSubmitter:period_{suffix}-{S.UP_PERIOD_APPLY}").click()
    rerun(at)
    assert S.UP_PERIOD_UNKNOWN not in [w.value for w in at.warning]
    assert at.selectbox(key="ks_period").value == "2022-04"
    assert any("Tháng 4/2022" in m and "người dùng" in m for m in _markdowns(at))


def _copy_with_new_name():
    return ("quan_son_thang3_ban_sua.xlsx", sample_bytes("quan_son_2021_03.xlsx") + b"")


@pytest.mark.parametrize("accept", [True, False])
def test_a_period_already_loaded_asks_before_it_is_replaced(accept):
    at = upload(new_app(), ("quan_son_2021_03.xlsx", sample_bytes("quan_son_2021_03.xlsx")))
    # the same month again, from another file (different bytes: a re-export)
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(sample_bytes("quan_son_2021_03.xlsx")))
    buf = io.BytesIO()
    wb.save(buf)
    upload(at, ("quan_son_2021_03.xlsx", sample_bytes("quan_son_2021_03.xlsx")),
           ("quan_son_thang3_ban_sua.xlsx", buf.getvalue()))
    warns = [w.value for w in at.warning]
    # the file names as Markdown sources: escaped (ui/safe_text.py), shown as written
    assert any(md("quan_son_thang3_ban_sua.xlsx") in w and "tháng 3/2021" in w
               for w in warns), warns
    assert [f["name"] for f in at.session_state["ks_files"]] == ["quan_son_2021_03.xlsx"]
    at.button(key="replace_yes" if accept else "replace_no").click()
    rerun(at)
    names = [f["name"] for f in at.session_state["ks_files"]]
    if accept:
        # the old file's only month now comes from the new one: only the new file is listed
        assert names == ["quan_son_thang3_ban_sua.xlsx"]
        assert any(s.value.startswith(S.UP_REPLACED.format(
            name=md("quan_son_thang3_ban_sua.xlsx"))) and md("quan_son_2021_03.xlsx") in s.value
                   for s in at.success)
    else:
        assert names == ["quan_son_2021_03.xlsx"]
    assert not at.session_state["ks_pending"]


def test_remove_and_clear():
    at = upload(new_app(), ("quan_son_2021_03.xlsx", sample_bytes("quan_son_2021_03.xlsx")),
                ("cam_thuy_2022_05.xlsx", sample_bytes("cam_thuy_2022_05.xlsx")))
    assert len(at.session_state["ks_files"]) == 2
    at.button(key="clear_all").click()
    rerun(at)
    assert len(at.session_state["ks_files"]) == 2  # asked first
    at.button(key="clear_yes").click()
    rerun(at)
    assert at.session_state["ks_files"] == []


def test_column_choice_rereads_the_sheet():
    at = upload(new_app(), ("quan_son_2021_03.xlsx", sample_bytes("quan_son_2021_03.xlsx")))
    sent_box = [w.key for w in at.selectbox
                if w.key and w.key.startswith("col_") and w.key.endswith("_sent")]
    assert sent_box
    key = sent_box[0]
    fkey = key[len("col_"):-len("_sent")]
    box = at.selectbox(key=key)
    # map "received" to the documents-sent column: the override reaches the parser
    at.selectbox(key=f"col_{fkey}_received").set_value(box.value)
    at.button(key=f"FormSubmitter:cols_{fkey}-{S.UP_COLUMNS_APPLY}").click()
    rerun(at)
    cols = at.session_state["ks_columns"]["quan_son_2021_03.xlsx"]
    (sheet_map,) = cols.values()
    assert sheet_map["received"] == box.value == sheet_map["sent"]


def test_editor_password_guards_the_upload_when_set():
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest_util import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["app_password"] = "mật khẩu"
    at.run()
    assert not at.file_uploader
    at.text_input(key="ks_editor_password").input("sai")
    at.button[0].click()
    at.run()
    assert not at.file_uploader
    at.text_input(key="ks_editor_password").input("mật khẩu")
    at.button[0].click()
    at.run()
    at.run()
    assert at.file_uploader(key="ks_uploader") is not None


def test_skipped_sheet_offers_a_column_chooser_and_reads_with_the_choice():
    """Seed 004's table has no 'sent' column: the sheet is skipped, the user maps one by hand."""
    at = upload(new_app(), ("quan_son_2020_08.ods", sample_bytes("quan_son_2020_08.ods")))
    assert any(m.startswith("#### ") and "chọn cột" in m for m in _markdowns(at))
    sent_key = next(w.key for w in at.selectbox
                    if w.key and w.key.startswith("col_") and "_skip0_" in w.key
                    and w.key.endswith("_sent"))
    box = at.selectbox(key=sent_key)
    # "VB trình ký đúng quy trình" stands in for documents sent
    index = next(i for i, label in enumerate(box.options)
                 if "đúng quy trình" in label and "không" not in label)
    box.select_index(index)
    form = sent_key[len("col_"):-len("_sent")]
    at.button(key=f"FormSubmitter:cols_{form}-{S.UP_COLUMNS_APPLY}").click()
    rerun(at)
    assert S.UP_UNITS_FOUND.format(n=12) in _markdowns(at)
    chosen = at.session_state["ks_columns"]["quan_son_2020_08.ods"]["Phụ lục"]
    assert chosen["sent"] == 4 and chosen["unit"] == 1


def test_a_pdf_is_refused_in_vietnamese_naming_the_types_read():
    at = upload(new_app(), ("bao_cao.pdf", b"%PDF-1.4 not a report"))
    texts = " ".join(e.value for e in at.error)
    assert "“.pdf” không được hỗ trợ" in texts and ".xlsx" in texts and ".csv" in texts
    assert "not allowed" not in texts

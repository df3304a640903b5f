"""AppTest: workspaces (không gian làm việc) in the app — each sees only its own stored months and
corrections, a workspace's password is asked before anything of it is shown, the samples open
in a demo space that cannot be saved, combining stored months with an upload is a choice shown
as "Đang dùng: …", and a corrected block is shown, reset and undone."""
import os

import pytest

from tests.support.apptest_util import goto, new_app, rerun, sample_bytes, upload
from ui import strings as S
from ui.safe_text import md

PROVINCE = "tinh_2021_province.xlsx"
QUAN_SON = "quan_son_2021_03.xlsx"
CAM_THUY = "cam_thuy_2022_05.xlsx"


@pytest.fixture(autouse=True)
def fresh_throttle():
    from ui import auth

    auth.reset_throttle()
    yield
    auth.reset_throttle()


def _url() -> str:
    return os.environ["KYSO_DB_URL"]


def _create(at, name, password=""):
    """Create (and open) a workspace through the sidebar's form."""
    at.text_input(key="ks_ws_new_name").input(name)
    if password:
        at.text_input(key="ks_ws_new_password").input(password)
    at.sidebar.button[[b.label for b in at.sidebar.button].index(S.WS_CREATE_BUTTON)].click()
    return rerun(at)


def _open(at, name):
    at.selectbox(key="ks_ws_pick").set_value(name)
    return rerun(at)


def _save(at):
    at.button(key="save_history").click()
    return rerun(at)


def _captions(at) -> list:
    return [c.value for c in at.sidebar.caption]


def _current(at) -> str:
    return next(m.value for m in at.sidebar.markdown
                if m.value.startswith((":material/apartment:", ":material/lock:")))


def test_two_workspaces_each_see_only_their_own_months():
    at = new_app()
    _create(at, "UBND huyện Quan Sơn")
    assert _current(at) == S.WS_CURRENT.format(name="UBND huyện Quan Sơn")
    upload(at, (QUAN_SON, sample_bytes(QUAN_SON)))
    _save(at)
    assert any(s.value.startswith("Đã lưu 1 kỳ") for s in at.success), [s.value for s in at.success]

    _create(at, "UBND huyện Cẩm Thủy")  # opening another puts the loaded file away
    assert not [e for e in at.expander if md(QUAN_SON) in e.label]
    upload(at, (CAM_THUY, sample_bytes(CAM_THUY)))
    _save(at)

    later = new_app()  # a new session: the default workspace is empty
    assert later.sidebar.info[0].value == S.SB_NO_DATA
    _open(later, "UBND huyện Quan Sơn")
    assert later.selectbox(key="ks_period").options == ["Tháng 3/2021"]
    assert S.USING.format(parts=S.USING_STORED.format(n=1)) in _captions(later)
    goto(later, "history")
    assert list(later.dataframe[0].value[S.COL_PERIOD]) == ["Tháng 3/2021"]
    _open(later, "UBND huyện Cẩm Thủy")
    assert later.selectbox(key="ks_period").options == ["Tháng 5/2021"]
    assert list(later.dataframe[0].value[S.COL_PERIOD]) == ["Tháng 5/2021"]


def test_a_workspace_with_a_password_shows_nothing_before_it():
    from analysis.frame import units_frame
    from analysis.reading.parse import parse_bytes
    from analysis.store import create_workspace, open_history, store_frame

    create_workspace(_url(), "Sở KH&CN", "mat-khau-1")
    frame, _notes = units_frame([parse_bytes(sample_bytes(QUAN_SON), QUAN_SON)])
    store_frame(open_history(_url(), "Sở KH&CN"), frame, {"files": [QUAN_SON]})

    at = _open(new_app(), "Sở KH&CN")
    assert at.header[0].value == S.WS_LOCKED_TITLE.format(name=md("Sở KH&CN"))
    assert _current(at) == S.WS_CURRENT_LOCKED.format(name=md("Sở KH&CN"))
    assert at.sidebar.info[0].value == S.SB_NO_DATA  # nothing of it: no period, no figure
    goto(at, "history")
    assert at.header[0].value == S.WS_LOCKED_TITLE.format(name=md("Sở KH&CN"))
    assert not at.dataframe

    at.text_input(key="ks_ws_password").input("sai")
    at.button[0].click()
    rerun(at)
    assert at.error[0].value == S.WS_PASSWORD_WRONG
    assert at.text_input(key="ks_ws_password").value == ""  # nothing typed is kept

    at.text_input(key="ks_ws_password").input("mat-khau-1")
    at.button[0].click()
    rerun(at)
    assert at.header[0].value == S.HI_HEADER
    assert list(at.dataframe[0].value[S.COL_PERIOD]) == ["Tháng 3/2021"]

    # a sixth wrong attempt in a row waits (the editor password's throttle, per workspace)
    other = _open(new_app(), "Sở KH&CN")
    for _ in range(5):
        other.text_input(key="ks_ws_password").input("sai")
        other.button[0].click()
        rerun(other)
    other.text_input(key="ks_ws_password").input("mat-khau-1")
    other.button[0].click()
    rerun(other)
    assert other.error[0].value.startswith("Đã nhập sai nhiều lần")
    assert other.header[0].value == S.WS_LOCKED_TITLE.format(name=md("Sở KH&CN"))


def test_a_sample_opens_in_the_demo_space_that_cannot_be_saved():
    at = upload(new_app(), (PROVINCE, sample_bytes(PROVINCE)))
    _save(at)  # the workspace has twelve months of 2021

    at.button(key=f"sample_{QUAN_SON}").click()
    rerun(at)
    assert any(w.value == S.DEMO_LABEL for w in at.sidebar.warning)
    assert [e.label for e in at.expander if md(QUAN_SON) in e.label]
    assert not [e.label for e in at.expander if md(PROVINCE) in e.label]  # the upload put away
    save = at.button(key="save_history")
    assert save.disabled
    assert any(c.value == S.UP_SAVE_DISABLED.format(reason=md(S.DEMO_NO_SAVE)) for c in at.caption)
    # the sample alone: never the workspace's months
    assert at.selectbox(key="ks_period").options == ["Tháng 3/2021"]
    assert S.USING.format(parts=S.USING_SAMPLE.format(n=1)) in _captions(at)
    assert not [t for t in at.toggle if t.key == "ks_use_history"]
    goto(at, "history")
    assert not at.dataframe

    at.button(key="ks_demo_leave").click()
    rerun(at)
    assert not [w for w in at.sidebar.warning if w.value == S.DEMO_LABEL]
    assert at.selectbox(key="ks_period").options[0] == "Tháng 12/2021"


def test_combining_stored_months_with_an_upload_is_a_choice_shown_in_the_sidebar():
    at = upload(new_app(), (PROVINCE, sample_bytes(PROVINCE)))
    _save(at)

    later = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    assert later.toggle(key="ks_use_history").value is False
    assert later.selectbox(key="ks_period").options == ["Tháng 3/2021"]
    assert S.USING.format(parts=S.USING_FILES.format(n=1)) in _captions(later)

    later.toggle(key="ks_use_history").set_value(True)
    rerun(later)
    assert "Đang dùng: 11 kỳ đã lưu + 1 tệp vừa tải" in _captions(later)
    assert len(later.selectbox(key="ks_period").options) == 12


def _units_of(name):
    from analysis.reading.parse import parse_bytes

    return parse_bytes(sample_bytes(name), name).sheets[0].units


def test_a_corrected_block_is_shown_reset_and_undone():
    from analysis.store import list_corrections, open_history, set_block_override

    at = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    _save(at)
    unit = next(u for u in _units_of(QUAN_SON) if u.unit == "Trung tâm DVNN")
    h = open_history(_url())
    set_block_override(h, unit.key, "department", district=unit.district, file_block=unit.block,
                       unit=unit.unit, who="cán bộ A")
    from ui import store

    store.history_changed()

    at = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    editor = at.get("arrow_data_editor")[0] if at.get("arrow_data_editor") else None
    lines = [m.value for m in at.markdown if m.value.startswith("✏️")]
    assert lines == [S.UP_BLOCK_FIXED_LINE.format(unit="Trung tâm DVNN",
                                                 block=S.BLOCK_LABELS["department"],
                                                 file=S.BLOCK_LABELS[unit.block])]
    assert editor is None or editor  # the editor itself is drawn (its rows: Arrow)
    reset = [b for b in at.button if b.label == S.UP_BLOCK_RESET]
    assert len(reset) == 1
    reset[0].click()
    rerun(at)
    assert not [m for m in at.markdown if m.value.startswith("✏️")]
    assert list_corrections(h).empty

    # listed on the history page with who and when; undone there
    set_block_override(h, unit.key, "service_unit", district=unit.district,
                       file_block=unit.block, unit=unit.unit, who="cán bộ B")
    store.history_changed()
    goto(at, "history")
    fixes = at.dataframe[-1].value
    assert list(fixes[S.COL_UNIT]) == ["Trung tâm DVNN"]
    assert list(fixes[S.HI_FIX_TO]) == [S.BLOCK_LABELS["service_unit"]]
    assert list(fixes[S.HI_FIX_WHO]) == ["cán bộ B"]
    assert fixes[S.HI_FIX_AT].iloc[0][:2] == "20"
    at.button(key="hi_fix_undo").click()
    rerun(at)
    assert list_corrections(h).empty
    assert any(c.value == S.HI_FIXES_NONE for c in at.caption)


def test_a_correction_in_one_workspace_changes_nothing_in_another():
    from analysis.store import create_workspace, open_history, set_block_override

    unit = next(u for u in _units_of(QUAN_SON) if u.unit == "Trung tâm DVNN")
    create_workspace(_url(), "Khác")
    set_block_override(open_history(_url(), "Khác"), unit.key, "department",
                       district=unit.district, file_block=unit.block, unit=unit.unit, who="x")
    at = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    assert not [m for m in at.markdown if m.value.startswith("✏️")]
    _open(at, "Khác")
    upload(at, (QUAN_SON, sample_bytes(QUAN_SON)))
    assert len([m for m in at.markdown if m.value.startswith("✏️")]) == 1


def test_a_password_set_on_the_history_page_is_asked_in_the_next_session():
    at = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    _save(at)
    goto(at, "history")
    at.text_input(key="hi_ws_password").input("bi-mat")
    at.button(key=f"FormSubmitter:hi_password_form-{S.HI_PASSWORD_SAVE}").click()
    rerun(at)
    assert S.HI_PASSWORD_SET in [s.value for s in at.success]
    assert at.header[0].value == S.HI_HEADER  # who set it goes on working

    later = goto(new_app(), "history")
    assert at.header[0].value == S.HI_HEADER
    assert later.header[0].value.startswith("🔒 Không gian làm việc")
    assert not later.dataframe
    later.text_input(key="ks_ws_password").input("bi-mat")
    later.button[0].click()
    rerun(later)
    assert list(later.dataframe[0].value[S.COL_PERIOD]) == ["Tháng 3/2021"]

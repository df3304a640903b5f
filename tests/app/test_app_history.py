"""AppTest: the stored history — save an upload, reuse it in a new session, the Lịch sử page."""
import json

from tests.support.apptest_util import (
    goto,
    metrics,
    new_app,
    rerun,
    sample_bytes,
    upload,
)
from ui import strings as S

PROVINCE = "tinh_2021_province.xlsx"
QUAN_SON = "quan_son_2021_03.xlsx"


def _save(at):
    at.button(key="save_history").click()
    return rerun(at)


def test_saved_months_serve_a_later_session_without_upload():
    at = upload(new_app(), (PROVINCE, sample_bytes(PROVINCE)))
    goto(at, "overview")
    before = metrics(at)
    goto(at, "upload")
    _save(at)
    assert any(s.value.startswith("Đã lưu 12 kỳ báo cáo") for s in at.success)

    # a new browser session, nothing uploaded: the overview works from the history
    later = new_app()
    assert later.selectbox(key="ks_period").value == "2021-12"
    goto(later, "overview")
    assert metrics(later) == before
    # and the history can be switched off
    later.toggle(key="ks_use_history").set_value(False)
    rerun(later)
    assert not later.metric


def test_saving_again_warns_that_it_replaces():
    at = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    _save(at)
    rerun(at)
    assert any("tháng 3/2021" in w.value and "thay thế" in w.value for w in at.warning)


def test_history_page_lists_deletes_restores_and_backs_up():
    at = upload(new_app(), (PROVINCE, sample_bytes(PROVINCE)))
    _save(at)
    goto(at, "history")
    table = at.dataframe[0].value
    assert len(table) == 12
    assert table[S.COL_PERIOD].iloc[0] == "Tháng 1/2021"
    assert "- " + S.HI_COMPLETE_LINE.format(year=2021, through=12) in [m.value for m in at.markdown]

    # delete asks first, then removes; the missing month is then named
    at.selectbox(key="hi_period").set_value("2021-05")
    at.button(key="hi_delete").click()
    rerun(at)
    assert any("Tháng 5/2021" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 12  # not yet
    at.button(key="hi_yes").click()
    rerun(at)
    assert len(at.dataframe[0].value) == 11
    assert "- " + S.HI_MISSING_LINE.format(year=2021, through=12, months="5") in \
        [m.value for m in at.markdown]

    # cancel leaves everything as it was
    at.selectbox(key="hi_period").set_value("2021-06")
    at.button(key="hi_delete").click()
    rerun(at)
    at.button(key="hi_no").click()
    rerun(at)
    assert len(at.dataframe[0].value) == 11

    # the deleted month comes back from its kept version
    at.selectbox(key="hi_gone").set_value("2021-05")
    at.button(key="hi_restore_gone").click()
    rerun(at)
    at.button(key="hi_yes").click()
    rerun(at)
    assert len(at.dataframe[0].value) == 12

    # backup through the function the download button calls, then import after confirmation
    import os

    from analysis.store import export_history, open_history

    data = export_history(open_history(os.environ["KYSO_DB_URL"]))
    assert json.loads(data)["tables"]
    at.file_uploader(key="hi_import").set_value(("lich_su.json", data, "application/json"))
    rerun(at)
    at.button(key="hi_import_go").click()
    rerun(at)
    assert any("Thay toàn bộ lịch sử" in w.value for w in at.warning)
    at.button(key="hi_yes").click()
    rerun(at)
    assert any(s.value.startswith("Đã khôi phục lịch sử") for s in at.success)
    assert len(at.dataframe[0].value) == 12


def test_block_correction_is_remembered_for_later_uploads():
    from analysis.reading.parse import parse_bytes
    from ui import store

    # what the block editor's save does for one unit (ui.store.remember_block)

    wb = parse_bytes(sample_bytes(QUAN_SON), QUAN_SON)
    unit = [u for u in wb.sheets[0].units if u.unit == "Trung tâm DVNN"][0]
    import os

    from analysis.store import block_overrides_map, open_history, set_block_override

    h = open_history(os.environ["KYSO_DB_URL"])
    set_block_override(h, unit.key, "department")
    store.history_changed()  # as remember_block does
    assert block_overrides_map(h)[unit.key] == "department"
    later = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    goto(later, "units")
    t = later.dataframe[0].value
    row = t[t[S.COL_UNIT] == "Trung tâm DVNN"].iloc[0]
    assert row[S.COL_BLOCK] == S.BLOCK_SHORT["department"]


def test_history_page_merges_two_names_of_one_unit_and_undoes_it():
    at = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    _save(at)
    goto(at, "history")
    alias, canonical = "xã sơn hà", "xã trung tiến"
    at.selectbox(key="hi_merge_alias").set_value(alias)
    at.selectbox(key="hi_merge_into").set_value(canonical)
    at.button(key=f"FormSubmitter:hi_merge_form-{S.HI_MERGE_BUTTON}").click()
    rerun(at)
    assert any("Xã Sơn Hà" in s.value and "Xã Trung Tiến" in s.value for s in at.success)
    goto(at, "units")
    names = set(at.dataframe[0].value.iloc[:, 0].astype(str))
    assert not any("Sơn Hà" in n for n in names) and any("Trung Tiến" in n for n in names)
    goto(at, "history")
    at.selectbox(key="hi_unmerge").set_value(alias)
    at.button(key="hi_unmerge_go").click()
    rerun(at)
    goto(at, "units")
    names = set(at.dataframe[0].value.iloc[:, 0].astype(str))
    assert any("Sơn Hà" in n for n in names)

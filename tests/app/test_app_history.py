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
from ui.safe_text import md

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
    # what the figures are made of, said in the sidebar; no switch to combine without a file
    assert "Đang dùng: 12 kỳ đã lưu" in [c.value for c in later.sidebar.caption]
    assert not [t for t in later.toggle if t.key == "ks_use_history"]


def test_saving_again_warns_that_it_replaces():
    at = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    _save(at)
    rerun(at)
    # the upload just saved: its outcome, no warning (tests/app/test_app_routine.py)
    assert not any("thay thế" in w.value for w in at.warning)
    # the same month uploaded in a later session: the save would replace it, and says so
    later = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    assert any("tháng 3/2021" in w.value and "thay thế" in w.value for w in later.warning)


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
    assert block_overrides_map(h)[(unit.key, unit.district)] == "department"
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


# --- backups that cannot brick the app (issue 13) -------------------------------------------------

def _stored_history():
    """The test's history (KYSO_DB_URL) with two months and a deleted one, made in code."""
    import os

    from analysis.store import open_history
    from tests.store.sample import populate

    h = open_history(os.environ["KYSO_DB_URL"])
    populate(h)
    return h


def _import(at, data: bytes):
    at.file_uploader(key="hi_import").set_value(("sao_luu.json", data, "application/json"))
    rerun(at)
    at.button(key="hi_import_go").click()
    return rerun(at)


def _texts(elements) -> list:
    return [e.value for e in elements]


def test_a_damaged_history_leaves_every_page_working_and_the_history_page_offers_the_way_back():
    from sqlalchemy import text

    from analysis.store import export_history, list_periods

    h = _stored_history()
    good = export_history(h)
    with h.engine.begin() as conn:  # what an unchecked import used to let in
        conn.execute(text("UPDATE units SET sent = '12a' WHERE id = "
                          "(SELECT MIN(id) FROM units WHERE period = '2021-03')"))
        conn.execute(text("UPDATE periods SET period_start = 'hôm qua' WHERE period = '2021-05'"))
    at = new_app()  # no exception: the sidebar works without the history
    for page in ("overview", "units", "compare", "report", "upload"):
        goto(at, page)
    goto(at, "history")
    errors = _texts(at.error)
    assert errors[0].startswith(md("Không đọc được lịch sử đã lưu: Lịch sử có dòng hỏng"))
    assert errors[1].splitlines()[0] == md(S.HI_DAMAGED_ROWS)
    assert "- " + md("kỳ 2021-03, đơn vị “UBND xã Số 0”: số văn bản gửi đi “12a” không phải "
                     "số nguyên không âm") in errors[1].splitlines()
    assert any("ngày bắt đầu “hôm qua” không phải ngày" in x for x in errors[1:])

    # the way back: a good backup
    _import(at, good)
    assert any("Thay toàn bộ lịch sử" in w for w in _texts(at.warning))
    at.button(key="hi_yes").click()
    rerun(at)
    assert any(s.startswith("Đã khôi phục lịch sử") for s in _texts(at.success))
    assert len(at.dataframe[0].value) == 2
    assert not at.error
    assert export_history(h) == good

    # or the reset, asked twice
    from ui import store

    with h.engine.begin() as conn:
        conn.execute(text("UPDATE units SET received = 1.5"))
    store.history_changed()  # the cached good frame is dropped (else after ui/data.py's TTL)
    at = new_app()
    goto(at, "history")
    assert at.error[0].value.startswith("Không đọc được lịch sử đã lưu")
    at.button(key="hi_reset").click()
    rerun(at)
    assert _texts(at.warning) == [S.HI_CONFIRM_RESET]
    at.button(key="hi_yes").click()
    rerun(at)
    assert _texts(at.warning) == [S.HI_CONFIRM_WIPE_AGAIN]
    assert not list_periods(h).empty  # not yet
    at.button(key="hi_yes").click()
    rerun(at)
    assert S.HI_RESET_MSG in _texts(at.success)
    assert S.HI_EMPTY in _texts(at.info)
    assert list_periods(h).empty
    h.close()


def test_a_bad_backup_is_refused_at_once_and_the_history_stays():
    from analysis.store import export_history

    h = _stored_history()
    before = export_history(h)
    doc = json.loads(before)
    cols = doc["tables"]["units"]["columns"]
    doc["tables"]["units"]["rows"][0][cols.index("sent")] = 1.5
    doc["tables"]["units"]["rows"][0][cols.index("unit")] = "![x](http://example.invalid/x.png)"
    at = goto(new_app(), "history")
    _import(at, json.dumps(doc).encode())
    assert not at.warning  # no question asked: refused before
    msg = at.error[0].value
    assert msg.startswith(md("Tệp sao lưu không hợp lệ, không nhập gì (lịch sử giữ nguyên)."))
    assert "- " + md("kỳ 2021-03, đơn vị “![x](http://example.invalid/x.png)”: số văn bản "
                     "gửi đi 1.5 không phải số nguyên không âm") in msg.splitlines()
    assert "![x](" not in msg  # the unit name is shown as text, never as an image
    # a structurally wrong one too, never a traceback
    for data in (b'{"format": "kyso-history", "schema_version": 2, "tables": {"units": 1}}',
                 b"\xff\xfe", b"[1, 2]"):
        _import(at, data)
        assert at.error and not at.warning
    assert export_history(h) == before
    assert len(at.dataframe[0].value) == 2
    h.close()


def test_an_empty_backup_asks_twice_before_wiping_the_kept_versions(tmp_path):
    from analysis.store import export_history, list_versions, open_history

    h = _stored_history()
    before = export_history(h)
    with open_history(str(tmp_path / "empty.sqlite")) as empty:
        nothing = export_history(empty)
    at = goto(new_app(), "history")
    _import(at, nothing)
    assert _texts(at.warning) == [S.HI_CONFIRM_IMPORT_EMPTY]
    at.button(key="hi_yes").click()
    rerun(at)
    assert _texts(at.warning) == [S.HI_CONFIRM_WIPE_AGAIN]
    at.button(key="hi_no").click()  # the second question cancelled: nothing happens
    rerun(at)
    assert export_history(h) == before and not at.warning
    _import(at, nothing)
    at.button(key="hi_yes").click()
    rerun(at)
    at.button(key="hi_yes").click()
    rerun(at)
    assert any(s.startswith("Đã khôi phục lịch sử") for s in _texts(at.success))
    assert S.HI_EMPTY in _texts(at.info)
    assert list_versions(h).empty
    h.close()


def test_a_table_dropped_by_hand_shows_the_reason_and_a_backup_brings_it_back():
    from sqlalchemy import text

    from analysis.store import export_history

    h = _stored_history()
    good = export_history(h)
    with h.engine.begin() as conn:
        conn.execute(text("DROP TABLE unit_versions"))
    at = goto(new_app(), "history")
    assert at.error[0].value.startswith(
        md("Không đọc được lịch sử đã lưu: Không đọc được lịch sử:"))
    assert "unit\\_versions" in at.error[0].value
    _import(at, good)
    at.button(key="hi_yes").click()
    rerun(at)
    assert any(s.startswith("Đã khôi phục lịch sử") for s in _texts(at.success))
    assert export_history(h) == good
    h.close()


def test_a_database_that_cannot_be_opened_is_named_on_the_history_page(tmp_path, monkeypatch):
    bad = tmp_path / "hong.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("KYSO_DB_URL", f"sqlite:///{bad}")
    at = goto(new_app(), "history")
    assert at.error[0].value.startswith("Không mở được cơ sở dữ liệu lịch sử: Không mở được")
    assert S.HI_UNREADABLE in _texts(at.info)
    goto(at, "overview")  # the other pages open


def test_history_shows_vietnam_local_time():
    import re

    at = upload(new_app(), (QUAN_SON, sample_bytes(QUAN_SON)))
    _save(at)
    goto(at, "history")
    table = at.dataframe[0].value
    assert S.HI_SAVED_AT == "Lưu lúc (giờ Việt Nam)"
    stamp = table[S.HI_SAVED_AT].iloc[0]
    assert re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}", stamp), stamp  # "14:05 02/12/2026"
    from datetime import datetime, timedelta, timezone

    local = datetime.now(timezone(timedelta(hours=7)))
    shown = datetime.strptime(stamp, "%H:%M %d/%m/%Y").replace(tzinfo=local.tzinfo)
    assert abs((local - shown).total_seconds()) < 300  # UTC+7, not the server's UTC

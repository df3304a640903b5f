"""Two sessions at once (two AppTest instances of the same server process, sharing its
st.cache_data) upload different workbooks: each sees only its own files, periods and units."""
from pathlib import Path

from tests.support.apptest_util import (
    new_app,
    sample_bytes,
    upload,
)
from ui.safe_text import md


def _files(at):
    return [f["name"] for f in at.session_state["ks_files"]]


def test_two_sessions_see_only_their_own_upload():
    a, b = new_app(), new_app()
    upload(a, ("quan_son_2021_03.xlsx", sample_bytes("quan_son_2021_03.xlsx")))
    upload(b, ("cam_thuy_2022_05.xlsx", sample_bytes("cam_thuy_2022_05.xlsx")))
    a.run()  # a reruns after b uploaded: still only its own file
    assert _files(a) == ["quan_son_2021_03.xlsx"]
    assert _files(b) == ["cam_thuy_2022_05.xlsx"]
    assert a.selectbox(key="ks_period").value == "2021-03"
    assert b.selectbox(key="ks_period").value == "2021-05"  # the table's own dates (seed 003)
    a_text = " ".join(str(e.label) for e in a.expander) + " ".join(m.value for m in a.markdown)
    b_text = " ".join(str(e.label) for e in b.expander) + " ".join(m.value for m in b.markdown)
    assert "cam_thuy" not in a_text and "quan_son" not in b_text
    # a third session that uploads nothing sees nothing
    c = new_app()
    assert _files(c) == []


CRASH = Path(__file__).resolve().parents[1] / "fixtures" / "crash"


def test_a_file_that_aborts_the_reader_costs_its_reader_not_the_server():
    """One session uploads a 1.8 KB workbook whose far cell makes the native reader abort the
    process it runs in (tests/support/make_crash_files.py); read in-process it would take this
    test process (the server) down. The byte guard now refuses it before the reader (in the
    worker); another session keeps working beside it."""
    name = "o_xa_nhay_don.xlsx"
    a, b = new_app(), new_app()
    upload(a, (name, (CRASH / name).read_bytes()))
    upload(b, ("quan_son_2021_03.xlsx", sample_bytes("quan_son_2021_03.xlsx")))
    errors = [e.value for e in a.error]
    expected = (f"Không đọc được tệp “{md(name)}”: "
                + md("Trang tính “T03-2021” có vùng dữ liệu quá lớn"))
    assert any(expected in e for e in errors), errors
    assert _files(a) == []  # refused with its message: nothing of it is loaded
    b.run()
    assert not b.exception
    assert b.selectbox(key="ks_period").value == "2021-03"
    a.run()  # the session that sent the file still works
    assert not a.exception and b.selectbox(key="ks_period").value == "2021-03"

"""The backup's schema (analysis/store/backup_check.py): every kind of bad value is refused
before anything is written, with a Vietnamese message naming the first problems; the history
is then byte for byte what it was, on SQLite and PostgreSQL. Also: empty backups, damaged
stored rows, the CLI's backup / restore."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

import analysis.store as H
from analysis.model import COUNT_FIELDS
from tests.store.sample import populate


def _doc(h) -> dict:
    return json.loads(H.export_history(h))


def _units(doc) -> tuple:
    part = doc["tables"]["units"]
    return part["columns"], part["rows"]


def _set(doc, table, col, value, row=0):
    cols = doc["tables"][table]["columns"]
    doc["tables"][table]["rows"][row][cols.index(col)] = value
    return doc


def _refused(h, doc) -> str:
    data = doc if isinstance(doc, bytes) else json.dumps(doc, ensure_ascii=False).encode()
    with pytest.raises(H.HistoryError) as e:
        H.import_history(h, data)
    return e.value.message


@pytest.mark.parametrize("value", ["12a", "12", 1.5, -3, True, 2**31, [1], {"n": 1}])
def test_a_count_that_is_not_a_non_negative_integer_is_refused(history, value):
    populate(history)
    before = H.export_history(history)
    doc = _set(json.loads(before), "units", "sent", value)
    unit = _units(doc)[1][0][_units(doc)[0].index("unit")]
    msg = _refused(history, doc)
    shown = f"“{value}”" if isinstance(value, str) else json.dumps(value)
    assert (f"- kỳ 2021-03, đơn vị “{unit}”: số văn bản gửi đi {shown} "
            "không phải số nguyên không âm") in msg.splitlines()
    assert msg.startswith("Tệp sao lưu không hợp lệ, không nhập gì (lịch sử giữ nguyên).")
    assert H.export_history(history) == before  # untouched
    assert len(H.load_frame(history)) == 3  # and still loads


@pytest.mark.parametrize(("table", "col", "value", "expected"), [
    ("periods", "period_start", "2021-13-01", "ngày bắt đầu “2021-13-01” không phải ngày"),
    ("periods", "period_start", "01/03/2021", "“01/03/2021” không phải ngày dạng YYYY-MM-DD"),
    ("periods", "period_end", 20210331, "20210331 không phải văn bản"),
    ("periods", "period_start", "2021-04-01", "ngày bắt đầu 2021-04-01 sau ngày kết thúc"),
    ("periods", "period_end", "2021-04-30", "mã kỳ không khớp với ngày 2021-03-01 – 2021-04-30"),
    ("periods", "period", "tháng 3", "không phải mã kỳ báo cáo"),
    ("periods", "upload_id", 999, "999 không trỏ tới dòng nào của bản sao lưu"),
    ("units", "block", "ward", "“ward” không phải khối đã biết"),
    ("units", "key", None, "thiếu giá trị cột key"),
    ("units", "period", "1999-01", "“1999-01” không phải kỳ báo cáo có trong bản sao lưu"),
    ("units", "unit", "a\x00b", "có ký tự NUL"),
    ("uploads", "uploaded_at", "hôm qua", "không phải thời điểm dạng ISO"),
    ("period_versions", "reason", "lost", "không phải lý do đã biết"),
    ("block_overrides", "block", None, "thiếu giá trị cột block"),
    ("column_mappings", "mapping", '{"unit": "B"}', "không phải bảng {cột: số thứ tự cột}"),
])
def test_a_bad_value_is_refused_and_named(history, table, col, value, expected):
    populate(history)
    before = H.export_history(history)
    msg = _refused(history, _set(json.loads(before), table, col, value))
    assert expected in msg, msg
    assert H.export_history(history) == before


def test_structurally_wrong_backups_are_refused_with_a_message(history):
    populate(history)
    before = H.export_history(history)
    good = json.loads(before)
    cases = {
        b"not json": "không phải JSON",
        b"[]": "không phải bản sao lưu",
        json.dumps({**good, "schema_version": "2"}).encode(): "lược đồ “2”",
        json.dumps({**good, "schema_version": 99}).encode(): "lược đồ 99",
        json.dumps({**good, "tables": []}).encode(): "thiếu phần “tables”",
        json.dumps({**good, "tables": {"x": {}}}).encode(): "bảng lạ: x",
        json.dumps({**good, "tables": {**good["tables"], "units": []}}).encode():
            "bảng units: không có dạng",
        json.dumps({**good, "tables": {**good["tables"], "units": {
            "columns": "id", "rows": []}}}).encode(): "bảng units: không có dạng",
        json.dumps({**good, "tables": {**good["tables"], "units": {
            "columns": ["id", "ky"], "rows": []}}}).encode(): "cột lạ hoặc lặp lại: ky",
        json.dumps({**good, "tables": {**good["tables"], "units": {
            "columns": ["id"], "rows": [[1]]}}}).encode(): "bảng units: thiếu cột key, period",
    }
    rows_as_dicts = json.loads(before)
    rows_as_dicts["tables"]["uploads"]["rows"][1] = {"id": 2}
    cases[json.dumps(rows_as_dicts).encode()] = "bảng uploads, dòng 2: không phải danh sách"
    dup = json.loads(before)
    dup["tables"]["uploads"]["rows"].append(list(dup["tables"]["uploads"]["rows"][0]))
    cases[json.dumps(dup).encode()] = "khóa id = 1 lặp lại"
    for data, expected in cases.items():
        assert expected in _refused(history, data), (data[:80], expected)
    assert H.export_history(history) == before


def test_the_refusal_lists_the_first_ten_problems(history):
    populate(history)
    doc = _doc(history)
    cols, rows = _units(doc)
    for r in rows:
        for f in COUNT_FIELDS:
            r[cols.index(f)] = "x"
    msg = _refused(history, doc)
    problems = [x for x in msg.splitlines() if x.startswith("- ")]
    assert len(problems) == 10
    assert "(và có thể còn lỗi khác)" in msg
    assert problems[0].endswith("số văn bản đến “x” không phải số nguyên không âm")


def test_size_caps(history, monkeypatch):
    import analysis.store.backup_check as C

    populate(history)
    before = H.export_history(history)
    monkeypatch.setattr(C, "MAX_BACKUP_BYTES", len(before) - 1)
    assert "Tệp sao lưu quá lớn" in _refused(history, before)
    monkeypatch.setattr(C, "MAX_BACKUP_BYTES", len(before))
    monkeypatch.setattr(C, "MAX_ROWS", 5)
    assert "quá nhiều dòng" in _refused(history, before)
    monkeypatch.setattr(C, "MAX_ROWS", 10**6)
    monkeypatch.setattr(C, "MAX_PERIODS", 3)
    assert "quá nhiều kỳ và bản cũ (4, tối đa 3)" in _refused(history, before)
    monkeypatch.setattr(C, "MAX_PERIODS", 10)
    monkeypatch.setattr(C, "MAX_TEXT", 5)
    assert "dài quá 5 ký tự" in _refused(history, before)
    assert H.export_history(history) == before


def test_an_empty_backup_is_refused_unless_allowed(history, tmp_path):
    with H.open_history(str(tmp_path / "empty.sqlite")) as empty:
        nothing = H.export_history(empty)
        H.import_history(empty, nothing)  # nothing to lose: no question
    populate(history)
    before = H.export_history(history)
    with pytest.raises(H.EmptyBackupError) as e:
        H.import_history(history, nothing)
    assert "(2 kỳ, 2 bản cũ giữ lại)" in e.value.message
    assert H.export_history(history) == before
    counts = H.import_history(history, nothing, allow_empty=True)
    assert counts["periods"] == 0 and H.list_periods(history).empty
    assert H.list_versions(history).empty


def _damage(h, sql):
    with h.engine.begin() as conn:
        conn.execute(text(sql))


@pytest.mark.parametrize("sql", [
    "UPDATE units SET sent = '12a' WHERE id = 1",
    "UPDATE periods SET period_start = 'hôm qua' WHERE period = '2021-03'",
])
def test_damaged_stored_rows_raise_history_error_and_are_named(sqlite_url, sql, tmp_path):
    # SQLite keeps text in an INTEGER column: what an import before this check let in
    with H.open_history(sqlite_url) as h:
        populate(h)
        good = H.export_history(h)
        _damage(h, sql)
        with pytest.raises(H.HistoryError, match="Lịch sử có dòng hỏng"):
            H.load_frame(h)
        if "periods" in sql:
            with pytest.raises(H.HistoryError, match="Lịch sử có dòng hỏng"):
                H.list_periods(h)
        problems = H.history_problems(h)
        assert len(problems) == 1 and ("“12a”" in problems[0] or "“hôm qua”" in problems[0])
        # the way back: a backup imports over the damaged rows
        H.import_history(h, good)
        assert H.history_problems(h) == []
        assert len(H.load_frame(h)) == 3
        # or the reset
        H.clear_history(h)
        assert H.list_periods(h).empty and H.export_history(h) != good


def test_a_missing_table_raises_history_error(history):
    populate(history)
    _damage(history, "DROP TABLE unit_versions")
    with pytest.raises(H.HistoryError, match="Không đọc được lịch sử"):
        H.list_versions(history)


# --- the command line ---------------------------------------------------------------------------

def _cli(argv, capsys):
    from analysis.cli import main

    rc = main(argv)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_cli_backup_and_restore(db_url, tmp_path, capsys):
    with H.open_history(db_url) as h:
        populate(h)
        before = H.export_history(h)
    out = tmp_path / "sao_luu.json"
    rc, stdout, err = _cli(["backup", "--out", str(out), "--db", db_url], capsys)
    assert rc == 0 and err == "" and stdout.startswith("Đã ghi bản sao lưu")
    assert out.read_bytes() == before
    other = str(tmp_path / "other.sqlite")
    rc, stdout, err = _cli(["restore", str(out), "--db", other], capsys)
    assert rc == 0, err
    assert stdout == f"Đã khôi phục lịch sử từ {out.name}: 2 kỳ, 3 dòng đơn vị, 2 bản cũ.\n"
    with H.open_history(other) as h:
        assert H.export_history(h) == before

    # a bad backup: exit 2, one Vietnamese line, the history untouched
    bad = json.loads(before)
    _set(bad, "units", "sent", "12a")
    _set(bad, "units", "received", 1.5, row=1)
    bad_file = tmp_path / "hong.json"
    bad_file.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    rc, stdout, err = _cli(["restore", str(bad_file), "--db", db_url], capsys)
    assert rc == 2 and stdout == "" and err.count("\n") == 1
    assert err.startswith("hong.json: Tệp sao lưu không hợp lệ")
    assert "số văn bản gửi đi “12a” không phải số nguyên không âm; " in err
    assert "số văn bản đến 1.5 không phải số nguyên không âm" in err
    # an empty backup: refused without --allow-empty
    empty_file = tmp_path / "rong.json"
    with H.open_history(str(tmp_path / "blank.sqlite")) as blank:
        empty_file.write_bytes(H.export_history(blank))
    rc, _, err = _cli(["restore", str(empty_file), "--db", db_url], capsys)
    assert rc == 2 and err.count("\n") == 1 and "--allow-empty" in err
    with H.open_history(db_url) as h:
        assert H.export_history(h) == before
    rc, stdout, _ = _cli(["restore", str(empty_file), "--db", db_url, "--allow-empty"], capsys)
    assert rc == 0 and ": 0 kỳ, 0 dòng đơn vị, 0 bản cũ." in stdout
    # a file that is not there, a folder that cannot be written
    rc, _, err = _cli(["restore", str(tmp_path / "none.json"), "--db", db_url], capsys)
    assert (rc, err) == (2, "none.json: không tìm thấy tệp\n")
    rc, _, err = _cli(["backup", "--out", str(tmp_path / "no" / "x.json"), "--db", db_url],
                      capsys)
    assert rc == 2 and err.startswith("Không ghi được") and err.count("\n") == 1


def test_a_quarter_and_an_older_schema_pass(tmp_path):
    from datetime import date

    from tests.store.sample import frame

    with H.open_history(str(tmp_path / "q.sqlite")) as h:
        H.store_frame(h, frame(period=("2021-01-01/2021-03-31", date(2021, 1, 1),
                                       date(2021, 3, 31)), n=2))
        doc = _doc(h)
    # a backup of schema 1 had no district, signed_agency, source, note: still readable
    doc["schema_version"] = 1
    for table, col in (("units", "district"), ("units", "signed_agency"), ("uploads", "note")):
        part = doc["tables"][table]
        i = part["columns"].index(col)
        part["columns"].pop(i)
        for r in part["rows"]:
            r.pop(i)
    checked = H.check_backup(json.dumps(doc).encode())
    assert checked.periods == 1 and checked.units == 2
    assert checked.rows["periods"][0]["period"] == "2021-01-01/2021-03-31"
    # the code of a quarter that does not match its dates
    doc["tables"]["periods"]["rows"][0][0] = "2021-01-01/2021-03-30"
    with pytest.raises(H.HistoryError, match="mã kỳ không khớp với ngày 2021-01-01 – 2021-03-31"):
        H.check_backup(json.dumps(doc).encode())

"""The command line's use of the history: `store`, `--db`, `load_history_frame` (SQLite)."""
from __future__ import annotations

import json

import pytest

import analysis.store as H
from tests.store.sample import frame, month

pytestmark = pytest.mark.slow  # each test runs the command line in a child process


def write_csv(path, title, rows, header=("STT", "Tên cơ quan, đơn vị", "Văn bản đi",
                                         "Số văn bản ký số")):
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow([title])
        w.writerow([])
        w.writerow(list(header))
        for r in rows:
            w.writerow(r)
    return str(path)


UNITS_T3 = [[1, "Phòng Nội vụ", 20, 19], [2, "UBND xã Sơn Hà", 12, 12],
            [3, "UBND xã Trung Tiến", 10, 5]]


def run_cli(argv, capsys):
    from analysis.cli import main

    rc = main(argv)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_cli_store_then_again_replaces(tmp_path, capsys):
    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    t4 = write_csv(tmp_path / "t4.csv", "KẾT QUẢ KÝ SỐ THÁNG 4/2021", UNITS_T3[:2])
    db = str(tmp_path / "h.sqlite")
    rc, out, err = run_cli(["store", t3, t4, "--db", db], capsys)
    assert rc == 0, err
    assert "Đã lưu 2 kỳ" in out and "5 dòng đơn vị" in out
    t3b = write_csv(tmp_path / "t3-sua.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3[:1])
    rc, out, err = run_cli(["store", t3b, "--db", db, "--json"], capsys)
    assert rc == 0 and json.loads(out)["replaced"] == ["2021-03"]
    with H.open_history(db) as h:
        lp = H.list_periods(h)
        assert list(lp["period"]) == ["2021-03", "2021-04"] and list(lp["units"]) == [1, 2]
        assert lp["sources"].iat[0] == "t3-sua.csv"
        got = H.load_frame(h)
        assert list(got["unit"]) == ["Phòng Nội vụ", "Phòng Nội vụ", "UBND xã Sơn Hà"]
        assert list(got["signed"]) == [19, 19, 12]
        assert list(got["row"]) == [4, 4, 5]


def test_cli_store_refuses_without_touching_the_history(tmp_path, capsys):
    db = str(tmp_path / "h.sqlite")
    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    assert run_cli(["store", t3, "--db", db], capsys)[0] == 0
    with H.open_history(db) as h:
        before = H.export_history(h)
    no_period = write_csv(tmp_path / "nop.csv", "KẾT QUẢ KÝ SỐ", UNITS_T3)
    t4 = write_csv(tmp_path / "t4.csv", "KẾT QUẢ KÝ SỐ THÁNG 4/2021", UNITS_T3)
    rc, out, err = run_cli(["store", no_period, "--db", db], capsys)
    assert rc == 2 and "chưa rõ kỳ báo cáo" in err and "giữ nguyên" in err
    rc, out, err = run_cli(["store", t4, str(tmp_path / "missing.xlsx"), "--db", db], capsys)
    assert rc == 2 and "missing.xlsx: không tìm thấy tệp" in err and "Traceback" not in err
    rc, out, err = run_cli(["store", t4, "--db", db, "--period", "tháng ba"], capsys)
    assert rc == 2 and "Kỳ báo cáo không hợp lệ" in err
    with H.open_history(db) as h:
        assert H.export_history(h) == before
    # --period gives the period to sheets that have none
    rc, out, err = run_cli(["store", no_period, "--db", db, "--period", "2021-05"], capsys)
    assert rc == 0 and "Tháng 5/2021" in out


def test_cli_store_reuses_a_saved_column_mapping(tmp_path, capsys):
    from analysis.reading.parse import parse_file

    odd = write_csv(tmp_path / "t5.csv", "KẾT QUẢ THÁNG 5/2021",
                    [[1, "Phòng Nội vụ", 20, 19], [2, "UBND xã Sơn Hà", 12, 11]],
                    header=("STT", "Tên cơ quan, đơn vị", "Văn bản đi", "Cột Y"))
    sheets = parse_file(odd).sheets + parse_file(odd).skipped_sheets
    layout = sheets[0].layout
    assert layout
    db = str(tmp_path / "h.sqlite")
    with H.open_history(db) as h:
        H.save_column_mapping(h, layout, {"unit": 1, "sent": 2, "signed": 3})
        assert H.saved_column_overrides(h, parse_file(odd)) == {
            sheets[0].sheet: {"unit": 1, "sent": 2, "signed": 3}}
    rc, out, err = run_cli(["store", odd, "--db", db], capsys)
    assert rc == 0, err
    with H.open_history(db) as h:
        got = H.load_frame(h)
    assert list(got["signed"]) == [19, 11] and list(got["sent"]) == [20, 12]


def test_cli_store_reports_an_unusable_database(tmp_path, capsys):
    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 200)
    rc, out, err = run_cli(["store", t3, "--db", str(junk)], capsys)
    assert rc == 2 and "Không mở được cơ sở dữ liệu" in err and "sqlalche.me" not in err


def test_load_history_frame_with_and_without_files(tmp_path):
    from analysis.cli import load_history_frame

    db = str(tmp_path / "h.sqlite")
    with H.open_history(db) as h:
        H.store_frame(h, frame(period=month(2021, 1), n=2))
        H.store_frame(h, frame(period=month(2021, 2), n=2))
        H.set_block_override(h, "xã so 0", "other")
    code, only = load_history_frame(db)
    assert code == "2021-02"
    assert list(only["period"]) == ["2021-01"] * 2 + ["2021-02"] * 2
    assert list(only["block"][:2]) == ["other", "commune"]
    code, plus = load_history_frame(db, frame(period=month(2021, 2), n=3, file="new.xlsx"))
    assert list(plus["period"]) == ["2021-01"] * 2 + ["2021-02"] * 3
    assert set(plus.loc[plus["period"] == "2021-02", "file"]) == {"new.xlsx"}
    # only what the figures of a period need: January's figures do not read February
    code, jan = load_history_frame(db, None, "2021-01")
    assert code == "2021-01" and set(jan["period"]) == {"2021-01"}


def test_python_m_analysis_store_runs(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    root = Path(__file__).resolve().parents[2]
    res = subprocess.run([sys.executable, "-m", "analysis", "store", t3, "--db",
                          "sqlite:///" + str(tmp_path / "h.sqlite")],
                         cwd=root, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Tháng 3/2021" in res.stdout


def test_cli_workspace_option(tmp_path, capsys):
    """`--workspace NAME` on store, summarize, export, draft, backup, restore; without it the
    default workspace."""
    t3 = write_csv(tmp_path / "t3.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3)
    t3b = write_csv(tmp_path / "t3b.csv", "KẾT QUẢ KÝ SỐ THÁNG 3/2021", UNITS_T3[:1])
    db = str(tmp_path / "h.sqlite")
    rc, out, err = run_cli(["store", t3, "--db", db, "--workspace", "UBND huyện Quan Sơn"],
                           capsys)
    assert rc == 0, err
    rc, out, err = run_cli(["store", t3b, "--db", db], capsys)  # the default workspace
    assert rc == 0, err
    rc, out, err = run_cli(["summarize", "--db", db, "--workspace", "ubnd huyện quan sơn",
                            "--json"], capsys)
    assert rc == 0, err
    assert sorted(u["unit"] for u in json.loads(out)["units"]) == [
        "Phòng Nội vụ", "UBND xã Sơn Hà", "UBND xã Trung Tiến"]
    rc, out, err = run_cli(["summarize", "--db", db, "--json"], capsys)
    assert rc == 0 and [u["unit"] for u in json.loads(out)["units"]] == ["Phòng Nội vụ"]
    rc, out, err = run_cli(["draft", "--db", db, "--workspace", "Không có"], capsys)
    assert rc == 2 and "Không có không gian làm việc «Không có»" in err
    assert "Traceback" not in err
    xlsx = tmp_path / "qs.xlsx"
    rc, out, err = run_cli(["export", "--db", db, "--workspace", "UBND huyện Quan Sơn",
                            "--out", str(xlsx)], capsys)
    assert rc == 0 and "3 đơn vị" in out and xlsx.stat().st_size > 0
    backup = tmp_path / "qs.json"
    rc, out, err = run_cli(["backup", "--db", db, "--workspace", "UBND huyện Quan Sơn",
                            "--out", str(backup)], capsys)
    assert rc == 0, err
    rc, out, err = run_cli(["restore", str(backup), "--db", db, "--workspace", "Bản sao"],
                           capsys)
    assert rc == 0 and "3 dòng đơn vị" in out
    with H.open_history(db, "Bản sao") as h:
        assert len(H.load_frame(h)) == 3
    with H.open_history(db) as h:
        assert len(H.load_frame(h)) == 1

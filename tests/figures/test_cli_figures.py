"""`python -m analysis summarize|export|draft` end to end over the sample workbooks."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.slow  # each test runs the command line in a child process

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_uploads" / "tuan_giao_2020_12.xlsx"
EXPECTED = ROOT / "sample_uploads" / "tuan_giao_expected.json"
needs_sample = pytest.mark.skipif(not (SAMPLE.exists() and EXPECTED.exists()),
                                  reason="sample_uploads/tuan_giao_* not generated")


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env} if env else None)


@needs_sample
def test_summarize_reproduces_seed000_month_and_year_to_date():
    r = run("summarize", SAMPLE, "--json", "--target", "80")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert out["period"] == {"start": "2020-11-01", "end": "2020-11-30"}
    assert out["metric"] == "signed" and out["target"] == 80
    assert out["missing_months"] == []
    got = {u["unit"]: u for u in out["units"]}
    assert len(got) == len(expected["units"]) == 37
    for e in expected["units"]:
        u = got[e["unit"]]
        assert u["block"] == e["block"], e["unit"]
        assert (u["sent"], u["signed"]) == (e["month_sent"], e["month_signed"]), e["unit"]
        assert (u["ytd_sent"], u["ytd_signed"]) == (e["ytd_sent"], e["ytd_signed"]), e["unit"]
        assert round(u["rate"], 2) == e["month_rate"], e["unit"]
        assert round(u["ytd_rate"], 2) == e["ytd_rate"], e["unit"]
    vhtt = got["Phòng Văn hóa và Thông tin"]
    assert round(vhtt["rate"], 2) == 95.45 and round(vhtt["ytd_rate"], 2) == 47.62
    # block and total rates are ratios of sums
    for b in out["blocks"] + [out["total"]]:
        units = [u for u in out["units"] if b["block"] is None or u["block"] == b["block"]]
        assert b["units"] == len(units)
        assert b["sent"] == sum(u["sent"] for u in units)
        assert b["signed"] == sum(u["signed"] for u in units)
        assert b["rate"] == pytest.approx(100 * b["signed"] / b["sent"])
        assert b["ytd_rate"] == pytest.approx(
            100 * sum(u["ytd_signed"] for u in units) / sum(u["ytd_sent"] for u in units))
        assert b["meeting_target"] == sum(u["status"] == "meets_target" for u in units)
    assert [b["block"] for b in out["blocks"]] == ["department", "service_unit", "commune"]
    assert out["new_units"] == [] and out["missing_units"] == []


@needs_sample
def test_summarize_earlier_month_and_text_output():
    r = run("summarize", SAMPLE, "--json", "--period", "2020-03")
    out = json.loads(r.stdout)
    assert out["period"]["start"] == "2020-03-01" and out["missing_months"] == []
    assert all(u["prev_rate"] is not None or u["status"] == "no_documents" for u in out["units"])
    r = run("summarize", SAMPLE, "--target", "80")
    assert r.returncode == 0
    assert "Kỳ báo cáo: tháng 11/2020" in r.stdout and "95,45%" in r.stdout and "47,62%" in r.stdout


@needs_sample
def test_export_and_draft(tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    r = run("export", SAMPLE, "--target", "80", "--out", out)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng quan theo khối", "Tất cả đơn vị", "Đơn vị chưa đạt", "Phụ lục",
                             "Cảnh báo dữ liệu"]
    names = [r[1] for r in wb["Tất cả đơn vị"].iter_rows(min_row=5, values_only=True)]
    assert len(names) == 37 and "Phòng Văn hóa và Thông tin" in names
    docx_path = tmp_path / "du_thao.docx"
    r = run("draft", SAMPLE, "--target", "80", "--docx", docx_path)
    assert r.returncode == 0, r.stderr
    assert "Phòng Văn hóa và Thông tin (95,45%)" in r.stdout
    assert "Phòng Văn hóa và Thông tin (47,62%)" in r.stdout
    zero = "+ Các xã chưa ký số (0%): "
    zero_lines = [line.split(zero)[1].rstrip(".")
                  for line in r.stdout.splitlines() if line.startswith(zero)]
    assert len(zero_lines) == 2  # the month, the year to date
    assert set(zero_lines[1].split(", ")) == {"Mường Khong", "Quài Tở", "Phình Sáng"}
    assert len(zero_lines[0].split(", ")) == 10
    import docx
    d = docx.Document(io.BytesIO(docx_path.read_bytes()))
    # the header, the signature and the appendix
    assert len(d.tables) == 3 and d.tables[-1].rows[-1].cells[1].text == "Tổng cộng"


@needs_sample
def test_draft_office_and_level(tmp_path):
    r = run("draft", SAMPLE, "--target", "80", "--office", "UBND huyện Tuần Giáo")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO", "Số:       /UBND-VHTT"]
    assert "Tuần Giáo, ngày        tháng 12 năm 2020" in lines
    assert lines[-4:-2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    r = run("draft", SAMPLE, "--target", "80", "--level", "province")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # data of 2020: the Sở Thông tin và Truyền thông, the districts among the recipients
    assert lines[:2] == ["UBND TỈNH ……", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]
    assert "- UBND các huyện, thị xã, thành phố." in lines
    r = run("draft", SAMPLE, "--level", "county")
    assert r.returncode == 2 and "invalid choice" in r.stderr


@needs_sample
def test_draft_reads_the_profile_of_the_workspace(tmp_path):
    from analysis.profile import from_office
    from analysis.store import open_history, set_workspace_setting

    db = tmp_path / "h.sqlite"
    r = run("store", SAMPLE, "--db", db, "--workspace", "tuan_giao")
    assert r.returncode == 0, r.stderr
    p = from_office("UBND huyện Tuần Giáo")
    p.signer_name, p.symbol, p.high = "Vũ Văn Đức", "UBND-VP", 60.0
    with open_history(str(db), "tuan_giao") as h:
        set_workspace_setting(h, "office_profile", p.to_dict())
    r = run("draft", "--db", db, "--workspace", "tuan_giao", "--target", "80",
            "--office", "UBND huyện Khác")  # a stored profile wins over --office
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO", "Số:       /UBND-VP"]
    assert lines[-1] == "Vũ Văn Đức"
    assert any(x.endswith("Mường Mùn (71,43%); Chiềng Đông (70,83%); Mường Thín (60%).")
               for x in lines)  # the profile's "high" threshold (60%)
    # the profile's target when --target is not given
    p.target = 80.0
    with open_history(str(db), "tuan_giao") as h:
        set_workspace_setting(h, "office_profile", p.to_dict())
    r = run("draft", "--db", db, "--workspace", "tuan_giao")
    assert r.returncode == 0, r.stderr
    assert "(chỉ tiêu: tối thiểu 80% văn bản phát hành được ký số)" in r.stdout
    r = run("draft", "--db", db, "--workspace", "tuan_giao", "--target", "90")
    assert "(chỉ tiêu: tối thiểu 90% văn bản phát hành được ký số)" in r.stdout
    r = run("draft", "--db", db, "--workspace", "khong_co")
    assert r.returncode == 2 and "Traceback" not in r.stderr


@needs_sample
def test_draft_pdf_without_soffice_says_so(tmp_path):
    out = tmp_path / "cv.pdf"
    r = run("draft", SAMPLE, "--pdf", out, env={"KYSO_SOFFICE": "/nonexistent/soffice"})
    assert r.returncode == 2 and not out.exists()
    assert r.stderr.strip().startswith("Không tạo được PDF: máy này chưa cài LibreOffice")
    assert "Traceback" not in r.stderr


@needs_sample
def test_user_errors_exit_2_with_one_vietnamese_line(tmp_path):
    r = run("summarize", SAMPLE, "--period", "2021-01")
    assert r.returncode == 2 and "Không có số liệu kỳ 2021-01" in r.stderr
    assert "Traceback" not in r.stderr
    r = run("summarize", SAMPLE, "--metric", "signed_leader")
    assert r.returncode == 2 and "signed_leader" in r.stderr and "Traceback" not in r.stderr
    r = run("summarize", SAMPLE, "--period", "tháng 3")
    assert r.returncode == 2 and "không hợp lệ" in r.stderr


def test_missing_file_and_no_file():
    r = run("summarize", "khong_co.xlsx")
    assert r.returncode == 2 and r.stderr.strip() == "khong_co.xlsx: không tìm thấy tệp"
    r = run("draft")
    assert r.returncode == 2 and "ít nhất một tệp" in r.stderr


@needs_sample
def test_summarize_from_the_history_equals_summarize_from_the_file(tmp_path):
    db = tmp_path / "h.sqlite"
    r = run("store", SAMPLE, "--db", db)
    assert r.returncode == 0, r.stderr
    from_db = run("summarize", "--db", db, "--json", "--target", "80")
    from_file = run("summarize", SAMPLE, "--json", "--target", "80")
    assert from_db.returncode == 0, from_db.stderr
    assert json.loads(from_db.stdout) == json.loads(from_file.stdout)

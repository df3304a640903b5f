"""The sample workbooks a new user opens first read cleanly, with the facts their sources state."""
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from analysis.reading.parse import parse_file

SAMPLES = Path(__file__).resolve().parents[2] / "sample_uploads"


def test_province_twelve_months_districts_and_name_variants_are_one_unit():
    r = parse_file(SAMPLES / "tinh_2021_province.xlsx")
    assert [s.sheet for s in r.sheets] == [f"T{m:02d}-2021" for m in range(1, 13)]
    assert [s.period.start for s in r.sheets] == [date(2021, m, 1) for m in range(1, 13)]
    assert [len(s.units) for s in r.sheets] == [109] * 7 + [110] * 5
    keys = [{u.key for u in s.units} for s in r.sheets]
    # "Xã Sơn Hà"/"UBND xã Sơn Hà", Thủy/Thuỷ, NFD, stray spaces: one key each all year
    assert len(set.union(*keys)) == 110
    only_some = sorted(k for k in set.union(*keys) if sum(k in ks for ks in keys) < 12)
    assert only_some == ["quan sơn/xã trung hạ", "trung tâm phục vụ hành chính công tỉnh"]
    july = r.sheets[6]
    districts = {u.district for u in july.units}
    assert districts == {None, "Huyện Quan Sơn", "Huyện Cẩm Thủy", "Huyện Bá Thước",
                         "Huyện Lang Chánh",
                         "Huyện Mường Lát"}
    assert {u.block for u in july.units if u.district is None} == {"provincial_department"}
    assert not [w for s in r.sheets for w in s.warnings]
    april = r.sheets[3]
    # the header repeated after a page break
    assert sum(1 for x in april.skipped_rows if x.kind == "header") == 4


def test_tuan_giao_sheets_take_their_month_from_the_sheet_name_without_conflict():
    r = parse_file(SAMPLES / "tuan_giao_2020_12.xlsx")
    assert [s.period.start.month for s in r.sheets] == list(range(1, 12))
    assert [w.code for s in r.sheets for w in s.warnings] == []
    expected = json.loads((SAMPLES / "tuan_giao_expected.json").read_text(encoding="utf-8"))
    units = expected["units"] if isinstance(expected, dict) else expected
    assert len(r.sheets[-1].units) == 37 == len(units)


def test_cli_parse_json_contract_and_exit_codes():
    out = subprocess.run([sys.executable, "-m", "analysis", "parse",
                          str(SAMPLES / "quan_son_2021_03.xlsx"), "--json"],
                         capture_output=True, text=True, cwd=SAMPLES.parent)
    assert out.returncode == 0
    doc = json.loads(out.stdout)
    assert doc["file"] == "quan_son_2021_03.xlsx" and doc["skipped_sheets"] == []
    sheet = doc["sheets"][0]
    assert sheet["period"] == {"start": "2021-03-01", "end": "2021-03-31"}
    assert set(sheet["units"][0]) == {"unit", "key", "block", "district", "row", "received",
                                      "sent", "signed",
                                      "signed_leader", "signed_agency"}
    dien = next(u for u in sheet["units"] if u["unit"] == "Xã Sơn Điện")
    assert dien["signed_leader"] == 54 and dien["sent"] == 56 and dien["signed"] is None
    assert [(w["code"], w["row"]) for w in sheet["warnings"]] == [("rate_mismatch", dien["row"])]
    assert {"row", "kind"} == set(sheet["skipped_rows"][0])

    ods = subprocess.run([sys.executable, "-m", "analysis", "parse",
                          str(SAMPLES / "quan_son_2020_08.ods")],
                         capture_output=True, text=True, cwd=SAMPLES.parent)
    assert ods.returncode == 2
    assert ods.stderr.count("\n") == 1 and "Traceback" not in ods.stderr
    assert ods.stderr.startswith("quan_son_2020_08.ods:")
    assert "thiếu cột văn bản gửi đi" in ods.stderr


def test_seed004_kind_of_table_is_skipped_with_its_columns_for_a_manual_mapping():
    r = parse_file(SAMPLES / "quan_son_2020_08.ods")
    assert r.sheets == []
    (sk,) = r.skipped_sheets
    # "Chủ tịch | Phó Chủ tịch" under the group
    assert sk.sheet == "Phụ lục" and sk.header_rows == [4, 5]
    assert sk.columns == {"unit": 1, "signed": 2}
    assert sk.headers[3] == "VB có ký số Phó Chủ tịch"
    assert sk.headers[4] == "VB trình ký đúng quy trình"
    chosen = parse_file(SAMPLES / "quan_son_2020_08.ods",
                        {"columns": {"Phụ lục": {"unit": 1, "sent": 4, "signed": 2}}}).sheets[0]
    assert len(chosen.units) == 12 and chosen.units[0].unit == "UBND Xã Tam Thanh"
    assert (chosen.units[0].sent, chosen.units[0].signed, chosen.units[0].row) == (46, 22, 6)

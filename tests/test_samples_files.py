"""The sample workbooks: the script runs, is deterministic, and writes the seeds' tables."""

from __future__ import annotations

import csv
import importlib.util
import inspect
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

pytestmark = pytest.mark.slow  # the sample script runs in a child process

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "sample_uploads" / "make_samples.py"
FILES = [
    "tuan_giao_2020_12.xlsx",
    "tuan_giao_expected.json",
    "yen_chau_quy1_2021.xlsx",
    "yen_chau_quy1_2021.csv",
    "quan_son_2021_03.xlsx",
    "cam_thuy_2022_05.xlsx",
    "quan_son_2020_08.ods",
    "tinh_2021_province.xlsx",
]


def _load_module():
    spec = importlib.util.spec_from_file_location("make_samples", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ms = _load_module()


def _run(out: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)], check=True, capture_output=True, cwd=ROOT
    )


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("samples")
    _run(d)
    return d


def _rows(path: Path, sheet: str):
    return (
        CalamineWorkbook.from_path(str(path))
        .get_sheet_by_name(sheet)
        .to_python(skip_empty_area=False)
    )


def _int(v) -> int:
    if isinstance(v, str):
        return int(v.replace(".", "")) if v.strip() else 0
    return int(v)


def _rate(v):
    """A printed rate cell -> Decimal percent, or None when empty."""
    if isinstance(v, str):
        s = v.replace("%", "").strip().replace(",", ".")
        return Decimal(s).quantize(Decimal("0.01")) if s else None
    return Decimal(str(v)).quantize(Decimal("0.01"))


def test_all_files_written(out):
    for name in FILES:
        assert (out / name).stat().st_size > 0, name


def test_deterministic_and_committed_copies_current(out, tmp_path):
    _run(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
        committed = ROOT / "sample_uploads" / name
        if committed.exists():
            assert committed.read_bytes() == (out / name).read_bytes(), (
                f"{name} is stale: run `make samples`"
            )


# --- 1. Tuần Giáo -------------------------------------------------------------------------------


def _tg_sheet_units(path, sheet):
    units = {}
    for r in _rows(path, sheet):
        if isinstance(r[0], float) and isinstance(r[1], str):
            units[r[1]] = (_int(r[2]), _int(r[3]), _int(r[4]), _rate(r[5]) if r[5] != "" else None)
    return units


def test_tuan_giao_reproduces_seed_rates(out):
    path = out / "tuan_giao_2020_12.xlsx"
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == [f"T{m:02d}-2020" for m in range(1, 12)]
    expected = json.loads((out / "tuan_giao_expected.json").read_text(encoding="utf-8"))
    assert len(expected["units"]) == 37
    months = [_tg_sheet_units(path, s) for s in wb.sheet_names]
    for u in expected["units"]:
        name = u["unit"]
        sent = sum(m[name][1] for m in months)
        signed = sum(m[name][2] for m in months)
        assert ms.rate2(signed, sent) == Decimal(str(u["ytd_rate"])).quantize(Decimal("0.01")), name
        rec, n, s, printed = months[-1][name]
        assert ms.rate2(s, n) == Decimal(str(u["month_rate"])).quantize(Decimal("0.01")), name
        assert (n, s, sent, signed) == (
            u["month_sent"],
            u["month_signed"],
            u["ytd_sent"],
            u["ytd_signed"],
        )
        for m in months:  # printed rates are right in every sheet
            assert m[name][3] == ms.rate2(m[name][2], m[name][1]), name
    nov = _rows(path, "T11-2020")
    assert nov[4][0] == "Tháng 11 năm 2020"
    vhtt = next(r for r in nov if r[1] == "Phòng Văn hóa và Thông tin")
    assert (vhtt[3], vhtt[4], vhtt[5]) == (22.0, 21.0, "95,45")
    assert isinstance(next(r for r in _rows(path, "T01-2020") if r[1] == "Phòng Nội vụ")[5], float)
    total = nov[-1]
    assert total[0] == "Tổng cộng"
    assert total[3] == sum(m[1] for m in months[-1].values())
    sections = [r[0] for r in nov if isinstance(r[0], str) and r[0].startswith(("I.", "II", "III"))]
    assert sections == [
        "I. Khối các phòng chuyên môn",
        "II. Khối các đơn vị sự nghiệp",
        "III. Khối UBND cấp xã",
    ]


def test_tuan_giao_expected_json_matches_seed_text(out):
    exp = json.loads((out / "tuan_giao_expected.json").read_text(encoding="utf-8"))
    by_seed = {u["seed_name"]: u for u in exp["units"]}
    assert (by_seed["VHTT"]["month_rate"], by_seed["VHTT"]["ytd_rate"]) == (95.45, 47.62)
    assert (by_seed["Mường Mùn"]["month_rate"], by_seed["Mường Mùn"]["ytd_rate"]) == (71.43, 82.86)
    assert (by_seed["Thanh tra"]["month_rate"], by_seed["Thanh tra"]["ytd_rate"]) == (0, 16.67)
    assert by_seed["Thị Trấn"]["unit"] == "UBND thị trấn Tuần Giáo"


# --- 2, 6. Yên Châu -----------------------------------------------------------------------------


def test_yen_chau_xlsx(out):
    path = out / "yen_chau_quy1_2021.xlsx"
    assert CalamineWorkbook.from_path(str(path)).sheet_names == ["Quy I-2021"]
    rows = _rows(path, "Quy I-2021")
    assert rows[0][0] == "TỔNG HỢP VĂN BẢN KÝ SỐ (TỪ NGÀY 01/01/2021 - 31/3/2021)"
    headers = [i for i, r in enumerate(rows) if r[0] == "STT"]
    assert len(headers) == 2 and rows[headers[1] - 1][1] == "UBND thị trấn"
    units = [r for r in rows if isinstance(r[0], float)]
    assert len(units) == 29
    assert [r[:2] for r in rows if r[0] in ("I", "II")] == [
        ["I", "Các cơ quan, đơn vị trực thuộc"],
        ["II", "Các xã, thị trấn"],
    ]
    by_name = {r[1]: r for r in units}
    assert by_name["Phòng Tài chính - Kế hoạch"][2:] == [30.0, 4.0, "13,33"]
    assert by_name["UBND xã Tú Nang"][2:] == [236.0, 235.0, "99,58"]
    assert by_name["UBND xã Chiềng Hặc"][2:] == [0.0, 0.0, "0"]
    zero = [r[1] for r in units if r[3] == 0]
    assert zero == [
        "Phòng Kinh tế và Hạ tầng",
        "Thanh tra",
        "Ban quản lý dự án đầu tư xây dựng",
        "UBND xã Chiềng Đông",
        "UBND xã Sấp Vạt",
        "UBND xã Chiềng Hặc",
        "UBND xã Mường Lựm",
        "UBND xã Chiềng On",
    ]
    assert by_name["UBND xã Yên Sơn"][0] == 15.0  # numbering restarts in section II


def test_yen_chau_csv(out):
    data = (out / "yen_chau_quy1_2021.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["TỔNG HỢP VĂN BẢN KÝ SỐ (TỪ NGÀY 01/01/2021 - 31/3/2021)"]
    assert rows[1][1] == "Tên cơ quan, đơn vị; UBND các xã, thị trấn"
    units = [r for r in rows[2:] if r[0].isdigit()]
    assert len(units) == 29
    assert units[1] == ["2", "Phòng Tài chính - Kế hoạch", "30", "4", "13,33"]


# --- 3. Quan Sơn 3/2021 -------------------------------------------------------------------------


def test_quan_son_2021(out):
    path = out / "quan_son_2021_03.xlsx"
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Tháng 3")
    rows = sheet.to_python(skip_empty_area=False)
    merged = {(a, b) for a, b in sheet.merged_cell_ranges}
    assert ((3, 3), (3, 4)) in merged and ((3, 5), (3, 6)) in merged and ((3, 0), (4, 0)) in merged
    assert rows[3][3] == "Văn bản đi có ký số của lãnh đạo" and rows[4][3:7] == [
        "Số lượng",
        "Tỷ lệ",
        "Số lượng",
        "Tỷ lệ",
    ]
    units = [r for r in rows if isinstance(r[0], float)]
    assert len(units) == 14
    son_dien = next(r for r in units if r[1] == "Xã Sơn Điện")
    assert son_dien[2:7] == [56.0, 54.0, "96.34%", 56.0, "100%"]  # the seed's own slip
    assert next(r for r in units if r[1] == "Thị trấn Sơn Lư")[4] == "98.89%"


# --- 4. Cẩm Thủy 5/2022 -------------------------------------------------------------------------


def test_cam_thuy(out):
    rows = _rows(out / "cam_thuy_2022_05.xlsx", "Sheet1")
    assert any(r[0] == " Từ ngày: 01/05/2021 Đến ngày: 31/05/2021" for r in rows)
    numbering = next(r for r in rows if r[5] == "5=(4)/(3)")
    assert numbering[7] == "7=(6)/(3)"
    units = [r for r in rows if isinstance(r[0], float) and isinstance(r[1], str) and r[1]]
    assert len(units) == 17
    assert units[-1][1:8] == ["UBND xã Cẩm Phú", 201.0, 87.0, 87.0, "100 %", 86.0, "98.85 %"]
    assert rows[-1][:8] == ["Tổng", "", "3.563", "1.855", "1.855", "100 %", "1.854", "99.94 %"]
    assert sum(r[3] for r in units) == 1855 and sum(r[2] for r in units) == 3563


# --- 5. Quan Sơn 8/2020 (.ods) ------------------------------------------------------------------


def test_quan_son_2020_ods(out):
    wb = CalamineWorkbook.from_path(str(out / "quan_son_2020_08.ods"))
    assert wb.sheet_names == ["Phụ lục"]
    rows = wb.get_sheet_by_name("Phụ lục").to_python(skip_empty_area=False)
    assert rows[1][0].endswith("( từ ngày 01/8 - 14/8/2020)")
    assert rows[3][:3] == ["TT", "Đơn vị", "VB có ký số"]
    assert rows[4][2:4] == ["Chủ tịch", "Phó Chủ tịch"]
    units = [r for r in rows if isinstance(r[0], float)]
    assert len(units) == 12
    assert units[8][1:6] == ["UBND Xã Mường Mìn", 14.0, "", 13.0, 1.0]


# --- 7. The province workbook -------------------------------------------------------------------


def _check_province_sheet(rows):
    """Totals equal their units; printed rates are right. Returns the unit rows."""
    units, sub, total_all = [], None, [0, 0, 0, 0]
    for r in rows:
        name = r[1] if isinstance(r[1], str) else ""
        if isinstance(r[0], float):
            vals = [_int(r[c]) for c in (2, 3, 4, 6)]
            units.append(r)
            total_all = [a + b for a, b in zip(total_all, vals, strict=False)]
            if sub is not None:
                sub = [a + b for a, b in zip(sub, vals, strict=False)]
        elif name.startswith(("Huyện ", "Thị xã ", "Thành phố ")):
            sub = [0, 0, 0, 0]
        elif name.startswith("Cộng "):
            assert [_int(r[c]) for c in (2, 3, 4, 6)] == sub, name
            vals = sub
        elif r[0] == "Tổng cộng":
            assert [_int(r[c]) for c in (2, 3, 4, 6)] == total_all
        else:
            continue
        if isinstance(r[0], float) or name.startswith("Cộng ") or r[0] == "Tổng cộng":
            sent = _int(r[3])
            for sc, rc in ((4, 5), (6, 7)):
                assert _rate(r[rc]) == ms.rate2(_int(r[sc]), sent), (name, r)
                assert _int(r[sc]) <= sent
    assert rows[-1][0] == "Tổng cộng"
    return units


def test_province_workbook(out):
    path = out / "tinh_2021_province.xlsx"
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == [f"T{m:02d}-2021" for m in range(1, 13)]
    names_by_month = {}
    for m, sheet in enumerate(wb.sheet_names, start=1):
        rows = _rows(path, sheet)
        assert rows[3][0] == f"BÁO CÁO TỶ LỆ KÝ SỐ VĂN BẢN THÁNG {m:02d} NĂM 2021"
        units = _check_province_sheet(rows)
        assert 100 <= len(units) <= 120
        names_by_month[m] = [u[1] for u in units]
        headers = [i for i, r in enumerate(rows) if r[0] == "TT"]
        assert len(headers) == (2 if m == 4 else 1)
        assert any(r[1] == "Cộng huyện Quan Sơn" for r in rows)
        if m >= 7:
            assert isinstance(units[0][2], str) and isinstance(units[0][5], str)
        else:
            assert isinstance(units[0][2], float) and isinstance(units[0][5], float)
    assert "UBND xã Trung Hạ" not in names_by_month[7]
    assert "UBND xã Trung Hạ" in names_by_month[6] and "UBND xã Trung Hạ" in names_by_month[8]
    assert "Trung tâm Phục vụ hành chính công tỉnh" not in names_by_month[6]
    assert "Trung tâm Phục vụ hành chính công tỉnh" in names_by_month[7]
    assert "Xã Sơn Hà" in names_by_month[5] and "UBND xã Sơn Hà" in names_by_month[4]
    assert "UBND xã Sơn Thuỷ" in names_by_month[3] and "UBND xã Sơn Thủy" in names_by_month[4]
    # the totals rate improves over the year
    first = _rows(path, "T01-2021")[-1]
    last = _rows(path, "T12-2021")[-1]
    assert _rate(last[5]) > _rate(first[5])


def test_province_workbook_scales(tmp_path):
    params = inspect.signature(ms.province_workbook).parameters
    assert list(params)[:6] == [
        "path",
        "n_districts",
        "units_per_district",
        "months",
        "year",
        "seed",
    ]
    path = ms.province_workbook(
        tmp_path / "p.xlsx", n_districts=8, units_per_district=30, months=2, year=2022, seed=7
    )
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == ["T01-2022", "T02-2022"]
    units = _check_province_sheet(_rows(path, "T02-2022"))
    assert len(units) == 60 + 8 * 30  # n_provincial defaults to 60 beyond 5 districts

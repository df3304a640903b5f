"""The draft letter (seed 000's style), its .docx, and the Vietnamese number formatting."""
from __future__ import annotations

import io

import docx
import pytest

from analysis.figures import compute
from analysis.outputs.letter import draft_docx, draft_lines, draft_text, overall_line, short_name
from analysis.vn_format import fmt_int, fmt_pct, fmt_pp
from tests.support.frames import frame_from, seed000_records


@pytest.fixture(scope="module")
def seed000():
    return frame_from(seed000_records())


def test_vn_format():
    assert [fmt_pct(x) for x in (95.454545, 100.0, 13.793103, 0, 85.0, 30.30303, 0.6711)] == [
        "95,45%", "100%", "13,79%", "0%", "85%", "30,3%", "0,67%"]
    assert fmt_pct(None) == "—" and fmt_pct(float("nan")) == "—"
    assert fmt_pct(99.996) == "99,99%" and fmt_pct(0.001) == "0,01%"  # never a false 100% / 0%
    assert fmt_pct(96.425) == "96,43%"  # half up
    assert (fmt_int(1855), fmt_int(3563), fmt_int(1234567), fmt_int(0)) == ("1.855", "3.563",
                                                                            "1.234.567", "0")
    assert fmt_pp(2.5) == "+2,5 điểm %" and fmt_pp(-40) == "-40 điểm %" and fmt_pp(0) == "0 điểm %"


def test_short_names():
    assert short_name("UBND xã Tênh Phông", "commune") == "Tênh Phông"
    assert short_name("Xã Sơn Hà", "commune") == "Sơn Hà"
    assert short_name("UBND thị trấn Phong Sơn", "commune") == "Thị trấn Phong Sơn"
    assert short_name("UBND Thị trấn", "commune") == "Thị trấn"
    assert short_name("Phòng Nội vụ", "department") == "Phòng Nội vụ"


def test_seed000_letter_lists(seed000):
    lines = draft_lines(compute(seed000, target=80))
    ytd_head = "2. Kết quả lũy kế từ đầu năm (từ ngày 01/01/2020 đến ngày 30/11/2020):"
    assert lines[0] == "1. Kết quả tháng 11/2020 (từ ngày 01/11/2020 đến ngày 30/11/2020):"
    month = lines[:lines.index(ytd_head)]
    assert month[1] == "- Khối các phòng chuyên môn:"
    assert month[2] == (
        "+ Các phòng chuyên môn có tỷ lệ ký số cao: Phòng Nông nghiệp và PTNT (100%); "
        "Phòng Dân tộc (100%); Phòng Lao động - TBXH (100%); Phòng Văn hóa và Thông tin (95,45%); "
        "Phòng Kinh tế - Hạ tầng (93,94%); Phòng Tài chính - Kế hoạch (92,11%); "
        "Phòng Giáo dục và Đào tạo (90,77%); Văn phòng HĐND - UBND (86,85%); "
        "Phòng Tư pháp (83,33%).")
    # the low and the nothing-signed units on lines of their own: no "chưa ký số" twice
    assert month[3] == "+ Các phòng có tỷ lệ ký số thấp: Phòng Nội vụ (7,69%)."
    assert month[4] == ("+ Các phòng chưa ký số (0%): Phòng Tài nguyên - Môi trường, "
                        "Thanh tra huyện, Phòng Y tế.")
    assert month[9] == "- Khối UBND cấp xã:"
    assert month[10] == ("+ Các xã có tỷ lệ ký số cao: Tênh Phông (100%); Mùn Chung (96,88%); "
                         "Nà Sáy (93,75%); Pú Xi (85%); Quài Nưa (81,82%).")
    assert month[11] == ("+ Các xã có tỷ lệ ký số thấp: Mường Mùn (71,43%); Chiềng Đông "
                         "(70,83%); Mường Thín (60%); Thị trấn (13,79%).")
    # "chưa ký số (0%)" as in the other blocks, not seed 000's "có tỷ lệ ký số (0%)"
    assert month[12] == ("+ Các xã chưa ký số (0%): Mường Khong, Pú Nhung, Rạng Đông, Quài Cang, "
                         "Quài Tở, Ta Ma, Tỏa Tình, Nà Tòng, Phình Sáng, Chiềng Sinh.")
    assert not any("có tỷ lệ ký số (0%)" in line for line in lines)
    ytd = lines[lines.index(ytd_head):]
    assert ytd[2] == ("+ Các phòng chuyên môn có tỷ lệ ký số cao: "
                      "Phòng Kinh tế - Hạ tầng (91,38%); Phòng Tài chính - Kế hoạch (90,91%); "
                      "Phòng Nông nghiệp và PTNT (80,77%).")
    assert "Phòng Văn hóa và Thông tin (47,62%)" in ytd[3]
    assert ytd[3].index("(74,82%)") < ytd[3].index("(74,58%)")  # descending, unlike the seed's slip
    assert ytd[-3] == "+ Các xã chưa ký số (0%): Mường Khong, Quài Tở, Phình Sáng."
    assert lines[-2] == ("Tổng hợp chung: 9/13 phòng chuyên môn đạt tỷ lệ ký số từ 80% trở lên; "
                         "2/5 đơn vị sự nghiệp đạt tỷ lệ ký số từ 80% trở lên; 5/19 UBND cấp xã "
                         "đạt tỷ lệ ký số từ 80% trở lên; tỷ lệ ký số chung đạt 73,21% "
                         "(481/657 văn bản).")
    assert lines[-1] == "(Thống kê chi tiết trong phụ lục kèm theo)"


def test_high_threshold_moves_units_between_lists(seed000):
    text = draft_text(seed000, target=80, high=60)
    com = [line for line in text.split("\n") if line.startswith("+ Các xã có tỷ lệ ký số cao")][0]
    assert com.endswith("Chiềng Đông (70,83%); Mường Thín (60%).")  # seed 000's own cut


def test_overall_line_like_seed003():
    recs = [{"period": "2022-05", "unit": f"UBND xã Cẩm {n}", "block": "commune", "sent": 100,
             "signed_leader": 100, "signed_agency": 100} for n in "ABCDEFGHIJKLMNOPQ"]
    s = compute(frame_from(recs), metric="signed_leader")
    assert overall_line(s) == ("Tổng hợp chung: 17/17 UBND cấp xã đạt 100% ký số cá nhân; "
                               "tỷ lệ ký số cá nhân chung đạt 100% (1.700/1.700 văn bản).")


def test_incomplete_year_to_date_is_said():
    f = frame_from(seed000_records(skip_months=(3,)))
    text = draft_text(f, target=80)
    assert "- Chưa tổng hợp được lũy kế từ đầu năm: thiếu số liệu tháng 3/2020." in text
    assert "(47,62%)" not in text


def test_no_documents_and_docx(seed000):
    f = frame_from([
        {"period": "2021-03", "unit": "Xã Sơn Điện", "block": "commune", "sent": 56,
         "signed_leader": 54, "signed_agency": 56},
        {"period": "2021-03", "unit": "Xã Tam Lư", "block": "commune", "sent": 0,
         "signed_leader": 0, "signed_agency": 0},
    ])
    text = draft_text(f, metric="signed_agency")
    assert "+ Các xã có tỷ lệ ký số cơ quan cao: Sơn Điện (100%)." in text
    assert "+ Không có văn bản đi: Tam Lư." in text
    d = docx.Document(io.BytesIO(draft_docx(seed000, target=80)))
    body = "\n".join(p.text for p in d.paragraphs)
    assert "Phòng Văn hóa và Thông tin (95,45%)" in body and "PHỤ LỤC" in body
    t = d.tables[-1]  # the header, the signature, then the appendix
    assert [c.text for c in t.rows[0].cells] == ["TT", "Tên cơ quan, đơn vị", "Văn bản gửi đi",
                                                 "Văn bản ký số", "Văn bản ký số", "Ghi chú"]
    assert [c.text for c in t.rows[1].cells][3:5] == ["Số lượng", "Tỷ lệ"]
    assert [c.text for c in t.rows[2].cells][:2] == ["I", "Khối các phòng chuyên môn"]
    vhtt = [r for r in t.rows if r.cells[1].text == "Phòng Văn hóa và Thông tin"][0]
    assert [c.text for c in vhtt.cells][2:5] == ["22", "21", "95,45%"]
    assert [c.text for c in t.rows[-1].cells][1:5] == ["Tổng cộng", "657", "481", "73,21%"]
    assert len(t.rows) == 2 + 3 + 37 + 1
    assert d.sections[1].orientation == 1  # landscape appendix


def test_province_letter_groups_by_district_in_the_source_order():
    from pathlib import Path

    from analysis.frame import units_frame
    from analysis.reading.parse import parse_file

    path = Path(__file__).resolve().parents[2] / "sample_uploads" / "tinh_2021_province.xlsx"
    frame, _ = units_frame([parse_file(path)])
    lines = draft_lines(compute(frame, "2021-12", "signed_leader", 100))
    month = lines[:lines.index(next(x for x in lines if x.startswith("2. ")))]
    blocks = [x for x in month if x.startswith("- ")]
    # the source's order: Sở, ban, ngành; the districts; then each district's offices, units,
    # communes (not xã -> Sở -> huyện)
    assert blocks == ["- Sở, ban, ngành:", "- UBND cấp huyện:", "- Khối các phòng chuyên môn:",
                      "- Khối các đơn vị sự nghiệp:", "- Khối UBND cấp xã:"]
    communes = month[month.index("- Khối UBND cấp xã:"):]
    districts = [x for x in communes if x.startswith("* ")]
    assert districts == ["* Huyện Quan Sơn:", "* Huyện Cẩm Thủy:", "* Huyện Bá Thước:",
                         "* Huyện Lang Chánh:", "* Huyện Mường Lát:"]
    quan_son = communes[communes.index("* Huyện Quan Sơn:") + 1]
    assert quan_son.startswith("+ Các xã có tỷ lệ ký số cá nhân cao: Trung Tiến (100%); ")
    # names written the same way everywhere: never "– Huyện X" after some of them
    text = "\n".join(lines)
    assert "–" not in text
    assert text.count("Phòng Nội vụ (100%)") == 2  # Bá Thước's and Mường Lát's, each under its own
    assert "Phòng Tài chính - Kế hoạch (96,3%)" in text

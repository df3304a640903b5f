"""The whole letter as .docx, read back with python-docx: Nghị định 30/2020's layout (page,
margins, fonts and sizes, the two-column header, Kính gửi, the body, Nơi nhận, the signer) and
the appendix (landscape, repeated header rows, rows that never split, the wide name column),
for a district, a province and a commune profile."""
from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analysis.figures import compute
from analysis.frame import units_frame
from analysis.outputs.letter import compose, draft_docx, text_of
from analysis.outputs.letter_docx import letter_docx
from analysis.profile import from_office
from analysis.reading.parse import parse_file
from tests.support.frames import commune_2025_records, frame_from, seed000_records

ROOT = Path(__file__).resolve().parents[2]
EMU_TOLERANCE = Cm(0.01)


def _close(a, b) -> bool:
    return abs(int(a) - int(b)) <= int(EMU_TOLERANCE)


@pytest.fixture(scope="module")
def district():
    s = compute(frame_from(seed000_records()), target=80)
    p = from_office("UBND huyện Tuần Giáo", blocks=("department",), period_end=s.end)
    p.signer_name = "Vũ Văn Đức"
    return s, p


@pytest.fixture(scope="module")
def province():
    frame, _ = units_frame([parse_file(ROOT / "sample_uploads" / "tinh_2021_province.xlsx")])
    s = compute(frame, "2021-12", "signed_leader", 100)
    p = from_office("Sở Thông tin và Truyền thông tỉnh Thanh Hóa", period_end=s.end)
    return s, p


@pytest.fixture(scope="module")
def commune():
    s = compute(frame_from(commune_2025_records()), "2025-08", "signed_leader", 100)
    p = from_office("UBND xã Tuần Giáo", period_end=s.end)
    p.signer_authority, p.signer_for, p.signer_title = "TM.", "Ủy ban nhân dân", "Chủ tịch"
    return s, p


def _doc(s, p):
    return docx.Document(io.BytesIO(letter_docx(s, compose(s, p))))


def _within(x, lo_cm, hi_cm) -> bool:
    """Within [lo, hi] cm, give or take the twip a margin is rounded to in the file."""
    return Cm(lo_cm) - EMU_TOLERANCE <= x <= Cm(hi_cm) + EMU_TOLERANCE


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def _fonts_ok(paragraph, size, bold=None, italic=None) -> bool:
    runs = _runs(paragraph)
    return bool(runs) and all(
        r.font.name == "Times New Roman" and r.font.size == Pt(size)
        and (bold is None or bool(r.bold) == bold) and (italic is None or bool(r.italic) == italic)
        for r in runs)


def _has_bottom_rule(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None \
        and ppr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None


def _check_pages(d) -> None:
    letter, appx = d.sections
    assert _close(letter.page_width, Cm(21)) and _close(letter.page_height, Cm(29.7))
    # Nghị định 30/2020: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm
    assert _within(letter.top_margin, 2, 2.5) and _within(letter.bottom_margin, 2, 2.5)
    assert _within(letter.left_margin, 3, 3.5) and _within(letter.right_margin, 1.5, 2)
    assert appx.orientation == 1  # landscape
    assert _close(appx.page_width, Cm(29.7)) and _close(appx.page_height, Cm(21))


def _check_header(d, parent, body, number, place_date) -> None:
    head = d.tables[0]
    left, right = head.rows[0].cells
    lines = [p for p in left.paragraphs if p.text]
    if parent:
        assert lines[0].text == parent and _fonts_ok(lines[0], 12, bold=False)
        lines = lines[1:]
    assert [p.text for p in lines] == body
    assert all(_fonts_ok(p, 12, bold=True) for p in lines)
    assert _has_bottom_rule(left.paragraphs[-1])  # the short rule under the body's name
    qh, tn = [p for p in right.paragraphs if p.text]
    assert qh.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and _fonts_ok(qh, 12, bold=True)
    assert tn.text == "Độc lập - Tự do - Hạnh phúc" and _fonts_ok(tn, 13, bold=True)
    assert _has_bottom_rule(right.paragraphs[-1])  # the rule under the Tiêu ngữ
    left, right = head.rows[1].cells
    so, vv = left.paragraphs
    assert so.text == number and _fonts_ok(so, 13)
    assert vv.text.startswith("V/v đôn đốc ký số") and _fonts_ok(vv, 12)
    assert right.paragraphs[0].text == place_date
    assert _fonts_ok(right.paragraphs[0], 13, italic=True)
    # the header table has no borders
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}


def _check_body(d, recipients, bases) -> list:
    paras = d.paragraphs
    i = 0
    if len(recipients) == 1:
        assert paras[0].text == f"Kính gửi: {recipients[0]}"
        i = 1
    else:
        assert paras[0].text == "Kính gửi:"
        assert [p.text for p in paras[1:1 + len(recipients)]] == recipients
        i = 1 + len(recipients)
    assert all(_fonts_ok(p, 14) for p in paras[:i])
    body = []
    for p in paras[i:]:
        if p.text in ("", "PHỤ LỤC"):
            break
        body.append(p)
    assert [p.text for p in body[:len(bases)]] == bases
    for p in body:
        pf = p.paragraph_format
        assert _fonts_ok(p, 14), p.text
        assert _close(pf.first_line_indent, Cm(1.27)) and pf.space_after >= Pt(6)
        assert p.alignment == 3  # justified
    numbered = [p for p in body if p.text[:3] in ("1. ", "2. ", "3. ")]
    assert [p.text[:10] for p in numbered] == ["1. Kết quả", "2. Kết quả", "3. Để bảo "]
    assert _fonts_ok(numbered[0], 14, bold=True) and _fonts_ok(numbered[1], 14, bold=True)
    assert _fonts_ok(numbered[2], 14, bold=False)  # the request is prose, as in seed 001
    assert body[-1].text.endswith("nghiêm túc triển khai thực hiện./.")
    # the closing line goes to the signature's page: a signer never alone on a page
    assert body[-1].paragraph_format.keep_with_next is True
    assert not any(p.paragraph_format.keep_with_next for p in body[:-1])
    return [p.text for p in body]


def _check_signature(d, copies, authority, title, name) -> None:
    sign = d.tables[1]
    left, right = sign.rows[0].cells
    head, *entries = [p for p in left.paragraphs if p.text]
    assert head.text == "Nơi nhận:" and _fonts_ok(head, 12, bold=True, italic=True)
    assert [p.text for p in entries] == copies
    assert all(_fonts_ok(p, 11) for p in entries)
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == [x for x in (authority, title, name) if x]
    assert all(_fonts_ok(p, 13, bold=True) for p in lines)
    assert sign.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def _check_appendix(d, s, n_rows, first_rows, reference) -> None:
    paras = d.paragraphs
    k = [p.text for p in paras].index("PHỤ LỤC")
    assert paras[k + 2].text == reference
    t = d.tables[-1]
    assert len(t.rows) == n_rows
    assert [c.text for c in t.rows[0].cells][:3] == ["TT", "Tên cơ quan, đơn vị",
                                                     "Văn bản gửi đi"]
    for i, row in enumerate(t.rows):
        trpr = row._tr.trPr
        assert trpr.find(qn("w:cantSplit")) is not None  # never split across a page
        assert (trpr.find(qn("w:tblHeader")) is not None) == (i < 2)  # repeated header rows
    assert [[c.text for c in r.cells][:3] for r in t.rows[2:2 + len(first_rows)]] == first_rows
    grid = [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[1] == max(grid) and grid[1] >= Cm(8).twips  # the name column is the wide one
    assert sum(grid) <= Cm(29.7 - 3.5).twips + 20  # within the landscape text width
    total = [c.text for c in t.rows[-1].cells]
    assert total[1] == "Tổng cộng"
    assert total[2] == f"{int(s.total['sent']):,}".replace(",", ".")


def test_district_letter(district):
    s, p = district
    d = _doc(s, p)
    _check_pages(d)
    _check_header(d, "", ["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO"], "Số:       /UBND-VHTT",
                  "Tuần Giáo, ngày        tháng 12 năm 2020")
    body = _check_body(d, ["- Các cơ quan, đơn vị trên địa bàn huyện;",
                           "- UBND các xã, thị trấn."],
                       ["Căn cứ Quyết định số 28/2018/QĐ-TTg ngày 12/7/2018 của Thủ tướng Chính "
                        "phủ về việc gửi, nhận văn bản điện tử giữa các cơ quan trong hệ thống "
                        "hành chính nhà nước;"])
    assert "+ Các phòng có tỷ lệ ký số thấp: Phòng Nội vụ (7,69%)." in body
    # the request paragraph, seed 001's: the laggards correct, the zeros explain by a date
    request = body[body.index(next(x for x in body if x.startswith("3. "))):]
    assert request[0] == ("3. Để bảo đảm chỉ tiêu ký số văn bản (tối thiểu 80% văn bản phát "
                          "hành được ký số), UBND huyện yêu cầu Thủ trưởng các cơ quan, đơn vị, "
                          "Chủ tịch UBND các xã, thị trấn:")
    assert request[1].startswith("- Các cơ quan, đơn vị có tỷ lệ ký số chưa đạt chỉ tiêu "
                                 "(21/37 đơn vị) nghiêm túc kiểm điểm")
    assert request[2] == (
        "- Các cơ quan, đơn vị không ký số văn bản nào trong tháng 11/2020 (Phòng Tài nguyên - "
        "Môi trường, Thanh tra huyện, Phòng Y tế; Trung tâm GDNN - GDTX, Trung tâm DVNN; UBND "
        "các xã: Mường Khong, Pú Nhung, Rạng Đông, Quài Cang, Quài Tở, Ta Ma, Tỏa Tình, Nà Tòng, "
        "Phình Sáng, Chiềng Sinh) báo cáo giải trình, nêu rõ lý do gửi về UBND huyện (qua Phòng "
        "Văn hóa và Thông tin), xong trước ngày 10/12/2020.")
    _check_signature(d, ["- Như trên;", "- Chủ tịch, các PCT UBND huyện;", "- Lưu: VT, VHTT."],
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vũ Văn Đức")
    _check_appendix(d, s, 2 + 3 + 37 + 1,
                    [["I", "Khối các phòng chuyên môn", "Khối các phòng chuyên môn"],
                     ["1", "Phòng Nông nghiệp và PTNT", "5"]],
                    "(Kèm theo Công văn số       /UBND-VHTT ngày      /      /          của UBND "
                    "huyện)")


def test_province_letter(province):
    s, p = province
    d = _doc(s, p)
    _check_pages(d)
    _check_header(d, "UBND TỈNH THANH HÓA", ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG"],
                  "Số:       /STTTT-CĐS", "Thanh Hóa, ngày        tháng 01 năm 2022")
    body = _check_body(d, ["- Các sở, ban, ngành tỉnh;", "- UBND các huyện, thị xã, thành phố."],
                       [])
    blocks = [x for x in body if x.startswith("- ") and x.endswith(":")]
    assert blocks[:5] == ["- Sở, ban, ngành:", "- UBND cấp huyện:", "- Khối các phòng chuyên môn:",
                          "- Khối các đơn vị sự nghiệp:", "- Khối UBND cấp xã:"]
    assert "* Huyện Quan Sơn:" in body
    _check_signature(d, ["- Như trên;", "- UBND tỉnh (để b/c);", "- Giám đốc Sở (để b/c);",
                         "- Lưu: VT, CĐS."], "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "")
    t = d.tables[-1]
    sections = [[c.text for c in r.cells][:2] for r in t.rows if r.cells[1].text ==
                r.cells[-1].text and r.cells[0].text]
    # the blocks in the source's order; communes under their district (sub-sections)
    assert [x for x in sections if "." not in x[0]] == [
        ["I", "Sở, ban, ngành"], ["II", "UBND cấp huyện"], ["III", "Khối các phòng chuyên môn"],
        ["IV", "Khối các đơn vị sự nghiệp"], ["V", "Khối UBND cấp xã"]]
    assert ["V.1", "Huyện Quan Sơn"] in sections and ["V.5", "Huyện Mường Lát"] in sections
    n_sub = sum(1 for x in sections if "." in x[0])
    assert n_sub == 15  # five districts under each of the three district-level blocks
    _check_appendix(d, s, 2 + 5 + n_sub + 110 + 1,
                    [["I", "Sở, ban, ngành", "Sở, ban, ngành"],
                     ["1", "Văn phòng UBND tỉnh", "1.390"]],
                    "(Kèm theo Công văn số       /STTTT-CĐS ngày      /      /          của Sở "
                    "Thông tin và Truyền thông)")


def test_commune_letter(commune):
    s, p = commune
    d = _doc(s, p)
    _check_pages(d)
    _check_header(d, "", ["ỦY BAN NHÂN DÂN", "XÃ TUẦN GIÁO"], "Số:       /UBND-VP",
                  "Tuần Giáo, ngày        tháng 9 năm 2025")
    body = _check_body(d, ["- Các phòng chuyên môn, đơn vị thuộc UBND xã;",
                           "- Trung tâm Phục vụ hành chính công xã."], [])
    assert "- Chưa tổng hợp được lũy kế từ đầu năm: thiếu số liệu tháng 1/2025, tháng 2/2025, " \
           "tháng 3/2025, tháng 4/2025, tháng 5/2025, tháng 6/2025." in body
    assert any("gửi về UBND xã (qua Văn phòng HĐND và UBND xã), xong trước ngày 10/09/2025."
               in x for x in body)
    _check_signature(d, ["- Như trên;", "- TT. Đảng ủy, HĐND xã;", "- Chủ tịch, các PCT UBND xã;",
                         "- Lưu: VT, VP."], "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "")
    _check_appendix(d, s, 2 + 2 + len(s.units) + 1,
                    [["I", "Khối các phòng chuyên môn", "Khối các phòng chuyên môn"],
                     ["1", "Văn phòng HĐND và UBND", "120"]],
                    "(Kèm theo Công văn số       /UBND-VP ngày      /      /          của UBND xã)")


def test_single_recipient_and_text(district):
    s, p = district
    p2 = from_office("UBND huyện Tuần Giáo", period_end=s.end)
    p2.recipients = ["UBND các xã, thị trấn"]
    d = _doc(s, p2)
    assert d.paragraphs[0].text == "Kính gửi: UBND các xã, thị trấn."
    text = text_of(compose(s, p))
    lines = text.split("\n")
    assert lines[:4] == ["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO", "Số:       /UBND-VHTT",
                         "V/v đôn đốc ký số văn bản trên hệ thống quản lý văn bản và hồ sơ công "
                         "việc tháng 11/2020"]
    assert lines[-4:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Vũ Văn Đức"]
    assert "- Lưu: VT, VHTT." in lines


def test_draft_docx_without_a_profile_uses_the_level_of_the_data():
    d = docx.Document(io.BytesIO(draft_docx(frame_from(seed000_records()), target=80)))
    left = d.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "HUYỆN ……"]


def test_page_numbers_from_the_second_page_and_the_appendix_on_its_own(district):
    """Nghị định 30/2020: a PAGE field centred in the top margin, 13 pt, none on the first
    page (w:titlePg with an empty first-page header); the appendix's section restarts at 1."""
    d = _doc(*district)
    letter_sec, appx_sec = d.sections
    for sec in (letter_sec, appx_sec):
        assert sec.different_first_page_header_footer
        assert not sec.header.is_linked_to_previous
        p = sec.header.paragraphs[0]
        instr = [i.text for i in p._p.iter(qn("w:instrText"))]
        assert instr == [" PAGE "]
        assert p.alignment == 1  # centred
        assert {r.font.size for r in p.runs} == {Pt(13)}
        assert not "".join(x.text for x in sec.first_page_header.paragraphs).strip()
    starts = [n.get(qn("w:start")) for n in appx_sec._sectPr.iter(qn("w:pgNumType"))]
    assert starts == ["1"]
    assert not list(letter_sec._sectPr.iter(qn("w:pgNumType")))

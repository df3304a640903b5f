"""The letter rendered through LibreOffice: page counts, the appendix's header on every page,
no appendix row split across a page (read from the PDF's text with poppler's pdftotext), for a
district, a province and a commune profile; and the message where soffice is absent."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.figures import compute
from analysis.frame import units_frame
from analysis.outputs import pdf
from analysis.outputs.letter import compose
from analysis.outputs.letter_docx import letter_docx
from analysis.profile import from_office
from analysis.reading.parse import parse_file
from tests.support.frames import commune_2025_records, frame_from, seed000_records

ROOT = Path(__file__).resolve().parents[2]
needs_soffice = pytest.mark.skipif(
    not pdf.available() or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) not installed: .ci/run installs "
           "libreoffice-writer and poppler-utils")


def _pages(data: bytes, tmp_path: Path) -> list:
    """The PDF's text, one string a page (pdftotext separates pages by form feeds)."""
    src = tmp_path / "letter.pdf"
    src.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(src), "-"], capture_output=True,
                         check=True, timeout=60).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _render(s, p, tmp_path) -> list:
    return _pages(pdf.docx_to_pdf(letter_docx(s, compose(s, p))), tmp_path)


def _appendix_pages(pages: list) -> list:
    first = next(i for i, t in enumerate(pages) if "PHỤ LỤC" in t)
    return pages[first:]


def long_names_frame():
    """90 communes with names long enough to wrap over three lines of the name column, each
    starting with A### and ending with Z### so a row cut by a page shows on two pages."""
    recs = []
    for i in range(90):
        name = (f"A{i:03d} UBND xã vùng cao biên giới đặc biệt khó khăn thuộc chương trình mục "
                f"tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và "
                f"miền núi giai đoạn hai Z{i:03d}")
        recs.append({"period": "2021-03", "unit": name, "block": "commune", "row": 5 + i,
                     "sent": 40 + i, "signed": i % 41})
    return frame_from(recs)


@needs_soffice
def test_no_appendix_row_is_split(tmp_path):
    s = compute(long_names_frame(), "2021-03", None, 100)
    p = from_office("UBND huyện Quan Sơn", period_end=s.end)
    pages = _appendix_pages(_render(s, p, tmp_path))
    assert len(pages) >= 3  # long enough to cross page breaks
    for page in pages:  # the two header rows repeated on every page
        assert "Tên cơ quan, đơn vị" in page and "Số lượng" in page
    for i in range(90):
        where = [n for n, t in enumerate(pages) if f"A{i:03d}" in t]
        ends = [n for n, t in enumerate(pages) if f"Z{i:03d}" in t]
        assert len(where) == 1 and where == ends, f"row {i} split: {where} / {ends}"


@needs_soffice
def test_district_pdf(tmp_path):
    s = compute(frame_from(seed000_records()), target=80)
    p = from_office("UBND huyện Tuần Giáo", period_end=s.end)
    pages = _render(s, p, tmp_path)
    assert len(pages) == 5  # three pages of letter, two of appendix
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0] and "HUYỆN TUẦN GIÁO" in pages[0]
    assert "Nơi nhận:" in pages[2] and "KT. CHỦ TỊCH" in pages[2]
    assert [n for n, t in enumerate(pages) if "PHỤ LỤC" in t] == [3]
    appx = _appendix_pages(pages)
    assert all("Tên cơ quan, đơn vị" in t for t in appx)
    assert "Tổng cộng" in appx[-1]
    # page numbers (Nghị định 30/2020): centred at the top from the second page, none on the
    # first; the appendix numbered on its own
    tops = [t.strip().splitlines()[0].strip() for t in pages]
    assert tops[1:3] == ["2", "3"] and tops[4] == "2"
    assert not tops[0].isdigit() and not tops[3].isdigit()


@needs_soffice
def test_province_pdf(tmp_path):
    frame, _ = units_frame([parse_file(ROOT / "sample_uploads" / "tinh_2021_province.xlsx")])
    s = compute(frame, "2021-12", "signed_leader", 100)
    p = from_office("Sở Thông tin và Truyền thông tỉnh Thanh Hóa", period_end=s.end)
    pages = _render(s, p, tmp_path)
    appx = _appendix_pages(pages)
    assert len(pages) == 11 and len(appx) == 5
    assert all("Tên cơ quan, đơn vị" in t for t in appx)
    text = "\f".join(appx)
    # the districts' sub-sections in the source's order
    assert text.index("Huyện Quan Sơn") < text.index("Huyện Cẩm Thủy") < text.index(
        "Huyện Mường Lát")


@needs_soffice
def test_commune_pdf(tmp_path):
    s = compute(frame_from(commune_2025_records()), "2025-08", "signed_leader", 100)
    p = from_office("UBND xã Tuần Giáo", period_end=s.end)
    pages = _render(s, p, tmp_path)
    assert len(pages) == 3  # two pages of letter, one of appendix
    assert "XÃ TUẦN GIÁO" in pages[0] and "PHỤ LỤC" in pages[2]


def test_no_soffice_says_so(monkeypatch):
    monkeypatch.setenv("KYSO_SOFFICE", "/nonexistent/soffice")
    assert not pdf.available()
    with pytest.raises(pdf.PdfError) as e:
        pdf.docx_to_pdf(b"PK")
    assert e.value.message == pdf.NOT_INSTALLED
    assert "LibreOffice" in e.value.message


def _fake_soffice(tmp_path, body: str) -> str:
    exe = tmp_path / "soffice"
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(0o755)
    return str(exe)


def test_a_failing_soffice_gets_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("KYSO_SOFFICE", _fake_soffice(tmp_path, "echo 'Error: source file could "
                                                               "not be loaded' >&2; exit 1"))
    with pytest.raises(pdf.PdfError) as e:
        pdf.docx_to_pdf(b"PK")
    assert e.value.message == pdf.FAILED.format(detail="Error: source file could not be loaded")


def test_a_hanging_soffice_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setenv("KYSO_SOFFICE", _fake_soffice(tmp_path, "sleep 30"))
    with pytest.raises(pdf.PdfError) as e:
        pdf.docx_to_pdf(b"PK", timeout=1)
    assert e.value.message == "Không tạo được PDF: LibreOffice không trả lời sau 1 giây."

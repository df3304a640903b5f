"""A real browser against `streamlit run app.py`: upload, overview chart, filter, Excel download;
the Báo cáo page's meeting deck (.pptx, PDF).

Drives Debian's Chromium through Playwright. Skipped, with the reason, where /usr/bin/chromium
or the playwright package is missing (.ci/run installs Chromium with apt-get).
"""
import io
import os
from pathlib import Path

import pytest

from tests.support.browser_util import (
    CHROMIUM,
    CHROMIUM_ARGS,
    goto_page,
    playwright_or_skip,
    streamlit_server,
    upload,
    wait_charts,
    wait_idle,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_uploads" / "quan_son_2021_03.xlsx"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

playwright_api = playwright_or_skip()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    os.environ.setdefault("KYSO_DB_URL",
                          f"sqlite:///{tmp_path_factory.mktemp('hist') / 'history.sqlite'}")
    with streamlit_server() as url:
        yield url


def test_upload_overview_filter_download(server, tmp_path):
    import openpyxl

    if not SAMPLE.is_file():
        pytest.skip(f"sample {SAMPLE.name} is missing (run `make samples`)")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
            page.set_default_timeout(30000)
            page.goto(server)
            page.get_by_text("Tải dữ liệu báo cáo ký số").wait_for()
            upload(page, SAMPLE)
            page.get_by_text("Đơn vị đọc được: 14").wait_for()

            # the overview: KPI and the block chart with its target label drawn
            goto_page(page, "Tổng quan")
            page.get_by_text("Tổng quan tháng 3/2021").wait_for()
            page.get_by_text("98,13%").first.wait_for()
            charts = page.locator('[data-testid="stVegaLiteChart"]')
            charts.nth(1).wait_for()  # blocks and units (one month: no trend)
            wait_charts(page)
            assert charts.first.locator("canvas, svg.marks").count() >= 1

            # the units table, filtered by name
            goto_page(page, "Đơn vị")
            page.get_by_text("Đang hiển thị 14/14 đơn vị").wait_for()
            box = page.get_by_role("textbox", name="Tìm theo tên đơn vị")
            box.fill("Sơn Hà")
            box.press("Enter")
            page.get_by_text("Đang hiển thị 1/14 đơn vị").wait_for()
            wait_idle(page)

            with page.expect_download(timeout=60000) as dl:
                page.get_by_role("button", name="Tải bảng đang lọc (Excel)").click()
            path = tmp_path / "loc.xlsx"
            dl.value.save_as(path)
            filename = dl.value.suggested_filename
        finally:
            browser.close()

    assert filename == "don_vi_2021-03.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    texts = {v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert "Xã Sơn Hà" in texts
    assert "Xã Sơn Thủy" not in texts and "Phòng Dân tộc" not in texts


DISTRICT = ROOT / "sample_uploads" / "tuan_giao_2020_12.xlsx"


def test_report_page_deck_downloads(server, tmp_path):
    """The Báo cáo page's deck buttons give the .pptx (and the PDF where LibreOffice is)."""
    import shutil
    import subprocess

    from pptx import Presentation

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
            page.set_default_timeout(30000)
            page.goto(server)
            page.get_by_text("Tải dữ liệu báo cáo ký số").wait_for()
            upload(page, DISTRICT)
            # the page with the letter and the appendix of 37 units: more time on a busy machine
            page.get_by_test_id("stSidebarNav").get_by_text("Báo cáo", exact=True).click()
            wait_idle(page, timeout=120000)
            page.get_by_text("Trình chiếu cuộc họp").wait_for()
            if os.environ.get("KYSO_SHOT_DIR"):
                page.screenshot(path=str(Path(os.environ["KYSO_SHOT_DIR"]) / "bao_cao_deck.png"))
            with page.expect_download(timeout=90000) as dl:
                page.get_by_role("button", name="Tải bản PowerPoint").click()
            pptx = tmp_path / "deck.pptx"
            dl.value.save_as(pptx)
            name = dl.value.suggested_filename
            pdf = None
            if shutil.which("soffice") and shutil.which("pdfinfo"):
                with page.expect_download(timeout=180000) as dl:
                    page.get_by_role("button", name="Tải bản PDF").click()
                pdf = tmp_path / "deck.pdf"
                dl.value.save_as(pdf)
        finally:
            browser.close()
    assert name == "trinh_chieu_2020-11.pptx"
    prs = Presentation(str(pptx))
    titles = [s.shapes.title.text for s in prs.slides]
    assert len(titles) == 12 and titles[1] == "Kết quả chung tháng 11/2020"
    if pdf is not None:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "Pages:           12" in info


def test_report_letter_copy_docx_pdf(server, tmp_path):
    """The letter as prose; the copy button puts the whole letter on the clipboard; the .docx
    and (where LibreOffice is installed) the PDF download."""
    import docx

    from analysis.outputs import pdf

    if not SAMPLE.is_file():
        pytest.skip(f"sample {SAMPLE.name} is missing (run `make samples`)")
    shots = Path(os.environ.get("KYSO_SHOTS", tmp_path))
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 1366, "height": 2400},
                                      accept_downloads=True)
            ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
            page = ctx.new_page()
            page.set_default_timeout(30000)
            page.goto(server)
            page.get_by_text("Tải dữ liệu báo cáo ký số").wait_for()
            upload(page, SAMPLE)
            goto_page(page, "Báo cáo")
            letter = page.locator(".st-key-rp_letter")
            letter.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").wait_for()
            assert letter.locator("code, pre").count() == 0  # prose, not a code box
            assert letter.locator("strong", has_text="Nơi nhận:").count() == 1
            page.screenshot(path=str(shots / "bao_cao_cong_van.png"), full_page=True)

            frame = page.frame_locator("iframe[title='st.iframe'], iframe").first
            frame.get_by_role("button", name="Sao chép nội dung").click()
            frame.get_by_text("Đã sao chép").wait_for()
            copied = page.evaluate("navigator.clipboard.readText()")

            with page.expect_download(timeout=60000) as dl:
                page.get_by_role("button", name="Tải công văn (Word)").click()
            docx_path = tmp_path / "cv.docx"
            dl.value.save_as(docx_path)
            pdf_name = None
            if pdf.available():
                page.get_by_role("button", name="Tạo PDF").click()
                button = page.get_by_role("button", name="Tải công văn (PDF)")
                button.wait_for(timeout=120000)
                with page.expect_download(timeout=60000) as dl:
                    button.click()
                pdf_path = tmp_path / "cv.pdf"
                dl.value.save_as(pdf_path)
                pdf_name = dl.value.suggested_filename
                assert pdf_path.read_bytes()[:5] == b"%PDF-"
        finally:
            browser.close()
    lines = copied.splitlines()
    assert lines[:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN ……"] and "Nơi nhận:" in lines
    assert "Kính gửi:" in lines and lines[-3:-1] == ["PHÓ CHỦ TỊCH", ""]
    d = docx.Document(str(docx_path))
    assert d.tables[-1].rows[-1].cells[1].text == "Tổng cộng"
    if pdf_name is not None:
        assert pdf_name == "cong_van_2021-03.pdf"


def _edit_block(page, row: int, label: str) -> None:
    """Choose `label` in the block column of the editor's `row` (0-based). The grid is a
    canvas: click the row's first cell (35 px rows under a 35 px header), move right to the
    block column (the fourth) with the keyboard, open its editor, type, choose."""
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 35 * row + 17)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    page.keyboard.type(label)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)


def test_a_workspace_upload_save_and_a_corrected_block(server):
    """Create and open a workspace, upload and save a month, correct one unit's block in the
    editor: it shows as corrected with what the file said, is listed on the history page with
    who and when, and undone there; the store holds it in that workspace only."""
    from analysis.store import list_corrections, open_history

    if not SAMPLE.is_file():
        pytest.skip(f"sample {SAMPLE.name} is missing (run `make samples`)")
    name = "UBND huyện Quan Sơn (thử)"
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.set_default_timeout(30000)
            page.goto(server)
            wait_idle(page)
            side = page.get_by_test_id("stSidebar")
            side.get_by_text("Tạo không gian làm việc mới").click()
            side.get_by_label("Tên (ví dụ: UBND xã Mường Ảng)").fill(name)
            side.get_by_role("button", name="Tạo và mở").click()
            page.get_by_text(f"Đã tạo và mở không gian làm việc “{name}”.").wait_for()
            upload(page, SAMPLE)
            page.get_by_text(f"vào không gian làm việc “{name}”", exact=False).wait_for()
            page.get_by_role("button", name="Lưu các kỳ đã đọc vào lịch sử").click()
            page.get_by_text("Đã lưu 1 kỳ báo cáo", exact=False).wait_for()
            wait_idle(page)

            page.get_by_text("Khối của từng đơn vị (14)").click()
            wait_idle(page)
            _edit_block(page, 1, "Khối các phòng chuyên môn")  # Trung tâm DVNN
            page.get_by_role("button", name="Lưu khối đã sửa").click()
            page.get_by_text("Đã lưu khối cho 1 đơn vị.").wait_for()
            page.get_by_text("(tệp ghi: Khối các đơn vị sự nghiệp)", exact=False).wait_for()
            assert page.get_by_role("button", name="Trả về như tệp").count() == 1

            goto_page(page, "Lịch sử")
            page.get_by_text("Các chỉnh sửa").wait_for()
            page.get_by_role("button", name="Hoàn tác").wait_for()
            with_ws = open_history(os.environ["KYSO_DB_URL"], name)
            fixes = list_corrections(with_ws)
            assert list(fixes["unit"]) == ["Trung tâm DVNN"]
            assert list(fixes["corrected_value"]) == ["department"]
            assert list(fixes["file_value"]) == ["service_unit"]
            assert list_corrections(open_history(os.environ["KYSO_DB_URL"])).empty
            page.get_by_role("button", name="Hoàn tác").click()
            page.get_by_text("Đã hoàn tác", exact=False).wait_for()
            page.get_by_text("Chưa có chỉnh sửa nào trong không gian làm việc này.").wait_for()
            assert list_corrections(with_ws).empty
        finally:
            browser.close()

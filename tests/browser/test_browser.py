"""A real browser against `streamlit run app.py`: upload, overview chart, filter, Excel download.

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
    streamlit_server,
    upload,
    wait_charts,
    wait_idle,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_uploads" / "quan_son_2021_03.xlsx"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser test skipped",
                allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="the playwright package is not installed")


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

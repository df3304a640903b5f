"""Vietnamese everywhere a user looks, in a real browser: every page with the province loaded,
the toolbars hovered, a column menu asked for, a multiselect opened, the period editor opened
(no date picker), a PDF dropped; and a link with the view in its address opens that view.

Drives Debian's Chromium through Playwright (skipped where either is missing).
"""
import os
import re
from pathlib import Path

import pytest

from analysis.warning_codes import CODES
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
PROVINCE = ROOT / "sample_uploads" / "tinh_2021_province.xlsx"
PAGES = ["Tải dữ liệu", "Tổng quan", "Đơn vị", "So sánh", "Báo cáo", "Lịch sử"]
ENGLISH = ["Select all", "Show/hide columns", "Download as CSV", "Search", "Fullscreen",
           "Sort ascending", "Sort descending", "Pin column", "Autosize", "Hide column",
           "Show data", "Download as PNG", "Copy Vega-Lite spec", "not allowed",
           "Choose an option", "No results", "None", "Previous month", "Next month",
           "File must be", "or smaller"]
CODE_RE = re.compile(r"\b(" + "|".join(c for c in CODES if "_" in c) + r")\b")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

playwright_api = playwright_or_skip()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server with a history of its own (this test saves the province into it), the
    environment left as it was for the other browser tests."""
    before = os.environ.get("KYSO_DB_URL")
    os.environ["KYSO_DB_URL"] = f"sqlite:///{tmp_path_factory.mktemp('lang') / 'history.sqlite'}"
    try:
        with streamlit_server() as url:
            yield url
    finally:
        if before is None:
            os.environ.pop("KYSO_DB_URL", None)
        else:
            os.environ["KYSO_DB_URL"] = before


# the text a user can see: text nodes of rendered elements with a size and a font size (what
# Streamlit keeps for screen readers only, 1 px wide, and what CSS replaced, size 0, is not seen)
_SEEN = """() => {
    const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        if (!el || !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        if (parseFloat(getComputedStyle(el).fontSize) === 0) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 1 && r.height > 1) out.push(n.nodeValue);
    }
    return out.join("\\n");
}"""


def _english(page) -> list:
    """The English strings (and raw warning codes) in what the page shows now: the visible
    text, tooltips and menus included (they are drawn into the body)."""
    text = page.evaluate(_SEEN)
    found = [w for w in ENGLISH if re.search(r"\b" + re.escape(w) + r"\b", text)]
    return found + CODE_RE.findall(text)


def _hover_everything(page) -> list:
    """Hover each chart and table (where Streamlit shows its toolbars), each toolbar button
    left visible, and ask for a column menu on each table; what English showed up."""
    found = []
    for sel in ('[data-testid="stVegaLiteChart"]', '[data-testid="stDataFrame"]'):
        items = page.locator(sel)
        for i in range(min(items.count(), 6)):
            el = items.nth(i)
            if not el.is_visible():
                continue
            el.scroll_into_view_if_needed()
            el.hover()
            page.wait_for_timeout(250)
            bars = page.locator('[data-testid="stElementToolbar"]')
            assert not any(bars.nth(k).is_visible() for k in range(bars.count())), sel
            if sel.endswith('stDataFrame"]'):
                box = el.bounding_box()
                # a header cell's menu button sits at its right end: click near the first's
                page.mouse.move(box["x"] + 60, box["y"] + 17)
                page.wait_for_timeout(150)
                page.mouse.click(box["x"] + 150, box["y"] + 17)
                page.wait_for_timeout(250)
                menus = page.locator('[data-testid="stDataFrameColumnMenu"]')
                assert not any(menus.nth(k).is_visible() for k in range(menus.count()))
                page.keyboard.press("Escape")
            found += _english(page)
    codes = page.locator('[data-testid="stCode"] button')  # the letter's copy button
    for i in range(codes.count()):
        if codes.nth(i).is_visible():
            codes.nth(i).hover()
            page.wait_for_timeout(500)
            found += _english(page)
    return found


def test_every_page_speaks_vietnamese_and_a_link_opens_its_view(server, tmp_path):
    if not PROVINCE.is_file():
        pytest.skip("sample missing (run `make samples`)")
    pdf = tmp_path / "bao_cao.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a report")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.set_default_timeout(60000)
            page.goto(server)
            wait_idle(page)
            # a PDF: refused in Vietnamese, naming what is read
            page.locator("input[type=file]").first.set_input_files(str(pdf))
            page.get_by_text("không được hỗ trợ", exact=False).first.wait_for()
            assert _english(page) == []
            # a file over the upload limit: refused by the browser, said in Vietnamese
            big = tmp_path / "lon.xlsx"
            with big.open("wb") as f:
                f.truncate(51 * 1024 * 1024)
            page.locator("input[type=file]").first.set_input_files(str(big))
            page.wait_for_timeout(1500)
            assert _english(page) == []
            said = page.locator('[data-testid="stFileUploader"] [role="alert"]').first.evaluate(
                "e => getComputedStyle(e, '::after').content")
            assert "lớn hơn 50 MB" in said
            upload(page, PROVINCE)
            page.get_by_role("button", name="Lưu các kỳ đã đọc vào lịch sử").click()
            wait_idle(page)
            # the period editor has no (English) date picker
            page.get_by_text("Sửa kỳ báo cáo").first.click()
            page.get_by_text("Hoặc chọn khoảng ngày", exact=False).first.click()
            wait_idle(page)
            assert page.locator('[data-testid="stDateInput"]').count() == 0
            assert page.get_by_label("Từ ngày").first.is_visible()

            problems = {}
            for title in PAGES:
                goto_page(page, title)
                wait_charts(page)
                found = _english(page) + _hover_everything(page)
                # every multiselect opened: no "Select all"
                ms = page.locator('[data-testid="stMultiSelect"]')
                for i in range(ms.count()):
                    if ms.nth(i).is_visible():
                        ms.nth(i).locator("input").first.click()
                        page.wait_for_timeout(300)
                        found += _english(page)
                        page.keyboard.press("Escape")
                if found:
                    problems[title] = sorted(set(found))
            assert problems == {}

            # the view in the address: a new session with the same link opens the same view
            goto_page(page, "Tổng quan")
            page.get_by_test_id("stRadio").get_by_text("Ký số cơ quan", exact=True).click()
            page.wait_for_url(re.compile(r"metric=signed_agency"))
            wait_idle(page)
            link = page.url
            assert "metric=signed_agency" in link and "period=2021-12" in link
            assert "/tong_quan" in link
            other = browser.new_page(viewport={"width": 1366, "height": 768})
            other.goto(link.replace("period=2021-12", "period=2021-05"))
            wait_idle(other)
            other.get_by_text("Tổng quan tháng 5/2021").first.wait_for()
            assert other.get_by_role("radio", name="Ký số cơ quan").is_checked()
        finally:
            browser.close()

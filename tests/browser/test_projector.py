"""Projector mode in Chromium at 1366×768 and 1920×1080 with the district sample (3 blocks, 37
units): every slide fits without scrolling, the sidebar is collapsed, no toolbar or download
button shows, ← → move the slides, leaving brings the sidebar and the buttons back; on Báo cáo
the caption is not larger than the letter."""
import os
import re
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
DISTRICT = ROOT / "sample_uploads" / "tuan_giao_2020_12.xlsx"
SLIDES = 8  # KPIs, blocks, 3 blocks' units (the 19 communes on two), movers, trend

pytestmark = [pytest.mark.browser, pytest.mark.slow]

playwright_api = playwright_or_skip()

LAYOUT_JS = """() => {
  const shown = sel => [...document.querySelectorAll(sel)].filter(e => {
    const r = e.getBoundingClientRect(); const cs = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  }).length;
  const sb = document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect();
  return {scroll: document.documentElement.scrollHeight, height: window.innerHeight,
          sidebar: Math.max(0, Math.min(sb.right, window.innerWidth)),
          toolbars: shown('[data-testid="stElementToolbar"], .vega-embed details'),
          downloads: shown('[data-testid="stDownloadButton"]')
            - shown('.st-key-pm_bar [data-testid="stDownloadButton"]'),
          deck: shown('.st-key-pm_deck'),
          top: Math.min(...[...document.querySelectorAll(
            '[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')]
            .map(e => e.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.top)),
          bar: (document.querySelector('.st-key-pm_bar') || {innerText: ''}).innerText};
}"""


def _layout(page) -> dict:
    return page.evaluate(LAYOUT_JS)


def _slide_no(page) -> str:
    """The bar's "i/n" (its title names the period, "11/2020", too)."""
    return next((t for t in _layout(page)["bar"].split() if re.fullmatch(rf"\d+/{SLIDES}", t)),
                "")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    os.environ.setdefault("KYSO_DB_URL",
                          f"sqlite:///{tmp_path_factory.mktemp('hist') / 'history.sqlite'}")
    with streamlit_server() as url:
        yield url


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_projector_fits_hides_and_restores(server, size):
    if not DISTRICT.is_file():
        pytest.skip(f"sample {DISTRICT.name} is missing (run `make samples`)")
    w, h = size
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": w, "height": h})
            page.set_default_timeout(30000)
            page.goto(server)
            page.get_by_text("Tải dữ liệu báo cáo ký số").wait_for()
            upload(page, DISTRICT)
            page.get_by_test_id("stSidebar").get_by_text("Chế độ trình chiếu").click()
            page.locator(".st-key-pm_next").first.wait_for()
            wait_idle(page)
            seen = []
            for i in range(SLIDES):
                wait_charts(page)
                lay = _layout(page)
                seen.append(_slide_no(page))
                assert lay["scroll"] <= lay["height"], (i, lay)
                assert lay["sidebar"] == 0, lay
                assert lay["toolbars"] == 0 and lay["downloads"] == 0, lay
                assert lay["deck"] == 1, lay  # the meeting's PowerPoint, in the slides' bar
                assert lay["top"] <= 32, lay  # no empty band above the slide's bar
                if i < SLIDES - 1:
                    page.keyboard.press("ArrowRight")
                    page.wait_for_function(
                        "n => document.querySelector('.st-key-pm_bar').innerText"
                        ".includes(n)", arg=f"{i + 2}/{SLIDES}")
                    wait_idle(page)
            assert seen == [f"{i}/{SLIDES}" for i in range(1, SLIDES + 1)]
            page.keyboard.press("ArrowLeft")
            page.wait_for_function("() => document.querySelector('.st-key-pm_bar').innerText"
                                   f".includes('{SLIDES - 1}/{SLIDES}')")
            wait_idle(page)

            if w == 1366:  # Báo cáo while presenting: the caption no larger than the letter
                goto_page(page, "Báo cáo")
                page.locator('.st-key-rp_letter p').first.wait_for()
                sizes = page.evaluate("""() => {
                    const px = e => parseFloat(getComputedStyle(e).fontSize);
                    const code = document.querySelector('.st-key-rp_letter p');
                    const caps = [...document.querySelectorAll(
                        '[data-testid="stMain"] [data-testid="stCaptionContainer"] p')];
                    return [px(code), Math.max(...caps.map(px))];
                }""")
                assert sizes[1] <= sizes[0], sizes
                assert _layout(page)["downloads"] == 0

            page.locator(".st-key-pm_exit button").first.click()
            page.get_by_test_id("stSidebarNav").wait_for(state="visible")
            wait_idle(page)
            lay = _layout(page)
            assert lay["sidebar"] >= 200, lay
            assert lay["downloads"] >= 1, lay  # the normal page's download buttons are back
            assert not page.locator(".st-key-pm_bar").count()
            assert lay["top"] <= 32, lay  # the normal page: its title at the top too
        finally:
            browser.close()

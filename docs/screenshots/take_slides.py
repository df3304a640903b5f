"""Take the projector slides' screenshots: the district sample (3 blocks, 37 units) and the
province sample, at 1366×768 and 1920×1080; every slide, except that a block spread over
several slides shows its first.

    .venv/bin/python docs/screenshots/take_slides.py [--out DIR] [--sizes 1366x768]

Files: trinh-chieu_<sample>_<W>x<H>_<NN>_<slide>.png (and _tuong-phan-cao for the blocks slide
in high contrast).
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.browser_util import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    streamlit_server,
    upload,
    wait_charts,
    wait_idle,
)
from ui.views import slug  # noqa: E402

SAMPLES = [("huyen", ROOT / "sample_uploads" / "tuan_giao_2020_12.xlsx"),
           ("tinh", ROOT / "sample_uploads" / "tinh_2021_province.xlsx")]
SIZES = [(1366, 768), (1920, 1080)]


def _options(page) -> list:
    page.locator(".st-key-ks_slide").click()
    opts = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return opts


def _choose(page, label: str) -> None:
    page.locator(".st-key-ks_slide").click()
    page.get_by_role("option", name=label, exact=True).click()
    wait_idle(page)
    wait_charts(page)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stTable\"]')]"
                           ".every(t => t.querySelector('td'))", timeout=20000)
    page.wait_for_timeout(500)


def take(page, url, name: str, sample: Path, w: int, h: int, out: Path,
         only: str = "") -> None:
    page.goto(url)
    wait_idle(page)
    upload(page, sample)
    page.get_by_test_id("stSidebar").get_by_text("Chế độ trình chiếu").click()
    page.locator(".st-key-pm_next").first.wait_for()
    wait_idle(page)
    wanted = [o for o in _options(page) if "(" not in o or "(1/" in o]
    for i, label in enumerate(wanted):
        if only and only not in slug(label):
            continue
        _choose(page, label)
        path = out / f"trinh-chieu_{name}_{w}x{h}_{i:02d}_{slug(label)}.png"
        page.screenshot(path=str(path))
        print(path)
    if only:
        return
    _choose(page, wanted[1])  # the blocks, in high contrast
    page.get_by_text("Tương phản cao").click()
    wait_idle(page)
    wait_charts(page)
    path = out / f"trinh-chieu_{name}_{w}x{h}_01_tuong-phan-cao.png"
    page.screenshot(path=str(path))
    print(path)
    page.get_by_text("Tương phản cao").click()
    wait_idle(page)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--sizes", default="", help="e.g. 1366x768 (default both)")
    ap.add_argument("--samples", default="", help="huyen,tinh (default both)")
    ap.add_argument("--slide", default="", help="only slides whose name contains this")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",") if s] or SIZES
    only = set(filter(None, args.samples.split(",")))
    from playwright.sync_api import sync_playwright

    with streamlit_server() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, sample in SAMPLES:
            if only and name not in only:
                continue
            for w, h in sizes:
                page = browser.new_page(viewport={"width": w, "height": h})
                page.set_default_timeout(60000)
                take(page, url, name, sample, w, h, out, args.slide)
                page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

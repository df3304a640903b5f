"""Take the README screenshots: every page with the province sample, two sizes, two modes.

    .venv/bin/python docs/screenshots/take.py [--out DIR] [--sample FILE] [--tag huyen]

`--tag` is added to each file's name (the district's shots beside the province's:
`--sample sample_uploads/tuan_giao_2020_12.xlsx --tag huyen`).
"""
import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.browser_util import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    goto_page,
    streamlit_server,
    upload,
    wait_charts,
    wait_idle,
)

PAGES = [("tai-du-lieu", "Tải dữ liệu"), ("tong-quan", "Tổng quan"), ("don-vi", "Đơn vị"),
         ("so-sanh", "So sánh"), ("bao-cao", "Báo cáo"), ("lich-su", "Lịch sử")]
SIZES = [(1366, 768), (1920, 1080)]


def _scroll_to_chart(page) -> bool:
    """Scroll the page's first chart to the top of the window; False when it has none."""
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    if not charts.count():
        return False
    page.evaluate("""() => {
        const c = document.querySelector('[data-testid="stVegaLiteChart"]');
        c.scrollIntoView({block: 'start'});
        const main = document.querySelector('[data-testid="stMain"]');
        if (main) main.scrollTop -= 60;
    }""")
    page.wait_for_timeout(800)
    return True


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--sample", default=str(ROOT / "sample_uploads" / "tinh_2021_province.xlsx"))
    ap.add_argument("--tall", type=int, default=0, help="viewport height for review shots")
    ap.add_argument("--sizes", default="", help="e.g. 1366x768 (default both)")
    ap.add_argument("--pages", default="", help="comma-separated slugs to take (default all)")
    ap.add_argument("--tag", default="", help="added to the file names, e.g. huyen")
    ap.add_argument("--modes", default="normal,trinh-chieu")
    ap.add_argument("--charts", action="store_true",
                    help="also a shot scrolled to the page's first chart (…_bieu-do.png)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = set(filter(None, args.pages.split(",")))
    from playwright.sync_api import sync_playwright

    if "KYSO_DB_URL" not in os.environ:  # a history of its own, never the office's
        import tempfile

        db = Path(tempfile.mkdtemp(prefix="kyso_shots_")) / "history.sqlite"
        os.environ["KYSO_DB_URL"] = f"sqlite:///{db}"

    with streamlit_server() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",") if s] or SIZES
        for w, h in sizes:
            page = browser.new_page(viewport={"width": w, "height": args.tall or h})
            page.goto(url)
            wait_idle(page)
            upload(page, Path(args.sample))
            page.get_by_role("button", name="Lưu các kỳ đã đọc vào lịch sử").click()
            wait_idle(page)
            modes = [m for m in args.modes.split(",") if m]
            for mode in [m for m in ("normal", "trinh-chieu") if m in modes]:
                if mode == "trinh-chieu":
                    page.get_by_text("Chế độ trình chiếu").click()
                    wait_idle(page)
                    page.locator(".st-key-pm_exit").first.wait_for()
                for slug, title in PAGES:
                    if only and slug not in only:
                        continue
                    goto_page(page, title)
                    page.evaluate("() => document.querySelectorAll('*').forEach("
                                  "e => { if (e.scrollTop) e.scrollTop = 0; })")
                    try:  # a page with charts: until the first is drawn
                        page.wait_for_selector('[data-testid="stVegaLiteChart"] svg.marks, '
                                               '[data-testid="stVegaLiteChart"] canvas',
                                               timeout=8000)
                    except Exception:  # noqa: BLE001 - a page without charts
                        pass
                    wait_idle(page)
                    wait_charts(page)
                    tag = f"_{args.tag}" if args.tag else ""
                    path = out / f"{slug}{tag}_{w}x{h}_{mode}.png"
                    page.screenshot(path=str(path))
                    print(path)
                    if args.charts and _scroll_to_chart(page):
                        path = out / f"{slug}{tag}_{w}x{h}_{mode}_bieu-do.png"
                        page.screenshot(path=str(path))
                        print(path)
            page.close()
        if not only or "khong-gian" in only:
            _workspace_shots(browser, url, out)
        browser.close()
    return 0


def _workspace_shots(browser, url: str, out: Path) -> None:
    """1366x768: a workspace with a password asking for it, and a sample in the demo space."""
    from analysis.store import create_workspace

    try:
        create_workspace(os.environ.get("KYSO_DB_URL"), "Sở Khoa học và Công nghệ", "mat-khau")
    except Exception:  # noqa: BLE001 - made by an earlier run
        pass
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(url)
    wait_idle(page)
    side = page.get_by_test_id("stSidebar")
    side.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Sở Khoa học và Công nghệ 🔒").click()
    wait_idle(page)
    page.screenshot(path=str(out / "khong-gian_mat-khau_1366x768.png"))
    side.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option").first.click()
    wait_idle(page)
    page.get_by_role("button", name="quan_son_2021_03.xlsx").click()
    page.get_by_text("Đơn vị đọc được", exact=False).first.wait_for(timeout=60000)
    wait_idle(page)
    page.screenshot(path=str(out / "khong-gian_du-lieu-mau_1366x768.png"))
    page.close()


if __name__ == "__main__":
    raise SystemExit(main())

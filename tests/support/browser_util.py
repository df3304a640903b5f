"""Shared by the browser test and docs/screenshots/take.py: start the app, drive Chromium."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(timeout: float = 40.0, root: Path | None = None):
    """Run `streamlit run app.py` (of `root`, default this tree) on a free port; yield its base
    URL; stop it afterwards."""
    port = free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    if "KYSO_DB_URL" not in os.environ:  # a history of its own, never the office's
        db = Path(os.environ.get("TMPDIR", "/tmp")) / f"kyso_browser_{port}.sqlite"
        env["KYSO_DB_URL"] = f"sqlite:///{db}"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    import tempfile

    log = tempfile.NamedTemporaryFile(prefix="streamlit_", suffix=".log", delete=False)
    proc = subprocess.Popen(cmd, cwd=root or ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                out = Path(log.name).read_text("utf-8", "replace")
                raise RuntimeError(f"streamlit did not start: {out[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        tail = Path(log.name).read_text("utf-8", "replace")[-3000:]
        os.unlink(log.name)
        if "Traceback" in tail:
            print(f"streamlit log (tail):\n{tail}")


def wait_idle(page, timeout: float = 60000) -> None:
    """Wait until Streamlit has finished the current run: no stale elements, no running
    indicator, and the page's content unchanged over about a second."""
    page.wait_for_function(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            if (!main || !main.querySelector('h1, h2')) return false;
            const stale = document.querySelector('[data-stale="true"]');
            const running = document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
            const sig = main.innerText.length + ':' + main.querySelectorAll('*').length;
            const now = Date.now();
            if (stale || running || window.__ksSig !== sig) {
                window.__ksSig = sig; window.__ksSince = now; return false;
            }
            return now - window.__ksSince > 1500;
        }""", polling=250, timeout=timeout)


def goto_page(page, title: str) -> None:
    """Click a page in the sidebar's navigation; a sidebar collapsed (projector mode) is opened
    for the click and collapsed again."""
    nav = page.get_by_test_id("stSidebarNav")
    # a sidebar still sliding (projector mode just switched) is neither open nor collapsed
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSidebar\"]')"
                           "?.getAnimations().length")
    # a collapsed sidebar is moved off screen (still "visible" to Playwright) or hidden
    collapsed = not nav.is_visible() or page.evaluate(
        "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
        " return !s || s.getAttribute('aria-expanded') === 'false'"
        " || s.getBoundingClientRect().right <= 1; }")
    if collapsed:  # its expand button sits in the header, hidden while presenting
        page.evaluate("() => document.querySelector('[data-testid=\"stExpandSidebarButton\"]')"
                      "?.click()")
        nav.wait_for(state="visible")
        page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]')"
                               ".getBoundingClientRect().left >= 0")
    # the sidebar's own scroll may have left the navigation above its top
    nav.evaluate("n => n.scrollIntoView({block: 'start'})")
    nav.get_by_text(title, exact=True).click()
    wait_idle(page)
    if collapsed:
        page.evaluate("() => document.querySelector('[data-testid=\"stSidebarCollapseButton\"]"
                      " button')?.click()")
        page.wait_for_timeout(400)


def upload(page, path: Path, timeout: float = 30000) -> None:
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.get_by_text("Đơn vị đọc được", exact=False).first.wait_for(timeout=max(60000, timeout))
    wait_idle(page, timeout=timeout)


def wait_charts(page, timeout: float = 20000) -> None:
    """Wait until every visible Vega chart has drawn (a canvas or svg inside each chart)."""
    page.wait_for_function(
        """() => {
            const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                .filter(c => c.offsetParent !== null);
            return charts.every(c => c.querySelector('canvas, svg.marks'));
        }""", timeout=timeout)
    page.wait_for_function(  # lazy-loaded elements still drawn as grey skeletons
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
    page.wait_for_timeout(800)


def playwright_or_skip():
    """playwright.sync_api for a browser test module, or the module skipped with the reason
    (Debian's chromium or the playwright package missing). Call at module level."""
    import pytest

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser test "
                    "skipped", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api",
                               reason="the playwright package is not installed")

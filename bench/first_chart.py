"""The first chart on screen after dropping a workbook, timed in a real browser (issue 16).

    .venv/bin/python bench/first_chart.py [--runs N] [FILE ...]   (also printed by `make bench`)

`streamlit run app.py` on a free port (a history of its own, empty), Debian's Chromium through
Playwright at 1366×768, a new browser session per run: the clock starts before
`set_input_files` on the upload page and stops when the first Vega chart has drawn its marks
(a canvas or svg inside [data-testid=stVegaLiteChart], with a size). When the upload page
draws no chart itself (none is on it when the run that shows the
"Xem tổng quan" link has ended), the run follows that link at once,
the way a user would (the click is counted; a person's reaction time is not). Each run drops a
copy of the workbook with bytes of its own, so that it is read, not taken from the app's cache.
Printed: the median and every run, and the part until the upload was read (the link shown).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR = 1.5  # seconds, issue 16
SAMPLE = ROOT / "sample_uploads" / "tinh_2021_province.xlsx"

_DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].some(c => {
    const m = c.querySelector('canvas, svg.marks');
    return m && m.getBoundingClientRect().height > 20;
})"""
_READY = """() => {
    const drawn = (DRAWN)();
    const link = [...document.querySelectorAll(
        '[data-testid="stPageLink"] a, .st-key-go_overview button')]
        .find(a => a.innerText.includes('Xem tổng quan'));
    const app = document.querySelector('[data-testid="stApp"]');
    const ended = app && app.getAttribute('data-test-script-state') === 'notRunning';
    // every chart of ui/views.chart has its PNG button, keyed "png_…", which is on the page
    // before the chart's lazily loaded drawing is
    const charting = document.querySelector(
        '[data-testid="stVegaLiteChart"], [class*="st-key-png_"]');
    return drawn ? 'chart' : (link && ended && !charting ? 'link' : false);
}""".replace("DRAWN", _DRAWN)


def _procs() -> dict:
    """pid -> (parent pid, CPU seconds, command line) of every process in /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        # utime + stime, and cutime + cstime: what its ended children used (a reader worker
        # that served one file and exited is counted in its parent)
        cpu = sum(int(v) for v in fields[11:15]) / tick
        out[int(proc.name)] = (int(fields[1]), cpu, cmd)
    return out


def _tree(procs: dict, root: int) -> set:
    kids: dict = {}
    for pid, (ppid, _, _) in procs.items():
        kids.setdefault(ppid, []).append(pid)
    seen, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo += kids.get(pid, [])
    return seen


def _cpu(url: str) -> tuple:
    """(server, browser) CPU seconds used so far, which a busy machine does not inflate as it
    does wall time: the `streamlit run` this benchmark started (found by its port) with its
    reader workers, and the rest of this process's descendants (Playwright's driver and
    Chromium)."""
    port = url.rsplit(":", 1)[1].encode()
    procs = _procs()
    mine = _tree(procs, os.getpid()) - {os.getpid()}
    server = next((pid for pid in mine if port in procs[pid][2]
                   and b"streamlit" in b" ".join(procs[pid][2])), None)
    served = _tree(procs, server) if server else set()
    return (sum(procs[p][1] for p in served if p in procs),
            sum(procs[p][1] for p in mine - served if p in procs))


def fresh_copy(path: Path, n: int, out_dir: Path) -> Path:
    """The workbook under the same name with a zip comment of its own: other bytes, the same
    sheets, so that each run reads it (the app caches what it read by the file's content). A
    file that is not a zip (CSV, .xls) gets a trailing line break instead."""
    import zipfile

    out = out_dir / f"{n}" / path.name
    out.parent.mkdir(parents=True, exist_ok=True)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info))
            dst.comment = f"bench run {n}".encode()
    else:
        out.write_bytes(path.read_bytes() + b"\n" * (n + 1))
    return out


def one_run(browser, url: str, path: Path) -> dict:
    from tests.support.browser_util import wait_idle

    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    try:
        page.goto(url)
        wait_idle(page)
        cpu0 = _cpu(url)
        start = time.perf_counter()
        page.locator("input[type=file]").first.set_input_files(str(path))
        got = page.wait_for_function(_READY, polling="raf", timeout=120000).json_value()
        read = time.perf_counter() - start
        if got == "link":
            page.locator('[data-testid="stPageLink"] a, .st-key-go_overview button').filter(
                has_text="Xem tổng quan").first.click()
            page.wait_for_function(_DRAWN, polling="raf", timeout=120000)
        total = time.perf_counter() - start
        return {"total": total, "read": read, "via_link": got == "link",
                "server_cpu": _cpu(url)[0] - cpu0[0], "browser_cpu": _cpu(url)[1] - cpu0[1]}
    finally:
        ctx.close()


def measure(paths, runs: int = 3) -> dict:
    """{file name: {"runs": [...], "median": s, "read_median": s}} or {"error": why}."""
    from tests.support.browser_util import CHROMIUM, CHROMIUM_ARGS, streamlit_server

    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} is not installed"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "the playwright package is not installed"}
    import tempfile

    out: dict = {}
    with streamlit_server() as url, sync_playwright() as pw, \
            tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        copies = iter(range(1_000_000))
        try:
            # warm-up: the server's first imports
            one_run(browser, url, fresh_copy(Path(paths[0]), next(copies), Path(tmp)))
            for p in paths:
                rs = [one_run(browser, url, fresh_copy(Path(p), next(copies), Path(tmp)))
                      for _ in range(runs)]
                out[Path(p).name] = {
                    "runs": [r["total"] for r in rs],
                    "median": statistics.median(r["total"] for r in rs),
                    "read_median": statistics.median(r["read"] for r in rs),
                    "server_cpu": statistics.median(r["server_cpu"] for r in rs),
                    "browser_cpu": statistics.median(r["browser_cpu"] for r in rs),
                    "via_link": rs[0]["via_link"]}
        finally:
            browser.close()
    return out


def report(res: dict) -> None:
    if "error" in res:
        print(f"      not measured: {res['error']}")
        return
    for name, r in res.items():
        ok = "OK" if r["median"] <= FLOOR else "OVER"
        how = " (following the 'Xem tổng quan' link)" if r["via_link"] else ""
        print(f"      {name}: first chart {r['median']:.2f} s median{how} "
              f"[{', '.join(f'{v:.2f}' for v in r['runs'])}]; upload read "
              f"{r['read_median']:.2f} s   (floor ≤ {FLOOR} s) {ok}")
        print(f"        CPU used meanwhile: server {r['server_cpu']:.2f} s (with its reader "
              f"workers), browser {r['browser_cpu']:.2f} s (Chromium + Playwright)")
    load = os.getloadavg()[0]
    print(f"      load average {load:.1f} on {os.cpu_count()} CPUs during the runs"
          + ("  (busy machine: wall times inflated)" if load > (os.cpu_count() or 1) else ""))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("files", nargs="*", default=[str(SAMPLE)])
    args = ap.parse_args(argv)
    print("browser: drop the workbook on the upload page → first chart drawn (Chromium, 1366×768)")
    report(measure(args.files, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What Vega drew, measured in the browser: each visible chart's rows, band per row, bar gaps and
overlapping labels (text boxes from the SVG renderer, which Streamlit uses for charts of fewer
than 2,000 data points a mark). Shared by tests/browser/test_chart_sizes.py and
bench/chart_sizes.py (the before/after numbers).
"""
from __future__ import annotations

from pathlib import Path

from tests.support.browser_util import (
    CHROMIUM,
    CHROMIUM_ARGS,
    goto_page,
    upload,
    wait_charts,
    wait_idle,
)

ROOT = Path(__file__).resolve().parents[2]

MEASURE_JS = r"""
() => {
  const box = e => e.getBoundingClientRect();
  const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
                         Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const out = [];
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(c => c.offsetParent !== null);
  for (const c of charts) {
    const svg = c.querySelector('svg.marks');
    if (!svg) { out.push({renderer: c.querySelector('canvas') ? 'canvas' : 'none'}); continue; }
    const texts = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() && getComputedStyle(t).opacity !== '0')
      .map(t => ({t: t.textContent.trim(), r: box(t)}))
      .filter(x => x.r.width > 0 && x.r.height > 0);
    const overlaps = [];
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (meet(texts[i].r, texts[j].r)) overlaps.push([texts[i].t, texts[j].t]);
    // the bars (rect marks) and the y axis: which axis is "Y" is in its aria label
    const bars = [...svg.querySelectorAll('g.mark-rect.role-mark path')].map(box)
      .filter(r => r.height > 0).sort((a, b) => a.top - b.top);
    let yLabels = [], xLabels = [];
    for (const ax of svg.querySelectorAll('g.role-axis')) {
      const label = ax.getAttribute('aria-label') || '';
      const labels = [...ax.querySelectorAll('g.role-axis-label text')].map(box);
      if (label.startsWith('Y-axis')) yLabels = labels; else if (label.startsWith('X-axis'))
        xLabels = xLabels.concat(labels);
    }
    const tops = [...new Set(bars.map(r => Math.round(r.top * 10) / 10))];
    const steps = tops.slice(1).map((t, i) => t - tops[i]);
    const gaps = bars.slice(1).map((r, i) => r.top - bars[i].bottom).filter(g => g > -50);
    const ys = yLabels.map(r => (r.top + r.bottom) / 2).sort((a, b) => a - b);
    const ysteps = ys.slice(1).map((y, i) => y - ys[i]);
    const median = a => a.length ? [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] : null;
    let coveredAxis = 0;
    for (const b of bars) for (const l of xLabels) if (meet(b, l)) coveredAxis++;
    const keyed = c.closest('[class*="st-key-"]');
    const key = keyed ? ([...keyed.classList].find(k => k.startsWith('st-key-')) || '')
      .slice(7) : '';
    out.push({key,
      renderer: 'svg', height: Math.round(box(svg).height), width: Math.round(box(svg).width),
      rows: yLabels.length, bars: bars.length,
      band: median(steps) ?? median(ysteps) ?? null,
      barHeight: median(bars.map(r => r.height)),
      minGap: gaps.length ? Math.min(...gaps) : null,
      overlaps: overlaps.length, overlapping: overlaps.slice(0, 5),
      coveredAxis, texts: texts.length,
      xLabelAngles: [...svg.querySelectorAll('g.role-axis-label text')]
        .map(t => t.getAttribute('transform') || '').filter(t => t.includes('rotate')).length,
    });
  }
  return out;
}
"""


def measure(page) -> list:
    """One dict a visible chart (see MEASURE_JS): renderer, height, rows, band, barHeight,
    minGap, overlaps (count of overlapping text pairs) and the first few of them, coveredAxis
    (bars over x-axis labels), xLabelAngles (rotated labels)."""
    return page.evaluate(MEASURE_JS)


TOOLBAR_JS = r"""
(i) => {
  const c = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(c => c.offsetParent !== null)[i];
  const host = c.closest('[data-testid="stElementContainer"]') || c.parentElement;
  const bar = host.querySelector('[data-testid="stElementToolbar"]');
  if (!bar) return null;
  const b = bar.getBoundingClientRect();
  if (!b.width) return null;
  let n = 0;
  for (const t of c.querySelectorAll('svg.marks text')) {
    const r = t.getBoundingClientRect();
    if (t.textContent.trim() && Math.min(r.right, b.right) - Math.max(r.left, b.left) > 1 &&
        Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) > 1) n++;
  }
  return n;
}
"""


def toolbar_overlaps(page, index: int) -> int | None:
    """Hover chart `index` (visible charts, in page order) and count its texts under the chart's
    toolbar; None when no toolbar shows."""
    charts = page.locator('[data-testid="stVegaLiteChart"] >> visible=true')
    charts.nth(index).hover()
    page.wait_for_timeout(400)
    return page.evaluate(TOOLBAR_JS, index)


# --- the measured tour: one fixture in one page, every chart at both sizes ------------------

FIXTURES = ROOT / "tests" / "fixtures" / "charts"
FILES = ["khoi_1", "khoi_2", "khoi_3", "khoi_5", "khoi_1400"]
SIZES = [(1366, 768), (1920, 1080)]
BLOCK_BUTTONS = {"khoi_3": ["Khối các phòng chuyên môn (5)", "Khối các đơn vị sự nghiệp (15)",
                            "Khối UBND cấp xã (14)"]}


def _at_sizes(page, where: str, out: list, sizes=SIZES, toolbar: bool = False) -> None:
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg.marks, '
                           '[data-testid="stVegaLiteChart"] canvas')
    for w, h in sizes:
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(300)
        wait_charts(page)
        for i, m in enumerate(measure(page)):
            m.update(where=where, size=f"{w}x{h}", chart=i)
            if toolbar and i == 0:
                m["toolbarOverlaps"] = toolbar_overlaps(page, 0)
            out.append(m)


def open_file(browser, url: str, name: str):
    """A new page with the fixture `name` loaded, at 1920 x 1080."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.set_default_timeout(90000)
    page.goto(url)
    wait_idle(page, timeout=90000)  # the server's first page builds its caches
    upload(page, FIXTURES / f"{name}.xlsx", timeout=90000)
    return page


def tour(page, name: str, out: list, compare: bool = True, present: bool = True) -> None:
    """Measure every chart of the overview (each of BLOCK_BUTTONS' scopes too), of the compare
    page and of the overview in presentation mode (left on), at both sizes, into `out`."""
    n0 = len(out)
    goto_page(page, "Tổng quan")
    _at_sizes(page, "tong-quan", out, toolbar=True)
    for label in BLOCK_BUTTONS.get(name, []):
        page.locator('[data-testid="stButtonGroup"] button', has_text=label).first.click()
        wait_idle(page)
        _at_sizes(page, f"tong-quan:{label}", out)
    if compare:
        goto_page(page, "So sánh")
        _at_sizes(page, "so-sanh", out)
    if present:  # projector mode opens the overview's slides on the KPIs (no chart): the
        # blocks' slide, then the first block's units
        page.get_by_text("Chế độ trình chiếu").click()
        page.locator(".st-key-pm_next").first.wait_for()
        wait_idle(page)
        for _ in range(2):
            page.keyboard.press("ArrowRight")
            wait_idle(page)
            _at_sizes(page, "tong-quan:trinh-chieu", out)
    for m in out[n0:]:
        m.setdefault("file", name)


def run_file(browser, url: str, name: str, out: list, compare: bool = True,
             present: bool = True) -> None:
    """open_file, then tour, then close the page."""
    page = open_file(browser, url, name)
    try:
        tour(page, name, out, compare=compare and name != "khoi_1400",
             present=present and name != "khoi_1400")
    finally:
        page.close()


def measure_all(url: str, files=FILES) -> list:
    from playwright.sync_api import sync_playwright

    out: list = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in files:
                run_file(browser, url, name, out)
        finally:
            browser.close()
    return out

"""What Vega draws in Chromium, for 1, 2, 3 and 5 blocks and blocks of 5, 15, 14 and 1,400 units,
at 1366x768 and 1920x1080, normal and presentation mode (issue 16): a band per row of at least
~36 px while the rows are few and 22 px for 1,400, bars that never touch or cover the axis, no
two labels overlapping, nothing under the chart toolbar, month labels horizontal; and the
drill-down (a block's bar → its units → a unit's months).

One server for the module; each fixture is one page visited at both sizes
(tests/support/chart_geometry.run_file). Fixtures: python -m tests.support.make_chart_files.
"""
import os

import pytest

from analysis.outputs.charts import band_step
from tests.support.browser_util import (
    CHROMIUM,
    CHROMIUM_ARGS,
    goto_page,
    playwright_or_skip,
    streamlit_server,
    wait_charts,
    wait_idle,
)
from tests.support.chart_geometry import measure, open_file, run_file, tour

pytestmark = [pytest.mark.browser, pytest.mark.slow]

playwright_api = playwright_or_skip()

# Streamlit names (class st-key-…) only the charts that take clicks: the overview's blocks and
# units; the others are found by their place on the page.


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    os.environ.setdefault("KYSO_DB_URL",
                          f"sqlite:///{tmp_path_factory.mktemp('hist') / 'history.sqlite'}")
    with streamlit_server(timeout=90) as url, playwright_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b, url
        finally:
            b.close()


def _click_bar(page, key: str, lowest: bool) -> None:
    """Click the bottom (lowest rate) or top bar of the chart drawn with `key` (scrolled into
    view first)."""
    box = page.evaluate("""([key, lowest]) => {
        const sel = `.st-key-${key} svg.marks g.mark-rect.role-mark path`;
        const bars = [...document.querySelectorAll(sel)]
            .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        const bar = lowest ? bars[bars.length - 1] : bars[0];
        bar.scrollIntoView({block: 'center'});
        const r = bar.getBoundingClientRect();
        return {x: r.left + Math.min(r.width / 2, 40), y: r.top + r.height / 2};
    }""", [key, lowest])
    page.wait_for_timeout(300)
    page.mouse.click(box["x"], box["y"])


def _problems(rows: list) -> list:
    """Every drawn chart that breaks a rule, with the rule."""
    bad = []
    for r in rows:
        where = f"{r['file']} {r['where']} {r['size']} {r.get('key')}"
        if r.get("renderer") != "svg":
            bad.append((where, "not drawn as svg", r.get("renderer")))
            continue
        if r["overlaps"]:
            bad.append((where, "labels overlap", r["overlapping"]))
        if r["coveredAxis"]:
            bad.append((where, "bars cover the axis labels", r["coveredAxis"]))
        if r["xLabelAngles"]:
            bad.append((where, "rotated labels", r["xLabelAngles"]))
        if r.get("toolbarOverlaps"):
            bad.append((where, "text under the toolbar", r["toolbarOverlaps"]))
        if r.get("minGap") is not None and r["minGap"] <= 0:
            bad.append((where, "bars touch", r["minGap"]))
    return bad


def _bands(rows: list, key_prefix: str, where: str) -> list:
    """(rows, band) of the charts drawn with a key; one row's band is its bar over the bar's
    share of the band (charts.py: 0.72)."""
    return [(r["rows"], r["band"] if r["rows"] > 1 else round(r["barHeight"] / 0.72, 1))
            for r in rows if r.get("key", "").startswith(key_prefix) and r["where"] == where]


# what each fixture's tour visits besides the overview (the time of the suite: each visit is two
# sizes); khoi_3 visits everything, in the drill-down's test
VISITS = {"khoi_1": {"compare": False}, "khoi_2": {"present": False}, "khoi_5": {},
          "khoi_1400": {}}


@pytest.mark.parametrize("name", list(VISITS))
def test_charts_read_at_every_size(browser, name):
    b, url = browser
    rows: list = []
    run_file(b, url, name, rows, **VISITS[name])
    assert rows
    assert _problems(rows) == []
    blocks = _bands(rows, "chart_blocks", "tong-quan")
    assert len(blocks) == 2 and all(band >= 42 for _n, band in blocks), blocks
    units = _bands(rows, "chart_units", "tong-quan")
    if name == "khoi_1400":
        assert all(n > 1000 and 21.5 <= band <= 22.5 for n, band in units), units
    else:
        assert all(band == pytest.approx(band_step(n), abs=0.6) and band >= 34
                   for n, band in units), units
        present = [r for r in rows if r["where"] == "tong-quan:trinh-chieu" and r["bars"]]
        if VISITS[name].get("present", True):
            assert present and all(r["band"] >= 40 for r in present if r["rows"] > 1), present


def test_blocks_of_5_15_14_and_the_drill_down(browser):
    """khoi_3: a click on a block's bar shows its units, a click on a unit's bar its months, the
    units page its heatmap; then each block's units, the compare page's dumbbell and
    presentation mode, measured."""
    b, url = browser
    page = open_file(b, url, "khoi_3")
    rows: list = []
    try:
        page.set_viewport_size({"width": 1366, "height": 768})
        goto_page(page, "Tổng quan")
        page.wait_for_selector(".st-key-chart_blocks svg.marks")
        _click_bar(page, "chart_blocks", lowest=True)  # Khối các phòng chuyên môn (5 units)
        wait_idle(page)
        wait_charts(page)
        units = [r for r in measure(page) if r["key"] == "chart_units"]
        assert units and units[0]["rows"] == 5, units
        _click_bar(page, "chart_units", lowest=False)
        wait_idle(page)
        page.get_by_text("Từng tháng của", exact=False).first.wait_for()
        page.wait_for_function("() => document.querySelectorAll("
                               "'[data-testid=\"stVegaLiteChart\"] svg.marks').length >= 4")
        wait_charts(page)
        drawn = measure(page)  # blocks, trend, units, and the unit's months
        assert len(drawn) == 4 and drawn[2]["key"] == "chart_units"
        assert drawn[3]["overlaps"] == 0 and drawn[3]["xLabelAngles"] == 0
        # the year's heatmap and the units at 0% two months running, on the units page
        goto_page(page, "Đơn vị")
        page.wait_for_selector('[data-testid="stVegaLiteChart"] svg.marks')
        wait_charts(page)
        heat = measure(page)  # the heatmap is the units page's one chart
        assert len(heat) == 1 and heat[0]["overlaps"] == 0 and heat[0]["rows"] == 5, heat
        labels = page.evaluate("() => [...document.querySelectorAll("
                               "'[data-testid=\"stVegaLiteChart\"] g.role-axis-label text')]"
                               ".map(t => t.textContent)")
        assert sum("0% liên tiếp 3 tháng" in t for t in labels) == 1, labels
        tour(page, "khoi_3", rows)
    finally:
        page.close()
    assert _problems(rows) == []
    for label, n in (("phòng chuyên môn (5)", 5), ("sự nghiệp (15)", 15), ("cấp xã (14)", 14)):
        units = [(r["rows"], r["band"]) for r in rows
                 if r.get("key") == "chart_units" and label in r["where"]]
        assert units and all(k == n and band >= 35.5 for k, band in units), (label, units)
    db = [(r["rows"], r["band"]) for r in rows if r["where"] == "so-sanh"]
    assert db and all(band >= 35.5 for _n, band in db), db

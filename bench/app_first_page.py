"""The app's first page after opening a workspace, with 1 and 5 years of the province workbook
stored (issue 14): it must cost the same whatever the years, because the figures read only the
periods they need (ui/window.py: the period, the one before, the year to date, the trend's
12 months) instead of the whole history.

    .venv/bin/python bench/app_first_page.py [--years 1 5] [--runs 3]

For each number of years: a fresh SQLite history (bench/history_scale.py's year frames, 1,411
units a month, one upload a year) in a workspace "Bench"; then, in a fresh AppTest session per
run, the workspace is opened from the sidebar and the overview drawn. Printed: the median wall
seconds of opening the workspace (the upload page with the sidebar's figures) and of the
overview after it, cold (a new server process's caches: each run clears ui/data.py's and
ui/byte_cache.py's caches) — medians of --runs runs on a shared machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _history(url: str, years: int) -> None:
    from history_scale import year_frames

    from analysis.store import create_workspace, open_history, store_frame

    create_workspace(url, "Bench")
    with open_history(url, "Bench") as h:
        for f in year_frames(years):
            store_frame(h, f, {"files": ["bench"], "source": "bench"})


def _clear_caches() -> None:
    import streamlit as st

    from ui import byte_cache

    st.cache_resource.clear()
    st.cache_data.clear()
    byte_cache.CACHE.clear()


def _one_run() -> tuple:
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest_util import PAGES

    _clear_caches()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    t = time.perf_counter()
    at.selectbox(key="ks_ws_pick").set_value("Bench")
    at.run()
    opened = time.perf_counter() - t
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="ks_period").value.endswith("-12")
    t = time.perf_counter()
    at.switch_page(PAGES["overview"])
    at.run()
    overview = time.perf_counter() - t
    assert not at.exception and at.metric, [e.value for e in at.exception]
    return opened, overview


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, nargs="+", default=[1, 5])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)

    from streamlit.runtime import pages_manager as pm

    orig = pm.PagesManager.__init__

    def init(self, *a, **k):  # as tests/support/apptest_util.patched_pages_manager
        orig(self, *a, **k)
        pm.PagesManager.uses_pages_directory = False

    pm.PagesManager.__init__ = init
    print(f"{'years':>5} {'stored rows':>11} {'open workspace (s)':>19} {'overview (s)':>13}")
    for years in args.years:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
            os.environ["KYSO_DB_URL"] = url
            _history(url, years)
            runs = [_one_run() for _ in range(args.runs)]
            opened = statistics.median(r[0] for r in runs)
            overview = statistics.median(r[1] for r in runs)
            print(f"{years:>5} {years * 12 * 1411:>11,} {opened:>19.2f} {overview:>13.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

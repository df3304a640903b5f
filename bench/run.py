"""Speed at province scale (issue 6): one run, one file, every figure.

    make bench                      # or: .venv/bin/python bench/run.py [--runs N] [--no-app]

The workbook is generated once into bench/data/ (git-ignored): 30 districts x 45 units plus 60
provincial units, about 1,410 units a sheet, 12 monthly sheets "T01-2021" ... with the messy
features of sample_uploads/make_samples.py (merged two-row header, numbering row, a section row
per district, subtotals, a totals row, counts and rates stored as text from July on).

Times are wall-clock medians of several runs in this process after one warm-up run (a, b and c
in interleaved rounds, so that a change of load falls on all three alike); each parse makes its
own memo of the cells it reads (reading/memo.py) and drops it, so each starts as cold as the
first upload of a new file. CPU time is printed beside
because the benchmark machine may be shared. Peak memory is the peak resident set size
(resource.getrusage ru_maxrss) of a fresh subprocess per measurement: it counts everything the
process holds, including what calamine (Rust) allocates outside Python's allocator, which
tracemalloc cannot see (on Linux it reads VmHWM, as ru_maxrss may carry the parent's peak over
exec); the subprocess's size after its imports is printed too.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
WORKBOOK = DATA / "tinh_2021_bench.xlsx"
sys.path.insert(0, str(ROOT))

FLOORS = {"a/b": 0.25, "a/c": 3.0, "d": 1.0, "mem": 400.0, "rerun": 0.300}


# --- the workbook ---------------------------------------------------------------------------

def ensure_workbook() -> Path:
    if not WORKBOOK.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(ROOT / "sample_uploads"))
        from make_samples import province_workbook

        tmp = WORKBOOK.with_suffix(".tmp.xlsx")
        province_workbook(tmp, n_districts=30, units_per_district=45, months=12, year=2021)
        tmp.replace(WORKBOOK)
    return WORKBOOK


# --- the measured operations ----------------------------------------------------------------

def op_parse(path: Path):
    from analysis.reading.parse import parse_file

    return parse_file(path)


def op_pandas(path: Path):
    import pandas as pd

    return pd.read_excel(path, sheet_name=None, engine="openpyxl")


def op_calamine(path: Path):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return [wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]


def op_frame(wb):
    from analysis.frame import units_frame, warnings_frame

    frame, notes = units_frame([wb])
    return frame, notes, warnings_frame([wb])


def op_summarize(frame):
    from analysis.figures import summarize

    return summarize(frame)


def op_export(frame, notes, warnings):
    """As `python -m analysis export` does: compute the summary once, write the workbook."""
    from analysis.figures import compute
    from analysis.outputs.xlsx import summary_xlsx

    s = compute(frame)
    return summary_xlsx(None, warnings=warnings, notes=notes, summary=s)


def interleaved(ops: dict, runs: int, limits: dict) -> dict:
    """Time several operations in rounds (a, b, c, a, b, c, ...) so that a change of load on a
    shared machine falls on all of them alike. Returns name -> timed() result."""
    walls = {k: [] for k in ops}
    cpus = {k: [] for k in ops}
    for name, fn in ops.items():  # warm-up (imports, first-call costs), not timed
        if name not in limits:
            fn()
    for i in range(runs):
        for name, fn in ops.items():
            if i >= limits.get(name, runs):
                continue
            gc.collect()
            w, c = time.perf_counter(), time.process_time()
            fn()
            cpus[name].append(time.process_time() - c)
            walls[name].append(time.perf_counter() - w)
    return {k: {"wall": statistics.median(walls[k]), "cpu": statistics.median(cpus[k]),
                "min": min(walls[k]), "runs": len(walls[k])} for k in ops}


def timed(fn, runs: int, warmup: bool = True) -> dict:
    if warmup:
        fn()
    walls, cpus = [], []
    for _ in range(runs):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus),
            "min": min(walls), "runs": runs}


# --- memory: one fresh process per measurement -----------------------------------------------

def _maxrss_mb() -> float:
    """Peak resident set of this process so far. On Linux VmHWM from /proc: ru_maxrss of a
    child started by a big parent can report the parent's peak (it survives fork + exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def child(kind: str, path: Path) -> None:
    import pandas  # noqa: F401  (imported by every measurement, so the baseline is comparable)
    import python_calamine  # noqa: F401

    from analysis import figures  # noqa: F401
    from analysis import frame as dataset  # noqa: F401
    from analysis.outputs import xlsx as export_xlsx  # noqa: F401
    from analysis.reading import parse  # noqa: F401

    base = _maxrss_mb()
    if kind == "parse":
        op_parse(path)
    elif kind == "pandas":
        op_pandas(path)
    elif kind == "calamine":
        op_calamine(path)
    elif kind == "pipeline":  # what the app holds: the parse, the frame, a summary, an export
        wb = op_parse(path)
        frame, notes, warnings = op_frame(wb)
        op_summarize(frame)
        op_export(frame, notes, warnings)
    print(json.dumps({"base": base, "peak": _maxrss_mb()}))


def memory(kind: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the app: page reruns with the province data loaded --------------------------------------

def _timed_run(at) -> float:
    t = time.perf_counter()
    at.run()
    dt = time.perf_counter() - t
    if at.exception:
        raise RuntimeError("; ".join(str(e.value) for e in at.exception)[:300])
    return dt


def _keep_navigation_pages() -> None:
    """As tests/support/apptest_util.py: AppTest keeps st.navigation's pages."""
    from streamlit.runtime import pages_manager as pm

    orig = pm.PagesManager.__init__

    def init(self, *a, **k):
        orig(self, *a, **k)
        pm.PagesManager.uses_pages_directory = False

    pm.PagesManager.__init__ = init


def _page_visits(at, pages_files: dict, reruns: int) -> dict:
    """Per page: the first visit right after the upload, then `reruns` plain reruns."""
    pages = {}
    for name, file in pages_files.items():
        try:
            at.switch_page(file)
            first = _timed_run(at)
            times = [_timed_run(at) for _ in range(reruns)]
            pages[name] = {"first": first, "rerun": statistics.median(times), "max": max(times)}
        except Exception as e:  # a page being rewritten: report it, measure the others
            pages[name] = {"error": f"{type(e).__name__}: {e}"[:200]}
    return pages


def _revisits(at, pages_files: dict, pages: dict) -> dict:
    """Changing page once every page has been seen (what a user does next)."""
    revisit = {}
    for name, file in pages_files.items():
        if "error" in pages[name]:
            continue
        try:
            at.switch_page(file)
            revisit[name] = _timed_run(at)
        except Exception:
            revisit[name] = None
    return revisit


def _units_filter(at, pages_files: dict, result: dict) -> None:
    try:
        at.switch_page(pages_files["units"])
        _timed_run(at)
        at.multiselect(key="un_status").set_value(["below_target"])
        result["units_filter"] = _timed_run(at)
        at.multiselect(key="un_status").set_value([])
        _timed_run(at)
    except Exception as e:
        result["units_filter_error"] = f"{type(e).__name__}: {e}"[:200]


def _setting_steps(page: str, other: str, latest: str, block: str) -> list:
    """(label, widget kind, key, value) of the sidebar settings changed on a page, and back."""
    steps = [("period " + other, "selectbox", "ks_period", other),
             ("period back", "selectbox", "ks_period", latest),
             ("target 90%", "number_input", "ks_target", 90.0),
             ("target back", "number_input", "ks_target", 100.0)]
    if page == "overview":
        steps += [("block filter " + block, "multiselect", "ks_block_filter", [block]),
                  ("block filter cleared", "multiselect", "ks_block_filter", []),
                  ("presentation mode on", "toggle", "ks_present", True),
                  ("presentation mode off", "toggle", "ks_present", False)]
    return steps


def _setting_changes(at, path: Path, pages_files: dict, result: dict) -> None:
    """Each new setting computes new figures and charts (or tables, or the letter), going back
    finds them cached: on each page with figures a new period and a new target, on the overview
    also the block filter and presentation mode. The period selectbox shows labels: it is set
    by code."""
    from analysis.figures import periods
    from analysis.frame import units_frame
    from analysis.model import BLOCKS
    from analysis.reading.parse import parse_file

    frame = units_frame([parse_file(path)])[0]
    codes = periods(frame)["period"].tolist()
    block = next(b for b in BLOCKS if frame["block"].eq(b).any())  # the filter takes codes
    changes = {}
    try:
        latest = at.selectbox(key="ks_period").value
        others = iter([c for c in reversed(codes) if c != latest])
        for page in ("overview", "units", "compare", "report"):
            at.switch_page(pages_files[page])
            _timed_run(at)
            for label, kind, key, value in _setting_steps(page, next(others), latest, block):
                getattr(at, kind)(key=key).set_value(value)  # looked up on the page as it is
                changes[f"{page}: {label}"] = _timed_run(at)
                if getattr(at, kind)(key=key).value != value:
                    raise RuntimeError(f"{key} did not take {value!r}")
    except Exception as e:
        result["filter_error"] = f"{type(e).__name__}: {e}"[:200]
    result["filters"] = changes


def app_child(path: Path, reruns: int) -> None:
    """Upload the workbook through the upload page once, then time AppTest.run() per page:
    the first visit (a page change right after the upload: the page's figures and charts are
    computed then), `reruns` plain reruns (a widget change that changes nothing computed), a
    second round of page changes, the units page's status filter, and sidebar settings changed
    and back: period and target on each page with figures, block filter and presentation mode
    on the overview."""
    os.environ["KYSO_DB_URL"] = f"sqlite:///{tempfile.mkdtemp()}/history.sqlite"
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest_util import PAGES, XLSX_MIME

    _keep_navigation_pages()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    result: dict = {"first_load": _timed_run(at)}
    at.file_uploader(key="ks_uploader").set_value([(path.name, path.read_bytes(), XLSX_MIME)])
    result["upload_and_parse"] = _timed_run(at)
    result["pages"] = _page_visits(at, PAGES, reruns)
    result["revisit"] = _revisits(at, PAGES, result["pages"])
    _units_filter(at, PAGES, result)
    _setting_changes(at, path, PAGES, result)
    print(json.dumps(result))


def app_times(path: Path, reruns: int) -> dict:
    helpers = ROOT / "tests" / "support" / "apptest_util.py"
    if not (ROOT / "app.py").exists() or not helpers.exists():
        return {"error": "the app (app.py, tests/support/apptest_util.py) is not there"}
    out = subprocess.run([sys.executable, __file__, "--app-child", str(path), str(reruns)],
                         capture_output=True, text=True, cwd=ROOT, timeout=1800)
    if out.returncode != 0:
        lines = out.stderr.strip().splitlines()
        return {"error": lines[-1] if lines else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the report -------------------------------------------------------------------------------

def _s(t: dict) -> str:
    return f"{t['wall']:7.3f} s  (cpu {t['cpu']:.3f} s, best {t['min']:.3f} s, {t['runs']} runs)"


def _ok(value: float, floor: float) -> str:
    return "ok" if value <= floor else "ABOVE FLOOR"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=11, help="runs per figure (pandas: at most 3)")
    ap.add_argument("--no-app", action="store_true", help="skip the AppTest page reruns")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--app-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    if args.app_child:
        app_child(Path(args.app_child[0]), int(args.app_child[1]))
        return 0

    path = ensure_workbook()
    runs = max(1, args.runs)
    wb = op_parse(path)
    n_units = [len(s.units) for s in wb.sheets]
    print("Ký số Analytics — benchmark (issue 6)")
    print(f"file      {path.relative_to(ROOT)}  {path.stat().st_size / 1024:.0f} KiB, "
          f"{len(wb.sheets)} sheets, {min(n_units)}–{max(n_units)} units a sheet, "
          f"{sum(n_units)} unit rows")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine   Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {load:.2f} at start")
    print()

    from analysis.reading.grid import read_grids

    data = path.read_bytes()
    import openpyxl  # noqa: F401  (pandas imports it on first use: not part of the read)

    from analysis.reading.parse import parse_grids

    def reader():  # as parse_bytes runs it: one memo for the workbook, the cycle collector paused
        return parse_grids(grids, path.name)

    grids = read_grids(data, path.name)
    t = interleaved({"a": lambda: op_parse(path), "b": lambda: op_pandas(path),
                     "c": lambda: op_calamine(path), "g": lambda: read_grids(data, path.name),
                     "r": reader},
                    runs, limits={"b": min(runs, 3)})
    a, b, c, g, r = t["a"], t["b"], t["c"], t["g"], t["r"]
    frame, notes, warnings = op_frame(wb)
    f = timed(lambda: op_frame(wb), runs)
    d1 = timed(lambda: op_summarize(frame), runs)
    d2 = timed(lambda: op_export(frame, notes, warnings), runs)
    d = {"wall": d1["wall"] + d2["wall"], "cpu": d1["cpu"] + d2["cpu"],
         "min": d1["min"] + d2["min"], "runs": runs}

    print("(a) full read: parse_file, all 12 sheets (detection, classification, checks)")
    print(f"      {_s(a)}")
    print(f"      grid.read_grids alone (upload guard + calamine): {_s(g)}")
    print(f"      the reader alone (parse_grids of the 12 grids):   {_s(r)}")
    print(f"      reader per unit row: {r['wall'] / sum(n_units) * 1e6:.1f} µs")
    print("(b) pandas.read_excel(sheet_name=None, engine='openpyxl')")
    print(f"      {_s(b)}")
    print("(c) python-calamine, every sheet's cells (to_python)")
    print(f"      {_s(c)}")
    print(f"(d) summarize + Excel export over the {frame['period'].nunique()} months "
          f"({len(frame)} unit rows in the frame)")
    print(f"      {_s(d)}")
    print(f"      summarize {d1['wall']:.3f} s, export (compute + summary_xlsx) "
          f"{d2['wall']:.3f} s; units_frame + warnings_frame before them {f['wall']:.3f} s "
          "(not in d)")

    print("(e) peak memory, resident set of a fresh process per measurement (after imports → peak)")
    mems = {}
    for kind, label in (("parse", "(a) parse"), ("pandas", "(b) pandas"),
                        ("calamine", "(c) calamine"),
                        ("pipeline", "parse + frame + summarize + export")):
        m = memory(kind, path)
        mems[kind] = m
        if "error" in m:
            print(f"      {label:38s} not measured: {m['error']}")
        else:
            print(f"      {label:38s} {m['base']:6.0f} MB → {m['peak']:6.0f} MB")
    peak = max((m["peak"] for m in mems.values() if "peak" in m and m is not mems.get("pandas")),
               default=float("nan"))

    print()
    ab, ac = a["wall"] / b["wall"], a["wall"] / c["wall"]
    print("ratios and floors")
    print(f"      a/b = {ab:.3f}   (floor ≤ {FLOORS['a/b']})   {_ok(ab, FLOORS['a/b'])}")
    print(f"      a/c = {ac:.2f}    (floor ≤ {FLOORS['a/c']:.0f})      {_ok(ac, FLOORS['a/c'])}"
          f"   [cpu a/c = {a['cpu'] / c['cpu']:.2f}]")
    print(f"      d   = {d['wall']:.3f} s (floor ≤ {FLOORS['d']:.0f} s)    "
          f"{_ok(d['wall'], FLOORS['d'])}")
    print(f"      peak memory of our pipeline = {peak:.0f} MB (floor ≤ {FLOORS['mem']:.0f} MB)   "
          f"{_ok(peak, FLOORS['mem'])}")

    if args.no_app:
        print("\napp page reruns: skipped (--no-app)")
        return 0
    print()
    from first_chart import main as first_chart  # bench/first_chart.py: in Chromium

    first_chart([])
    print("\napp: AppTest.run() per page, province workbook loaded (server time of one rerun)")
    t = app_times(path, max(3, runs))
    if "error" in t:
        print(f"      not measured: {t['error']}")
        return 0
    report_app(t)
    return 0


def report_app(t: dict) -> None:
    """Print the app's rerun times and the slowest against the floor."""
    print(f"      first load of app.py {t['first_load']:.3f} s; upload + parse of the workbook "
          f"{t['upload_and_parse']:.3f} s")
    worst = 0.0
    for name, p in t["pages"].items():
        if "error" in p:
            print(f"      {name:9s} not measured: {p['error']}")
            continue
        worst = max(worst, p["first"], p["max"])
        print(f"      {name:9s} first visit {p['first']:6.3f} s, rerun median {p['rerun']:6.3f} s "
              f"(max {p['max']:.3f})   {_ok(max(p['first'], p['max']), FLOORS['rerun'])}")
    if t.get("revisit"):
        print("      page change after every page was seen once: "
              + ", ".join(f"{k} {v:.3f} s" for k, v in t["revisit"].items() if v is not None))
        worst = max([worst] + [v for v in t["revisit"].values() if v is not None])
    if "units_filter" in t:
        print(f"      units, status filter changed: {t['units_filter']:.3f} s")
        worst = max(worst, t["units_filter"])
    if t.get("filters"):
        print("      a sidebar setting changed (new figures, charts, tables) and back (cached):")
        for label, v in t["filters"].items():
            print(f"        {label:45s} {v:.3f} s")
        worst = max([worst] + list(t["filters"].values()))
    if "filter_error" in t:
        print(f"      setting changes not measured: {t['filter_error']}")
    print(f"      slowest page change or filter change {worst * 1000:.0f} ms "
          f"(floor ≤ {FLOORS['rerun'] * 1000:.0f} ms)   "
          f"{_ok(worst, FLOORS['rerun'])}")


if __name__ == "__main__":
    sys.exit(main())

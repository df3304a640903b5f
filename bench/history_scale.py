"""A history whose cost does not grow with the years (issue 14): store 1, 5 and 10 years of the
province workbook and summarize its last December, on SQLite and on PostgreSQL.

    .venv/bin/python bench/history_scale.py [--years 1 5 10] [--runs 3] [--no-postgres]
    .venv/bin/python bench/history_scale.py --code /tmp/kyso-before   # another tree's code

The years are the province workbook of bench/run.py (1,411 units, 12 monthly sheets) read
once, its periods shifted to 2025, 2024, ... (same units and counts each year). For each engine
and number of years: a fresh database (SQLite: a file in a temporary folder; PostgreSQL: a
server this script starts itself with initdb + pg_ctl on a unix socket, stopped at the end),
each year stored as one upload (`store_frame`), then `summarize --db URL --period 2025-12
--json` timed whole-process (a fresh `python -m analysis`, import and all) and in-process
(the figures of 2025-12 from an open history: `figures_frame` + `compute`, against loading the
whole history + `compute`, which is what the release before it did). Times are medians of
--runs runs (wall clock; the machine may be shared). The floor: summarizing December from a
five-year history costs no more than summarizing that year's workbook alone (whole process).

With --code DIR the store, the in-process figures and the child processes use the code of DIR
(e.g. a `git archive` of the previous release): the "before" numbers.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
LAST_YEAR = 2025
WORKBOOK_LAST = DATA / f"tinh_{LAST_YEAR}_bench.xlsx"
sys.path.insert(0, str(ROOT / "bench"))


def ensure_last_year_workbook() -> Path:
    """The province workbook of bench/run.py, for LAST_YEAR (the 'workbook alone' baseline)."""
    if not WORKBOOK_LAST.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(ROOT / "sample_uploads"))
        from make_samples import province_workbook

        tmp = WORKBOOK_LAST.with_suffix(".tmp.xlsx")
        province_workbook(tmp, n_districts=30, units_per_district=45, months=12, year=LAST_YEAR)
        tmp.replace(WORKBOOK_LAST)
    return WORKBOOK_LAST


def year_frames(n_years: int) -> list:
    """The workbook's units frame shifted into each of the last n_years years, oldest first."""
    from analysis.frame import units_frame
    from analysis.reading.parse import parse_file

    frame, _ = units_frame([parse_file(ensure_last_year_workbook())])
    out = []
    for year in range(LAST_YEAR - n_years + 1, LAST_YEAR + 1):
        f = frame.copy()
        f["period_start"] = [date(year, d.month, d.day) for d in frame["period_start"]]
        f["period_end"] = [date(year, d.month, d.day) for d in frame["period_end"]]
        f["period"] = [f"{year}-{d.month:02d}" for d in frame["period_start"]]
        out.append(f)
    return out


def median_time(fn, runs: int) -> tuple:
    """(median wall seconds, median CPU seconds of this process) of `fn()`."""
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def child_summarize(code: Path, args: list, runs: int) -> tuple:
    """(median wall, median CPU) seconds of `python -m analysis summarize ARGS --json` in a
    fresh process (its CPU counts the reading worker it starts, if any)."""
    cmd = [sys.executable, "-m", "analysis", "summarize", *args, "--json"]
    env = dict(os.environ, PYTHONPATH=str(code))

    def once():
        c = _children_cpu()
        t = time.perf_counter()
        res = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True,
                             timeout=600)
        if res.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)}: {res.stderr.strip()}")
        return time.perf_counter() - t, _children_cpu() - c
    once()  # warm the OS file cache
    got = [once() for _ in range(runs)]
    return statistics.median(g[0] for g in got), statistics.median(g[1] for g in got)


def measure(url: str, frames: list, code: Path, runs: int) -> dict:
    import analysis.store as H
    from analysis.figures import compute

    period = f"{LAST_YEAR}-12"
    with H.open_history(url) as h:
        t = time.perf_counter()
        for f in frames:
            H.store_frame(h, f, {"source": "bench"})
        store = time.perf_counter() - t
        rows = len(H.load_frame(h, [period]))

        def whole():
            return compute(H.load_frame(h), period)

        def needed():
            if not hasattr(H, "figures_frame"):
                return whole()
            code_, part = H.figures_frame(h, period)
            return compute(part, code_)

        assert needed().to_json() == whole().to_json()
        in_whole = median_time(whole, runs)
        in_needed = median_time(needed, runs)
    process = child_summarize(code, ["--db", url, "--period", period], runs)
    return {"store": store, "in_whole": in_whole, "in_needed": in_needed, "process": process,
            "rows": rows}


def _wc(t: tuple) -> str:
    return f"{t[0]:.2f}/{t[1]:.2f}"


def report(engine: str, results: dict, alone: tuple) -> None:
    print(f"\n{engine}: store, then summarize --db --period {LAST_YEAR}-12; seconds as "
          f"wall/CPU (workbook alone, whole process: {_wc(alone)})")
    print(f"{'years':>5} {'rows':>8} {'store':>7} {'process':>11} {'in-app':>11} "
          f"{'whole load':>11} {'process vs alone (CPU)':>23}")
    first = None
    for n, r in results.items():
        first = first or r
        print(f"{n:>5} {n * 12 * r['rows']:>8,} {r['store']:>7.2f} {_wc(r['process']):>11} "
              f"{_wc(r['in_needed']):>11} {_wc(r['in_whole']):>11} "
              f"{r['process'][1] / alone[1]:>22.2f}x")
    last = list(results.values())[-1]
    print(f"growth {list(results)[0]} -> {list(results)[-1]} years (CPU): whole process "
          f"{last['process'][1] / first['process'][1]:.2f}x, in-app "
          f"{last['in_needed'][1] / first['in_needed'][1]:.2f}x (loading the whole history: "
          f"{last['in_whole'][1] / first['in_whole'][1]:.2f}x)")
    five = results.get(5)
    if five is not None:
        ok = "ok" if five["process"][1] <= alone[1] else "ABOVE THE FLOOR"
        print(f"floor (5 years, whole process CPU <= workbook alone): {five['process'][1]:.2f} s "
              f"vs {alone[1]:.2f} s: {ok}")


def run_engine(engine: str, years: list, frames_of: dict, code: Path, runs: int,
               url_for) -> dict:
    results = {}
    for n in years:
        url = url_for(n)
        results[n] = measure(url, frames_of[n], code, runs)
        print(f"  {engine} {n} years: done", file=sys.stderr)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, nargs="+", default=[1, 5, 10])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--code", type=Path, default=ROOT, help="the tree whose code is measured")
    args = ap.parse_args(argv)
    code = args.code.resolve()
    sys.path.insert(0, str(code))
    workbook = ensure_last_year_workbook()
    biggest = year_frames(max(args.years))
    frames_of = {n: biggest[-n:] for n in args.years}
    alone = child_summarize(code, [str(workbook), "--period", f"{LAST_YEAR}-12"], args.runs)
    print(f"code: {code}")
    with tempfile.TemporaryDirectory(prefix="kyso-scale-") as tmp:
        res = run_engine("sqlite", args.years, frames_of, code, args.runs,
                         lambda n: "sqlite:///" + str(Path(tmp) / f"h{n}.sqlite"))
        report("SQLite", res, alone)
    if args.no_postgres:
        return 0
    from pgserver import create_database, pg_server

    try:
        with pg_server() as sock:
            res = run_engine("postgres", args.years, frames_of, code, args.runs,
                             lambda n: create_database(sock, f"scale{n}"))
            report("PostgreSQL", res, alone)
    except RuntimeError as e:
        print(f"PostgreSQL not measured: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

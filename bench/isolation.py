"""Before and after reading in a bounded worker (analysis.reading.isolated), per file:

    python bench/isolation.py            # the table: before (in-process), after (isolated)
    python bench/isolation.py overhead   # time per file, in process and isolated (median of 7)

"Before" reads the file with `parse_bytes` as the app did, in a subprocess capped at 4 GB of
address space and 30 s of CPU (this machine is shared): what happens, how long, peak memory
(ru_maxrss from wait4). "After" reads it with `read_isolated` in this process.
"""
from __future__ import annotations

import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.reading.isolated import read_isolated  # noqa: E402
from analysis.reading.parse import parse_bytes  # noqa: E402

CAP = 4 * 1024 ** 3
BEFORE = """
import sys
from analysis.errors import ReadError
from analysis.reading.parse import parse_bytes
path = sys.argv[1]
try:
    r = parse_bytes(open(path, "rb").read(), path.rsplit("/", 1)[-1])
    print("ok:", sum(len(s.units) for s in r.sheets), "units")
except ReadError as e:
    print("ReadError:", e.message[:50])
"""
FILES = [ROOT / "tests/fixtures/crash" / n for n in (
    "o_xa_nhay_don.xlsx", "o_xa_ngoai_thu_muc.xlsx", "kich_thuoc_sai.xls", "lap_nhay_don.ods",
    "hai_tram_trang.xlsx", "ba_muoi_trang.xls")] + [
    ROOT / "tests/fixtures/bad/o_xa_nhat.xlsx", ROOT / "sample_uploads/yen_chau_quy1_2021.csv",
    ROOT / "sample_uploads/tinh_2021_province.xlsx", ROOT / "bench/data/tinh_2021_bench.xlsx"]


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))
    resource.setrlimit(resource.RLIMIT_CPU, (30, 31))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def before(path: Path) -> str:
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", BEFORE, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=_cap, cwd=ROOT)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    if code < 0:
        last = err.decode(errors="replace").strip().splitlines()[:1]
        what = f"killed by {signal.Signals(-code).name} ({' '.join(last)[:60]})"
    else:
        what = out.decode().strip()
    return f"{what}, {seconds:.2f} s, {usage.ru_maxrss / 1024:.0f} MB"


def after(path: Path) -> str:
    got = read_isolated(path.read_bytes(), path.name)
    r = got.report
    what = (f"ok: {sum(len(s.units) for s in got.result.sheets)} units" if got.result
            else f"ReadError ({r.outcome}, exit {r.returncode}): {got.error[:40]}…")
    return f"{what}, {r.seconds:.2f} s, worker {r.peak_mb:.0f} MB"


def overhead() -> None:
    """Median of 7 per file: in process (reader memos warm, as a second parse; and cleared, as
    the worker always starts), isolated with a spare worker waiting (1.5 s between files, as
    uploads come) and without one (SPARE off: an interpreter started for the file)."""
    # (each parse has a memo of its own, reading/memo.py: in this process nothing is warm but
    # the imports)
    print("| file | in-process | isolated, spare ready | isolated, no spare |")
    for path in (ROOT / "sample_uploads/yen_chau_quy1_2021.csv",
                 ROOT / "sample_uploads/tinh_2021_province.xlsx",
                 ROOT / "bench/data/tinh_2021_bench.xlsx"):
        if path.exists():
            print("| " + " | ".join([path.name, *(f"{t:.0f} ms" for t in _times(path))]) + " |")


def _times(path: Path) -> list:
    from analysis.reading import isolated

    data = path.read_bytes()

    def spare_ready() -> float:
        time.sleep(1.5)
        t = time.perf_counter()
        read_isolated(data, path.name)
        return time.perf_counter() - t

    out = [_ms(lambda: parse_bytes(data, path.name)),
           statistics.median(spare_ready() for _ in range(7)) * 1000]
    isolated.SPARE = False
    isolated.close_spares()
    out.append(_ms(lambda: read_isolated(data, path.name)))
    isolated.SPARE = True
    return out


def _ms(fn) -> float:
    times = []
    for _ in range(7):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main(argv: list) -> int:
    if argv[1:] == ["overhead"]:
        overhead()
        return 0
    print("| file | size | before (in-process) | after (isolated) |")
    for path in FILES:
        if path.exists():
            print(f"| {path.name} | {path.stat().st_size:,} B | {before(path)} | {after(path)} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this process, which read them all isolated: peak {peak:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

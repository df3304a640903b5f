"""What the app's caches hold after several large uploads (issue 13): six different 100,000-row
uploads, each read and turned into a units frame and a Summary through ui/data.py's caches as
a session does, then the sessions gone. Prints, after each upload, the budget's accounting
(ui/byte_cache.CACHE.held, entries, evictions) and the process's resident set size.

    .venv/bin/python bench/cache_budget.py [--uploads 6] [--rows 99998] [--budget-mb 512]
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def big_csv(rows: int, seed: int) -> bytes:
    lines = [f"BÁO CÁO KÝ SỐ THÁNG {seed % 12 + 1}/2021",
             "STT;Tên cơ quan, đơn vị;Văn bản gửi đi;Số văn bản ký số"]
    lines += [f"{i};UBND xã Số {i} đợt {seed};{10 + (i + seed) % 50};{(i * 7) % 10}"
              for i in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--uploads", type=int, default=6)
    ap.add_argument("--rows", type=int, default=99_998)
    ap.add_argument("--budget-mb", type=int, default=512)
    args = ap.parse_args(argv)
    os.environ["KYSO_CACHE_MB"] = str(args.budget_mb)

    from ui import byte_cache, data, session

    print(f"budget {args.budget_mb} MB; start: RSS {rss_mb():.0f} MB")
    for k in range(args.uploads):
        content = big_csv(args.rows, k)
        t0 = time.perf_counter()
        wb, err = data.parse(content, f"upload_{k}.csv", None, session.digest(content))
        assert err is None, err
        frame, _notes = data._units_frame(f"upload_{k}", [wb], {})
        summary = data._summary((f"upload_{k}", (), (), None, None, 100.0), frame)[0]
        assert summary is not None and len(summary.units) == args.rows
        del wb, frame, summary, content
        gc.collect()
        c = byte_cache.CACHE
        print(f"upload {k + 1}: {time.perf_counter() - t0:5.1f} s; cache holds "
              f"{c.held / byte_cache.MB:6.0f} MB in {len(c)} entries, {c.evicted} evicted; "
              f"RSS {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

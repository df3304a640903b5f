"""Instructions the reader executes over the benchmark's 12 grids, counted by valgrind: a figure
that does not move with the load of a shared machine, to compare two versions of the reader.

    .venv/bin/python bench/instructions.py     # needs valgrind (Debian: apt install valgrind)

It prints the instructions of one parse_grids pass over the grids, as parse_bytes reads them
(one memo of the cells for the workbook, made and dropped by the pass): first in a fresh
process, then after an earlier pass (what a second upload costs). Each is the count of a process
doing the pass minus the count of the same process without it. Only the reader is counted; the
grids are read once (calamine and the upload guard) and pickled.
"""
from __future__ import annotations

import gc
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _pass(grids_file: str, passes: int, warm: bool) -> None:
    from analysis.reading.parse import parse_grids

    grids = pickle.loads(Path(grids_file).read_bytes())
    gc.disable()
    for _ in range(passes + warm):
        parse_grids(grids, "tinh_2021_bench.xlsx")


def _count(grids_file: str, passes: int, warm: bool) -> int:
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          sys.executable, __file__, "--pass", grids_file, str(passes),
                          "warm" if warm else "cold"], capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--pass":
        _pass(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "warm")
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed (Debian: apt install valgrind)")
        return 1
    from run import ensure_workbook

    from analysis.reading.grid import read_grids

    path = ensure_workbook()
    with tempfile.TemporaryDirectory() as tmp:
        grids_file = str(Path(tmp) / "grids.pickle")
        Path(grids_file).write_bytes(pickle.dumps(read_grids(path.read_bytes(), path.name)))
        for warm in (False, True):
            n = _count(grids_file, 1, warm) - _count(grids_file, 0, warm)
            print(f"reader, {'second pass' if warm else 'first pass'}: {n / 1e6:,.0f} million "
                  "instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())

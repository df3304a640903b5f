"""Write the fixtures of the monthly routine into tests/fixtures/routine/ (run from anywhere):

    python -m tests.support.make_routine_files

The district sample (sample_uploads/tuan_giao_2020_12.xlsx: 3 blocks, 37 units, sheets
T01-2020 … T11-2020) cut in two, as an office receives it: January to October in one workbook
(what the history already holds) and November alone (the new month's file).
tests/app/test_app_routine.py stores the first and uploads the second.
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "routine"
SOURCE = ROOT / "sample_uploads" / "tuan_giao_2020_12.xlsx"
FIXED = datetime.datetime(2021, 1, 1, 8, 0, 0)


def cut(keep: list, path: Path) -> Path:
    """The sample with only the sheets `keep`, zip entries timestamped FIXED."""
    sys.path.insert(0, str(ROOT / "sample_uploads"))
    from make_samples import _rezip  # the samples' own fixed zip timestamps

    wb = openpyxl.load_workbook(SOURCE)
    for ws in list(wb.worksheets):
        if ws.title not in keep:
            wb.remove(ws)
    wb.properties.created = wb.properties.modified = FIXED
    wb.save(path)
    _rezip(path)
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(cut([f"T{m:02d}-2020" for m in range(1, 11)], OUT / "tuan_giao_2020_01_10.xlsx"))
    print(cut(["T11-2020"], OUT / "tuan_giao_2020_11.xlsx"))


if __name__ == "__main__":
    main()

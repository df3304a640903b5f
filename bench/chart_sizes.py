"""The drawn size of every chart, measured in Chromium (issue 16): rows, band per row, bar gaps,
overlapping labels, bars over the axis, rotated month labels; for the chart fixtures (1, 2, 3, 5
blocks; blocks of 5, 15, 14 and 1,400 units), on the overview (normal and presentation mode) and
the compare page, at 1366x768 and 1920x1080.

    .venv/bin/python bench/chart_sizes.py [--root DIR] [--files khoi_3,khoi_1400] [--json OUT]

`--root` runs the app of another tree (e.g. an older commit unpacked with `git archive`), to
compare before and after on the same fixtures.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.browser_util import streamlit_server  # noqa: E402
from tests.support.chart_geometry import FILES, measure_all  # noqa: E402


def table(rows: list) -> str:
    cols = ["file", "where", "size", "chart", "key", "height", "rows", "band", "barHeight",
            "minGap",
            "overlaps", "coveredAxis", "xLabelAngles", "toolbarOverlaps"]
    lines = ["\t".join(cols)]
    for r in rows:
        lines.append("\t".join("" if r.get(c) is None else
                               (f"{r[c]:.1f}" if isinstance(r.get(c), float) else str(r[c]))
                               for c in cols))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="")
    ap.add_argument("--files", default="")
    ap.add_argument("--json", default="")
    args = ap.parse_args(argv)
    files = [f for f in args.files.split(",") if f] or FILES
    with streamlit_server(timeout=90, root=Path(args.root) if args.root else None) as url:
        rows = measure_all(url, files)
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

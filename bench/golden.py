"""Behaviour snapshot of the reader, to check that an optimisation changes nothing.

    python bench/golden.py save   # before a change: writes bench/data/golden.pickle
    python bench/golden.py check  # after: parses the same files again and compares

Every attribute of every parsed sheet is compared (units with printed rates, sections and block
sources; skipped rows with their texts; warnings with their messages; headers, columns, layout),
over the sample uploads, the benchmark workbook and a few variants of it.
"""
from __future__ import annotations

import dataclasses
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "sample_uploads"))

from compare import diff  # noqa: E402  (bench/, the script's folder)

from analysis.errors import ReadError  # noqa: E402
from analysis.reading.parse import parse_bytes  # noqa: E402

DATA = ROOT / "bench" / "data"
GOLDEN = DATA / "golden.pickle"


def _files() -> list:
    from make_samples import province_workbook

    DATA.mkdir(parents=True, exist_ok=True)
    files = sorted((ROOT / "sample_uploads").glob("*.*"))
    files = [f for f in files if f.suffix.lower() in (".xlsx", ".xls", ".ods", ".csv", ".xlsm")]
    extra = [
        ("golden_prov_small.xlsx", dict(n_districts=5, seed=7)),
        ("golden_prov_big.xlsx", dict(n_districts=30, units_per_district=45, months=3, seed=11)),
    ]
    for name, kw in extra:
        p = DATA / name
        if not p.exists():
            province_workbook(p, **kw)
        files.append(p)
    return files


def _plain(obj):
    if dataclasses.is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {repr(k): _plain(v) for k, v in obj.items()}
    return (type(obj).__name__, repr(obj))


def snapshot() -> dict:
    out = {}
    for f in _files():
        data = f.read_bytes()
        try:
            out[f.name] = _plain(parse_bytes(data, f.name))
        except ReadError as e:
            out[f.name] = ("ReadError", e.message)
    return out


def main(argv) -> int:
    cmd = argv[1] if len(argv) > 1 else "check"
    snap = snapshot()
    if cmd == "save":
        GOLDEN.write_bytes(pickle.dumps(snap))
        print(f"saved {len(snap)} files to {GOLDEN}")
        return 0
    old = pickle.loads(GOLDEN.read_bytes())
    diffs = diff(old, snap)
    for d in diffs[:40]:
        print(d)
    print(f"{len(snap)} files, {len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

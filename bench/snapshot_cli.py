"""Snapshot of every command-line output, to check that a restructuring changes nothing.

    python bench/snapshot_cli.py save   # before: writes bench/data/cli_snapshot.json
    python bench/snapshot_cli.py check  # after: runs the same commands again and compares

Over every sample upload and every hostile-file fixture: `parse --json` (stdout, stderr, exit
code), `summarize --json` for every period the file has, `export` (the workbook compared cell
by cell: every sheet's values, and the merged ranges) and `draft` (text and the .docx's
paragraphs and table cells). Two multi-file runs (a district's quarter, the province year)
and a `store` into a fresh SQLite history followed by `summarize --db` are included.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from compare import diff  # bench/, the script's folder

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SNAPSHOT = DATA / "cli_snapshot.json"
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv", ".xlsm")


def _run(argv: list) -> dict:
    from analysis.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:  # argparse
            code = e.code
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def _xlsx_cells(path: Path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = [
            [c.value if not hasattr(c.value, "isoformat") else c.value.isoformat() for c in row]
            for row in ws.iter_rows()
        ]
        out[ws.title] = {
            "rows": rows,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "formats": [[c.number_format for c in row] for row in ws.iter_rows()],
        }
    return out


def _docx_text(path: Path) -> dict:
    import docx

    d = docx.Document(str(path))
    return {
        "paragraphs": [p.text for p in d.paragraphs],
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
    }


def _files() -> list:
    files = sorted(f for f in (ROOT / "sample_uploads").iterdir() if f.suffix.lower() in SUFFIXES)
    files += sorted((ROOT / "tests" / "fixtures" / "bad").iterdir())
    return files


def _periods(parsed: dict) -> list:
    from analysis.periods import Period

    out = []
    for sh in json.loads(parsed["stdout"] or "{}").get("sheets", []):
        p = sh.get("period")
        if p:
            code = Period(date.fromisoformat(p["start"]), date.fromisoformat(p["end"])).code
            if code not in out:
                out.append(code)
    return out


def _figures(files: list, tmp: Path, periods: list, extra=()) -> dict:
    names = [str(f) for f in files]
    out = {}
    for period in periods or [None]:
        opts = (["--period", period] if period else []) + list(extra)
        out[f"summarize {period}"] = _run(["summarize", *names, *opts, "--json"])
    xlsx, docx = tmp / "out.xlsx", tmp / "out.docx"
    for p in (xlsx, docx):
        p.unlink(missing_ok=True)
    r = _run(["export", *names, "--out", str(xlsx), *extra])
    r["stdout"] = r["stdout"].replace(str(xlsx), "OUT")
    r["cells"] = _xlsx_cells(xlsx) if xlsx.exists() else None
    out["export"] = r
    r = _run(["draft", *names, "--docx", str(docx), *extra])
    r["docx"] = _docx_text(docx) if docx.exists() else None
    out["draft"] = r
    return out


def snapshot() -> dict:
    snap = {}
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for f in _files():
            parsed = _run(["parse", str(f), "--json"])
            entry = {"parse": parsed, "parse_text": _run(["parse", str(f)])}
            if parsed["code"] == 0:
                entry.update(_figures([f], tmp, _periods(parsed)))
                entry["figures leader 80"] = _run(
                    ["summarize", str(f), "--metric", "signed_leader", "--target", "80", "--json"]
                )
            snap[f.name] = entry
        up = ROOT / "sample_uploads"
        snap["multi: tuan_giao + yen_chau"] = _figures(
            [up / "tuan_giao_2020_12.xlsx", up / "yen_chau_quy1_2021.xlsx"], tmp, []
        )
        db = tmp / "h.sqlite"
        stored = _run(["store", str(up / "tuan_giao_2020_12.xlsx"), "--db", str(db), "--json"])
        stored["stdout"] = _drop_times(stored["stdout"])
        snap["store"] = {
            "store": stored,
            **_figures([], tmp, ["2020-06", "2020-11"], ["--db", str(db)]),
        }
    for entry in snap.values():
        for r in entry.values():
            for k in ("stdout", "stderr"):
                if isinstance(r, dict) and isinstance(r.get(k), str):
                    r[k] = r[k].replace(str(ROOT), "ROOT")
    return snap


def _drop_times(text: str) -> str:
    try:
        obj = json.loads(text)
    except ValueError:
        return text
    for k in ("upload_id", "uploaded_at", "stored_at", "created_at", "at"):
        obj.pop(k, None)
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def main(argv) -> int:
    sys.path.insert(0, str(ROOT))
    cmd = argv[1] if len(argv) > 1 else "check"
    snap = json.loads(json.dumps(snapshot(), ensure_ascii=False, default=str))
    runs = sum(len(e) for e in snap.values())
    if cmd == "save":
        DATA.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(snap, ensure_ascii=False, indent=0))
        print(f"saved {len(snap)} inputs, {runs} command outputs to {SNAPSHOT}")
        return 0
    old = json.loads(SNAPSHOT.read_text())
    diffs = diff(old, snap)
    for d in diffs[:60]:
        print(d)
    print(f"{len(snap)} inputs, {runs} command outputs, {len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

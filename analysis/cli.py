"""The command line: `python -m analysis parse|summarize|export|draft|store ...`.

Each subcommand is registered by an `add_<name>` function below; errors the user can fix exit 2
with one Vietnamese line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model import ReadError


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


# --- parse -------------------------------------------------------------------------------------

def add_parse(sub) -> None:
    p = sub.add_parser("parse", help="read one workbook and print what was found")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the JSON contract")
    p.set_defaults(func=cmd_parse)


def cmd_parse(args) -> int:
    from .parse import parse_file
    from .report import workbook_text

    path = Path(args.file)
    try:
        result = parse_file(path)
    except ReadError as e:
        print(f"{path.name}: {e.message}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(result.to_json())
    else:
        print(workbook_text(result))
    if not result.sheets:
        reasons = "; ".join(f"{s.sheet}: {s.reason}" for s in result.skipped_sheets)
        print(f"{path.name}: không tìm thấy bảng số liệu đơn vị nào ({reasons})", file=sys.stderr)
        return 2
    return 0


# --- history: store, --db ----------------------------------------------------------------------

def add_db_option(p) -> None:
    """`--db URL`: work from the stored history (a SQLAlchemy URL or a SQLite file path)."""
    p.add_argument("--db", metavar="URL", default=None,
                   help="lịch sử số liệu: URL cơ sở dữ liệu (sqlite:///..., postgresql://...) "
                        "hoặc đường dẫn tệp SQLite")


def load_history_frame(url, frame=None):
    """The stored history at `url` (None: KYSO_DB_URL or data/kyso.sqlite) as a units frame,
    plus `frame` (units frame of the files given, not stored) whose periods replace the stored
    ones; merges and block overrides applied. Raises HistoryError (a ReadError) if unusable."""
    from .history import frame_with_history, open_history

    with open_history(url) as history:
        return frame_with_history(history, frame)


def add_store(sub) -> None:
    p = sub.add_parser("store", help="store workbooks in the history, as a confirmed upload")
    p.add_argument("files", nargs="+", metavar="FILE")
    add_db_option(p)
    p.add_argument("--period", metavar="YYYY-MM",
                   help="kỳ báo cáo cho các trang tính chưa rõ kỳ (YYYY-MM hoặc "
                        "YYYY-MM-DD/YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print what was stored as JSON")
    p.set_defaults(func=cmd_store)


def cmd_store(args) -> int:
    from .dataset import parse_period_code, units_frame
    from .history import HistoryError, open_history, saved_column_overrides, store_frame
    from .parse import parse_file

    period = None
    if args.period:
        try:
            period = parse_period_code(args.period)
        except ValueError:
            print(f"Kỳ báo cáo không hợp lệ: {args.period} (ví dụ 2021-03)", file=sys.stderr)
            return 2
    try:
        history = open_history(args.db)
    except HistoryError as e:
        print(e.message, file=sys.stderr)
        return 2
    with history:
        workbooks = []
        for name in args.files:
            path = Path(name)
            try:
                wb = parse_file(path)
                columns = saved_column_overrides(history, wb)
                if columns:  # a column mapping the officer chose for this layout before
                    wb = parse_file(path, {"columns": columns})
            except (ReadError, OSError) as e:
                if isinstance(e, ReadError):
                    msg = e.message
                elif isinstance(e, FileNotFoundError):
                    msg = "không tìm thấy tệp"
                else:
                    msg = f"không đọc được tệp ({e.strerror or e})"
                print(f"{path.name}: {msg} — không lưu tệp nào.", file=sys.stderr)
                return 2
            workbooks.append(wb)
        overrides = {}
        if period is not None:
            overrides = {(wb.file, sh.sheet): period
                         for wb in workbooks for sh in wb.sheets if sh.period is None}
        frame, notes = units_frame(workbooks, overrides)
        for wb in workbooks:
            for sk in wb.skipped_sheets:
                notes.append(f"{wb.file} / {sk.sheet}: {sk.reason}")
        for note in notes:
            print(f"Lưu ý: {note}", file=sys.stderr)
        if len(frame) == 0:
            print("Không có số liệu đơn vị nào có kỳ báo cáo để lưu; lịch sử giữ nguyên.",
                  file=sys.stderr)
            return 2
        try:
            report = store_frame(history, frame, {
                "source": "cli", "files": [Path(f).name for f in args.files]})
        except HistoryError as e:
            print(f"{e.message} Lịch sử giữ nguyên.", file=sys.stderr)
            return 2
    if args.json:
        _print_json(report.to_json())
    else:
        print(report.message())
    return 0


# --- registry ----------------------------------------------------------------------------------

COMMANDS = [add_parse, add_store]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Ký số Analytics")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ReadError as e:
        print(e.message, file=sys.stderr)
        return 2

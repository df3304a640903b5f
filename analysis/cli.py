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


# --- registry ----------------------------------------------------------------------------------

COMMANDS = [add_parse]


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

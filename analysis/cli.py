"""The command line: `python -m analysis parse|store|backup|restore|summarize|export|draft|deck`.

Each subcommand is registered by an `add_<name>` function below; errors the user can fix exit 2
with one Vietnamese line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from analysis.errors import ReadError
from analysis.logs import configure as configure_logging


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
    from analysis.outputs.text_report import workbook_text
    from analysis.reading.isolated import parse_file

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
    """`--db URL`: work from the stored history (a SQLAlchemy URL or a SQLite file path);
    `--workspace NAME`: the office's workspace in it (default: the default workspace)."""
    p.add_argument("--db", metavar="URL", default=None,
                   help="lịch sử số liệu: URL cơ sở dữ liệu (sqlite:///..., postgresql://...) "
                        "hoặc đường dẫn tệp SQLite")
    p.add_argument("--workspace", metavar="NAME", default=None,
                   help="không gian làm việc trong lịch sử (mặc định: không gian mặc định)")


def load_history_frame(url, frame=None, period=None, workspace=None):
    """(period code or None, units frame): what the figures of `period` (None: the latest)
    need from the stored history at `url` (None: KYSO_DB_URL or data/kyso.sqlite), workspace
    `workspace` (None: the default one), plus `frame` (units frame of the files given, not
    stored) whose periods replace the stored ones; merges and block overrides applied. Only
    the periods the figures need are read. Raises HistoryError (a ReadError) if unusable,
    FiguresError for an unknown period."""
    from analysis.store import figures_frame, open_history

    with open_history(url, workspace) as history:
        return figures_frame(history, period, frame)


def whole_history_frame(url, frame=None, workspace=None):
    """Every stored period of `workspace` at `url` plus `frame` (whose periods replace the
    stored ones), corrections applied: what the deck's monthly trend and its runs of months at
    0% look back over. Raises HistoryError if unusable."""
    from analysis.store import frame_with_history, open_history

    with open_history(url, workspace) as history:
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


def _file_error(e: Exception) -> str:
    """The Vietnamese reason a file given on the command line could not be read."""
    if isinstance(e, ReadError):
        return e.message
    if isinstance(e, FileNotFoundError):
        return "không tìm thấy tệp"
    return f"không đọc được tệp ({getattr(e, 'strerror', None) or e})"


def _read_for_store(history, files: list) -> list | None:
    """The workbooks to store, each read with the column mapping the officer chose for its
    layout before; None (and the reason on stderr) when one cannot be read: nothing is stored."""
    from analysis.reading.isolated import parse_file
    from analysis.store import saved_column_overrides

    workbooks = []
    for name in files:
        path = Path(name)
        try:
            wb = parse_file(path)
            columns = saved_column_overrides(history, wb)
            if columns:
                wb = parse_file(path, {"columns": columns})
        except (ReadError, OSError) as e:
            print(f"{path.name}: {_file_error(e)} — không lưu tệp nào.", file=sys.stderr)
            return None
        workbooks.append(wb)
    return workbooks


def cmd_store(args) -> int:
    from analysis.frame import units_frame
    from analysis.periods import Period
    from analysis.store import HistoryError, open_history, store_frame

    period = None
    if args.period:
        try:
            period = Period.from_code(args.period)
        except ValueError:
            print(f"Kỳ báo cáo không hợp lệ: {args.period} (ví dụ 2021-03)", file=sys.stderr)
            return 2
    try:
        history = open_history(args.db, args.workspace, create=True)
    except HistoryError as e:
        print(e.message, file=sys.stderr)
        return 2
    with history:
        workbooks = _read_for_store(history, args.files)
        if workbooks is None:
            return 2
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


# --- backup, restore ---------------------------------------------------------------------------

def add_backup(sub) -> None:
    p = sub.add_parser("backup", help="write the whole history as one JSON backup (portable: "
                                      "SQLite and PostgreSQL)")
    p.add_argument("--out", required=True, metavar="FILE.json", help="tệp sao lưu sẽ ghi")
    add_db_option(p)
    p.set_defaults(func=cmd_backup)


def cmd_backup(args) -> int:
    from analysis.store import MAX_BACKUP_BYTES, export_history, open_history

    with open_history(args.db, args.workspace) as history:  # HistoryError: exit 2 in main()
        data = export_history(history)
    out = Path(args.out)
    tmp = out.with_name(out.name + ".tmp")
    try:  # never a half-written backup under the final name
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        print(f"Không ghi được {args.out}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"Đã ghi bản sao lưu {args.out} ({len(data):,} byte).".replace(",", "."))
    if len(data) > MAX_BACKUP_BYTES:
        print(f"Lưu ý: bản sao lưu lớn hơn {MAX_BACKUP_BYTES // 2**20} MB, giới hạn khi khôi "
              "phục; hãy xóa bớt các bản cũ giữ lại rồi sao lưu lại.", file=sys.stderr)
    return 0


def add_restore(sub) -> None:
    p = sub.add_parser("restore", help="replace the whole history by a JSON backup (checked "
                                       "completely before anything is written)")
    p.add_argument("file", metavar="FILE.json")
    add_db_option(p)
    p.add_argument("--allow-empty", action="store_true",
                   help="cho phép nhập bản sao lưu không có kỳ nào (xóa toàn bộ lịch sử)")
    p.set_defaults(func=cmd_restore)


def cmd_restore(args) -> int:
    from analysis.store import (
        MAX_BACKUP_BYTES,
        EmptyBackupError,
        HistoryError,
        import_history,
        open_history,
    )

    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_BACKUP_BYTES:
            print(f"{path.name}: tệp sao lưu quá lớn (tối đa {MAX_BACKUP_BYTES // 2**20} MB); "
                  "lịch sử giữ nguyên.", file=sys.stderr)
            return 2
        data = path.read_bytes()
    except OSError as e:
        msg = ("không tìm thấy tệp" if isinstance(e, FileNotFoundError)
               else f"không đọc được tệp ({e.strerror or e})")
        print(f"{path.name}: {msg}", file=sys.stderr)
        return 2
    with open_history(args.db, args.workspace, create=True) as history:
        try:
            counts = import_history(history, data, allow_empty=args.allow_empty)
        except EmptyBackupError as e:
            print(e.message.replace("hãy xác nhận lần nữa", "thêm --allow-empty"),
                  file=sys.stderr)
            return 2
        except HistoryError as e:  # the refusal lists its problems: one line here
            print(f"{path.name}: " + e.message.replace(":\n- ", ": ").replace("\n- ", "; "),
                  file=sys.stderr)
            return 2
    print(f"Đã khôi phục lịch sử từ {path.name}: {counts.get('periods', 0)} kỳ, "
          f"{counts.get('units', 0)} dòng đơn vị, {counts.get('period_versions', 0)} bản cũ.")
    return 0


# --- summarize, export, draft ------------------------------------------------------------------

def _add_figure_options(p) -> None:
    from analysis.model import METRICS

    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--period", metavar="YYYY-MM",
                   help="kỳ báo cáo (YYYY-MM hoặc YYYY-MM-DD/YYYY-MM-DD); mặc định: kỳ mới nhất")
    p.add_argument("--metric", choices=METRICS,
                   help="loại ký số; mặc định: loại đầu tiên có số liệu (signed, signed_leader, "
                        "signed_agency)")
    p.add_argument("--target", type=float, default=None, metavar="PCT",
                   help="mục tiêu tỷ lệ ký số, %% (mặc định 100; với draft: chỉ tiêu trong hồ "
                        "sơ cơ quan nếu có)")
    add_db_option(p)


def _load_frame(args, whole_history: bool = False):
    """(frame, notes, warnings frame) from the files and/or the history (with --db, only the
    periods the figures of --period need, args.period becoming that period's code; every
    stored period with `whole_history`); None and a message on stderr when the user must fix
    something."""
    from analysis.figures import FiguresError
    from analysis.frame import units_frame, warnings_frame
    from analysis.reading.isolated import parse_file

    if not args.files and not args.db:
        print("Hãy chỉ ra ít nhất một tệp số liệu (hoặc --db để dùng lịch sử đã lưu).",
              file=sys.stderr)
        return None
    workbooks = []
    for name in args.files:
        path = Path(name)
        try:
            workbooks.append(parse_file(path))
        except (ReadError, OSError) as e:
            print(f"{path.name}: {_file_error(e)}", file=sys.stderr)
            return None
    frame, notes = units_frame(workbooks)
    refused = None
    if args.db and whole_history:  # every stored month: the deck's trend and runs of 0%
        frame = whole_history_frame(args.db, frame, args.workspace)
    elif args.db:
        try:
            code, frame = load_history_frame(args.db, frame, args.period, args.workspace)
            args.period = code or args.period
        except FiguresError as e:  # the period asked for is neither stored nor given
            refused = e
    for wb in workbooks:
        for sk in wb.skipped_sheets:
            notes.append(f"{wb.file} / {sk.sheet}: {sk.reason}")
    for note in notes:
        print(f"Lưu ý: {note}", file=sys.stderr)
    if refused is not None:
        print(refused.message, file=sys.stderr)
        return None
    return frame, notes, warnings_frame(workbooks)


DEFAULT_TARGET = 100.0


def _summary(args, frame, target: float | None = None):
    """The Summary of `frame` for the options (`target` instead of --target when given), or
    None after printing the reason on stderr."""
    from analysis.figures import FiguresError, compute

    if target is None:
        target = DEFAULT_TARGET if args.target is None else args.target
    try:
        return compute(frame, args.period, args.metric, target)
    except FiguresError as e:
        print(e.message, file=sys.stderr)
        return None


def _compute(args):
    """(summary, notes, warnings, frame) or None after printing the reason on stderr."""
    loaded = _load_frame(args)
    if loaded is None:
        return None
    frame, notes, warnings = loaded
    s = _summary(args, frame)
    return None if s is None else (s, notes, warnings, frame)


def add_summarize(sub) -> None:
    p = sub.add_parser("summarize", help="rates per unit, block and overall; month over month; "
                                         "year to date")
    _add_figure_options(p)
    p.add_argument("--json", action="store_true", help="print the JSON contract")
    p.set_defaults(func=cmd_summarize)


def cmd_summarize(args) -> int:
    from analysis.labels import BLOCK_LABELS, METRIC_LABELS, STATUS_LABELS, TOTAL_LABEL
    from analysis.vn_format import fmt_int, fmt_pct, fmt_pp

    got = _compute(args)
    if got is None:
        return 2
    s = got[0]
    if args.json:
        _print_json(s.to_json())  # = figures.summarize(frame, period, metric, target)
        return 0
    print(f"Kỳ báo cáo: {s.label} — {METRIC_LABELS[s.metric]} — mục tiêu {fmt_pct(s.target)}")
    if s.missing_months:
        print("Lũy kế chưa đủ, thiếu: " + ", ".join(s.missing_months))
    print(f"{'Khối':32} {'Đơn vị':>7} {'Đạt':>5} {'Gửi đi':>8} {'Ký số':>8} {'Tỷ lệ':>8} "
          f"{'Thay đổi':>14} {'Lũy kế':>8}")
    rows = [(BLOCK_LABELS.get(b["block"], b["block"]), b) for b in s.blocks.to_dict("records")]
    rows.append((TOTAL_LABEL, s.total))
    for name, b in rows:
        print(f"{name:32} {b['units']:>7} {b['meeting_target']:>5} {fmt_int(b['sent']):>8} "
              f"{fmt_int(b['signed']):>8} {fmt_pct(b['rate']):>8} {fmt_pp(b['delta_pp']):>14} "
              f"{fmt_pct(b['ytd_rate']):>8}")
    print()
    for u in s.units.to_dict("records"):
        print(f"{u['unit'][:44]:44} {fmt_int(u['sent']):>7} {fmt_int(u['metric_signed']):>7} "
              f"{fmt_pct(u['rate']):>8} {STATUS_LABELS[u['status']]:24} "
              f"{fmt_pp(u['delta_pp']):>14} {fmt_pct(u['ytd_rate']):>8}")
    return 0


def add_export(sub) -> None:
    p = sub.add_parser("export", help="write the Excel summary")
    _add_figure_options(p)
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="tệp Excel sẽ ghi")
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    from analysis.outputs.xlsx import summary_xlsx

    got = _compute(args)
    if got is None:
        return 2
    s, notes, warnings, _ = got
    data = summary_xlsx(None, warnings=warnings, notes=notes, summary=s)
    try:
        Path(args.out).write_bytes(data)
    except OSError as e:
        print(f"Không ghi được {args.out}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"Đã ghi {args.out} ({s.label}, {len(s.units)} đơn vị).")
    return 0


def add_draft(sub) -> None:
    from analysis.profile import LEVELS

    p = sub.add_parser("draft", help="print the reminder letter (công văn) and write it as .docx "
                                     "and PDF")
    _add_figure_options(p)
    p.add_argument("--high", type=float, default=None, metavar="PCT",
                   help="tỷ lệ từ đó một đơn vị được xếp vào nhóm cao (mặc định: bằng mục tiêu)")
    p.add_argument("--docx", metavar="FILE.docx", help="ghi công văn .docx có phụ lục")
    p.add_argument("--pdf", metavar="FILE.pdf",
                   help="ghi công văn PDF (chuyển bằng LibreOffice, cần lệnh soffice)")
    p.add_argument("--office", metavar="TÊN",
                   help='cơ quan ban hành khi chưa lưu hồ sơ, ví dụ "UBND huyện Tuần Giáo"')
    p.add_argument("--level", choices=LEVELS,
                   help="cấp của cơ quan (mặc định: đoán từ tên cơ quan và số liệu)")
    p.set_defaults(func=cmd_draft)


PROFILE_KEY = "office_profile"


def stored_profile(db, workspace) -> dict | None:
    """The office profile stored with `workspace` in the history at `db`, read only when one of
    them is named (a draft from files alone never reads a history); None when none is stored.
    The one read of the profile from the CLI. Raises HistoryError (exit 2 in main())."""
    from analysis.store import get_workspace_setting, open_history

    if not db and not workspace:
        return None
    with open_history(db, workspace) as history:
        return get_workspace_setting(history, PROFILE_KEY)


def _profile(args, s):
    """The letter's office profile: stored for the workspace, else from --office/--level, else
    the defaults of the level the data suggests (None)."""
    from analysis.profile import OfficeProfile, defaults, from_office

    stored = stored_profile(args.db, args.workspace)
    if stored:
        return OfficeProfile.from_dict(stored)
    if args.office:
        return from_office(args.office, args.level, s.units["block"].unique().tolist(), s.end)
    return defaults(args.level, s.end) if args.level else None


def _write(path: str, make) -> bool:
    """Write make()'s bytes to `path`; False after a Vietnamese line on stderr."""
    from analysis.outputs.pdf import PdfError

    try:
        Path(path).write_bytes(make())
    except PdfError as e:
        print(e.message, file=sys.stderr)
        return False
    except OSError as e:
        print(f"Không ghi được {path}: {e.strerror or e}", file=sys.stderr)
        return False
    return True


def cmd_draft(args) -> int:
    from analysis.outputs.letter import compose, text_of
    from analysis.outputs.letter_docx import letter_docx

    got = _compute(args)
    if got is None:
        return 2
    s, frame = got[0], got[3]
    profile = _profile(args, s)
    if args.target is None and profile is not None and profile.target is not None \
            and profile.target != s.target:  # the stored profile's target, unless --target
        s = _summary(args, frame, profile.target)
        if s is None:
            return 2
    letter = compose(s, profile, args.high)
    print(text_of(letter))
    docx = letter_docx(s, letter) if args.docx or args.pdf else b""
    if args.docx and not _write(args.docx, lambda: docx):
        return 2
    if args.pdf:
        from analysis.outputs.pdf import docx_to_pdf

        if not _write(args.pdf, lambda: docx_to_pdf(docx)):
            return 2
    return 0


def add_deck(sub) -> None:
    from analysis.model import BLOCKS

    p = sub.add_parser("deck", help="write the meeting's slides (PowerPoint 16:9, and PDF)")
    _add_figure_options(p)
    p.add_argument("--block", action="append", choices=BLOCKS, default=[], metavar="BLOCK",
                   help="chỉ các đơn vị của khối này (lặp lại được): " + ", ".join(BLOCKS))
    p.add_argument("--district", action="append", default=[], metavar="NAME",
                   help="chỉ các đơn vị của huyện này (lặp lại được)")
    p.add_argument("--office", default=None, metavar="TEXT",
                   help="tên cơ quan ghi ở trang đầu (ví dụ “UBND huyện Tuần Giáo”)")
    p.add_argument("--out", required=True, metavar="FILE.pptx", help="tệp PowerPoint sẽ ghi")
    p.add_argument("--pdf", metavar="FILE.pdf", help="ghi thêm bản PDF (cần LibreOffice)")
    p.set_defaults(func=cmd_deck)


def cmd_deck(args) -> int:
    from analysis.figures import FiguresError, compute
    from analysis.frame import filter_frame
    from analysis.outputs.deck import deck_input, deck_pptx
    from analysis.outputs.pdf import PdfError, to_pdf

    loaded = _load_frame(args, whole_history=True)
    if loaded is None:
        return 2
    frame = filter_frame(loaded[0], args.block, args.district)
    if frame.empty and len(loaded[0]):
        print("Không có đơn vị nào thuộc khối/huyện đã chọn.", file=sys.stderr)
        return 2
    profile = stored_profile(args.db, args.workspace) or {}
    target = args.target if args.target is not None else profile.get("target")
    try:  # --target, else the stored profile's (as the letter), else the default
        s = compute(frame, args.period, args.metric,
                    DEFAULT_TARGET if target is None else float(target))
    except FiguresError as e:
        print(e.message, file=sys.stderr)
        return 2
    office = args.office or profile.get("body")
    data = deck_pptx(deck_input(frame, s, office, args.block, args.district))
    if not _write(args.out, lambda: data):
        return 2
    print(f"Đã ghi {args.out} ({s.label}, {len(s.units)} đơn vị).")
    if args.pdf:
        try:
            pdf = to_pdf(data, ".pptx")
        except PdfError as e:
            print(e.message, file=sys.stderr)
            return 2
        if not _write(args.pdf, lambda: pdf):
            return 2
        print(f"Đã ghi {args.pdf}.")
    return 0


# --- registry ----------------------------------------------------------------------------------

COMMANDS = [add_parse, add_store, add_backup, add_restore, add_summarize, add_export, add_draft,
            add_deck]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Ký số Analytics")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv=None) -> int:
    configure_logging()  # stderr, warnings and errors only (once per process)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ReadError as e:
        print(e.message, file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stdout = open(os.devnull, "w")
        return 0

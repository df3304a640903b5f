"""The schema of the history's JSON backup, checked completely before anything is written.

`check_backup(data)` reads a backup made by `export_history` and returns its rows, table by
table, or raises `HistoryError` listing the first problems found (in Vietnamese, e.g. "kỳ
2021-03, đơn vị “Xã A”: văn bản gửi đi “12a” không phải số nguyên không âm"). Nothing is
coerced: 1.5, "12", -3 and true are refused as counts, dates must be ISO dates with start <= end
and agree with the period's code, blocks must be known, every reference must point to a row of
the backup, and the file, its rows and its periods have size caps. A backup that passes can be
written on either backend without a constraint or type error.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from analysis.errors import HistoryError
from analysis.labels import COLUMN_LABELS
from analysis.model import BLOCKS, COUNT_FIELDS
from analysis.periods import Period
from analysis.store.schema import DATA_TABLES, SCHEMA_VERSION, backup_columns

EXPORT_FORMAT = "kyso-history"

# The whole file: 13 MB hold 120,000 unit rows (5 years of 2,000 units), ~180 MB to check.
MAX_BACKUP_BYTES = 64 * 1024 * 1024
MAX_ROWS = 1_000_000  # rows of all tables together
MAX_PERIODS = 10_000  # stored periods plus kept versions
MAX_TEXT = 10_000  # characters of one text value (a unit's name, a file name, ...)
MAX_INT = 2**31 - 1  # PostgreSQL's INTEGER
MAX_SHOWN = 10  # problems listed in the refusal
REASONS = ("replaced", "deleted", "restored")

# What each column holds: "id" (positive integer), "ref:<table>" (the id of a row of that table
# in the backup), "count" (non-negative integer), "date", "time" (ISO text), "code" (a period
# code), "block", "reason", "mapping" (JSON {field: column index}), "text".
_KINDS = {
    "uploads": {"id": "id", "uploaded_at": "time"},
    "periods": {"period": "code", "period_start": "date", "period_end": "date",
                "upload_id": "ref:uploads"},
    "units": {"id": "id", "period": "ref:periods", "block": "block", "row": "count"},
    "period_versions": {"version_id": "id", "period": "code", "period_start": "date",
                        "period_end": "date", "upload_id": "ref:uploads", "archived_at": "time",
                        "reason": "reason", "replaced_by": "ref:uploads"},
    "unit_versions": {"id": "id", "version_id": "ref:period_versions", "block": "block",
                      "row": "count"},
    "block_overrides": {"block": "block", "updated_at": "time"},
    "unit_merges": {"updated_at": "time"},
    "column_mappings": {"mapping": "mapping", "updated_at": "time"},
}
for _t in ("units", "unit_versions"):
    _KINDS[_t].update({f: "count" for f in COUNT_FIELDS})
# What identifies a row of the backup (no workspace there; corrections without their ids).
_PRIMARY = {t.name: [c for c in (c.name for c in t.primary_key.columns)
                     if c in backup_columns(t)] for t in DATA_TABLES}
_PRIMARY.update({"block_overrides": ["key", "district"],
                 "unit_merges": ["alias_key", "district"]})
_REQUIRED = {t.name: {c.name for c in t.columns
                      if (not c.nullable or c.primary_key) and c.default is None
                      and c.name in backup_columns(t)}
             for t in DATA_TABLES}
_LABEL = {"row": "số dòng", "period_start": "ngày bắt đầu", "period_end": "ngày kết thúc",
          **{f: "số " + COLUMN_LABELS.get(f, f).lower() for f in COUNT_FIELDS}}


@dataclass
class Backup:
    """A checked backup: {table name: [row dicts]} and what it holds."""

    rows: dict = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    @property
    def periods(self) -> int:
        return len(self.rows.get("periods", []))

    @property
    def versions(self) -> int:
        return len(self.rows.get("period_versions", []))

    @property
    def units(self) -> int:
        return len(self.rows.get("units", []))


class _Problems(Exception):
    """Raised once MAX_SHOWN problems are found: the check stops there."""


class _Checker:
    def __init__(self) -> None:
        self.found: list[str] = []
        self.ids: dict = {}  # table -> set of primary key values

    def add(self, where: str, what: str) -> None:
        self.found.append(f"{where}: {what}" if where else what)
        if len(self.found) >= MAX_SHOWN:
            raise _Problems

    def refuse(self) -> None:
        if self.found:
            more = " (và có thể còn lỗi khác)" if len(self.found) >= MAX_SHOWN else ""
            raise HistoryError(
                "Tệp sao lưu không hợp lệ, không nhập gì (lịch sử giữ nguyên). "
                f"Các lỗi đầu tiên{more}:\n" + "\n".join(f"- {p}" for p in self.found))


def _shown(v) -> str:
    if isinstance(v, str):
        return f"“{v[:60]}”"
    return json.dumps(v, ensure_ascii=False)[:60]


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _hashable(v) -> bool:
    try:
        hash(v)
    except TypeError:
        return False
    return True


def _iso_date(v) -> date | None:
    if not isinstance(v, str) or len(v) != 10:
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        return None


def _number_problem(kind: str, v, ids: dict) -> str | None:
    if kind == "ref:periods":
        if not isinstance(v, str) or v not in ids.get("periods", ()):
            return "không phải kỳ báo cáo có trong bản sao lưu"
        return None
    if not _is_int(v) or v < (0 if kind == "count" else 1) or v > MAX_INT:
        return "không phải số nguyên không âm" if kind == "count" else \
            "không phải số nguyên dương"
    if kind.startswith("ref:") and v not in ids.get(kind[4:], ()):
        return "không trỏ tới dòng nào của bản sao lưu"
    return None


def _is_time(v: str) -> bool:
    try:
        datetime.fromisoformat(v)
    except ValueError:
        return False
    return True


def _is_code(v: str) -> bool:
    try:
        Period.from_code(v)
    except (ValueError, TypeError):
        return False
    return True


# kind -> (is the text right, what is wrong otherwise)
_TEXT_CHECKS = {
    "date": (lambda v: _iso_date(v) is not None, "không phải ngày dạng YYYY-MM-DD"),
    "time": (_is_time, "không phải thời điểm dạng ISO"),
    "block": (lambda v: v in BLOCKS, "không phải khối đã biết (" + ", ".join(BLOCKS) + ")"),
    "reason": (lambda v: v in REASONS, "không phải lý do đã biết (" + ", ".join(REASONS) + ")"),
    "code": (_is_code, "không phải mã kỳ báo cáo (YYYY-MM hoặc YYYY-MM-DD/YYYY-MM-DD)"),
}


def _value_problem(kind: str, v, ids: dict) -> str | None:
    """What is wrong with a non-null value of `kind`, or None."""
    if kind in ("id", "count") or kind.startswith("ref:"):
        return _number_problem(kind, v, ids)
    if not isinstance(v, str):
        return "không phải văn bản"
    if "\x00" in v:
        return "có ký tự NUL"
    if len(v) > MAX_TEXT:
        return f"dài quá {MAX_TEXT} ký tự"
    if kind == "mapping":
        return _mapping_problem(v)
    check = _TEXT_CHECKS.get(kind)
    if check and not check[0](v):
        return check[1]
    return None


def _mapping_problem(v: str) -> str | None:
    try:
        m = json.loads(v)
    except ValueError:
        return "không phải JSON"
    if not isinstance(m, dict) or not all(
            isinstance(k, str) and _is_int(i) and 0 <= i <= MAX_INT for k, i in m.items()):
        return "không phải bảng {cột: số thứ tự cột}"
    return None


def _where(table: str, i: int, row: dict) -> str:
    """Where a row is, for the user: the period and the unit when it has them."""
    unit = row.get("unit") if isinstance(row.get("unit"), str) else row.get("key")
    if table == "units":
        return f"kỳ {row.get('period')}, đơn vị {_shown(unit)}"
    if table == "unit_versions":
        return f"bản cũ {row.get('version_id')}, đơn vị {_shown(unit)}"
    if table in ("periods", "period_versions"):
        name = "kỳ" if table == "periods" else "bản cũ của kỳ"
        return f"{name} {row.get('period')}"
    return f"bảng {table}, dòng {i + 1}"


def _check_span(c: _Checker, where: str, row: dict) -> None:
    """start <= end, and the period's code names exactly these dates."""
    start, end = _iso_date(row.get("period_start")), _iso_date(row.get("period_end"))
    if start is None or end is None or not isinstance(row.get("period"), str):
        return
    if start > end:
        c.add(where, f"ngày bắt đầu {start} sau ngày kết thúc {end}")
    elif Period(start, end).code != row["period"]:
        c.add(where, f"mã kỳ không khớp với ngày {start} – {end}")


def _fine(kind: str, v) -> bool:
    """The common cases, without building a message (a backup has millions of values)."""
    if kind == "count":
        return type(v) is int and 0 <= v <= MAX_INT
    return kind == "text" and type(v) is str and len(v) <= MAX_TEXT and "\x00" not in v


def _check_row(c: _Checker, table: str, i: int, row: dict) -> None:
    kinds = _KINDS[table]
    required = _REQUIRED[table]
    for col, v in row.items():
        if v is None:
            if col in required:
                c.add(_where(table, i, row), f"thiếu giá trị cột {col}")
            continue
        kind = kinds.get(col, "text")
        if _fine(kind, v):
            continue
        problem = _value_problem(kind, v, c.ids)
        if problem:
            c.add(_where(table, i, row), f"{_LABEL.get(col, 'cột ' + col)} {_shown(v)} {problem}")
    if table in ("periods", "period_versions"):
        _check_span(c, _where(table, i, row), row)


def _table_rows(c: _Checker, table, part) -> list:
    """The rows of one table as dicts, after checking its columns and their number."""
    name = table.name
    if part is None:
        part = {"columns": [], "rows": []}
    if not isinstance(part, dict) or not isinstance(part.get("columns", []), list) \
            or not isinstance(part.get("rows", []), list):
        c.add(f"bảng {name}", "không có dạng {columns: [...], rows: [...]}")
        return []
    cols, rows = part.get("columns", []), part.get("rows", [])
    known = set(backup_columns(table))
    strange = [str(x) for x in cols if not isinstance(x, str) or x not in known]
    if strange or len(set(cols)) != len(cols):
        c.add(f"bảng {name}", "cột lạ hoặc lặp lại: " + ", ".join(strange or cols))
        return []
    if rows and _REQUIRED[name] - set(cols):
        c.add(f"bảng {name}", "thiếu cột " + ", ".join(sorted(_REQUIRED[name] - set(cols))))
        return []
    out = []
    for i, r in enumerate(rows):
        if not isinstance(r, list) or len(r) != len(cols):
            c.add(f"bảng {name}, dòng {i + 1}", f"không phải danh sách {len(cols)} giá trị")
            continue
        out.append(dict(zip(cols, r, strict=True)))
    return out


def _check_unique(c: _Checker, name: str, rows: list) -> None:
    """Primary keys, and units' (period, key, district), appear once; the ids are recorded
    for the references of the tables after this one."""
    pk = _PRIMARY[name]
    seen: set = set()
    for i, r in enumerate(rows):
        k = tuple(r.get(p) for p in pk)
        if not _hashable(k):
            continue  # the value check names it
        if k in seen:
            c.add(_where(name, i, r), f"khóa {', '.join(pk)} = {k[0]!r} lặp lại")
        seen.add(k)
    c.ids[name] = {k[0] for k in seen}
    if name == "units":
        triples: set = set()
        for i, r in enumerate(rows):
            t = (r.get("period"), r.get("key"), r.get("district"))
            if not _hashable(t):
                continue
            if t in triples:
                c.add(_where(name, i, r), "đơn vị lặp lại trong cùng kỳ và huyện")
            triples.add(t)


def _document(data: bytes) -> tuple:
    if len(data) > MAX_BACKUP_BYTES:
        raise HistoryError(f"Tệp sao lưu quá lớn ({len(data) // 2**20} MB, tối đa "
                           f"{MAX_BACKUP_BYTES // 2**20} MB); lịch sử giữ nguyên.")
    try:
        doc = json.loads(bytes(data).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise HistoryError(f"Tệp sao lưu không đọc được (không phải JSON): {e}") from e
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise HistoryError("Tệp này không phải bản sao lưu lịch sử Ký số Analytics.")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) \
            or not 1 <= version <= SCHEMA_VERSION:
        raise HistoryError(
            f"Bản sao lưu có lược đồ {_shown(version)}, ứng dụng này chỉ đọc từ 1 đến "
            f"{SCHEMA_VERSION}. Hãy cập nhật ứng dụng.")
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        raise HistoryError("Bản sao lưu hỏng: thiếu phần “tables”.")
    strange = sorted(set(tables) - {t.name for t in DATA_TABLES})
    if strange:
        raise HistoryError("Bản sao lưu có bảng lạ: " + ", ".join(map(str, strange)))
    return tables, version


def _check_sizes(tables: dict) -> None:
    def count(name):
        part = tables.get(name)
        rows = part.get("rows") if isinstance(part, dict) else None
        return len(rows) if isinstance(rows, list) else 0

    total = sum(count(t.name) for t in DATA_TABLES)
    if total > MAX_ROWS:
        raise HistoryError(f"Bản sao lưu có quá nhiều dòng ({total:,}, tối đa {MAX_ROWS:,}); "
                           "lịch sử giữ nguyên.".replace(",", "."))
    spans = count("periods") + count("period_versions")
    if spans > MAX_PERIODS:
        raise HistoryError(f"Bản sao lưu có quá nhiều kỳ và bản cũ ({spans}, tối đa "
                           f"{MAX_PERIODS}); lịch sử giữ nguyên.")


def check_backup(data: bytes) -> Backup:
    """The rows of a backup, every value checked; raises `HistoryError` (listing the first
    problems) when anything is wrong. Writes nothing."""
    tables, version = _document(data)
    _check_sizes(tables)
    c = _Checker()
    out = Backup(schema_version=version)
    try:
        for t in DATA_TABLES:  # parents first, so references can be checked
            rows = _table_rows(c, t, tables.get(t.name))
            _check_unique(c, t.name, rows)
            for i, r in enumerate(rows):
                _check_row(c, t.name, i, r)
            out.rows[t.name] = rows
    except _Problems:
        pass
    c.refuse()
    return out

"""Plain-text rendering of a parsed workbook, for `python -m analysis parse FILE`."""
from __future__ import annotations

from analysis.model import COUNT_FIELDS, WorkbookResult
from analysis.vn_format import fmt_int

KIND_LABELS = {"title": "tiêu đề", "header": "dòng tiêu đề cột", "numbering": "dòng đánh số cột",
               "section": "mục", "total": "dòng tổng", "blank": "dòng trống", "note": "ghi chú",
               "wrapped": "phần tên xuống dòng", "footer": "chân bảng (ghi chú, chữ ký)"}


def workbook_text(result: WorkbookResult) -> str:
    out = [f"Tệp: {result.file}"]
    for s in result.sheets:
        period = s.period.label() if s.period else "chưa rõ kỳ báo cáo"
        out.append("")
        name = s.sheet if s.sheet is not None else "(CSV)"
        out.append(f"== Trang tính: {name} — {period} — {len(s.units)} đơn vị")
        fields = [f for f in COUNT_FIELDS if f in s.columns]
        width = max([len(u.unit) for u in s.units] + [8])
        out.append(f"{'Dòng':>5}  {'Đơn vị':<{width}}  {'Khối':<22} "
                   + " ".join(f"{f:>14}" for f in fields))
        for u in s.units:
            out.append(f"{u.row:>5}  {u.unit:<{width}}  {u.block:<22} "
                       + " ".join(f"{fmt_int(getattr(u, f)):>14}" for f in fields))
        kinds: dict = {}
        for r in s.skipped_rows:
            kinds.setdefault(r.kind, []).append(r.row)
        if kinds:
            out.append("Dòng không phải đơn vị: " + "; ".join(
                f"{KIND_LABELS.get(k, k)}: {', '.join(map(str, rows))}"
                for k, rows in kinds.items()))
        for w in s.warnings:
            where = f"dòng {w.row}" if w.row else "trang tính"
            out.append(f"  ! [{w.code}] {where}: {w.message}")
    for s in result.skipped_sheets:
        out.append(f"\nBỏ qua trang tính “{s.sheet}”: {s.reason}")
    return "\n".join(out)

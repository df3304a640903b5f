"""One registry of warning codes (analysis/warning_codes.py): every code a module writes is in
it, and docs/WARNINGS.md lists exactly its codes, meanings and templates."""
import re
from pathlib import Path

from analysis.warning_codes import CODES, TITLES, message, title, warning

ROOT = Path(__file__).resolve().parents[2]


def test_docs_list_every_code_with_its_meaning_and_template():
    docs = (ROOT / "docs" / "WARNINGS.md").read_text(encoding="utf-8")
    rows = [line for line in docs.splitlines() if line.startswith("| `")]
    assert rows == [f"| `{c.code}` | {c.meaning} | {c.template} |" for c in CODES.values()]


def test_every_code_written_by_a_module_is_registered():
    written = set()
    for base in ("analysis", "ui", "pages"):
        for path in (ROOT / base).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            written |= set(re.findall(r"\bwarning\(\s*\"(\w+)\"", text))
            assert "DataWarning(" not in text or path.name == "warning_codes.py", path
    assert written and written <= set(CODES)


def test_a_warning_fills_its_template():
    w = warning("negative_count", 7, "Phòng Nội vụ", field="văn bản gửi đi", value=-3)
    assert (w.row, w.unit, w.code) == (7, "Phòng Nội vụ", "negative_count")
    assert w.message == "Số văn bản gửi đi là số âm (-3)."
    assert message("skipped_sheet", reason="Trang tính trống.") == "Trang tính trống."


def test_every_code_has_a_vietnamese_title():
    assert set(TITLES) == set(CODES)
    assert title("period_unknown") == "Chưa rõ kỳ báo cáo" and title("made_up") == "Khác"
    assert all(t and "_" not in t for t in TITLES.values())

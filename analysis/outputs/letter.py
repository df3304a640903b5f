"""The whole reminder letter (công văn đôn đốc) in Nghị định 30/2020's format, from the figures
and the office's profile (analysis/profile.py).

    compose(summary, profile=None, high=None) -> Letter      its parts, once for every writer
    draft_text(frame, period, metric, target, high, summary, profile) -> str   plain text
    draft_docx(frame, …, profile) -> bytes                    outputs/letter_docx.py

The screen's prose is ui/letter_views.prose (with ui/safe_text's escaper). The results' wording
is in outputs/letter_text.py, the .docx layout in outputs/letter_docx.py,
the PDF (LibreOffice) in outputs/pdf.py. Without a profile the level's defaults are used, the
level guessed from the data (analysis.profile.guess_level).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.figures import Summary, compute
from analysis.labels import METRIC_PHRASES
from analysis.outputs.letter_text import (  # noqa: F401  (re-exported: the letter's API)
    intro_line,
    overall_line,
    request_lines,
    results_lines,
    short_name,
)
from analysis.profile import OfficeProfile, defaults, guess_level, header_lines, upper

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
BLANK = "      "  # the day or number the clerk writes in by hand


@dataclass(frozen=True)
class Letter:
    """The letter's parts as texts. `body` is a list of (kind, text): kind "basis" (Căn cứ …),
    "para" (indented prose, the request "3. …" too), "heading" (1., 2.: the results'),
    "item" (- / + / * lines)."""

    parent: str
    body_lines: tuple
    number: str
    subject: str
    place_date: str
    recipients: tuple
    body: tuple
    copies: tuple
    authority: str
    title: str
    signer: str
    appendix_reference: str
    profile: OfficeProfile


def profile_for(summary: Summary, profile: OfficeProfile | None) -> OfficeProfile:
    """The profile given, or the defaults of the level the data suggests."""
    if profile is not None:
        return profile
    level = guess_level("", summary.units["block"].unique().tolist(), summary.end)
    return defaults(level, summary.end)


def _date_line(s: Summary, p: OfficeProfile) -> str:
    """"Tuần Giáo, ngày      tháng 12 năm 2020": the month after the period (the letter goes
    out once the month's figures are in), the day left for the signing; months 1 and 2 with a
    leading zero (Nghị định 30/2020)."""
    y, m = (s.end.year + 1, 1) if s.end.month == 12 else (s.end.year, s.end.month + 1)
    month = f"{m:02d}" if m < 3 else str(m)
    return f"{p.place or '……'}, ngày {BLANK} tháng {month} năm {y}"


def _recipients(p: OfficeProfile) -> tuple:
    items = [r.strip().rstrip(";.") for r in p.recipients if r.strip()]
    if len(items) == 1:
        return (items[0] + ".",)
    return tuple(f"- {r};" for r in items[:-1]) + (f"- {items[-1]}.",) if items else ()


def _copies(p: OfficeProfile) -> tuple:
    items = [f"- {c.strip().rstrip(';.')};" for c in p.copies if c.strip()]
    return (*items, f"- Lưu: {p.archive.strip().rstrip('.') or 'VT'}.")


def _kind(line: str) -> str:
    if re.match(r"^\d\. Kết quả ", line):  # the results' headings; the request is prose
        return "heading"
    return "item" if line[:2] in ("- ", "+ ", "* ") else "para"


def compose(s: Summary, profile: OfficeProfile | None = None,
            high: float | None = None) -> Letter:
    p = profile_for(s, profile)
    high = high if high is not None else p.high
    phrase = METRIC_PHRASES[s.metric]
    parent, body_lines = header_lines(p)
    body = [("basis", f"Căn cứ {b.strip().rstrip(';.')};") for b in p.legal_bases if b.strip()]
    body.append(("para", intro_line(s, p)))
    body += [(_kind(line), line) for line in results_lines(s, high)]
    body += [(_kind(line), line) for line in request_lines(s, p, high)]
    return Letter(
        parent=parent, body_lines=body_lines,
        number=f"Số: {p.number.strip() or BLANK}/{p.symbol.strip()}",
        subject=f"V/v đôn đốc {phrase} văn bản trên hệ thống quản lý văn bản và hồ sơ công "
                f"việc {s.label}",
        place_date=_date_line(s, p), recipients=_recipients(p), body=tuple(body),
        copies=_copies(p), authority=p.authority_line, title=upper(p.signer_title),
        signer=p.signer_name.strip(),
        appendix_reference=_reference(p), profile=p)


def _reference(p: OfficeProfile) -> str:
    from analysis.outputs.appendix import reference

    return reference(p.symbol, p.number, p.speaker)


def letter_for(frame, period=None, metric=None, target: float = 100.0, high=None,
               summary: Summary | None = None, profile: OfficeProfile | None = None) -> tuple:
    s = summary or compute(frame, period, metric, target)
    return s, compose(s, profile, high)


def text_of(letter: Letter) -> str:
    """The letter as plain text: the header's left column, then its right column, then the
    body, "Nơi nhận" and the signer, paragraphs one a line."""
    head = [x for x in (letter.parent, *letter.body_lines) if x]
    out = [*head, letter.number, letter.subject, "", QUOC_HIEU, TIEU_NGU, letter.place_date, ""]
    if len(letter.recipients) == 1:
        out.append(f"Kính gửi: {letter.recipients[0]}")
    else:
        out += ["Kính gửi:", *letter.recipients]
    out += ["", *(t for _, t in letter.body), "", "Nơi nhận:", *letter.copies, ""]
    out += [x for x in (letter.authority, letter.title) if x]
    out += ["", letter.signer or "(ký, ghi rõ họ tên)"]
    return "\n".join(out)


def draft_text(frame: pd.DataFrame, period=None, metric=None, target: float = 100.0,
               high: float | None = None, summary: Summary | None = None,
               profile: OfficeProfile | None = None) -> str:
    """The whole letter as text. Raises FiguresError."""
    return text_of(letter_for(frame, period, metric, target, high, summary, profile)[1])


def draft_lines(s: Summary, high: float | None = None) -> list:
    """The results' paragraphs, one string each (the part the figures write)."""
    return results_lines(s, high)


def draft_docx(frame: pd.DataFrame, period=None, metric=None, target: float = 100.0,
               high: float | None = None, summary: Summary | None = None,
               profile: OfficeProfile | None = None) -> bytes:
    """The letter and its appendix as .docx (outputs/letter_docx.py). Raises FiguresError."""
    from analysis.outputs.letter_docx import letter_docx

    s, letter = letter_for(frame, period, metric, target, high, summary, profile)
    return letter_docx(s, letter)

"""Render the letter of each level to PNG for the docs (needs soffice and pdftoppm).

    .venv/bin/python docs/letters/render.py

Writes docs/letters/<level>_p<N>.png: the first page of a district's letter (Tuần Giáo,
11/2020, target 80%), a province's (Sở Thông tin và Truyền thông Thanh Hóa, 12/2021) with its
first appendix page, and a commune's after the reform (xã Tuần Giáo, 8/2025).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _letters():
    from analysis.figures import compute
    from analysis.frame import units_frame
    from analysis.profile import from_office
    from analysis.reading.parse import parse_file
    from tests.support.frames import commune_2025_records, frame_from

    up = ROOT / "sample_uploads"
    frame, _ = units_frame([parse_file(up / "tuan_giao_2020_12.xlsx")])
    s = compute(frame, None, None, 80)
    p = from_office("UBND huyện Tuần Giáo", period_end=s.end)
    p.signer_name = "Vũ Văn Đức"
    yield "district", s, p, (1,)
    frame, _ = units_frame([parse_file(up / "tinh_2021_province.xlsx")])
    s = compute(frame, "2021-12", "signed_leader", 100)
    yield "province", s, from_office("Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
                                     period_end=s.end), (1, 7)
    s = compute(frame_from(commune_2025_records()), "2025-08", "signed_leader", 100)
    p = from_office("UBND xã Tuần Giáo", period_end=s.end)
    p.signer_authority, p.signer_for, p.signer_title = "TM.", "Ủy ban nhân dân", "Chủ tịch"
    yield "commune", s, p, (1,)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from analysis.outputs.letter import compose
    from analysis.outputs.letter_docx import letter_docx
    from analysis.outputs.pdf import docx_to_pdf

    with tempfile.TemporaryDirectory() as tmp:
        for level, s, p, pages in _letters():
            pdf = Path(tmp) / f"{level}.pdf"
            pdf.write_bytes(docx_to_pdf(letter_docx(s, compose(s, p))))
            for n in pages:
                out = HERE / f"{level}_p{n}"
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(n), "-l", str(n),
                                "-singlefile", str(pdf), str(out)], check=True, timeout=120)
                print(f"{out}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Render the meeting deck of the district sample and keep two of its slides as pictures.

    .venv/bin/python docs/deck/render.py [--out DIR]

Builds the deck as `python -m analysis deck` does (office "UBND huyện Tuần Giáo"), converts it
through LibreOffice (analysis/outputs/pdf.py) and turns slides 2 (the headline) and 6 (the
communes, first of two) into 1280×720 PNGs with pdftoppm.
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from analysis.figures import compute  # noqa: E402
from analysis.frame import units_frame  # noqa: E402
from analysis.outputs.deck import deck_input, deck_pptx  # noqa: E402
from analysis.outputs.pdf import to_pdf  # noqa: E402
from analysis.reading.isolated import parse_file  # noqa: E402

SAMPLE = ROOT / "sample_uploads" / "tuan_giao_2020_12.xlsx"
KEEP = {2: "tuan_giao_11_2020_headline.png", 6: "tuan_giao_11_2020_commune.png"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent))
    args = ap.parse_args(argv)
    frame, _ = units_frame([parse_file(SAMPLE)])
    data = deck_pptx(deck_input(frame, compute(frame), "UBND huyện Tuần Giáo"))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "deck.pdf"
        pdf.write_bytes(to_pdf(data, ".pptx"))
        for page, name in KEEP.items():
            stem = Path(tmp) / f"p{page}"
            subprocess.run(["pdftoppm", "-png", "-r", "96", "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(stem)], check=True)
            (Path(args.out) / name).write_bytes(stem.with_suffix(".png").read_bytes())
            print(Path(args.out) / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

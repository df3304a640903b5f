"""The meeting deck, read back with python-pptx: 16:9, the slides of a district workbook and of
the province sample, titles naming the period, chart data equal to `summarize --json`, type
sizes; rendered through LibreOffice (one PDF page a slide)."""
from __future__ import annotations

import contextlib
import io
import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from analysis import cli
from analysis.figures import compute, trend
from analysis.frame import units_frame
from analysis.labels import BLOCK_LABELS
from analysis.outputs import pdf as pdf_mod
from analysis.outputs.deck import deck_input, deck_pptx
from analysis.outputs.deck_data import zero_streaks
from analysis.outputs.deck_slides import UNITS_PER_SLIDE, chunks
from analysis.periods import Period
from analysis.reading.isolated import parse_file

SAMPLES = Path(__file__).resolve().parents[2] / "sample_uploads"
DISTRICT = SAMPLES / "tuan_giao_2020_12.xlsx"  # 3 blocks, 37 units, January..November 2020
PROVINCE = SAMPLES / "tinh_2021_province.xlsx"  # 5 blocks, 110 units, 12 months


def run_cli(capsys, *argv) -> tuple:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """{name: (Presentation, pptx bytes, summarize --json figures, frame)} made by the CLI."""
    out = {}
    tmp = tmp_path_factory.mktemp("deck")
    for name, path in (("district", DISTRICT), ("province", PROVINCE)):
        target = tmp / f"{name}.pptx"
        assert cli.main(["deck", str(path), "--out", str(target)]) == 0
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert cli.main(["summarize", str(path), "--json"]) == 0
        data = target.read_bytes()
        frame, _ = units_frame([parse_file(path)])
        out[name] = (Presentation(io.BytesIO(data)), data, json.loads(buf.getvalue()), frame)
    return out


def titles(prs) -> list:
    return [s.shapes.title.text for s in prs.slides]


def charts(slide) -> list:
    return [sh.chart for sh in slide.shapes if sh.has_chart]


def r2(v):
    return None if v is None else round(v, 2)


def test_slide_size_is_16_9(decks):
    for prs, *_ in decks.values():
        assert prs.slide_width * 9 == pytest.approx(prs.slide_height * 16, rel=1e-3)


def expected_count(fig, zeros: int, months: int) -> int:
    per_block = sum(len(chunks(b["units"])) for b in fig["blocks"])
    zero_slides = max(1, math.ceil(zeros / 8))
    return 3 + per_block + 2 + zero_slides + (1 if months >= 2 else 0)


def test_slide_counts(decks):
    prs, _, fig, frame = decks["district"]
    # title, headline, blocks; 13 + 5 + 19 units = 1 + 1 + 2 slides; movers; month and year to
    # date; 15 units at 0% two months or more = 2 slides of 8; the trend of 11 months
    assert [b["units"] for b in fig["blocks"]] == [13, 5, 19]
    assert len(prs.slides) == 12
    s = compute(frame)
    assert len(prs.slides) == expected_count(fig, len(zero_streaks(frame, s)), 11)
    prs, _, fig, frame = decks["province"]
    # 16, 9, 64 (4 slides of 16), 16, 5 units; 3 units at 0% for 12 months: one slide
    assert [b["units"] for b in fig["blocks"]] == [16, 9, 64, 16, 5]
    assert len(prs.slides) == 15
    assert len(zero_streaks(frame, compute(frame))) == 3


def test_every_title_names_the_period_and_each_block_has_its_slide(decks):
    for prs, _, fig, _ in decks.values():
        label = Period.from_code(fig["period"]["start"][:7]).phrase()  # a month here
        ts = titles(prs)
        assert all(label.lower() in t.lower() for t in ts), ts
        for b in fig["blocks"]:
            mine = [t for t in ts if t.startswith(f"{BLOCK_LABELS[b['block']]} {label}")]
            assert len(mine) == len(chunks(b["units"])), (b["block"], ts)


def test_title_slide_scope_and_office(capsys, tmp_path):
    out = tmp_path / "c.pptx"
    code, stdout, _ = run_cli(capsys, "deck", str(DISTRICT), "--block", "commune", "--office",
                              "UBND huyện Tuần Giáo", "--out", str(out))
    assert code == 0 and "19 đơn vị" in stdout
    prs = Presentation(str(out))
    first = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "UBND HUYỆN TUẦN GIÁO" in first
    assert "Phạm vi: Khối UBND cấp xã" in first
    assert "19 cơ quan, đơn vị · 1 khối" in first
    # title, headline, blocks, 2 commune slides, movers, year to date, zeros (2), trend
    assert len(prs.slides) == 10
    code, _, err = run_cli(capsys, "deck", str(DISTRICT), "--district", "Không có",
                           "--out", str(out))
    assert code == 2 and "Không có đơn vị nào thuộc khối/huyện đã chọn" in err


def _units_by_name(fig) -> dict:
    return {u["unit"]: u for u in fig["units"]}


def test_chart_data_equals_the_figures(decks):
    for name, (prs, _, fig, frame) in decks.items():
        slides = list(prs.slides)
        ts = titles(prs)
        # the block rates
        (chart,) = charts(slides[2])
        assert [r2(v) for v in chart.plots[0].series[0].values] == [
            r2(b["rate"]) for b in fig["blocks"]]
        # every unit on its block's slides, in the order of the figures
        units = _units_by_name(fig)
        seen = []
        for b in fig["blocks"]:
            for slide, t in zip(slides, ts, strict=True):
                if not t.startswith(BLOCK_LABELS[b["block"]] + " "):
                    continue
                (c,) = charts(slide)
                cats = list(c.plots[0].categories)
                assert len(cats) <= UNITS_PER_SLIDE
                vals = [r2(v) for v in c.plots[0].series[0].values]
                for cat, v in zip(cats, vals, strict=True):
                    u = units[cat.split(" – ")[0]] if name == "district" else None
                    if u is not None:
                        assert v == r2(u["rate"]) and u["block"] == b["block"]
                seen += vals
        assert seen == [r2(u["rate"]) for u in fig["units"]]
        # the month beside the year to date
        ytd = next(s for s, t in zip(slides, ts, strict=True) if "lũy kế" in t)
        (c,) = charts(ytd)
        month, year = c.plots[0].series
        assert [r2(v) for v in month.values] == [r2(b["rate"]) for b in fig["blocks"]]
        assert [r2(v) for v in year.values] == [r2(b["ytd_rate"]) for b in fig["blocks"]]
        # the movers: changes in percentage points, as the figures have them
        mv = next(s for s, t in zip(slides, ts, strict=True) if t.startswith("Đơn vị tăng"))
        deltas = sorted((u["delta_pp"] for u in fig["units"] if u["delta_pp"]), reverse=True)
        up, down = charts(mv)
        assert [r2(v) for v in up.plots[0].series[0].values] == [r2(v) for v in deltas[:5]
                                                                 if v > 0]
        assert [r2(v) for v in down.plots[0].series[0].values] == [
            r2(v) for v in sorted(d for d in deltas if d < 0)[:5]]
        # the trend: the overall line is the trend's total, the last point the period's rate
        tr = next(s for s, t in zip(slides, ts, strict=True) if t.startswith("Diễn biến"))
        (c,) = charts(tr)
        want = trend(frame, fig["metric"])
        total = want[want["scope"] == "total"]["rate"].astype(float).round(2).tolist()
        got = [r2(v) for v in c.plots[0].series[0].values]
        assert got == total and got[-1] == r2(fig["total"]["rate"])
        assert list(c.plots[0].categories)[-1] == {"district": "T11", "province": "T12"}[name]
        assert c.plots[0].series[-1].values == (fig["target"],) * len(total)


def test_district_figures_on_the_slides(decks):
    prs, _, fig, _ = decks["district"]
    headline = " ".join(sh.text_frame.text for sh in prs.slides[1].shapes if sh.has_text_frame)
    assert "66,28%" in headline and "+0,8 điểm % so với tháng 10/2020 (65,48%)" in headline
    assert "5/37" in headline and "47,15%" in headline
    nothing = [u for u in fig["units"] if u["rate"] == 0]
    assert f"\n{len(nothing)}\n" in "\n".join(
        sh.text_frame.text for sh in prs.slides[1].shapes if sh.has_text_frame) + "\n"


def test_zero_streaks_match_each_months_figures():
    frame, _ = units_frame([parse_file(DISTRICT)])
    s = compute(frame)
    z = zero_streaks(frame, s)
    assert len(z) == 15 and z["months"].max() == 11 and z["months"].min() == 2
    months = [p.code for p in [Period.month(2020, m) for m in range(1, 12)]]
    zero_in = {m: set(compute(frame, m).units.query("rate == 0")["key"]) for m in months}
    for rec in z.to_dict("records"):
        run = 0
        for m in reversed(months):
            if rec["key"] not in zero_in[m]:
                break
            run += 1
        assert run == rec["months"], rec
        assert rec["since"] == Period.from_code(months[-run]).phrase()


def _runs(text_frame) -> list:
    return [r.font.size.pt for p in text_frame.paragraphs for r in p.runs]


def _chart_sizes(c) -> list:
    sizes = [c.font.size.pt, c.category_axis.tick_labels.font.size.pt,
             c.value_axis.tick_labels.font.size.pt]
    if c.has_legend:
        sizes.append(c.legend.font.size.pt)
    for s in c.plots[0].series:
        for i in range(len(s.values)):
            dl = s.points[i].data_label
            if dl.has_text_frame:
                sizes += _runs(dl.text_frame)
    return sizes


def _sizes(prs):
    """(title sizes, every other run's size, chart font sizes) in points."""
    title_sizes, text_sizes, chart_sizes = [], [], []
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                (title_sizes if sh == slide.shapes.title else text_sizes).extend(
                    _runs(sh.text_frame))
            if sh.has_table:
                for row in sh.table.rows:
                    for cell in row.cells:
                        text_sizes += _runs(cell.text_frame)
            if sh.has_chart:
                chart_sizes += _chart_sizes(sh.chart)
    return title_sizes, text_sizes, chart_sizes


def test_type_sizes(decks):
    for prs, *_ in decks.values():
        t, x, c = _sizes(prs)
        assert len(t) == len(prs.slides) and min(t) >= 28
        assert x and min(x) >= 14
        assert len(c) > 50 and min(c) >= 14


def test_no_soffice_message(monkeypatch):
    monkeypatch.setattr(pdf_mod.shutil, "which", lambda name: None)
    with pytest.raises(pdf_mod.PdfError) as e:
        pdf_mod.to_pdf(b"x", ".pptx")
    assert "LibreOffice" in e.value.message and "libreoffice-impress" in e.value.message


def test_cli_pdf_without_soffice(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(pdf_mod.shutil, "which", lambda name: None)
    code, _, err = run_cli(capsys, "deck", str(DISTRICT), "--out", str(tmp_path / "a.pptx"),
                           "--pdf", str(tmp_path / "a.pdf"))
    assert code == 2 and "chưa cài LibreOffice" in err
    assert (tmp_path / "a.pptx").exists() and not (tmp_path / "a.pdf").exists()


@pytest.mark.skipif(pdf_mod.soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) missing")
def test_pdf_has_one_page_per_slide(decks, tmp_path):
    for name in ("district", "province"):
        prs, data, fig, _ = decks[name]
        pdf = pdf_mod.to_pdf(data, ".pptx")
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines()
                         if line.startswith("Pages:")))
        assert pages == len(prs.slides)
        if name == "district" and shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(path), "-"],
                                  capture_output=True, text=True, check=True).stdout
            assert "Tỷ lệ ký số theo khối tháng 11/2020" in text and "78,46%" in text


def test_deck_from_a_summary_without_previous_month():
    frame, _ = units_frame([parse_file(SAMPLES / "cam_thuy_2022_05.xlsx")])
    s = compute(frame)
    prs = Presentation(io.BytesIO(deck_pptx(deck_input(frame, s))))
    ts = titles(prs)
    # no trend slide for one month; the movers and zero slides say why they are empty
    assert len(prs.slides) == 3 + 2 + 2 + 1 and not any(t.startswith("Diễn biến") for t in ts)
    body = " ".join(sh.text_frame.text for sl in prs.slides for sh in sl.shapes
                    if sh.has_text_frame)
    assert "Chưa có số liệu tháng 4/2021 để so sánh." in body


def test_filters_follow_the_view(capsys, tmp_path):
    """--block and --district filter as the sidebar does; the title slide names them and the
    charts hold the filtered figures."""
    from analysis.frame import filter_frame

    out = tmp_path / "f.pptx"
    code, _, _ = run_cli(capsys, "deck", str(PROVINCE), "--district", "Huyện Cẩm Thủy",
                         "--block", "commune", "--block", "department", "--out", str(out))
    assert code == 0
    prs = Presentation(str(out))
    first = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "Phạm vi: Khối các phòng chuyên môn, Khối UBND cấp xã; Huyện Cẩm Thủy" in first
    frame, _ = units_frame([parse_file(PROVINCE)])
    s = compute(filter_frame(frame, ("commune", "department"), ("Huyện Cẩm Thủy",)))
    assert len(s.units) == 21 and set(s.units["district"]) == {"Huyện Cẩm Thủy"}
    (chart,) = charts(prs.slides[2])
    assert [r2(v) for v in chart.plots[0].series[0].values] == [
        r2(v) for v in s.blocks["rate"].astype(float)]
    assert titles(prs)[3:6] == ["Khối các phòng chuyên môn tháng 12/2021",
                                "Khối UBND cấp xã tháng 12/2021 (1/2)",
                                "Khối UBND cấp xã tháng 12/2021 (2/2)"]


def test_deck_from_the_history_of_a_workspace(capsys, tmp_path, decks):
    """--db and --workspace (passed to open_history): the whole stored history, so the trend
    and the runs at 0% look back over every month; the trend stops at --period."""
    db = tmp_path / "h.sqlite"
    code, _, _ = run_cli(capsys, "store", str(DISTRICT), "--db", str(db), "--workspace", "tg")
    assert code == 0
    out = tmp_path / "db.pptx"
    code, _, _ = run_cli(capsys, "deck", "--db", str(db), "--workspace", "tg", "--out", str(out))
    assert code == 0
    prs = Presentation(str(out))
    ref = decks["district"][0]
    assert titles(prs) == titles(ref)
    for a, b in zip(prs.slides, ref.slides, strict=True):
        for ca, cb in zip(charts(a), charts(b), strict=True):
            assert [s.values for s in ca.plots[0].series] == [s.values for s in cb.plots[0].series]
    code, _, _ = run_cli(capsys, "deck", "--db", str(db), "--workspace", "tg", "--period",
                         "2020-06", "--out", str(out))
    assert code == 0
    prs = Presentation(str(out))
    (c,) = charts(prs.slides[-1])
    assert prs.slides[-1].shapes.title.text == "Diễn biến tỷ lệ ký số theo tháng đến tháng 6/2020"
    assert list(c.plots[0].categories) == [f"T{m}" for m in range(1, 7)]  # one year: "T1"
    sub = [sh.text_frame.text for sh in prs.slides[-1].shapes if sh.has_text_frame]
    assert "T1/2020–T6/2020 · Ký số (chung) · chỉ tiêu 100%" in sub
    code, _, err = run_cli(capsys, "deck", "--db", str(db), "--workspace", "nope", "--out",
                           str(out))
    assert code == 2 and "nope" in err

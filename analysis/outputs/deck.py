"""The meeting deck: a 16:9 PowerPoint file of the period's figures, in Vietnamese.

    deck_pptx(deck_input(frame, summary, office, blocks, districts)) -> bytes

Slides, in order: the title (office, period, metric, target, the filters in force); the
headline figures; the block rates against the target; one slide per block with its units
sorted (a block of many units continues on further slides); the most improved and declined
units with those new or missing; the month beside the year to date per block; the units at
0% for two months or more; the monthly trend when several months are loaded. Every title
names the period; charts are native PowerPoint charts with their data behind them.
"""
from __future__ import annotations

import io

from analysis.outputs.deck_changes import movers_slide, trend_slide, ytd_slide, zero_slides
from analysis.outputs.deck_data import (  # noqa: F401  (deck_input: the API)
    GENERIC_FOOTER,
    DeckInput,
    deck_input,
)
from analysis.outputs.deck_layout import footer, presentation
from analysis.outputs.deck_slides import block_slides, blocks_slide, headline_slide, title_slide

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def deck_pptx(d: DeckInput) -> bytes:
    """The deck as .pptx bytes."""
    prs = presentation()
    title_slide(prs, d)
    headline_slide(prs, d)
    blocks_slide(prs, d)
    block_slides(prs, d)
    movers_slide(prs, d)
    ytd_slide(prs, d)
    zero_slides(prs, d)
    trend_slide(prs, d)
    slides = list(prs.slides)
    left = f"{d.office or GENERIC_FOOTER} · {d.summary.label}"
    for i, slide in enumerate(slides[1:], start=2):
        footer(slide, left, i, len(slides))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

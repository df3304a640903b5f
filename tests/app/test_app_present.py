"""AppTest: projector mode — switched on from any page it opens the overview's slides; one slide
at a time with previous / next; charts in presentation sizes filling the slide; no download
button; leaving brings the normal overview back."""
import math

from tests.support.apptest_util import (
    expected_summary,
    metrics,
    new_app,
    rerun,
    sample_bytes,
    upload,
    vega_charts,
)
from ui import slides
from ui import strings as S

DISTRICT = "tuan_giao_2020_12.xlsx"
PROVINCE = "tinh_2021_province.xlsx"


def _next(at):
    at.button(key="pm_next").click()
    return rerun(at)


def test_projector_slides_one_at_a_time_and_back_to_normal():
    at = upload(new_app(), (DISTRICT, sample_bytes(DISTRICT)))
    at.toggle(key="ks_present").set_value(True)
    rerun(at)
    # opened on the overview's first slide: the KPIs, nothing else
    assert [h.value for h in at.header] == [S.OV_HEADER.format(period="tháng 11/2020")]
    assert metrics(at)[S.OV_KPI_MEETING] == "5/37"
    assert not vega_charts(at)
    # the one download: the meeting's PowerPoint in the slides' bar
    assert [b.proto.label for b in at.get("download_button")] == [S.PM_DECK]
    labels = at.selectbox(key="ks_slide").options
    # KPIs, blocks, 13 + 5 + 19 units (at most 14 a slide: 19 as 10 and 9), movers, trend
    assert labels == [S.PM_SLIDE_KPI, S.PM_SLIDE_BLOCKS, "Khối các phòng chuyên môn",
                      "Khối các đơn vị sự nghiệp", "Khối UBND cấp xã (1/2)",
                      "Khối UBND cấp xã (2/2)", S.PM_SLIDE_MOVERS, S.PM_SLIDE_TREND]
    assert at.button(key="pm_prev").disabled
    _next(at)
    (spec, _data), = vega_charts(at)
    assert [h.value for h in at.header] == [S.OV_BLOCKS]
    assert spec["height"] == "container" and spec["config"]["axis"]["labelFontSize"] >= 20
    _next(at)
    (spec, data), = vega_charts(at)
    rows = next(iter(data.values()))
    assert len(rows) == 13 and at.header[0].value.startswith("Khối các phòng chuyên môn: 78,46%")
    _next(at)
    _next(at)
    (spec, data), = vega_charts(at)
    assert len(next(iter(data.values()))) == 10  # the 10 lowest of the 19 communes
    assert at.header[0].value.endswith(S.PM_UNITS_PART.format(first=1, last=10))
    _next(at)
    _next(at)
    assert at.header[0].value.startswith(S.PM_SLIDE_MOVERS)
    tables = [t.value for t in at.table]
    assert len(tables) == 2 and len(tables[0]) == 5  # the five most improved, large type
    _next(at)
    assert at.button(key="pm_next").disabled and len(vega_charts(at)) == 1  # the trend
    assert [b.proto.label for b in at.get("download_button")] == [S.PM_DECK]
    at.button(key="pm_exit").click()
    rerun(at)
    assert not at.session_state["ks_presenting"] and not at.toggle(key="ks_present").value
    assert len(at.metric) == 4 and len(vega_charts(at)) == 3 and at.get("download_button")


def test_a_long_block_runs_over_even_slides_of_at_most_twenty():
    s = expected_summary([PROVINCE])
    deck = slides.deck(s)
    for block, n in s.units["block"].value_counts().items():
        ids = [i for i, _ in deck if i.startswith(f"units:{block}:")]
        assert len(ids) == math.ceil(n / slides.UNITS_PER_SLIDE)
        per = slides._per_slide(n)
        assert per <= slides.UNITS_PER_SLIDE and per * len(ids) >= n > per * (len(ids) - 1)

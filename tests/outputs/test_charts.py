"""Chart specs: target rule present and labelled, sort order, status colours, Vietnamese labels."""
import re

import altair as alt
import jsonschema
import pandas as pd
import pytest
import vl_convert as vlc

from analysis.outputs import charts

NAN = float("nan")


def _layers(spec):
    alt.TopLevelLayerSpec.validate(spec)  # raises on a spec that is not valid Vega-Lite
    return spec, spec["layer"]


def _datasets(spec):
    return spec.get("datasets", {})


def _rows_of(spec, layer):
    """The rows a layer draws: its own inline values, or the named dataset it or the chart
    refers to."""
    data = layer.get("data") or spec["data"]
    return data["values"] if "values" in data else _datasets(spec)[data["name"]]


def _y_order(spec, layer):
    """The y labels in the order the layer's sort puts them (a field of the rows, ascending)."""
    y = layer["encoding"]["y"]
    sort = y["sort"]
    assert sort["op"] == "min" and sort["order"] == "ascending"
    rows = sorted(_rows_of(spec, layer), key=lambda r: r[sort["field"]])
    return [r[y["field"]] for r in rows]


def _drawn(spec):
    """Render the spec as the browser would (Vega, through vl-convert): the y axis labels from
    top to bottom, and each mark text with its fill colour."""
    spec = dict(spec, width=600)
    svg = vlc.vegalite_to_svg(vl_spec=spec, vl_version="6.4")
    axis = []
    for group in re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg):
        texts = re.findall(r'translate\(([-\d.]+),([-\d.]+)\)[^>]*>([^<]*)</text>', group)
        if texts and all(float(x) < 0 for x, _, _ in texts):  # left of the plot: the y axis
            axis = [t for _, _, t in sorted(texts, key=lambda t: float(t[1]))]
    fills = re.findall(r'<text[^>]*role="graphics-symbol"[^>]*fill="([^"]*)"[^>]*>([^<]*)</text>'
                       r'|<text[^>]*fill="([^"]*)"[^>]*>([^<]*)</text>', svg)
    marks = [(a or c, b or d) for a, b, c, d in fills]
    return axis, marks


def _rule_layers(layers):
    return [lyr for lyr in layers if (lyr["mark"] if isinstance(lyr["mark"], str)
                                       else lyr["mark"]["type"]) == "rule"]


def _target_rule(spec, layers, axis="x"):
    for lyr in _rule_layers(layers):
        enc = lyr["encoding"]
        if axis in enc and enc[axis].get("field") == "target":
            return _rows_of(spec, lyr)
    return None


@pytest.fixture
def units():
    return pd.DataFrame({
        "unit": ["Xã Sơn Hà", "Phòng Dân tộc", "Trung tâm DVNN", "Xã Mường Mìn", "Xã Tam Thanh",
                 "Xã Na Mèo"],
        "rate": [100.0, 0.0, 75.0, NAN, 96.42857, 100.0],
        "status": ["meets_target", "signed_nothing", "below_target", "no_documents",
                   "below_target", "meets_target"],
        "sent": [40, 2, 8, 0, 56, 39],
        "signed": [40, 0, 6, 0, 54, 39],
    })


def test_unit_bars_sorted_desc_nan_last_ties_by_name(units):
    spec, layers = _layers(charts.unit_bars(units, 100))
    expected = ["Xã Na Mèo", "Xã Sơn Hà", "Xã Tam Thanh", "Trung tâm DVNN", "Phòng Dân tộc",
                "Xã Mường Mìn"]
    for layer in (layers[0], layers[2], layers[3]):  # the bars and both kinds of label
        assert layer["encoding"]["y"] == layers[0]["encoding"]["y"]
    assert _y_order(spec, layers[0]) == expected
    axis, marks = _drawn(spec)
    assert axis == expected  # Vega draws them in that order
    # labels: white inside a bar that meets the target, black inside an orange one,
    # vermillion after the bar of a unit that signed nothing
    assert ("#FFFFFF", "100,00%") in marks and ("#111111", "96,43%") in marks
    assert ("#D55E00", "0,00%") in marks


def test_unit_bars_target_rule_and_label(units):
    spec, layers = _layers(charts.unit_bars(units, 97))
    rows = _target_rule(spec, layers)
    assert rows == [{"target": 97.0, "label": "Chỉ tiêu 97%"}]
    texts = [lyr for lyr in layers
             if isinstance(lyr["mark"], dict) and lyr["mark"]["type"] == "text"
             and lyr["encoding"].get("text", {}).get("field") == "label"]
    assert texts, "the target rule carries a text label"


def test_unit_bars_colours_by_status_colour_blind_safe(units):
    spec, layers = _layers(charts.unit_bars(units, 100))
    scale = layers[0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Đạt chỉ tiêu", "Chưa đạt chỉ tiêu", "Không ký số",
                               "Không có văn bản đi"]
    assert scale["range"] == ["#0072B2", "#E69F00", "#D55E00", "#8C8C8C"]


def test_unit_bars_vietnamese_labels(units):
    spec, layers = _layers(charts.unit_bars(units, 100))
    rows = {r["unit"]: r for r in _rows_of(spec, layers[0])}
    assert rows["Xã Tam Thanh"]["rate_text"] == "96,43%"
    assert rows["Xã Mường Mìn"]["rate_text"] == "—"
    assert rows["Phòng Dân tộc"]["rate_text"] == "0,00%"
    assert layers[0]["encoding"]["x"]["title"] == "Tỷ lệ ký số (%)"
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_unit_bars_height_grows_with_units(units):
    small = charts.unit_bars(units, 100)
    big = charts.unit_bars(units, 100, presentation=True)
    assert big["height"] > small["height"]
    assert big["config"]["axis"]["labelFontSize"] > small["config"]["axis"]["labelFontSize"]


def test_block_bars_sorted_with_target_and_counts():
    blocks = pd.DataFrame({"label": ["Khối các phòng chuyên môn", "Khối UBND cấp xã",
                                     "Khối các đơn vị sự nghiệp"],
                           "rate": [60.2, 97.5, 60.2], "units": [10, 17, 5], "meeting": [4, 15, 1],
                           "sent": [300, 1855, 40], "signed": [180, 1800, 24]})
    spec, layers = _layers(charts.block_bars(blocks, 80, title="Theo khối"))
    expected = ["Khối UBND cấp xã", "Khối các phòng chuyên môn", "Khối các đơn vị sự nghiệp"]
    assert _y_order(spec, layers[0]) == expected
    assert _drawn(spec)[0] == expected
    assert _target_rule(spec, layers) == [{"target": 80.0, "label": "Chỉ tiêu 80%"}]
    rows = {r["label"]: r for r in _rows_of(spec, layers[0])}
    assert rows["Khối UBND cấp xã"]["bar_text"] == "97,50%  (15/17 đạt)"
    assert rows["Khối UBND cấp xã"]["sent_text"] == "1.855"
    assert rows["Khối các phòng chuyên môn"]["status"] == "below_target"
    assert spec["title"]["text"] == "Theo khối"


def test_trend_lines_periods_in_order_and_target_on_y():
    trend = pd.DataFrame({"period": ["2021-02", "2021-01", "2021-02", "2021-01"],
                          "period_label": ["T2/2021", "T1/2021", "T2/2021", "T1/2021"],
                          "series": ["Chung", "Chung", "Khối UBND cấp xã", "Khối UBND cấp xã"],
                          "rate": [85.0, 80.0, 90.0, 70.0]})
    spec, layers = _layers(charts.trend_lines(trend, 80))
    assert layers[0]["encoding"]["x"]["sort"] == ["T1/2021", "T2/2021"]
    assert layers[0]["encoding"]["color"]["sort"] == ["Chung", "Khối UBND cấp xã"]
    assert _target_rule(spec, layers, axis="y") == [{"target": 80.0, "label": "Chỉ tiêu 80%"}]


def test_dumbbell_prev_vs_current(units):
    d = units.assign(prev_rate=[90.0, 10.0, 80.0, NAN, 96.42857, 100.0])
    spec, layers = _layers(charts.dumbbell(d, 100))
    assert layers[0]["encoding"]["x"]["field"] == "prev_rate"
    assert layers[0]["encoding"]["x2"]["field"] == "rate"
    rows = {r["unit"]: r for r in _rows_of(spec, layers[0])}
    assert "Xã Mường Mìn" not in rows  # no rate either side
    assert rows["Phòng Dân tộc"]["delta_text"] == "-10,00 điểm %"
    assert rows["Phòng Dân tộc"]["direction"] == "Giảm"
    assert rows["Xã Sơn Hà"]["delta_text"] == "+10,00 điểm %"
    expected = ["Xã Na Mèo", "Xã Sơn Hà", "Xã Tam Thanh", "Trung tâm DVNN", "Phòng Dân tộc"]
    assert _y_order(spec, layers[0]) == expected
    assert _drawn(spec)[0] == expected
    assert _target_rule(spec, layers) is not None


def test_chart_png_renders(units):
    png = charts.chart_png(charts.unit_bars(units, 100), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 2000


def test_every_builder_gives_valid_vega_lite(units):
    """The builders skip altair's validation while they build (for speed): each whole spec is
    validated here against the Vega-Lite schema, normal and presentation, and build_spec gives
    the same dict by name."""
    blocks = pd.DataFrame({"label": ["Khối UBND cấp xã"], "rate": [97.5], "units": [17],
                           "meeting": [15], "sent": [1855], "signed": [1800]})
    trend = pd.DataFrame({"period": ["2021-01"], "period_label": ["T1/2021"], "series": ["Chung"],
                          "rate": [80.0]})
    data = {"unit_bars": units, "block_bars": blocks, "trend_lines": trend,
            "dumbbell": units.assign(prev_rate=[90.0, 10.0, 80.0, NAN, 96.42857, 100.0])}
    assert set(data) == set(charts.BUILDERS)
    for kind, frame in data.items():
        for presentation in (False, True):
            spec = charts.BUILDERS[kind](frame, 80.0, presentation=presentation, title="Tiêu đề")
            alt.TopLevelLayerSpec.validate(spec)
            assert spec["title"]["text"] == "Tiêu đề"
            assert spec == charts.build_spec(kind, frame, 80.0, presentation, "Tiêu đề"), kind
            assert len(spec["datasets"][charts.ROWS]) == len(frame) - (kind == "dumbbell")
    with pytest.raises(jsonschema.ValidationError):  # the validation does reject a broken spec
        alt.TopLevelLayerSpec.validate(dict(spec, layer=[{"mark": "no-such-mark"}]))


def test_sort_order_undefined_last_ties_by_name():
    d = pd.DataFrame({"u": ["c", "a", "b", "d", "e"], "rate": [NAN, 50.0, NAN, 50.0, 90.0]})
    assert charts._sort_order(d, "u") == [4, 1, 3, 2, 0]  # e 90, a 50, d 50, then b, c

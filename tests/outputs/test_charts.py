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
        group = re.sub(r'<tspan[^>]*>([^<]*)</tspan>(?:<tspan[^>]*>[^<]*</tspan>)*', r"\1",
                       group)  # a label of several lines: its first
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
    # named in the legend (a dashed stroke), never as text in the plot
    texts = [lyr for lyr in layers
             if isinstance(lyr["mark"], dict) and lyr["mark"]["type"] == "text"
             and lyr["encoding"].get("text", {}).get("field") == "label"]
    assert texts == []
    rule = _rule_layers(layers)[0]
    dash = rule["encoding"]["strokeDash"]
    assert dash["scale"] == {"domain": ["Chỉ tiêu 97%"], "range": [[8, 4]]}
    assert dash["legend"]["symbolType"] == "stroke"
    svg = vlc.vegalite_to_svg(vl_spec=dict(spec, width=600), vl_version="6.4")
    assert "Chỉ tiêu 97%" in re.findall(r'role-legend-label[^>]*>.*?<text[^>]*>([^<]*)<', svg,
                                        flags=re.S)


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


def test_unit_bars_band_per_row_follows_the_rows(units):
    """36 px a row while the rows are few, 22 px from 60 rows; larger for a projector."""
    assert charts.unit_bars(units, 100)["height"] == {"step": 36.0}
    big = charts.unit_bars(units, 100, presentation=True)
    assert big["height"] == {"step": 56.0}
    assert big["config"]["axis"]["labelFontSize"] > 12
    assert charts.band_step(5) == charts.band_step(15) == 36.0
    assert charts.band_step(37) == pytest.approx(36 - 14 * 22 / 45, abs=0.1)
    assert charts.band_step(60) == charts.band_step(1400) == 22.0
    assert charts.band_step(1400, presentation=True) == 40.0
    assert charts.band_step(3, lines=2) == 42.0  # two-line labels get room for both
    # a gap between the bars in both modes: the band's inner padding
    for p in (False, True):
        y = charts.unit_bars(units, 100, presentation=p)["layer"][0]["encoding"]["y"]
        assert y["scale"]["paddingInner"] >= 0.28


def test_rate_over_100_drawn_apart_not_as_meeting():
    d = pd.DataFrame({"unit": ["Xã A", "Xã B"], "rate": [107.6923, 90.0],
                      "status": ["meets_target", "meets_target"]})
    spec, layers = _layers(charts.unit_bars(d, 80))
    rows = {r["unit"]: r for r in _rows_of(spec, layers[0])}
    assert rows["Xã A"]["status_label"] == "Vượt 100%: kiểm tra số liệu"
    assert rows["Xã A"]["bar_text"] == "107,69% – vượt 100%: kiểm tra số liệu"
    assert rows["Xã B"]["status_label"] == "Đạt chỉ tiêu"
    scale = layers[0]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        "Đạt chỉ tiêu": "#0072B2", "Vượt 100%: kiểm tra số liệu": "#CC79A7"}
    _axis, marks = _drawn(spec)
    assert ("#111111", "107,69% – vượt 100%: kiểm tra số liệu") in marks


def test_bars_carry_the_click_selection(units):
    spec = charts.unit_bars(units, 100)
    assert spec["layer"][0]["params"][0]["name"] == charts.PICK
    assert spec["layer"][0]["params"][0]["select"]["fields"] == ["key"]
    blocks = pd.DataFrame({"label": ["Khối UBND cấp xã"], "block": ["commune"], "rate": [90.0]})
    spec = charts.block_bars(blocks, 80)
    assert spec["layer"][0]["params"][0]["select"]["fields"] == ["block"]
    assert _rows_of(spec, spec["layer"][0])[0]["block"] == "commune"


def test_block_bars_sorted_with_target_and_counts():
    blocks = pd.DataFrame({"label": ["Khối các phòng chuyên môn", "Khối UBND cấp xã",
                                     "Khối các đơn vị sự nghiệp"],
                           "rate": [60.2, 97.5, 60.2], "units": [10, 17, 5], "meeting": [4, 15, 1],
                           "sent": [300, 1855, 40], "signed": [180, 1800, 24]})
    spec, layers = _layers(charts.block_bars(blocks, 80, title="Theo khối"))
    expected = ["Khối UBND cấp xã", "Khối các phòng chuyên môn", "Khối các đơn vị sự nghiệp"]
    assert [n.split("\n")[0] for n in _y_order(spec, layers[0])] == expected
    assert _drawn(spec)[0] == expected  # the first line of each (two-line) label
    assert _target_rule(spec, layers) == [{"target": 80.0, "label": "Chỉ tiêu 80%"}]
    rows = {r["label"]: r for r in _rows_of(spec, layers[0])}
    assert rows["Khối UBND cấp xã\n15/17 đơn vị đạt"]["bar_text"] == "97,50%"
    assert rows["Khối UBND cấp xã\n15/17 đơn vị đạt"]["sent_text"] == "1.855"
    assert rows["Khối các phòng chuyên môn\n4/10 đơn vị đạt"]["status"] == "below_target"
    assert spec["height"] == {"step": 42.0}
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
    # the axis fitted to the rates (70-90%) with the target inside; months horizontal
    assert layers[0]["encoding"]["y"]["scale"]["domain"] == [60.0, 100.0]
    assert layers[0]["encoding"]["x"]["axis"]["labelAngle"] == 0


def test_rate_domain_fits_the_data_and_keeps_the_target():
    assert charts.rate_domain([72.0, 88.5, 91.0], 80) == [60.0, 100.0]
    assert charts.rate_domain([72.0, 88.5], 50) == [40.0, 100.0]  # the target stays inside
    assert charts.rate_domain([2.0, 40.0], 100) == [0.0, 100.0]
    assert charts.rate_domain([95.0, 107.7], 100) == [90.0, 110.0]  # past 100% when a rate is
    assert charts.rate_domain([float("nan")], 80) == [70.0, 100.0]


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


def test_dumbbell_zero_to_zero_is_neutral_not_improved():
    d = pd.DataFrame({"unit": ["Xã A", "Xã B", "Xã C", "Xã D"], "prev_rate": [0.0, 50.0, 80.0, NAN],
                      "rate": [0.0, 60.0, 70.0, 40.0]})
    spec, layers = _layers(charts.dumbbell(d, 80))
    rows = {r["unit"]: r["direction"] for r in _rows_of(spec, layers[0])}
    assert rows == {"Xã A": "Không đổi", "Xã B": "Tăng", "Xã C": "Giảm",
                    "Xã D": "Chưa có kỳ trước"}
    scale = layers[2]["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours["Không đổi"] == colours["Chưa có kỳ trước"] == "#555555"
    assert colours["Tăng"] == "#0072B2" and colours["Giảm"] == "#D55E00"


def test_slide_png_is_16_9_with_period_metric_and_target(units):
    png = charts.slide_png("unit_bars", units, 80.0, "Đơn vị – tháng 3/2021",
                           "Ký số (tổng) · chỉ tiêu 80%")
    assert charts.png_size(png) == (1920, 1080)
    many = pd.concat([units] * 10, ignore_index=True)
    assert charts.png_size(charts.slide_png("unit_bars", many, 80.0, "T", "S")) == (1920, 1080)
    spec = charts.build_spec("unit_bars", units, 80.0, False, "Đơn vị – tháng 3/2021")
    spec["title"]["subtitle"] = "Ký số (tổng) · chỉ tiêu 80%"
    svg = vlc.vegalite_to_svg(vl_spec=dict(spec, width=900), vl_version="6.4")
    assert "Đơn vị – tháng 3/2021" in svg and "chỉ tiêu 80%" in svg


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
    months = pd.DataFrame({"uid": ["a", "a", "b"], "unit": ["Xã A", "Xã A", "Xã B"],
                           "period": ["2021-01", "2021-02", "2021-02"], "sent": [4, 5, 2],
                           "signed": [4, 0, 0], "rate": [100.0, 0.0, 0.0],
                           "zero_run": [0, 1, 2]})
    data = {"unit_bars": units, "block_bars": blocks, "trend_lines": trend,
            "dumbbell": units.assign(prev_rate=[90.0, 10.0, 80.0, NAN, 96.42857, 100.0]),
            "unit_trend": months.iloc[:2], "unit_month_heatmap": months}
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


def test_heatmap_cells_by_status_and_the_zero_run_badge():
    grid = pd.DataFrame({"uid": ["a", "a", "b", "b"], "unit": ["Xã A", "Xã A", "Xã B", "Xã B"],
                         "period": ["2021-01", "2021-02", "2021-01", "2021-02"],
                         "sent": [4, 5, 2, 13], "signed": [0, 0, 2, 14],
                         "rate": [0.0, 0.0, 100.0, 107.6923], "zero_run": [2, 2, 0, 0]})
    spec, layers = _layers(charts.build_spec("unit_month_heatmap", grid, 80.0))
    rows = _rows_of(spec, layers[0])
    cells = {(r["uid"], r["month"]): r["status_label"] for r in rows}
    assert cells == {("a", "T1"): "Không ký số", ("a", "T2"): "Không ký số",
                     ("b", "T1"): "Đạt chỉ tiêu", ("b", "T2"): "Vượt 100%: kiểm tra số liệu"}
    assert _y_order(spec, layers[0]) == ["Xã A  ⚠ 0% liên tiếp 2 tháng"] * 2 + ["Xã B"] * 2
    assert spec["height"] == {"step": 36.0}
    texts = [r["rate_text"] for r in rows]
    assert texts == ["0,00%", "0,00%", "100,00%", "107,69%"]


def test_unit_trend_labels_each_month_and_fits_its_axis():
    months = pd.DataFrame({"period": ["2021-02", "2021-01"], "sent": [5, 4], "signed": [4, 4],
                           "rate": [80.0, 100.0]})
    spec, layers = _layers(charts.build_spec("unit_trend", months, 90.0))
    rows = _rows_of(spec, layers[0])
    assert [r["month"] for r in rows] == ["T1/2021", "T2/2021"]
    assert [r["sent_text"] for r in rows] == ["4", "5"]
    assert layers[0]["encoding"]["y"]["scale"]["domain"] == [70.0, 100.0]
    assert _target_rule(spec, layers, axis="y") == [{"target": 90.0, "label": "Chỉ tiêu 90%"}]

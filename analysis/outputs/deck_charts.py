"""Native PowerPoint charts for the meeting deck (python-pptx's chart API): editable, with
their data in the embedded workbook behind them.

- `bar_chart`: horizontal bars, first category on top, one colour per bar (or per series),
  each bar labelled with its Vietnamese text ("71,7%"), and the target drawn as a dashed
  vertical line over the plot at its exact place (the plot area is laid out by hand, so the
  line's position is known);
- `line_chart`: the monthly trend, one line per series, the target as a dashed series.

Colours are the Okabe-Ito ones of `charts.py` (kept apart for colour-blind viewers and on a
washed-out projector); type is large (labels ≥ 14 pt).
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from analysis.outputs.charts import SERIES_COLORS, TARGET_COLOR

FONT = "Arial"  # Liberation Sans where Arial is absent: same widths, Vietnamese letters
TEXT = "1F2937"
GRID = "D9D9D9"
LABEL_PT = 16
AXIS_PT = 16
MIN_PT = 14


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


@dataclass
class Box:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int


@dataclass
class Series:
    """One series: values (None for a bar with no rate), the text of each bar's label, and one
    colour for the whole series or one per bar."""

    name: str
    values: list
    labels: list
    colors: list | str


@dataclass
class Plot:
    """Where the plot sits inside the chart, as fractions of the chart's frame."""

    x: float
    y: float
    w: float
    h: float


def _manual_layout(chart, plot: Plot) -> None:
    """Place the inner plot area by hand (PowerPoint and LibreOffice honour it), so that the
    category labels get the room they need and the target line lands on the value."""
    area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    old = area.find(qn("c:layout"))
    if old is not None:
        area.remove(old)
    layout = etree.SubElement(area, qn("c:layout"))
    area.remove(layout)
    area.insert(0, layout)
    ml = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, val in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                     ("x", plot.x), ("y", plot.y), ("w", plot.w), ("h", plot.h)):
        etree.SubElement(ml, qn(f"c:{tag}")).set("val", str(val))


def _transparent(chart) -> None:
    """No fill on the chart's area and plot (PowerPoint and LibreOffice alike), so that the
    target line drawn under the chart shows between the bars."""
    space = chart._chartSpace
    sp = space.find(qn("c:spPr"))
    if sp is None:
        sp = etree.SubElement(space, qn("c:spPr"))
        space.remove(sp)
        space.find(qn("c:chart")).addnext(sp)
    for child in list(sp):
        sp.remove(child)
    etree.SubElement(sp, qn("a:noFill"))
    etree.SubElement(etree.SubElement(sp, qn("a:ln")), qn("a:noFill"))


def _font(font, size: int = LABEL_PT, bold: bool = False, color: str = TEXT) -> None:
    font.size = Pt(size)
    font.name = FONT
    font.bold = bold
    font.color.rgb = rgb(color)


def _value_axis(chart, maximum: float | None, minimum: float | None, fmt: str,
                major_unit: float | None = 10.0) -> None:
    ax = chart.value_axis
    if major_unit is not None:
        ax.major_unit = major_unit
    if maximum is not None:
        ax.maximum_scale = maximum
    if minimum is not None:
        ax.minimum_scale = minimum
    ax.has_major_gridlines = True
    ax.major_gridlines.format.line.color.rgb = rgb(GRID)
    ax.major_tick_mark = XL_TICK_MARK.NONE
    ax.tick_labels.number_format = fmt
    ax.tick_labels.number_format_is_linked = False
    _font(ax.tick_labels.font, AXIS_PT)
    ax.format.line.fill.background()


def _label_points(series, s: Series) -> None:
    """Each bar's own label text (the Vietnamese number format, whatever the viewer's locale),
    outside the bar's end, on one line; colours per bar or for the series (its legend)."""
    if isinstance(s.colors, str):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(s.colors)
    for i, (text, value) in enumerate(zip(s.labels, s.values, strict=True)):
        point = series.points[i]
        color = s.colors[i] if isinstance(s.colors, list) else s.colors
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(color)
        if text is None:
            continue
        label = point.data_label
        label.position = (XL_LABEL_POSITION.INSIDE_BASE if value is None
                          else XL_LABEL_POSITION.OUTSIDE_END)
        tf = label.text_frame
        tf.word_wrap = False  # LibreOffice wraps "24,44%" after "24,4" otherwise
        tf.text = text
        # a bar at 0 has no length: its label takes the bar's colour
        _font(tf.paragraphs[0].runs[0].font, LABEL_PT, bold=True,
              color=color if value == 0 else TEXT)


def bar_chart(slide, box: Box, categories: list, series: list, *, plot: Plot,
              value_max: float | None = 100.0, value_min: float | None = 0.0,
              target: float | None = None, legend: bool = False, axis_format: str = '0"%"',
              gap: int = 45, major_unit: float | None = 10.0):
    """Horizontal bars, categories top to bottom; returns the chart. With `target`, a dashed
    line at that value (and its label above the plot) is drawn over the chart."""
    data = CategoryChartData(number_format="0.00")
    data.categories = categories
    for s in series:
        data.add_series(s.name, s.values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, box.left, box.top, box.width,
                                   box.height, data)
    chart = frame.chart
    chart.has_title = False
    _font(chart.font, AXIS_PT)
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        _font(chart.legend.font, LABEL_PT)
    cat = chart.category_axis
    cat.reverse_order = True
    cat.major_tick_mark = XL_TICK_MARK.NONE
    cat.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    _font(cat.tick_labels.font, AXIS_PT)
    cat.format.line.color.rgb = rgb("808080")
    _value_axis(chart, value_max, value_min, axis_format, major_unit)
    plot_el = chart.plots[0]
    plot_el.gap_width = gap
    plot_el.overlap = -10 if len(series) > 1 else 0
    plot_el.vary_by_categories = False
    for pptx_series, s in zip(plot_el.series, series, strict=True):
        pptx_series.invert_if_negative = False
        _label_points(pptx_series, s)
    _manual_layout(chart, plot)
    _transparent(chart)
    if target is not None and value_max is not None and value_min is not None:
        line = target_line(slide, box, plot, (target - value_min) / (value_max - value_min))
        frame._element.addprevious(line._element)  # under the chart: its labels stay on top
    return chart


def target_line(slide, box: Box, plot: Plot, at: float):
    """A dashed vertical line at fraction `at` of the plot's width, the target's colour."""
    at = min(max(at, 0.0), 1.0)
    x = box.left + int(box.width * (plot.x + plot.w * at))
    y0 = box.top + int(box.height * plot.y) - Emu(Pt(6))
    y1 = box.top + int(box.height * (plot.y + plot.h))
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x, y0, x, y1)
    line.line.color.rgb = rgb(TARGET_COLOR)
    line.line.width = Pt(3)
    line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    line.name = "target line"
    return line


def line_chart(slide, box: Box, categories: list, series: list, *, target: float | None,
               target_name: str, plot: Plot):
    """The trend: one line with markers per series (values may hold None), labels on the
    first series' points, the target as a dashed line series. Returns the chart."""
    data = CategoryChartData(number_format="0.00")
    data.categories = categories
    for s in series:
        data.add_series(s.name, s.values)
    if target is not None:
        data.add_series(target_name, [target] * len(categories))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, box.left, box.top, box.width,
                                   box.height, data)
    chart = frame.chart
    chart.has_title = False
    _font(chart.font, AXIS_PT)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    _font(chart.legend.font, LABEL_PT)
    cat = chart.category_axis
    cat.major_tick_mark = XL_TICK_MARK.NONE
    _font(cat.tick_labels.font, AXIS_PT)
    # "T11/2020" on one line, level (LibreOffice breaks it at the slash otherwise)
    body = cat._element.find(qn("c:txPr")).find(qn("a:bodyPr"))
    body.set("rot", "0")
    body.set("vert", "horz")
    body.set("wrap", "none")
    _value_axis(chart, 100.0, 0.0, '0"%"')
    for i, (ps, s) in enumerate(zip(chart.plots[0].series, series, strict=False)):
        color = s.colors if isinstance(s.colors, str) else SERIES_COLORS[i % len(SERIES_COLORS)]
        ps.smooth = False
        ps.format.line.color.rgb = rgb(color)
        ps.format.line.width = Pt(4 if i == 0 else 2.5)
        ps.marker.format.fill.solid()
        ps.marker.format.fill.fore_color.rgb = rgb(color)
        ps.marker.format.line.color.rgb = rgb(color)
        ps.marker.size = 9 if i == 0 else 7
        if i == 0:  # the overall line: every point labelled over six months, else the last
            for j, text in enumerate(s.labels):
                if text is None or (len(s.labels) > 6 and j != len(s.labels) - 1):
                    continue
                label = ps.points[j].data_label
                label.position = XL_LABEL_POSITION.ABOVE
                label.text_frame.text = text
                _font(label.text_frame.paragraphs[0].runs[0].font, LABEL_PT, bold=True)
    if target is not None:
        ts = chart.plots[0].series[len(series)]
        ts.smooth = False
        ts.format.line.color.rgb = rgb(TARGET_COLOR)
        ts.format.line.width = Pt(3)
        ts.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        ts.marker.style = XL_MARKER_STYLE.NONE
    _manual_layout(chart, plot)
    return chart

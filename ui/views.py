"""Small drawing helpers shared by the pages: the "no data yet" stop, charts with a PNG
download, headers, chart rows."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.outputs import charts
from analysis.outputs.safety import safe_filename
from analysis.periods import Period
from analysis.vn_format import fmt_int, fmt_pct

from . import data, session
from . import strings as S
from .safe_text import md


def require_summary() -> data.SessionData:
    """This run's data, its Summary computed for the sidebar's settings; otherwise the page
    stops here, with a pointer to the upload page when nothing usable is loaded, or the reason
    there are no figures."""
    d = data.current()
    if d.empty:
        st.info(S.NO_DATA + " " + S.SB_NO_DATA)
        st.page_link("pages/1_tai_du_lieu.py", label=S.NO_DATA_LINK, icon="📤")
        st.stop()
    summary, error = d.summary_or_error()
    if summary is None:
        st.warning(md(error))
        st.stop()
    return d


def slug(text: str) -> str:
    """ASCII file-name part: 'Khối UBND cấp xã' -> 'khoi_ubnd_cap_xa' (names only, never keys)."""
    return safe_filename(text, default="bieu_do")


def chart(kind: str, rows: pd.DataFrame, target: float, present: bool, name: str, key: str,
          title=None, legend: bool = True, on_select=None):
    """Draw one of analysis.outputs.charts' charts (by builder name) at container width, with a
    1920 x 1080 PNG download (the chart titled with the period, metric and target) rendered only
    when clicked. The title is drawn by Streamlit above the chart (the browser's canvas drops
    stacked Vietnamese diacritics in Vega's bold title font). `on_select`: a callback run when
    a bar is clicked (the chart's selection in st.session_state[f"chart_{key}"]); returns the
    chart's selection state then, else None."""
    if title:
        st.subheader(title)
    spec = data.chart_spec(kind, rows, float(target), bool(present), None, legend)
    if on_select is not None and kind in ("block_bars", "unit_bars"):
        event = st.vega_lite_chart(spec, width="stretch", theme=None, key=f"chart_{key}",
                                   on_select=on_select, selection_mode=charts.PICK)
    else:
        event = None
        st.vega_lite_chart(spec, width="stretch", theme=None, key=f"chart_{key}")
    png_title, png_subtitle = slide_titles(title or name)

    def png() -> bytes:
        kw = {"legend": legend} if kind == "unit_bars" else {}
        return charts.slide_png(kind, rows, float(target), png_title, png_subtitle, **kw)

    st.download_button(S.OV_DOWNLOAD_PNG, data=png, file_name=f"{slug(name)}.png",
                       mime="image/png", key=f"png_{key}", on_click="ignore",
                       icon=":material/image:", type="tertiary")
    return event


def slide_titles(name: str) -> tuple:
    """(title, subtitle) of a chart's PNG: the chart's name with the period, then the metric and
    the target."""
    summary = data.current().summary
    if summary is None:
        return name, ""
    return f"{name} – {summary.label}", subtitle(summary)


def subtitle(summary) -> str:
    return S.OV_SUBTITLE.format(metric=S.METRIC_LABELS.get(summary.metric, summary.metric),
                                target=fmt_pct(summary.target))


def unit_labels(units: pd.DataFrame, among: pd.DataFrame = None) -> list:
    """Unit names for charts and tables; a name shared by units of several districts (in
    `among`, default `units` itself) gets its district."""
    names = units["unit"].astype(str)
    ref = (among if among is not None else units)["unit"].astype(str)
    shared = set(ref[ref.duplicated(keep=False)])
    dup = names.isin(shared)
    dist = units["district"].astype(object).where(units["district"].notna(), None)
    return [f"{n} – {d}" if (x and d) else n for n, x, d in zip(names, dup, dist, strict=True)]


def units_for_chart(units: pd.DataFrame) -> pd.DataFrame:
    d = units[["unit", "rate", "status", "sent", "metric_signed", "block_label", "_uid"]].copy()
    d["unit"] = unit_labels(units)
    d = d.rename(columns={"_uid": "key"})
    d = d.rename(columns={"metric_signed": "signed"})
    d["rate"] = d["rate"].astype("Float64").astype(float)
    return d


def blocks_for_chart(blocks: pd.DataFrame) -> pd.DataFrame:
    d = blocks[["block", "block_label", "rate", "units", "meeting_target", "sent", "signed"]].copy()
    d = d.rename(columns={"block_label": "label", "meeting_target": "meeting"})
    d["rate"] = d["rate"].astype("Float64").astype(float)
    return d


def delta_color(v) -> str:
    if isinstance(v, str):
        if v.startswith("+"):
            return "color: #0072B2; font-weight: 600"
        if v.startswith("-"):
            return "color: #D55E00; font-weight: 600"
    return ""


def trend_rows(d: data.SessionData) -> pd.DataFrame | None:
    """The trend chart's rows (period, period_label, series, rate) of the overall and block
    rates under the sidebar's filters; None, after a note, when one month is loaded."""
    tr = d.trend(d.summary.metric)
    if tr["period"].nunique() < 2:
        st.info(S.OV_TREND_ONE)
        return None
    spans = zip(tr["period_start"], tr["period_end"], strict=True)
    tdf = tr.assign(period_label=[Period(s, e).short() for s, e in spans],
                    series=[S.TREND_OVERALL if c == "total" else S.BLOCK_LABELS.get(c, c)
                            for c in tr["scope"]])
    tdf = tdf[["period", "period_label", "series", "rate"]].copy()
    tdf["rate"] = tdf["rate"].astype("Float64").astype(float)
    return tdf


def trend(d: data.SessionData, present: bool) -> None:
    """The monthly trend of the overall and block rates of the data under the sidebar's filters,
    or a note when one month is loaded."""
    summary = d.summary
    tdf = trend_rows(d)
    if tdf is None:
        return
    chart("trend_lines", tdf, summary.target, present, S.OV_TREND, "trend",
          title=S.OV_TREND if present else None)


def dumbbell(summary, present: bool) -> None:
    """Previous against current rate per unit, one block at a time (as the overview's units):
    only the chart shown is built."""
    units = summary.units
    d = units[["unit", "prev_rate", "rate", "block", "block_label"]].copy()
    d["unit"] = unit_labels(units)
    for c in ("prev_rate", "rate"):
        d[c] = d[c].astype("Float64").astype(float)
    counts = d["block"].value_counts()
    blocks = [b for b in summary.blocks["block"] if counts.get(b, 0)]
    if not blocks:
        return
    choice = st.segmented_control(
        S.OV_UNITS_SCOPE, blocks, default=blocks[0], key="cp_scope", required=True,
        format_func=lambda b: f"{S.BLOCK_LABELS.get(b, b)} ({fmt_int(counts[b])})",
        label_visibility="collapsed")
    b = choice if choice in blocks else blocks[0]
    chart("dumbbell", d.loc[d["block"] == b, ["unit", "prev_rate", "rate"]],
          summary.target, present, f"{S.CP_DUMBBELL} – {S.BLOCK_LABELS.get(b, b)}", "db")


def combine_offer(d: data.SessionData) -> None:
    """The workspace's other stored months are left out until the user chooses them (issue 14:
    combining is explicit): say so, with the one click that adds them (the month before, the
    year to date), on the upload page and on the overview. Nothing when no file is loaded."""
    if not d.files or session.demo() or session.settings().use_history:
        return
    frame = d.uploaded()[0]
    if frame is None or frame.empty:
        return
    others = d.stored_periods() - set(frame["period"])
    if not others:
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="center")
    c1.info(S.UP_COMBINE_HINT.format(n=fmt_int(len(others))))
    c2.button(S.UP_COMBINE, key="combine_stored", icon=":material/add_link:",
              on_click=session.use_history)

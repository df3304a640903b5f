"""Small drawing helpers shared by the pages: charts with a PNG download, headers, tables."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.labels import BLOCK_LABELS
from analysis.outputs import charts
from analysis.outputs.safety import safe_filename
from analysis.periods import Period
from analysis.vn_format import capitalize, fmt_int, fmt_many, fmt_pct, fmt_pp

from . import strings as S


def slug(text: str) -> str:
    """ASCII file-name part: 'Khối UBND cấp xã' -> 'khoi_ubnd_cap_xa' (names only, never keys)."""
    return safe_filename(text, default="bieu_do")


def chart(kind: str, data: pd.DataFrame, target: float, present: bool, name: str, key: str,
          title=None, legend: bool = True) -> None:
    """Draw one of analysis.outputs.charts' charts (by builder name) at container width, with a PNG
    download rendered only when clicked. The title is drawn by Streamlit above the chart (the
    browser's canvas drops stacked Vietnamese diacritics in Vega's bold title font); the PNG
    for slides carries it inside the image."""
    from . import state

    if title:
        st.subheader(title)
    spec = state.chart_spec(kind, data, float(target), bool(present), None, legend)
    st.vega_lite_chart(spec, width="stretch", theme=None, key=f"chart_{key}")

    def png() -> bytes:
        kw = {"legend": legend} if kind == "unit_bars" else {}
        full = charts.build_spec(kind, data, float(target), bool(present), title or name, **kw)
        return charts.chart_png(full, width=1400)

    st.download_button(S.OV_DOWNLOAD_PNG, data=png, file_name=f"{slug(name)}.png",
                       mime="image/png", key=f"png_{key}", on_click="ignore",
                       icon=":material/image:", type="tertiary")


def period_title(summary) -> str:
    return capitalize(summary.label)


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
    return [f"{n} – {d}" if (x and d) else n for n, x, d in zip(names, dup, dist)]


def units_for_chart(units: pd.DataFrame) -> pd.DataFrame:
    d = units[["unit", "rate", "status", "sent", "metric_signed", "block_label"]].copy()
    d["unit"] = unit_labels(units)
    d = d.rename(columns={"metric_signed": "signed"})
    d["rate"] = d["rate"].astype("Float64").astype(float)
    return d


def blocks_for_chart(blocks: pd.DataFrame) -> pd.DataFrame:
    d = blocks[["block_label", "rate", "units", "meeting_target", "sent", "signed"]].copy()
    d = d.rename(columns={"block_label": "label", "meeting_target": "meeting"})
    d["rate"] = d["rate"].astype("Float64").astype(float)
    return d


def fmt_cols(df: pd.DataFrame, pct=(), ints=(), pp=()) -> pd.DataFrame:
    """A display copy with Vietnamese-formatted text in the given columns."""
    out = df.copy()
    for c in pct:
        out[c] = fmt_many(out[c], fmt_pct)
    for c in ints:
        out[c] = fmt_many(out[c], fmt_int)
    for c in pp:
        out[c] = fmt_many(out[c], fmt_pp)
    return out


def delta_color(v) -> str:
    if isinstance(v, str):
        if v.startswith("+"):
            return "color: #0072B2; font-weight: 600"
        if v.startswith("-"):
            return "color: #D55E00; font-weight: 600"
    return ""


def trend(frame, summary, present: bool) -> None:
    """The monthly trend of the overall and block rates, or a note when one month is loaded.
    frame None: the session's data under the sidebar's filters (cached on its data key)."""
    from . import state

    tr = state.trend(frame, summary.metric)
    if tr["period"].nunique() < 2:
        st.info(S.OV_TREND_ONE)
        return
    spans = zip(tr["period_start"], tr["period_end"], strict=True)
    tdf = tr.assign(period_label=[Period(s, e).short() for s, e in spans],
                    series=[S.TREND_OVERALL if c == "total" else BLOCK_LABELS.get(c, c)
                            for c in tr["scope"]])
    tdf = tdf[["period", "period_label", "series", "rate"]].copy()
    tdf["rate"] = tdf["rate"].astype("Float64").astype(float)
    chart("trend_lines", tdf, summary.target, present, S.OV_TREND, "trend",
          title=S.OV_TREND if present else None)

"""The units table: filtering (pure, testable) and its on-screen form."""
from __future__ import annotations

import unicodedata

import pandas as pd
import streamlit as st

from analysis.vn_format import fmt_int, fmt_pct, fmt_pp, fmt_rank_change

from . import strings as S
from .views import delta_color


def _norm(text: str) -> str:
    """NFC + casefold + single spaces; diacritics are kept (Cẩm Tân ≠ Cẩm Tâm)."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def filter_units(units: pd.DataFrame, statuses=(), rate_range=(0.0, 100.0),
                 include_no_rate: bool = True, search: str = "") -> pd.DataFrame:
    """The rows of summary.units matching the units page's filters, in the same order."""
    u = units
    if statuses:
        u = u[u["status"].isin(list(statuses))]
    lo, hi = float(rate_range[0]), float(rate_range[1])
    rate = u["rate"].astype("Float64")
    in_range = (rate >= lo - 1e-9) & (rate <= hi + 1e-9)
    keep = in_range.fillna(False).astype(bool)
    if include_no_rate:
        keep = keep | rate.isna()
    u = u[keep.to_numpy()]
    if search and search.strip():
        needle = _norm(search)
        u = u[[needle in _norm(n) for n in u["unit"]]]
    return u


def display_frame(units: pd.DataFrame, with_district: bool) -> pd.DataFrame:
    """Columns shown on screen, the rate first (numbers kept numeric for sorting; the styler
    writes them the Vietnamese way)."""
    d = pd.DataFrame({S.COL_UNIT: units["unit"]})
    if with_district:
        d[S.COL_DISTRICT] = units["district"].astype(object).where(units["district"].notna(), "")
    d = d.assign(**{
        S.COL_RATE: units["rate"].astype("Float64").astype(float),
        S.COL_BAR: units["rate"].astype("Float64").astype(float),
        S.COL_STATUS: units["status_label"],
        S.COL_DELTA: units["delta_pp"].astype("Float64").astype(float),
        S.COL_PREV: units["prev_rate"].astype("Float64").astype(float),
        S.COL_YTD: units["ytd_rate"].astype("Float64").astype(float),
        S.COL_SENT: units["sent"].astype("Float64").astype(float),
        S.COL_SIGNED: units["metric_signed"].astype("Float64").astype(float),
        S.COL_BLOCK: [S.BLOCK_SHORT.get(b, b) for b in units["block"]],
    })
    d[S.COL_RANK] = units["rank"].astype("Float64").astype(float)
    d[S.COL_RANK_CHANGE] = units["rank_change"].astype("Float64").astype(float)
    return d.reset_index(drop=True)


def _delta_style(v) -> str:
    if v is None or v != v:
        return ""
    return delta_color("+" if v > 0 else ("-" if v < 0 else ""))


def show(units: pd.DataFrame, with_district: bool, height="auto", key=None) -> None:
    d = display_frame(units, with_district)
    styler = (d.style
              .format(fmt_int, subset=[S.COL_SENT, S.COL_SIGNED, S.COL_RANK], na_rep="—")
              .format(fmt_pct, subset=[S.COL_RATE, S.COL_PREV, S.COL_YTD], na_rep="—")
              .format(fmt_pp, subset=[S.COL_DELTA], na_rep="—")
              .format(fmt_rank_change, subset=[S.COL_RANK_CHANGE], na_rep="—")
              .map(_delta_style, subset=[S.COL_DELTA]))
    st.dataframe(
        styler, hide_index=True, width="stretch", height=height, key=key,
        column_config={
            S.COL_UNIT: st.column_config.TextColumn(S.COL_UNIT, width="medium"),
            S.COL_RATE: st.column_config.NumberColumn(S.COL_RATE, width="small"),
            # the bar alone: its own number would be written the English way
            S.COL_BAR: st.column_config.ProgressColumn(S.COL_BAR, min_value=0, max_value=100,
                                                       format=" ", width="small"),
        })

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
    """Columns shown on screen (numbers kept numeric for sorting; formatted by the styler)."""
    d = pd.DataFrame({
        S.COL_RANK: units["rank"].astype("Int64"),
        S.COL_UNIT: units["unit"],
        S.COL_BLOCK: units["block_label"],
    })
    if with_district:
        d[S.COL_DISTRICT] = units["district"].astype(object).where(units["district"].notna(), "")
    d[S.COL_SENT] = units["sent"].astype("Int64")
    d[S.COL_SIGNED] = units["metric_signed"].astype("Int64")
    d[S.COL_RATE] = units["rate"].astype("Float64").astype(float)
    d[S.COL_STATUS] = units["status_label"]
    d[S.COL_PREV] = units["prev_rate"].astype("Float64").astype(float)
    d[S.COL_DELTA] = units["delta_pp"].astype("Float64").astype(float)
    d["Hạng so kỳ trước"] = units["rank_change"].astype("Int64")
    d[S.COL_YTD] = units["ytd_rate"].astype("Float64").astype(float)
    return d.reset_index(drop=True)


def show(units: pd.DataFrame, with_district: bool, height="auto", key=None) -> None:
    d = display_frame(units, with_district)
    styler = (d.style
              .format(fmt_int, subset=[S.COL_SENT, S.COL_SIGNED, S.COL_RANK])
              .format(fmt_pct, subset=[S.COL_RATE, S.COL_PREV, S.COL_YTD])
              .format(lambda v: fmt_pp(v), subset=[S.COL_DELTA])
              .format(fmt_rank_change, subset=["Hạng so kỳ trước"])
              .map(lambda v: delta_color("+" if v == v and v is not None and v > 0 else
                                         ("-" if v == v and v is not None and v < 0 else "")),
                   subset=[S.COL_DELTA]))
    st.dataframe(
        styler, hide_index=True, width="stretch", height=height, key=key,
        column_config={
            S.COL_RATE: st.column_config.ProgressColumn(S.COL_RATE, min_value=0, max_value=100,
                                                        width="medium"),
            S.COL_UNIT: st.column_config.TextColumn(S.COL_UNIT, width="large", pinned=True),
        })

"""The units table: filtering (pure, testable) and its on-screen form."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analysis.search import search_mask
from analysis.vn_format import fmt_int, fmt_many, fmt_points, fmt_rank_change, fmt_rate

from . import strings as S
from .views import delta_color


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
    if search and search.strip():  # "son" finds Sơn and Sởn; "Sơn" finds only Sơn
        u = u[search_mask(search, u["unit"])]
    return u


def display_frame(units: pd.DataFrame, with_district: bool) -> pd.DataFrame:
    """Columns shown on screen, indexed as `units`, the rate first (numbers kept numeric for
    sorting; the styler writes them the Vietnamese way)."""
    d = pd.DataFrame({S.COL_UNIT: units["unit"]})
    if with_district:
        d[S.COL_DISTRICT] = units["district"].astype(object).where(units["district"].notna(), "")
    # Khối and Xếp hạng next to the name: at 1,366 px they must show without scrolling
    d[S.COL_BLOCK] = [S.BLOCK_SHORT.get(b, b) for b in units["block"]]
    d[S.COL_RANK] = units["rank"].astype("Float64").astype(float)
    d = d.assign(**{
        S.COL_RATE: units["rate"].astype("Float64").astype(float),
        S.COL_BAR: units["rate"].astype("Float64").astype(float),
        S.COL_STATUS: units["status_label"],
        S.COL_DELTA: units["delta_pp"].astype("Float64").astype(float),
        S.COL_PREV: units["prev_rate"].astype("Float64").astype(float),
        S.COL_YTD: units["ytd_rate"].astype("Float64").astype(float),
        S.COL_SENT: units["sent"].astype("Float64").astype(float),
        S.COL_SIGNED: units["metric_signed"].astype("Float64").astype(float),
    })
    d[S.COL_RANK_CHANGE] = units["rank_change"].astype("Float64").astype(float)
    return d


def _delta_style(v) -> str:
    if v is None or v != v:
        return ""
    return delta_color("+" if v > 0 else ("-" if v < 0 else ""))


def display_texts(d: pd.DataFrame) -> pd.DataFrame:
    """The Vietnamese text of every formatted cell of a display_frame (same index) and the
    delta's colour."""
    return pd.DataFrame({
        **{c: fmt_many(d[c], fmt_int) for c in (S.COL_SENT, S.COL_SIGNED, S.COL_RANK)},
        **{c: fmt_many(d[c], fmt_rate) for c in (S.COL_RATE, S.COL_PREV, S.COL_YTD)},
        S.COL_DELTA: fmt_many(d[S.COL_DELTA], fmt_points),
        S.COL_RANK_CHANGE: fmt_many(d[S.COL_RANK_CHANGE], fmt_rank_change),
        "_delta_css": [_delta_style(v) for v in d[S.COL_DELTA]],
    }, index=d.index)


def display_table(units: pd.DataFrame, with_district: bool) -> tuple:
    """(the frame shown, display_texts, the plain table or None) of `units`, indexed as `units`:
    made once per Summary (ui.data's SessionData.derived), so that a filter change or a rerun
    only picks rows. A table too large to style (styler_cell_limit) is shown plain: its
    Vietnamese texts as text columns, built here once as an Arrow table (what st.dataframe
    sends), so that a rerun over 100,000 units only takes rows."""
    d = display_frame(units, with_district)
    texts = display_texts(d)
    # Streamlit writes "None" for an empty number whatever its display text says: an empty rate
    # (a unit that sent nothing) is held as -inf, shown "—", and sorts after every real value
    numeric = [c for c in d.columns if c != S.COL_BAR and pd.api.types.is_float_dtype(d[c])]
    d[numeric] = d[numeric].fillna(float("-inf"))
    d[S.COL_BAR] = d[S.COL_BAR].fillna(0.0)
    plain = None
    if d.size > styler_cell_limit():
        import pyarrow as pa

        shown = d.reset_index(drop=True)
        for c in texts.columns:
            if c != "_delta_css":
                shown[c] = texts[c].to_numpy()
        plain = pa.Table.from_pandas(shown, preserve_index=False)
    return d, texts, plain


def summary_table(summary, with_district: bool) -> tuple:
    return display_table(summary.units, with_district)


def styler_cell_limit() -> int:
    return int(pd.get_option("styler.render.max_elements"))


def prepared_styler(data: pd.DataFrame, display: dict | None = None, css: dict | None = None):
    """A pandas Styler over `data` whose display texts (column -> list of str, one per row) and
    cell CSS (column -> list of "prop: value; ..." or "") are given already, so that
    st.dataframe shows Vietnamese numbers while the columns stay numeric (sorting), without
    pandas' per-cell rendering (_translate: ~0.4 s over a province's 1,400 rows x 14 columns).
    Streamlit reads exactly `_compute()` and `_translate()` of a Styler (pandas_styler_utils);
    this gives their result directly, in pandas' own shape (ids row<r>_col<c>).

    Over more cells than a Styler may have (pandas' styler.render.max_elements, which Streamlit
    enforces: 262,144, i.e. some 20,000 units of the units table) it gives the plain frame
    instead, the display texts in place of their columns and no CSS: a large table is shown
    whole, without colours."""
    display, css = display or {}, css or {}
    if data.size > styler_cell_limit():
        plain = data.copy()
        for c, texts in display.items():
            plain[c] = texts
        return plain
    pos = {c: j for j, c in enumerate(data.columns)}
    body: list = [[] for _ in range(len(data))]
    for c, texts in display.items():
        j = pos[c]
        for i, t in enumerate(texts):
            body[i].append({"id": f"row{i}_col{j}", "display_value": t})
    groups: dict = {}
    for c, styles in css.items():
        j = pos[c]
        for i, v in enumerate(styles):
            if v:
                groups.setdefault(v, []).append(f"row{i}_col{j}")
    cellstyle = [{"props": [tuple(x.strip() for x in p.split(":", 1))
                            for p in v.split(";") if ":" in p],
                  "selectors": sels} for v, sels in groups.items()]
    translated = {"body": body, "cellstyle": cellstyle, "table_styles": []}
    styler = data.style
    styler._compute = lambda: styler
    styler._translate = lambda *a, **k: translated
    return styler


def show(units: pd.DataFrame, with_district: bool, height="auto", key=None, table=None) -> None:
    """The units table. table: display_table() of the Summary's units (a superset of `units`,
    same index), so that a filter change only picks rows."""
    if table is None or not units.index.isin(table[0].index).all():
        table = display_table(units, with_district)
    if table[2] is not None:  # too large to style: the plain texts, the rows kept
        pos = table[0].index.get_indexer(units.index)
        whole = len(pos) == len(table[0]) and bool((pos == np.arange(len(pos))).all())
        shown = table[2] if whole else table[2].take(pos)
    else:
        d = table[0].loc[units.index].reset_index(drop=True)
        t = table[1].loc[units.index]
        shown = prepared_styler(
            d, display={c: t[c].tolist() for c in t.columns if c != "_delta_css"},
            css={S.COL_DELTA: t["_delta_css"].tolist()})
    st.dataframe(shown, hide_index=True, width="stretch", height=height, key=key,
                 column_config=column_config(table[2] is not None, with_district))


NUMBER_COLUMNS = (S.COL_RANK, S.COL_RATE, S.COL_DELTA, S.COL_PREV, S.COL_YTD, S.COL_SENT,
                  S.COL_SIGNED, S.COL_RANK_CHANGE)


def column_config(plain: bool, with_district: bool) -> dict:
    """Widths (px) that fit the name, district, block, rank, rate, bar and status in the main
    area at 1,366 px; numbers right-aligned, also where they are text (a table too large to
    style); the name pinned while the rest scrolls."""
    num = st.column_config.TextColumn if plain else st.column_config.NumberColumn
    widths = {S.COL_RANK: 72, S.COL_RATE: 96, S.COL_DELTA: 128, S.COL_PREV: 88, S.COL_YTD: 120,
              S.COL_SENT: 88, S.COL_SIGNED: 88, S.COL_RANK_CHANGE: 110}
    config = {c: num(c, width=w, alignment="right") for c, w in widths.items()}
    config.update({
        S.COL_UNIT: st.column_config.TextColumn(S.COL_UNIT, width=210 if with_district else 260,
                                                pinned=True),
        S.COL_DISTRICT: st.column_config.TextColumn(S.COL_DISTRICT, width=140),
        S.COL_BLOCK: st.column_config.TextColumn(S.COL_BLOCK, width=130),
        S.COL_STATUS: st.column_config.TextColumn(S.COL_STATUS, width=130),
        # the bar alone: its own number would be written the English way
        S.COL_BAR: st.column_config.ProgressColumn(S.COL_BAR, min_value=0, max_value=100,
                                                   format=" ", width=64),
    })
    return config


def right_aligned(columns, widths: dict | None = None) -> dict:
    """column_config for tables whose numbers are already Vietnamese text: each of `columns`
    right-aligned (as numbers read), with a width in px where `widths` gives one."""
    widths = widths or {}
    return {c: st.column_config.TextColumn(c, alignment="right", width=widths.get(c))
            for c in columns}

"""This session's data, one object per run, and the one place with Streamlit caching.

`current()` gives the run's `SessionData`: the loaded files' parses, the units frame the pages
work from (the stored history, when enabled, plus every file loaded now) and its notes, the
Summary of the sidebar's settings, the trend, the sidebar's options and what the pages derive
from the Summary. It is made again at the start of every run (app.py calls `start_run()`) and
whenever ui/session.py or ui/store.py change one of its inputs.

Speed (a rerun in under 300 ms with a province loaded): what is computed from the data is kept
as the object itself (ui/byte_cache.py, one process-wide cache bounded by the bytes its values
hold, 512 MB by default, least recently used dropped first; `st.cache_resource` for the small
and the time-limited ones), never pickled and unpickled on each call as
`st.cache_data` does (a 12-sheet parse is ~2 MB of pickle, 0.15-0.3 s a copy). Parsing is
cached on the file's content (its digest) and the user's column choices, so a province workbook
is read once per server, whatever the page or session. The keys are strings, never a frame to
hash, derived in one place: `SessionData` names its units frame by a *data key* (file digests,
column choices, periods, blocks, history generation) and the Summary by the data key and the
settings (`summary_key`); every cache below is keyed on these. The shared objects are read-only
by contract: the accessors hand out shallow copies (pandas copy-on-write keeps the cached one
intact). A chart's rows are cached as the Arrow bytes `st.vega_lite_chart` sends
(`chart_spec`).
"""
from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.errors import FiguresError, ReadError
from analysis.figures import available_metrics, compute
from analysis.figures import trend as figures_trend
from analysis.frame import combine_frames, empty_frame, filter_frame, units_frame
from analysis.periods import Period

from . import session, store, window
from . import strings as S
from .byte_cache import byte_cached

# --- the caches (every key a string or a tuple of settings) ------------------------------------


@byte_cached("parse")
def _parse(data_digest: str, filename: str, overrides: str, _data: bytes):
    """(WorkbookResult, None) or (None, Vietnamese error). Errors are cached too. Keyed on the
    content's digest (the bytes are not hashed again); the result is shared, read-only. Read in
    a fresh bounded process (analysis.reading.isolated): a file that crashes or exhausts the
    native reader costs its reader, never the server."""
    from analysis.reading.isolated import parse_isolated

    try:
        return parse_isolated(_data, filename, _overrides_from_json(overrides)), None
    except ReadError as e:
        return None, e.message


@byte_cached("units_frame")
def _units_frame(key: str, _workbooks, _period_overrides):
    return units_frame(_workbooks, _period_overrides)


@st.cache_resource(show_spinner=False, ttl=60, max_entries=50)
def _corrected(key: str, generation: int, _frame: pd.DataFrame) -> pd.DataFrame:
    """The upload with the workspace's stored corrections (unit merges, block overrides)."""
    return store.corrected(_frame)


@st.cache_resource(show_spinner=False, ttl=60, max_entries=50)
def _stored_table(scope: str, generation: int) -> pd.DataFrame | None:
    """The workspace's stored periods (one row each, no unit read), or None."""
    return store.stored_periods()


@st.cache_resource(show_spinner=False, ttl=60, max_entries=20)
def _stored(scope: str, generation: int, only: tuple):
    """(the workspace's stored units of the periods `only` as a units frame or None, a token
    naming this load)."""
    return store.load_stored_frame(only), uuid.uuid4().hex


@byte_cached("combined")
def _combined(key: str, _fresh: pd.DataFrame, _stored, _blocks) -> pd.DataFrame:
    frame = _fresh
    if _stored is not None and len(_stored):
        frame = combine_frames(_stored, frame)
    if _blocks and not frame.empty:  # (key, district) -> block: the unit's full identity
        frame = frame.copy()
        district = frame["district"].astype(object).where(frame["district"].notna(), "")
        for (key, dist), block in _blocks.items():
            frame.loc[frame["key"].eq(key) & district.eq(dist or ""), "block"] = block
    return frame


def _filtered(key: str, blocks: tuple, districts: tuple, _frame: pd.DataFrame):
    """The frame under the sidebar's block and district filters (the frame itself without)."""
    if not blocks and not districts:
        return _frame
    return _filtered_rows(key, blocks, districts, _frame)


@byte_cached("filtered")
def _filtered_rows(key: str, blocks: tuple, districts: tuple, _frame: pd.DataFrame):
    return filter_frame(_frame, blocks, districts, S.UNKNOWN_DISTRICT)  # as `deck` filters


@byte_cached("summary")
def _summary(skey: tuple, _frame: pd.DataFrame):
    """(Summary, None) or (None, message) of the data under the filters; one place for every
    page. Shared and read-only: pages copy what they change."""
    key, blocks, districts, period, metric, target = skey
    f = _filtered(key, blocks, districts, _frame)
    if f.empty:
        return None, S.OV_NO_UNITS
    period, metric = _loaded_choice(f, period, metric)
    try:
        return compute(f, period, metric, target), None
    except FiguresError as e:
        return None, e.message


@byte_cached("derived")
def _derived(skey: tuple, name: str, args: tuple, _fn, _summary):
    return _fn(_summary, *args)


@st.cache_resource(show_spinner=False, max_entries=50)
def _trend(key: str, blocks: tuple, districts: tuple, metric, _frame: pd.DataFrame):
    return figures_trend(_filtered(key, blocks, districts, _frame), metric)


@st.cache_resource(show_spinner=False, max_entries=50)
def _options(key: str, _frame: pd.DataFrame) -> dict:
    """The blocks, districts and units of what is loaded (the periods: SessionData.options)."""
    dist = _frame["district"].dropna().astype(str)
    return {
        "blocks": set(_frame["block"].dropna().astype(str).unique()),
        "districts": sorted({d for d in dist.unique() if d}),
        "unknown_district": bool(_frame["district"].isna().any()),
        "units": int(_frame["key"].nunique()),
    }


@st.cache_resource(show_spinner=False, max_entries=200)
def _metrics(key: str, period, _frame: pd.DataFrame) -> list:
    return available_metrics(_frame, period) or available_metrics(_frame)


@st.cache_data(show_spinner=False, max_entries=300)
def chart_spec(kind: str, data: pd.DataFrame, target: float, presentation: bool,
               title: str | None = None, legend: bool = True) -> dict:
    """A chart's Vega-Lite dict, cached on its data. Its rows are stored as the Arrow bytes
    st.vega_lite_chart sends (what it would otherwise convert again on every rerun), under a
    name made from their content, as altair names a chart's data."""
    from streamlit import dataframe_util

    from analysis.outputs.charts import ROWS, build_spec

    kw = {"legend": legend} if kind == "unit_bars" else {}
    spec = build_spec(kind, data, target, presentation, title, **kw)
    rows = dataframe_util.convert_anything_to_arrow_bytes(spec["datasets"].pop(ROWS))
    name = f"{ROWS}-{hashlib.sha256(rows).hexdigest()[:24]}"
    spec["data"] = {"name": name}
    spec["datasets"][name] = rows
    return spec


# --- keys --------------------------------------------------------------------------------------

def _overrides_json(columns: dict | None) -> str:
    """The parser's overrides as a canonical string (sheet names may be None: CSV)."""
    if not columns:
        return ""
    items = sorted(([sheet, fld, int(col)]
                    for sheet, m in columns.items() for fld, col in m.items()),
                   key=lambda t: (t[0] is not None, t[0] or "", t[1]))
    return json.dumps(items, ensure_ascii=False)


def _overrides_from_json(text: str) -> dict | None:
    if not text:
        return None
    cols: dict = {}
    for sheet, fld, col in json.loads(text):
        cols.setdefault(sheet, {})[fld] = col
    return {"columns": cols}


def _upload_key(files: list) -> str:
    """Names the units frame of the loaded files: their digests, names, column choices and the
    periods chosen for their sheets."""
    chosen = sorted(session.period_choices().items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    return json.dumps([[lf.digest, lf.name, _overrides_json(session.column_choices(lf.name))]
                       for lf in files]
                      + [[n, s, p.start.isoformat(), p.end.isoformat()] for (n, s), p in chosen],
                      ensure_ascii=False)


def _blocks_key(blocks: dict) -> str:
    return json.dumps(sorted(blocks.items()), ensure_ascii=False) if blocks else ""


def _loaded_choice(f: pd.DataFrame, period, metric) -> tuple:
    """The sidebar's period and metric where the (filtered) frame has them, else None: compute
    then takes the latest period, or the period's first metric."""
    period = period if period is not None and f["period"].eq(period).any() else None
    metric = metric if metric in available_metrics(f, period or f["period"].iloc[-1]) else None
    return period, metric


# --- parsing -----------------------------------------------------------------------------------

def parse(data: bytes, filename: str, columns: dict | None = None,
          data_digest: str | None = None):
    """(WorkbookResult, None) or (None, Vietnamese error), cached on the content."""
    return _parse(data_digest or session.digest(data), filename, _overrides_json(columns), data)


@dataclass
class Loaded:
    name: str
    data: bytes
    digest: str
    result: object  # WorkbookResult or None
    error: str | None


# --- the run's data ----------------------------------------------------------------------------

def current() -> SessionData:
    """This run's data object (made on first use)."""
    d = session.run_data()
    if d is None:
        d = SessionData()
        session.set_run_data(d)
    return d


def start_run() -> None:
    """Called once at the top of every run: the data is looked up again (the stored history's
    cache may have expired, a setting may have changed)."""
    session.drop_run_data()


class SessionData:
    """The loaded files, the units frame and its notes, and what is computed from them under the
    sidebar's settings (read when asked: the sidebar may set them during the run)."""

    def __init__(self) -> None:
        self.files = [Loaded(f["name"], f["data"], f["digest"],
                             *parse(f["data"], f["name"], session.column_choices(f["name"]),
                                    f["digest"]))
                      for f in session.files()]
        self.workbooks = [lf.result for lf in self.files if lf.result is not None]
        self._upload: tuple | None = None  # (key, frame as read, notes)
        self._data: tuple | None = None  # (data key, frame, notes)
        self._summaries: dict = {}
        self._table = window.period_table(empty_frame())  # every period offered: code, start, end
        self._using_stored = 0  # stored periods in use

    # the units frame

    def _uploaded(self) -> tuple:
        if self._upload is None:
            if not self.workbooks:
                self._upload = ("", empty_frame(), [])
            else:
                key = _upload_key(self.files)
                frame, notes = _units_frame(key, self.workbooks, dict(session.period_choices()))
                self._upload = (key, frame, notes)
        return self._upload

    @property
    def upload_key(self) -> str:
        """A string naming what the files loaded now read as (their digests, names, column and
        period choices): a save is remembered for this key."""
        return self._uploaded()[0]

    def uploaded(self) -> tuple:
        """(units frame, notes) of the files loaded in this session only, as read (what a save
        stores: the history applies its corrections when loading)."""
        _key, frame, notes = self._uploaded()
        return frame.copy(deep=False), list(notes)

    def _build(self) -> tuple:
        """(data key, frame, notes): the files loaded now, corrected by the workspace; with the
        workspace's stored months when nothing is loaded or the user chose to combine them (the
        loaded periods replace the stored ones), only those the figures of the chosen period
        need; the session's own block choices last."""
        key, frame, notes = self._uploaded()
        h, _err = store.history()
        scope, generation = store.scope(), store.generation()
        if h is not None and not frame.empty:
            frame = _corrected(scope + "\n" + key, generation, frame)
            key = f"{key}\n{scope}#{generation}"
        stored, token = None, ""
        self._table = window.period_table(frame)
        if h is not None and (frame.empty or session.settings().use_history):
            table = _stored_table(scope, generation)
            if table is not None and len(table):
                kept = table[~table["period"].isin(set(self._table["period"]))]
                self._using_stored = len(kept)
                self._table = window.join(kept, self._table)
                only = window.needed(self._table, session.settings().period,
                                     set(kept["period"]))
                stored, token = _stored(scope, generation, only) if only else (None, "")
        if stored is None or not len(stored):
            token = ""
        blocks = session.block_choices()
        bkey = _blocks_key(blocks)
        if not key and not token:
            return "", empty_frame(), notes
        data_key = "\n".join((key, token, bkey))
        return (data_key, _combined(data_key, frame, stored if token else None,
                                    blocks if bkey else None), notes)

    def _get(self) -> tuple:
        if self._data is None:
            self._data = self._build()
        return self._data

    @property
    def key(self) -> str:
        """A string naming this session's units frame (empty when nothing is loaded)."""
        return self._get()[0]

    def frame(self) -> pd.DataFrame:
        """The units frame the pages work from (a shallow copy of the cached one)."""
        return self._get()[1].copy(deep=False)

    def filtered_frame(self) -> pd.DataFrame:
        """The units frame under the sidebar's block and district filters (what the Summary
        and the trend are computed from)."""
        key, f, _notes = self._get()
        if not key:
            return f.copy(deep=False)
        s = session.settings()
        return _filtered(key, s.blocks, s.districts, f).copy(deep=False)

    @property
    def notes(self) -> list:
        return list(self._get()[2])

    @property
    def empty(self) -> bool:
        return self._get()[1].empty

    def stored_periods(self) -> set:
        """The periods of the workspace's history (whatever the sidebar's history switch)."""
        if store.history()[0] is None:
            return set()
        table = _stored_table(store.scope(), store.generation())
        return set() if table is None else set(table["period"])

    def check_stored(self) -> None:
        """Load (cached) the stored months the figures of the workspace's latest period need,
        whatever is loaded now: a damaged history is then named by store.load_problem()."""
        if store.history()[0] is None:
            return
        scope, generation = store.scope(), store.generation()
        table = _stored_table(scope, generation)
        if table is not None and len(table):
            table = window.join(table, window.period_table(empty_frame()))
            only = window.needed(table, None, set(table["period"]))
            _stored(scope, generation, only)

    def using(self) -> tuple:
        """(stored periods in use, files loaded now): what the figures are made of."""
        self._get()
        return self._using_stored, len(self.files)

    # what the sidebar offers

    def options(self) -> dict | None:
        """What the sidebar offers for this data, or None when nothing usable is loaded: codes
        (every period offered, latest first, loaded or not), labels, and the blocks, districts
        and units of what is loaded."""
        key, f, _notes = self._get()
        if not key or f.empty:
            return None
        table = self._table
        spans = zip(table["period"], table["period_start"], table["period_end"], strict=True)
        return dict(_options(key, f), codes=list(reversed(table["period"].tolist())),
                    labels=dict(zip(table["period"], table["label"], strict=True)),
                    # the sidebar's short form: "01/08/2020 – 14/08/2020", never cut in its box
                    titles={c: Period(window.day(a), window.day(b)).label() for c, a, b in spans})

    def metrics_for(self, period) -> list:
        key, f, _notes = self._get()
        return _metrics(key, period, f) if key else []

    # figures under the sidebar's settings

    def summary_key(self) -> tuple:
        s = session.settings()
        return (self.key, s.blocks, s.districts, s.period, s.metric, s.target)

    def summary_or_error(self) -> tuple:
        """(Summary, None) for the sidebar's period, metric, target and filters, or (None,
        message)."""
        skey = self.summary_key()
        if skey not in self._summaries:
            key, f, _notes = self._get()
            self._summaries[skey] = _summary(skey, f) if key else (None, S.OV_NO_UNITS)
        return self._summaries[skey]

    @property
    def summary(self):
        return self.summary_or_error()[0]

    def summary_with_target(self, target: float):
        """The Summary of the sidebar's period, metric and filters under another target (the
        office profile's, for the letter); the sidebar's own when the targets are equal."""
        key, blocks, districts, period, metric, current = self.summary_key()
        if float(target) == float(current):
            return self.summary
        skey = (key, blocks, districts, period, metric, float(target))
        if skey not in self._summaries:
            _key, f, _notes = self._get()
            self._summaries[skey] = _summary(skey, f) if key else (None, S.OV_NO_UNITS)
        return self._summaries[skey][0]

    def derived(self, name: str, fn, *args):
        """fn(summary, *args), computed once per Summary (cached on the summary's key, `name`
        and the hashable `args`): display strings, the letter text, the appendix rows. Shared
        and read-only, as the Summary itself."""
        summary = self.summary
        if not self.key:
            return fn(summary, *args)
        return _derived(self.summary_key(), name, tuple(args), fn, summary)

    def trend(self, metric) -> pd.DataFrame:
        """The monthly trend of the data under the sidebar's filters."""
        key, f, _notes = self._get()
        if not key:
            return figures_trend(f, metric)
        s = session.settings()
        return _trend(key, s.blocks, s.districts, metric, f)

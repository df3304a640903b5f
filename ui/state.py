"""Session state and cached computation shared by every page.

This is the one place with Streamlit caching. Parsing is cached on the file's content (its
digest) and the user's column choices, so a 12-sheet province workbook is read once per server,
whatever the page or session. The loaded files live in `st.session_state` as bytes, so that
leaving the upload page (whose uploader widget is then discarded) keeps the data; each session
only ever looks up the files of its own list, so it sees only its own uploads.

Speed (issue 6: a rerun in under 300 ms with a province loaded): what is computed from the data
is kept with `st.cache_resource`, i.e. as the object itself, never pickled and unpickled on each
call as `st.cache_data` does (a 12-sheet parse is ~2 MB of pickle, 0.15-0.3 s a copy). The keys
are strings, never a frame to hash: the units frame of a session gets a *data key* (file digests,
column choices, periods, blocks, history generation) and the figures are cached on (data key,
filters, period, metric, target) in `summary()`. These shared objects are read-only by contract:
`frame_and_notes()` hands out shallow copies (pandas copy-on-write keeps the cached one intact).
"""
from __future__ import annotations

import hashlib
import json
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pandas as pd
import streamlit as st

from analysis.frame import combine_frames
from analysis.model import Period, ReadError

from . import strings as S

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "sample_uploads"
SAMPLE_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")

# session keys
FILES = "ks_files"  # list[dict(name, data, digest)] in load order
COLUMNS = "ks_columns"  # file name -> {sheet: {field: col}}  (the parser's overrides)
PERIODS = "ks_periods"  # (file name, sheet) -> Period chosen by the user
BLOCKS = "ks_blocks"  # unit key -> block code chosen by the user
PENDING = "ks_pending"  # files waiting for the replace confirmation
FLASH = "ks_flash"  # list of (kind, message) shown once on the next run

# sidebar settings (widget keys)
K_PERIOD = "ks_period"
K_METRIC = "ks_metric"
K_TARGET = "ks_target"
K_BLOCK_FILTER = "ks_block_filter"
K_DISTRICT_FILTER = "ks_district_filter"
K_PRESENT = "ks_present"
K_USE_HISTORY = "ks_use_history"
HIST_VER = "ks_hist_ver"  # bumped after every write to the history from this session

DEFAULT_TARGET = 100.0


def init() -> None:
    ss = st.session_state
    for key, default in ((FILES, []), (COLUMNS, {}), (PERIODS, {}), (BLOCKS, {}), (PENDING, []),
                         (FLASH, []), (K_TARGET, DEFAULT_TARGET), (K_PRESENT, False),
                         (K_BLOCK_FILTER, []), (K_DISTRICT_FILTER, []), (K_USE_HISTORY, True),
                         (HIST_VER, 0)):
        if key not in ss:
            ss[key] = default


# --- parsing -----------------------------------------------------------------------------------

def _overrides_json(columns: Optional[dict]) -> str:
    """The parser's overrides as a canonical string (sheet names may be None: CSV)."""
    if not columns:
        return ""
    items = sorted(([sheet, fld, int(col)] for sheet, m in columns.items() for fld, col in m.items()),
                   key=lambda t: (t[0] is not None, t[0] or "", t[1]))
    return json.dumps(items, ensure_ascii=False)


def _overrides_from_json(text: str) -> Optional[dict]:
    if not text:
        return None
    cols: dict = {}
    for sheet, fld, col in json.loads(text):
        cols.setdefault(sheet, {})[fld] = col
    return {"columns": cols}


@st.cache_resource(show_spinner=False, max_entries=64)
def _parse_cached(data_digest: str, filename: str, overrides: str, _data: bytes):
    """(WorkbookResult, None) or (None, Vietnamese error). Errors are cached too. Keyed on the
    content's digest (the bytes are not hashed again); the result is shared, read-only."""
    from analysis.reading.parse import parse_bytes

    try:
        return parse_bytes(_data, filename, _overrides_from_json(overrides)), None
    except ReadError as e:
        return None, e.message


def parse(data: bytes, filename: str, columns: Optional[dict] = None, data_digest: str = None):
    return _parse_cached(data_digest or digest(data), filename, _overrides_json(columns), data)


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


@dataclass
class Loaded:
    name: str
    data: bytes
    digest: str
    result: object  # WorkbookResult or None
    error: Optional[str]


def loaded_files() -> list:
    """Every loaded file with its (cached) parse, in load order."""
    out = []
    for f in st.session_state.get(FILES, []):
        result, error = parse(f["data"], f["name"], st.session_state[COLUMNS].get(f["name"]),
                              f["digest"])
        out.append(Loaded(f["name"], f["data"], f["digest"], result, error))
    return out


def workbooks() -> list:
    return [lf.result for lf in loaded_files() if lf.result is not None]


def flash(kind: str, message: str) -> None:
    st.session_state[FLASH].append((kind, message))


def show_flash() -> None:
    msgs = st.session_state.get(FLASH) or []
    for kind, msg in msgs:
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(msg)
    st.session_state[FLASH] = []


# --- periods of files --------------------------------------------------------------------------

def sheet_period(filename: str, sheet) -> Optional[Period]:
    return st.session_state[PERIODS].get((filename, sheet))


def _periods_of(name: str, result) -> dict:
    """period code -> label for every sheet of a parsed workbook whose period is known."""
    out = {}
    for sh in result.sheets:
        p = sheet_period(name, sh.sheet) or sh.period
        if p is not None:
            out[p.code] = p.phrase()
    return out


def add_files(files: list) -> bool:
    """Read new files (list of (name, bytes)); files whose period is already loaded wait for the
    user's confirmation. A progress bar names the file being read. True when anything new was
    read (the caller reruns so that the sidebar sees the data)."""
    ss = st.session_state
    have = {f["digest"] for f in ss[FILES]} | {p["digest"] for p in ss[PENDING]}
    todo = [(n, d) for n, d in files if digest(d) not in have]
    if not todo:
        return False
    bar = st.progress(0.0, text=S.UP_READING.format(i=1, n=len(todo), name=todo[0][0])) \
        if len(todo) > 1 else None
    for i, (name, data) in enumerate(todo, 1):
        if bar is not None:
            bar.progress((i - 1) / len(todo), text=S.UP_READING.format(i=i, n=len(todo), name=name))
        result, error = parse(data, name)
        entry = {"name": name, "data": data, "digest": digest(data)}
        saved = _saved_columns(result)
        if saved:  # a column mapping the officer chose for this layout before
            ss[COLUMNS][name] = saved
            result, error = parse(data, name, saved)
        if error or result is None:
            flash("error", S.UP_READ_ERROR.format(name=name, message=error))
            continue
        if not result.sheets:
            flash("warning", S.UP_NO_SHEETS.format(name=name))
        # a file of the same name replaces the old one (a corrected re-export)
        conflicts = _conflicts(name, result)
        if conflicts:
            entry["conflicts"] = conflicts
            ss[PENDING].append(entry)
        else:
            _append(entry)
    if bar is not None:
        bar.progress(1.0, text=S.UP_READ_DONE.format(n=len(todo)))
        bar.empty()
    return True


def _saved_columns(result) -> dict:
    if result is None:
        return {}
    h, _err = history()
    if h is None:
        return {}
    from analysis.store import saved_column_overrides

    try:
        return saved_column_overrides(h, result)
    except Exception:  # noqa: BLE001 - a history problem must not stop reading a file
        return {}


def remember_columns(layout: str, mapping: dict) -> None:
    h, _err = history()
    if h is not None and layout:
        from analysis.store import save_column_mapping

        save_column_mapping(h, layout, mapping)
        history_changed()


def remember_block(key: str, block) -> None:
    h, _err = history()
    if h is not None:
        from analysis.store import set_block_override

        set_block_override(h, key, block)
        history_changed()


def _conflicts(name: str, result) -> dict:
    """period label -> old file name for the periods of a new file already loaded."""
    new = _periods_of(name, result)
    out = {}
    for lf in loaded_files():
        if lf.result is None:
            continue
        old = _periods_of(lf.name, lf.result)
        for code in new.keys() & old.keys():
            out.setdefault(new[code], lf.name)
    return out


def _append(entry: dict) -> None:
    ss = st.session_state
    ss[FILES] = [f for f in ss[FILES] if f["name"] != entry["name"]] + [
        {k: entry[k] for k in ("name", "data", "digest")}]


def resolve_pending(accept: bool) -> None:
    """Apply the user's answer to the first file waiting for confirmation."""
    ss = st.session_state
    if not ss[PENDING]:
        return
    entry = ss[PENDING].pop(0)
    if accept:
        _append(entry)
        flash("success", S.UP_REPLACED.format(name=entry["name"]))
    else:
        flash("info", S.UP_KEPT.format(name=entry["name"]))


def remove_file(name: str) -> None:
    ss = st.session_state
    ss[FILES] = [f for f in ss[FILES] if f["name"] != name]
    ss[COLUMNS].pop(name, None)
    for k in [k for k in ss[PERIODS] if k[0] == name]:
        del ss[PERIODS][k]


def clear_all() -> None:
    ss = st.session_state
    ss[FILES] = []
    ss[PENDING] = []
    ss[COLUMNS] = {}
    ss[PERIODS] = {}


def sample_files() -> list:
    if not SAMPLES_DIR.is_dir():
        return []
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix.lower() in SAMPLE_EXTENSIONS)


def open_sample(path: Path) -> bool:
    return add_files([(path.name, path.read_bytes())])


# --- the stored history ------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _open_history(url: str):
    from analysis.store import open_history

    return open_history(url)


def history():
    """(History, None) or (None, Vietnamese reason) for the configured database."""
    from analysis.store import HistoryError, default_url

    try:
        return _open_history(default_url()), None
    except HistoryError as e:
        return None, e.message


# Writes from any session of this server bump the generation, so cached reads of the history
# are refreshed everywhere; writes from other servers (a shared PostgreSQL) show within the TTL.
_GENERATION = [0]


def history_changed() -> None:
    _GENERATION[0] += 1
    st.session_state[HIST_VER] = _GENERATION[0]


def _hist_version() -> int:
    return _GENERATION[0]


@st.cache_resource(show_spinner=False, ttl=60, max_entries=20)
def _stored_frame(url: str, version: int):
    """(the stored history as a units frame or None, a token naming this load)."""
    import uuid

    from analysis.store import load_frame

    h, _ = history()
    return (load_frame(h) if h is not None else None), uuid.uuid4().hex


def _stored_frame_and_token():
    from analysis.store import default_url

    h, _err = history()
    if h is None:
        return None, ""
    return _stored_frame(default_url(), _hist_version())


def stored_frame():
    """The stored history as a units frame (corrections applied), or None when unavailable."""
    f = _stored_frame_and_token()[0]
    return None if f is None else f.copy(deep=False)


def uploaded_frame_and_notes():
    """The units frame of the files loaded in this session only, as read (what a save
    stores: the history applies its corrections when loading)."""
    return _uploaded_frame_and_notes(corrected=False)


def save_upload() -> None:
    """Store the files loaded now as one confirmed upload (one transaction)."""
    from analysis.store import HistoryError, store_frame

    h, err = history()
    if h is None:
        flash("error", err)
        return
    frame, _notes = uploaded_frame_and_notes()
    if frame.empty:
        flash("warning", S.UP_SAVE_NOTHING)
        return
    try:
        report = store_frame(h, frame, {"files": [f["name"] for f in st.session_state[FILES]],
                                        "source": "app"})
    except HistoryError as e:
        flash("error", e.message)
        return
    history_changed()
    flash("success", report.message())


def stored_periods() -> set:
    f = stored_frame()
    return set() if f is None or f.empty else set(f["period"])


# --- the units frame and the figures ------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=50)
def _frame_cached(key: str, _workbooks, _period_overrides):
    from analysis.frame import units_frame

    return units_frame(_workbooks, _period_overrides)


DATA = "_ks_data"  # this session's (data key, frame, notes) of the last frame_and_notes()


def frame_and_notes():
    """The units frame the pages work from: the stored history (when enabled) plus every file
    loaded now (whose periods replace the stored ones), with the user's blocks; and notes.
    The frame is a shallow copy of a cached one: reading is free, writing stays local."""
    key, frame, notes = _data()
    out = frame.copy(deep=False)
    if key:  # remembered so that summary(out) knows it is this data (no hashing)
        _HANDED[id(out)] = out
        _HANDED_KEYS[id(out)] = frame
        weakref.finalize(out, _HANDED_KEYS.pop, id(out), None)
    return out, list(notes)


_HANDED: "weakref.WeakValueDictionary[int, pd.DataFrame]" = weakref.WeakValueDictionary()
_HANDED_KEYS: dict = {}  # id of a handed-out copy -> the cached frame it copies


def data_key() -> str:
    """A string naming this session's units frame (empty when nothing is loaded)."""
    return _data()[0]


def _data():
    ss = st.session_state
    up_key, up_frame, notes = _uploaded(corrected=True)
    use_history = bool(ss.get(K_USE_HISTORY, True))
    stored, token = _stored_frame_and_token() if use_history else (None, "")
    if stored is None or not len(stored):
        token = ""
    blocks = json.dumps(sorted(ss[BLOCKS].items()), ensure_ascii=False) if ss.get(BLOCKS) else ""
    if not up_key and not token:
        from analysis.frame import empty_frame

        return "", empty_frame(), notes
    key = "\n".join((up_key, token, blocks))
    memo = ss.get(DATA)
    if memo is not None and memo[0] == key:
        return memo
    out = (key, _combined(key, up_frame, stored if token else None, ss[BLOCKS] if blocks else None),
           notes)
    ss[DATA] = out
    return out


@st.cache_resource(show_spinner=False, max_entries=50)
def _combined(key: str, _fresh: pd.DataFrame, _stored, _blocks) -> pd.DataFrame:
    frame = _fresh
    if _stored is not None and len(_stored):
        frame = combine_frames(_stored, frame)
    if _blocks and not frame.empty:
        frame = frame.copy()
        mapped = frame["key"].map(_blocks)
        frame["block"] = mapped.where(mapped.notna(), frame["block"])
    return frame


def _uploaded(corrected: bool = True):
    """(key, units frame, notes) of the files loaded in this session; key "" when none."""
    ss = st.session_state
    files = loaded_files()
    wbs = [lf.result for lf in files if lf.result is not None]
    if not wbs:
        from analysis.frame import empty_frame

        return "", empty_frame(), []
    key = json.dumps([[lf.digest, lf.name, _overrides_json(ss[COLUMNS].get(lf.name))] for lf in files]
                     + [[n, s, p.start.isoformat(), p.end.isoformat()]
                        for (n, s), p in sorted(ss[PERIODS].items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))],
                     ensure_ascii=False)
    frame, notes = _frame_cached(key, wbs, dict(ss[PERIODS]))
    h, _err = history()
    if corrected and h is not None and not frame.empty and ss.get(K_USE_HISTORY, True):
        from analysis.store import default_url

        version = _hist_version()
        frame = _corrected(default_url() + "\n" + key, version, frame)
        key = f"{key}\n{default_url()}#{version}"
    return key, frame, notes


def _uploaded_frame_and_notes(corrected: bool = True):
    _key, frame, notes = _uploaded(corrected)
    return frame.copy(deep=False), list(notes)


@st.cache_resource(show_spinner=False, ttl=60, max_entries=50)
def _corrected(key: str, version: int, _frame: pd.DataFrame) -> pd.DataFrame:
    """The upload with the stored corrections (unit merges, block overrides) applied."""
    from analysis.store import apply_corrections

    h, _err = history()
    return apply_corrections(h, _frame)


def frame() -> pd.DataFrame:
    return frame_and_notes()[0]


def _filters() -> tuple:
    ss = st.session_state
    return tuple(ss.get(K_BLOCK_FILTER) or []), tuple(ss.get(K_DISTRICT_FILTER) or [])


def _apply_filters(f: pd.DataFrame, blocks, districts) -> pd.DataFrame:
    if blocks:
        f = f[f["block"].isin(list(blocks))]
    if districts:
        d = f["district"].astype(object).where(f["district"].notna(), S.UNKNOWN_DISTRICT)
        f = f[d.isin(list(districts))]
    return f


def filtered_frame(frame_: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """The units frame restricted to the sidebar's block and district filters."""
    blocks, districts = _filters()
    if frame_ is None:
        key, f, _notes = _data()
        if key:
            return _filtered_cached(key, blocks, districts, f).copy(deep=False)
        return f
    return _apply_filters(frame_, blocks, districts)


@st.cache_resource(show_spinner=False, max_entries=100)
def _filtered_cached(key: str, blocks: tuple, districts: tuple, _frame: pd.DataFrame):
    return _apply_filters(_frame, blocks, districts)


@st.cache_data(show_spinner=False, max_entries=100)
def _compute_cached(frame_: pd.DataFrame, period, metric, target: float):
    """Figures of a frame hashed by content (a frame that is not this session's data)."""
    from analysis.figures import FiguresError, compute

    try:
        return compute(frame_, period, metric, target), None
    except FiguresError as e:
        return None, e.message


@st.cache_resource(show_spinner=False, max_entries=100)
def _summary_cached(key: str, blocks: tuple, districts: tuple, period, metric, target: float,
                    _frame: pd.DataFrame):
    """The Summary of this session's data under the filters; one place for every page. Shared
    and read-only: pages copy what they change."""
    from analysis.figures import FiguresError, compute

    f = _filtered_cached(key, blocks, districts, _frame)
    if f.empty:
        return None, S.OV_NO_UNITS
    period, metric = _loaded_choice(f, period, metric)
    try:
        return compute(f, period, metric, target), None
    except FiguresError as e:
        return None, e.message


def settings() -> dict:
    ss = st.session_state
    return {"period": ss.get(K_PERIOD), "metric": ss.get(K_METRIC),
            "target": float(ss.get(K_TARGET, DEFAULT_TARGET)),
            "present": bool(ss.get(K_PRESENT, False))}


def summary(frame_: Optional[pd.DataFrame] = None):
    """(Summary, None) for the sidebar's period, metric, target and filters, or (None, message).
    Called by the pages with the frame of require_data() (or none): cached on the data key."""
    s = settings()
    key, data, _notes = _data()
    blocks, districts = _filters()
    if key and (frame_ is None or _same_frame(frame_, data)):
        return _summary_cached(key, blocks, districts, s["period"], s["metric"], s["target"], data)
    f = _apply_filters(data if frame_ is None else frame_, blocks, districts)
    if f.empty:
        return None, S.OV_NO_UNITS
    period, metric = _loaded_choice(f, s["period"], s["metric"])
    return _compute_cached(f, period, metric, s["target"])


def _loaded_choice(f: pd.DataFrame, period, metric) -> tuple:
    """The sidebar's period and metric where the (filtered) frame has them, else None: compute
    then takes the latest period, or the period's first metric."""
    from analysis.figures import available_metrics

    period = period if period is not None and f["period"].eq(period).any() else None
    metric = metric if metric in available_metrics(f, period or f["period"].iloc[-1]) else None
    return period, metric


def _summary_key() -> Optional[tuple]:
    s = settings()
    key = _data()[0]
    if not key:
        return None
    return (key, *_filters(), s["period"], s["metric"], s["target"])


@st.cache_resource(show_spinner=False, max_entries=200)
def _derived(skey: tuple, name: str, args: tuple, _fn, _summary):
    return _fn(_summary, *args)


def per_summary(name: str, fn, summary_, *args):
    """fn(summary_, *args), computed once per Summary (cached on the summary's key, `name` and
    the hashable `args`): display strings, the letter text, the appendix rows. Shared and
    read-only, as the Summary itself. A summary that is not the session's current one is
    computed directly."""
    skey = _summary_key()
    if skey is not None and _summary_cached(*skey, _data()[1])[0] is summary_:
        return _derived(skey, name, tuple(args), fn, summary_)
    return fn(summary_, *args)


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """True when `a` is `b` or the copy of it that frame_and_notes() handed out."""
    return a is b or (_HANDED.get(id(a)) is a and _HANDED_KEYS.get(id(a)) is b)


@st.cache_resource(show_spinner=False, max_entries=50)
def _trend_cached(key: str, blocks: tuple, districts: tuple, metric, _frame: pd.DataFrame):
    from analysis.figures import trend as _trend

    return _trend(_filtered_cached(key, blocks, districts, _frame), metric)


@st.cache_data(show_spinner=False, max_entries=50)
def _trend_hashed(frame_: pd.DataFrame, metric) -> pd.DataFrame:
    from analysis.figures import trend as _trend

    return _trend(frame_, metric)


def trend(frame_: Optional[pd.DataFrame], metric) -> pd.DataFrame:
    """The monthly trend of the (filtered) frame; frame_ None: this session's filtered data."""
    if frame_ is None:
        key, data, _notes = _data()
        if key:
            blocks, districts = _filters()
            return _trend_cached(key, blocks, districts, metric, data)
        frame_ = data
    return _trend_hashed(frame_, metric)


@st.cache_resource(show_spinner=False, max_entries=50)
def _options_cached(key: str, _frame: pd.DataFrame) -> dict:
    from analysis.figures import periods

    ps = periods(_frame)
    dist = _frame["district"].dropna().astype(str)
    return {
        "codes": list(reversed(ps["period"].tolist())),  # latest first
        "labels": dict(zip(ps["period"], ps["label"])),
        "blocks": set(_frame["block"].dropna().astype(str).unique()),
        "districts": sorted({d for d in dist.unique() if d}),
        "unknown_district": bool(_frame["district"].isna().any()),
        "units": int(_frame["key"].nunique()),
    }


@st.cache_resource(show_spinner=False, max_entries=200)
def _metrics_cached(key: str, period, _frame: pd.DataFrame) -> list:
    from analysis.figures import available_metrics

    return available_metrics(_frame, period) or available_metrics(_frame)


def sidebar_options():
    """What the sidebar offers for this session's data (cached on its data key), or None when
    nothing usable is loaded: codes (latest first), labels, blocks, districts, units."""
    key, f, _notes = _data()
    if not key or f.empty:
        return None
    return _options_cached(key, f)


def metrics_for(period) -> list:
    key, f, _notes = _data()
    return _metrics_cached(key, period, f) if key else []


@st.cache_data(show_spinner=False, max_entries=300)
def chart_spec(kind: str, data: pd.DataFrame, target: float, presentation: bool,
               title: Optional[str] = None, legend: bool = True) -> dict:
    """A chart's Vega-Lite dict, cached on its data. Its rows are stored as the Arrow bytes
    st.vega_lite_chart sends (what it would otherwise convert again on every rerun), under a
    name made from their content, as altair names a chart's data."""
    import hashlib

    from streamlit import dataframe_util

    from analysis.outputs.charts import ROWS, build_spec

    kw = {"legend": legend} if kind == "unit_bars" else {}
    spec = build_spec(kind, data, target, presentation, title, **kw)
    rows = dataframe_util.convert_anything_to_arrow_bytes(spec["datasets"].pop(ROWS))
    name = f"{ROWS}-{hashlib.sha256(rows).hexdigest()[:24]}"
    spec["data"] = {"name": name}
    spec["datasets"][name] = rows
    return spec


def require_data():
    """Stop the page with a pointer to the upload page when nothing usable is loaded."""
    f, notes = frame_and_notes()
    if f.empty:
        st.info(S.NO_DATA + " " + S.SB_NO_DATA)
        st.page_link("pages/1_tai_du_lieu.py", label=S.NO_DATA_LINK, icon="📤")
        st.stop()
    return f, notes

"""A process-wide cache bounded by the bytes its values hold, for what ui/data.py derives from
uploads (parses, units frames, Summaries, display tables).

Streamlit's st.cache_resource bounds a cache by its number of entries: six 100,000-row uploads
kept 1.4 GB after their sessions ended. Here every value carries an estimate of its size
(`estimate_bytes`: a frame's columns, a workbook's units, an Arrow table's buffers) and the
least recently used values are dropped once the total passes the budget (env `KYSO_CACHE_MB`,
512 MB by default); the newest value is always kept, so a page never computes its own data
twice in a run. Values are shared, read-only, as with st.cache_resource; a key being computed
by one session is waited for by another (one parse per file, whatever the sessions).

    @byte_cached("parse")
    def _parse(key, _data): ...        # arguments whose name starts with "_" are not keyed
"""
from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
from collections import OrderedDict

import pandas as pd

MB = 1024 * 1024
DEFAULT_BUDGET_MB = 512
_SAMPLE = 200  # object-column values sized per column (the rest taken as their mean)


def budget_bytes() -> int:
    try:
        return max(1, int(os.environ.get("KYSO_CACHE_MB", DEFAULT_BUDGET_MB))) * MB
    except ValueError:
        return DEFAULT_BUDGET_MB * MB


# --- sizes -------------------------------------------------------------------------------------

def frame_bytes(f: pd.DataFrame) -> int:
    """A frame's columns and index: numbers exactly, text and dates from a sample of values
    (pandas' deep memory_usage reads every object: 2.8 s over 100,000 rows)."""
    total = int(f.memory_usage(index=True, deep=False).sum())
    n = len(f)
    for c in f.columns:
        col = f[c]
        if n and col.dtype == object:
            sample = col.iloc[:: max(1, n // _SAMPLE)].tolist()[:_SAMPLE]
            total += int(n * sum(sys.getsizeof(v) for v in sample) / max(1, len(sample)))
    return total


def _workbook_bytes(wb) -> int:
    """A WorkbookResult: ~630 bytes a unit as measured with tracemalloc (a 99,000-unit CSV held
    62.7 MB), its warnings and skipped rows, and the sheets' own data."""
    total = 64 * 1024
    for sh in getattr(wb, "sheets", ()):
        total += 700 * len(sh.units) + 400 * (len(sh.warnings) + len(sh.skipped_rows))
        total += 64 * sum(len(str(h)) for h in getattr(sh, "headers", {}).values())
    return total + 4096 * len(getattr(wb, "skipped_sheets", ()))


def estimate_bytes(value, depth: int = 0) -> int:
    """An estimate of the memory `value` holds (frames, Arrow tables, parse results, Summaries
    and the tuples, lists and dicts of them)."""
    if value is None or isinstance(value, (bool, int, float)):
        return 64
    if isinstance(value, pd.DataFrame):
        return frame_bytes(value)
    if isinstance(value, pd.Series):
        return frame_bytes(value.to_frame())
    if isinstance(value, (str, bytes)):
        return sys.getsizeof(value)
    nbytes = getattr(value, "nbytes", None)  # pyarrow tables, numpy arrays
    if isinstance(nbytes, int):
        return nbytes + 256
    if hasattr(value, "sheets") and hasattr(value, "skipped_sheets"):
        return _workbook_bytes(value)
    if depth > 3:
        return sys.getsizeof(value)
    if isinstance(value, dict):
        return 256 + sum(estimate_bytes(v, depth + 1) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        if len(items) > _SAMPLE:  # a long list: its mean item from a sample
            step = len(items) // _SAMPLE
            sample = items[::step][:_SAMPLE]
            return 256 + int(len(items) * sum(estimate_bytes(v, depth + 1) for v in sample)
                             / len(sample))
        return 256 + sum(estimate_bytes(v, depth + 1) for v in items)
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict):  # a Summary and other dataclasses: what they hold
        return 256 + sum(estimate_bytes(v, depth + 1) for v in fields.values())
    return sys.getsizeof(value)


# --- the cache ---------------------------------------------------------------------------------

class ByteLRU:
    """Key -> value, least recently used first, dropped past `budget` bytes (the newest kept)."""

    def __init__(self, budget: int | None = None) -> None:
        self._budget = budget
        self._items: OrderedDict = OrderedDict()  # key -> (value, bytes)
        self._lock = threading.Lock()
        self._computing: dict = {}  # key -> lock held while one caller computes it
        self.held = 0
        self.evicted = 0

    @property
    def budget(self) -> int:
        return self._budget if self._budget is not None else budget_bytes()

    def get(self, key, default=None):
        with self._lock:
            if key not in self._items:
                return default
            self._items.move_to_end(key)
            return self._items[key][0]

    def put(self, key, value, nbytes: int) -> None:
        with self._lock:
            if key in self._items:
                self.held -= self._items.pop(key)[1]
            self._items[key] = (value, nbytes)
            self.held += nbytes
            while self.held > self.budget and len(self._items) > 1:
                _k, (_v, n) = self._items.popitem(last=False)
                self.held -= n
                self.evicted += 1

    def get_or_make(self, key, make):
        """The value of `key`, made by `make()` once even when several sessions ask at once."""
        missing = object()
        value = self.get(key, missing)
        if value is not missing:
            return value
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            value = self.get(key, missing)
            if value is missing:
                value = make()
                self.put(key, value, estimate_bytes(value))
        with self._lock:
            self._computing.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.held = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        return key in self._items


CACHE = ByteLRU()  # one budget for every cache of ui/data.py, in this server process


def byte_cached(name: str, cache: ByteLRU | None = None):
    """Cache a function in `cache` (default: the process's CACHE), keyed on its name and the
    arguments whose names do not start with '_' (as st.cache_resource)."""

    def wrap(fn):
        params = list(inspect.signature(fn).parameters)
        keyed = [i for i, p in enumerate(params) if not p.startswith("_")]

        @functools.wraps(fn)
        def cached(*args):
            key = (name, *(args[i] for i in keyed if i < len(args)))
            return (cache or CACHE).get_or_make(key, lambda: fn(*args))

        cached.clear = lambda: (cache or CACHE).clear()  # type: ignore[attr-defined]
        return cached

    return wrap

"""The view in the address bar, so that a link or a bookmark opens the same view.

    ?period=2021-05&metric=signed_agency&target=90&block=commune&district=Huyện+Quan+Sơn
     &status=below_target          (the page is the path: /tong_quan, /don_vi ...)

`restore()` runs once a session, before the sidebar: it copies the address's values into the
widgets' session state (a value the data does not have is dropped later by the sidebar's
session.keep_one / keep_among, as any stale choice). `sync()` runs after the page: it writes the
current choices back, and only once there are data (before an upload the sidebar draws no
settings, and a bookmark's values wait in the session state for the data).
"""
from __future__ import annotations

import streamlit as st

from analysis.model import METRICS, STATUSES

from . import session
from . import strings as S

K_STATUS = "un_status"  # the units page's status filter
_READ = "_ks_url_read"
_SINGLE = {"period": session.K_PERIOD, "metric": session.K_METRIC, "target": session.K_TARGET}
_MULTI = {"block": session.K_BLOCK_FILTER, "district": session.K_DISTRICT_FILTER,
          "status": K_STATUS}


def _target(text: str) -> float | None:
    try:
        v = float(text.replace(",", "."))
    except ValueError:
        return None
    return v if 0.0 <= v <= 100.0 else None


def parse(params: dict) -> dict:
    """The session-state values an address's parameters ask for (name -> list of str), the
    malformed ones left out. Pure: tested without a browser."""
    out: dict = {}
    first = {k: v[0] for k, v in params.items() if v}
    if first.get("period"):
        out[session.K_PERIOD] = first["period"][:40]
    if first.get("metric") in METRICS:
        out[session.K_METRIC] = first["metric"]
    if "target" in first and _target(first["target"]) is not None:
        out[session.K_TARGET] = _target(first["target"])
    blocks = [b for b in params.get("block", []) if b in S.BLOCK_LABELS]
    if blocks:
        out[session.K_BLOCK_FILTER] = blocks
    districts = [d[:200] for d in params.get("district", []) if d]
    if districts:
        out[session.K_DISTRICT_FILTER] = districts
    statuses = [s for s in params.get("status", []) if s in STATUSES]
    if statuses:
        out[K_STATUS] = statuses
    return out


def restore() -> None:
    ss = st.session_state
    if ss.get(_READ):
        return
    ss[_READ] = True
    qp = st.query_params
    params = {k: qp.get_all(k) for k in (*_SINGLE, *_MULTI)}
    for key, value in parse(params).items():
        ss[key] = value


def _text(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def sync() -> None:
    """The address follows the sidebar (and the units page's status filter)."""
    ss = st.session_state
    if ss.get(session.K_PERIOD) is None:
        return  # no data yet: keep what the address asks for
    want: dict = {}
    for name, key in _SINGLE.items():
        if ss.get(key) is not None:
            want[name] = [_text(ss[key])]
    for name, key in _MULTI.items():
        values = ss.get(key) or []
        if values:
            want[name] = [str(v) for v in values]
    qp = st.query_params
    have = {k: qp.get_all(k) for k in qp.keys()}
    if have != want:
        qp.from_dict({k: v if len(v) > 1 else v[0] for k, v in want.items()})

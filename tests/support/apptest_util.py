"""Helpers for the AppTest suites (tests/test_app_*.py).

AppTest resets `PagesManager.uses_pages_directory` before every run, and because this app keeps
its pages in `pages/`, Streamlit would then run them the MPA-v1 way (the page file alone,
without app.py, so without the shared sidebar). The real server sets the flag to False once
st.navigation is called and keeps it; `patched_pages_manager` does the same for the tests.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_uploads"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGES = {
    "upload": "pages/1_tai_du_lieu.py",
    "overview": "pages/2_tong_quan.py",
    "units": "pages/3_don_vi.py",
    "compare": "pages/4_so_sanh.py",
    "report": "pages/5_bao_cao.py",
    "history": "pages/6_lich_su.py",
}


@pytest.fixture(autouse=True)
def patched_pages_manager(monkeypatch):
    from streamlit.runtime import pages_manager as pm

    orig = pm.PagesManager.__init__

    def init(self, *a, **k):
        orig(self, *a, **k)
        pm.PagesManager.uses_pages_directory = False

    monkeypatch.setattr(pm.PagesManager, "__init__", init)


@pytest.fixture(autouse=True)
def isolated_history(tmp_path, monkeypatch):
    monkeypatch.setenv("KYSO_DB_URL", f"sqlite:///{tmp_path / 'history.sqlite'}")


def sample_bytes(name: str) -> bytes:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} is missing (run `make samples`)")
    return path.read_bytes()


def new_app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at, *files):
    """files: (name, bytes) pairs, uploaded together through the page's uploader (renewed, under
    a new key, each time the session opens another workspace)."""
    uploader = next(u for u in at.file_uploader if str(u.key).startswith("ks_uploader"))
    uploader.set_value([(n, d, XLSX_MIME) for n, d in files])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def app_with(*names, page: str = None):
    at = new_app()
    upload(at, *[(n, sample_bytes(n)) for n in names])
    if page:
        goto(at, page)
    return at


def goto(at, page: str):
    at.switch_page(PAGES[page])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at):
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def vega_specs(at) -> list:
    """The Vega-Lite dicts of every chart on the current page."""
    out = []
    for el in at.get("vega_lite_chart"):
        out.append(json.loads(el.proto.spec))
    return out


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def expected_summary(names, period=None, metric=None, target=100.0, blocks=None):
    """The Summary the app should show, computed straight from analysis/."""
    from analysis.figures import compute
    from analysis.frame import units_frame
    from analysis.reading.parse import parse_bytes

    wbs = [parse_bytes(sample_bytes(n), n) for n in names]
    frame, _ = units_frame(wbs)
    if blocks:
        frame = frame[frame["block"].isin(blocks)]
    return compute(frame, period, metric, target)


def vega_charts(at) -> list:
    """(spec, {dataset name: DataFrame}) of every chart on the current page."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    out = []
    for el in at.get("vega_lite_chart"):
        data = {d.name: convert_arrow_bytes_to_pandas_df(d.data.data) for d in el.proto.datasets}
        out.append((json.loads(el.proto.spec), data))
    return out


def layer_data(spec, data, layer):
    """The rows a layer draws: its own inline values, or the named dataset it or the chart
    refers to."""
    import pandas as pd

    own = layer.get("data") or spec["data"]
    return pd.DataFrame(own["values"]) if "values" in own else data[own["name"]]


def y_order(spec, data, layer=None):
    """The y labels of a chart in the order its sort (a field of the rows) puts them."""
    layer = layer or spec["layer"][0]
    y = layer["encoding"]["y"]
    assert y["sort"]["op"] == "min" and y["sort"]["order"] == "ascending"
    rows = layer_data(spec, data, layer).sort_values(y["sort"]["field"], kind="stable")
    return rows[y["field"]].tolist()


def target_of(spec, data):
    """The target value drawn as a rule, or None."""
    for layer in spec.get("layer", []):
        mark = layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        enc = layer.get("encoding", {})
        if mark == "rule" and any(enc.get(a, {}).get("field") == "target" for a in ("x", "y")):
            return float(layer_data(spec, data, layer)["target"].iloc[0])
    return None


def target_label_of(spec, data):
    """The target rule's name, as its legend shows it (the rule's strokeDash)."""
    for layer in spec.get("layer", []):
        mark = layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        if mark == "rule" and layer.get("encoding", {}).get("strokeDash", {}).get("field") \
                == "label":
            return str(layer_data(spec, data, layer)["label"].iloc[0])
    return None

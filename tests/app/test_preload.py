"""ui/preload.py: the modulepreload hints for Streamlit's lazily loaded element code."""
from __future__ import annotations

from ui import preload


def _bundle(tmp_path):
    js = tmp_path / "js"
    js.mkdir()
    (js / "ArrowVegaLiteChart.AAA.js").write_text(
        'import{a as b}from"./embed.BBB.js";import"./style.CCC.js";'
        'const x=()=>import(`./lazy.DDD.js`);')
    (js / "embed.BBB.js").write_text('import{c}from"./shared.EEE.js";')
    (js / "shared.EEE.js").write_text("export const c=1;")
    (js / "style.CCC.js").write_text("")
    (js / "lazy.DDD.js").write_text("")
    (js / "Unrelated.FFF.js").write_text("")
    return js


def test_modules_are_the_entries_and_their_static_imports(tmp_path):
    got = preload.modules(_bundle(tmp_path))
    assert got[0] == "ArrowVegaLiteChart.AAA.js"
    assert set(got) == {"ArrowVegaLiteChart.AAA.js", "embed.BBB.js", "style.CCC.js",
                        "shared.EEE.js"}  # not the dynamic import, not the unrelated module


def test_no_bundle_no_hints(tmp_path):
    assert preload.modules(tmp_path / "missing") == ()


def test_the_installed_streamlit_has_the_chart_code():
    names = preload.modules()
    assert any(n.startswith("ArrowVegaLiteChart.") for n in names)
    assert any(n.startswith("loadVegaEmbed.") for n in names)
    assert len(names) <= preload.MAX_MODULES
    html = preload.html()
    assert html.count('<link rel="modulepreload" href="/static/js/') == len(names)

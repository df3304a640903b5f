"""Resource hints for Streamlit's lazily loaded element code.

Streamlit's frontend fetches, parses and compiles the code of an element type (a Vega chart, a
table, a multiselect…) the first time one is drawn, in a chain of some thirty modules for a
chart: after an upload the first chart waited ~0.4 s for its code alone (bench/first_chart.py).
`<link rel="modulepreload">` for those modules, drawn on every page, lets the browser fetch and
compile them while the officer is still choosing a file; the browser does it once, then keeps
them. The modules are found in the installed Streamlit's static files (their names carry a hash
that changes with each version): the entry modules of the elements the pages draw, and what
they import. Nothing is preloaded when the files are not where expected.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import streamlit as st

# the element types whose code is loaded on first use that the pages draw after an upload
# (a chart's Vega code is imported dynamically by loadVegaEmbed)
ENTRIES = ("ArrowVegaLiteChart", "loadVegaEmbed", "DataFrame", "Multiselect", "Radio",
           "NumberInput", "DownloadButton", "ButtonGroup", "Metric")
_IMPORT = re.compile(r"""(?:from|import)\s*["']\./([\w.\-]+\.js)["']""")  # static imports
MAX_MODULES = 200  # a guard: a changed bundle never turns into hundreds of hints


def _js_dir() -> Path:
    return Path(st.__file__).parent / "static" / "static" / "js"


@functools.cache
def modules(js_dir: Path | None = None) -> tuple:
    """The entry modules' file names and those they import, in a stable order."""
    root = js_dir or _js_dir()
    if not root.is_dir():
        return ()
    names = sorted(p.name for p in root.glob("*.js"))
    todo = [n for n in names if n.split(".", 1)[0] in ENTRIES]
    seen: dict = {}
    while todo and len(seen) < MAX_MODULES:
        name = todo.pop(0)
        if name in seen:
            continue
        try:
            text = (root / name).read_text("utf-8", "replace")
        except OSError:
            continue
        seen[name] = None
        todo += [m for m in _IMPORT.findall(text) if m not in seen]
    return tuple(seen)


def html() -> str:
    """The `<link rel="modulepreload">` tags, under the server's base URL path."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}/static/js/" if base else "/static/js/"
    return "".join(f'<link rel="modulepreload" href="{prefix}{n}">' for n in modules())

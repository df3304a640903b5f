"""Text from data is shown as text: a workbook whose file, sheet, header and unit names are
Markdown (a remote image, bold, LaTeX, HTML) is uploaded, saved and visited on every page; every
Markdown source the app sends (messages, captions, headings, expander and widget labels, help
tooltips, button labels) holds those names escaped, never as Markdown."""
import re

from tests.support.apptest_util import (  # noqa: F401  (fixtures)
    goto,
    isolated_history,
    new_app,
    patched_pages_manager,
    upload,
)
from tests.support.workbooks import xlsx_bytes
from ui.safe_text import md

IMG = "![x](http://example.invalid/a.png)"
FILE = f"{IMG} **x** $x$ <img src=x>.xlsx"
BROKEN = f"**x** {IMG} $x$ <img src=x> hỏng.xlsx"
SHEET = "$x$ <img src=x> _x_"  # Excel forbids [ ] * : / in sheet names
ROWS = [["BÁO CÁO KÝ SỐ THÁNG 3/2021 " + IMG],
        ["STT", "Tên cơ quan " + IMG, "Văn bản gửi đi $x$", "Số văn bản ký số **x**",
         "Ghi chú <img src=x>"],
        [1, "UBND xã " + IMG, 20, 18, ""],
        [2, "Phòng **x**", 10, 10, ""],
        [3, "Phòng $x$", 40, 0, ""],
        [4, "Phòng <img src=x>", 5, 1, ""]]
RAW = ("![x](", "**x**", "$x$", "<img")  # an image, bold, LaTeX, HTML

MARKDOWN_VALUES = {"markdown", "caption", "header", "subheader", "title", "alert", "error",
                   "warning", "info", "success", "toast", "exception"}


def _nodes(node, out):
    out.append(node)
    for child in getattr(node, "children", {}).values():
        _nodes(child, out)
    return out


def rendered_markdown(at) -> list:
    """Every Markdown source on the page: element bodies, labels and tooltips (option lists,
    table cells, code blocks and widget values are shown as text by Streamlit)."""
    out = []
    for n in _nodes(at._tree, []):
        kind = getattr(n, "type", "")
        fields = (("value", "label", "help") if kind in MARKDOWN_VALUES else ("label", "help"))
        for f in fields:
            try:
                v = getattr(n, f)
            except Exception:  # noqa: BLE001 - an element without that field
                continue
            if isinstance(v, str) and not v.startswith("<style>"):
                out.append(v)
        if kind == "button_group":  # segmented control / pills: options are Markdown
            out += [o.content for o in n.proto.options]
    return out


def _assert_escaped(texts, page):
    for t in texts:
        bare = re.sub(r"\\.", "·", t)  # what Markdown reads as syntax: escaped pairs removed
        for raw in RAW:
            assert raw not in bare, (page, raw, t)


def test_names_from_data_are_escaped_on_every_page():
    at = upload(new_app(), (FILE, xlsx_bytes({SHEET: ROWS})), (BROKEN, b"not a workbook"))
    texts = rendered_markdown(at)
    _assert_escaped(texts, "upload")
    joined = "\n".join(texts)
    # the names did reach the page, escaped: file card, read error, sheet, headers
    assert md(FILE) in joined and md(BROKEN) in joined
    assert f"“{md(SHEET)}”" in joined
    assert md("Tên cơ quan " + IMG) in joined and md("Số văn bản ký số **x**") in joined
    assert md(IMG) == r"\!\[x\]\(http\://example.invalid/a.png\)"

    at.button(key="save_history").click().run()
    assert not at.exception
    _assert_escaped(rendered_markdown(at), "upload, saved")
    for page in ("overview", "units", "compare", "report", "history"):
        goto(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        texts = rendered_markdown(at)
        _assert_escaped(texts, page)
        if page == "overview":  # the unit that signed nothing, in the KPI's tooltip
            assert md("Phòng $x$") in "\n".join(texts)


def test_md_escapes_every_markdown_special():
    assert md("**x**") == r"\*\*x\*\*"
    assert md("$x$") == r"\$x\$"
    assert md("<img src=x>") == r"\<img src\=x\>"
    assert md(":red[x] `c` #h\n- y") == r"\:red\[x\] \`c\` \#h \- y"
    assert md("1. x") == r"1\. x" and md("Tháng 5/2021") == "Tháng 5/2021"
    assert md("Phòng Nội vụ") == "Phòng Nội vụ" and md(None) == ""

"""Text from data (file, sheet, header, unit names; messages quoting them) as Markdown that
shows exactly that text.

Streamlit renders Markdown in messages, captions, headers, expander and widget labels, help=
tooltips and button labels: a name such as `![x](http://…)` would load a remote image, `**x**`
turn bold, `$x$` render LaTeX. `md()` backslash-escapes every ASCII punctuation character
that Markdown, GitHub's extensions or Streamlit read as syntax (CommonMark shows an escaped
punctuation character as itself): emphasis, links and images, code, LaTeX (`$`), HTML (`<`,
`&`), tables, Streamlit's directives and emoji (`:red[…]`, `:smile:`), the line starts of lists,
headings and quotes (and `1.` at the start); line breaks become spaces so that a name cannot
open a block of its own. `/ , ; ' " ? % @` and other dots stay as they are ("Tháng 5/2021").
Only for places that render Markdown: selectbox and multiselect options, table cells and code
blocks show text as it is.

    st.error(S.UP_READ_ERROR.format(name=md(lf.name), message=md(lf.error)))
"""
from __future__ import annotations

import re

_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-!|~<>&$:=^])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")  # "1. x" would start an ordered list
_BREAKS = re.compile(r"[\r\n\t\f\v\u2028\u2029]+")


def md(text) -> str:
    """`text` (any value, None as '') escaped for Markdown, on one line."""
    if text is None:
        return ""
    one_line = _BREAKS.sub(" ", str(text))
    return _ORDERED.sub(r"\1\\\2", _SYNTAX.sub(r"\\\1", one_line))


def md_join(texts, sep: str = ", ") -> str:
    """Escaped texts joined by `sep` (which is written as it is)."""
    return sep.join(md(t) for t in texts)

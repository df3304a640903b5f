"""The fonts of an xlsx's cells, for the legacy-font check: every font name of xl/styles.xml, and,
when some are legacy fonts, which cells use them ({sheet name: {(row, col): font name}}, 0-based),
from the cells' style indexes (`<c r="B5" s="3">` -> cellXfs[3] -> fontId -> fonts). Read with
regular expressions from the zip the workbook guard (guard.check_zip) has already inspected,
each worksheet as a stream.
"""
from __future__ import annotations

import io
import re
import zipfile

from analysis.reading.formats.legacy_fonts import font_encoding

_SECTION = {name: re.compile(rb"<(?:\w+:)?%s\b[^>]*>(.*?)</(?:\w+:)?%s>" % (name, name), re.S)
            for name in (b"fonts", b"cellXfs")}
_FONT = re.compile(rb"<(?:\w+:)?font\b(?:[^>]*/>|.*?</(?:\w+:)?font>)", re.S)
_NAME = re.compile(rb'<(?:\w+:)?name\s+val\s*=\s*"([^"]*)"')
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_FONT_ID = re.compile(rb'\bfontId\s*=\s*"(\d+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br\s*=\s*"([A-Z]+)(\d+)"[^>]*>')
_STYLE = re.compile(rb'\bs\s*=\s*"(\d+)"')
_CHUNK = 1 << 20


def _styles(zf: zipfile.ZipFile) -> tuple:
    """(font names in order, fontId per cell style)."""
    if "xl/styles.xml" not in zf.namelist():
        return [], []
    xml = zf.read("xl/styles.xml")
    fonts_m, xfs_m = _SECTION[b"fonts"].search(xml), _SECTION[b"cellXfs"].search(xml)
    fonts = []
    for font in _FONT.findall(fonts_m.group(1) if fonts_m else b""):
        name = _NAME.search(font)
        fonts.append(name.group(1).decode("utf-8", "replace") if name else "")
    xfs = []
    for attrs in _XF.findall(xfs_m.group(1) if xfs_m else b""):
        m = _FONT_ID.search(attrs)
        xfs.append(int(m.group(1)) if m else 0)
    return fonts, xfs


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _cells(zf: zipfile.ZipFile, part: str, styles: dict) -> dict:
    """{(row, col): font} for the cells of one worksheet whose style is in `styles`."""
    out, tail = {}, b""
    with zf.open(part) as f:
        while True:
            chunk = f.read(_CHUNK)
            window = tail + chunk
            cut = window.rfind(b"<") if chunk else len(window)
            for m in _CELL.finditer(window, 0, max(cut, 0)):
                s = _STYLE.search(m.group(0))
                if s and int(s.group(1)) in styles:
                    out[(int(m.group(2)) - 1, _column(m.group(1)))] = styles[int(s.group(1))]
            if not chunk:
                return out
            tail = window[cut:] if cut >= 0 else b""


def xlsx_fonts(data: bytes) -> tuple:
    """(every font name, {sheet name: {(row, col): legacy font name}})."""
    from analysis.reading.guard import sheet_parts

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            fonts, xfs = _styles(zf)
            legacy = {i: fonts[f] for i, f in enumerate(xfs)
                      if f < len(fonts) and font_encoding(fonts[f])}
            if not legacy:
                return set(fonts), {}
            cells = {name: _cells(zf, part, legacy) for part, name in sheet_parts(zf).items()
                     if part in zf.namelist()}
            return set(fonts), cells
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, KeyError):
        return set(), {}

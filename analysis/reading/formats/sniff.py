"""File bytes -> what they hold, whatever the file's name says.

Kinds: "zip" (xlsx, xlsm, ods), "ole" (xls, or an encrypted OOXML), "spreadsheetml" (Excel 2003
XML Spreadsheet), "xml" (any other XML), "html" (a web page, e.g. a system's "Xuất Excel"),
"text" (UTF-8/16 or Windows-1258 text) and "binary" (anything else).
"""
from __future__ import annotations

import re

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
HEAD = 8192

SPREADSHEETML_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_HTML_START = re.compile(r"<(html|!doctype\s+html|table|meta|head|body|style|title|tr|td)\b", re.I)
_PROLOG_NOISE = re.compile(r"(\s+|<!--.*?-->|<\?xml[^>]*\?>)", re.S)


def bom_encoding(data: bytes):
    """(encoding, length of the BOM) or (None, 0)."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None, 0


def utf16_without_bom(data: bytes):
    """'utf-16-le' or 'utf-16-be' when the first bytes look like mostly-ASCII UTF-16 text (every
    other byte a NUL), else None."""
    head = data[:HEAD]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def head_text(data: bytes) -> str:
    """The first bytes as text, for markup sniffing (any encoding: markup is ASCII)."""
    enc, skip = bom_encoding(data)
    enc = enc or utf16_without_bom(data)
    head = data[skip:skip + HEAD]
    if enc and enc.startswith("utf-16"):
        head = head[: len(head) // 2 * 2]
        return head.decode(enc, "replace")
    return head.decode("latin-1")


def kind(data: bytes) -> str:
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data[:8] == OLE_MAGIC:
        return "ole"
    head = head_text(data)
    start = _PROLOG_NOISE.sub("", head[:HEAD])[:1]
    if start == "<" or head.lstrip().startswith("<"):
        if SPREADSHEETML_NS in head or 'progid="Excel.Sheet"' in head.replace("'", '"'):
            if re.search(r"<(\w+:)?Workbook\b", head):
                return "spreadsheetml"
        stripped = _PROLOG_NOISE.sub(" ", head).lstrip()
        if _HTML_START.match(stripped) or re.search(r"<table\b", head, re.I):
            return "html"
        return "xml" if stripped.startswith("<") else "text"
    if bom_encoding(data)[0] or utf16_without_bom(data):
        return "text"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"

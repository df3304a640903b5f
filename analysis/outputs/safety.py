"""Small guards for what the app gives to others.

    safe_filename(text, ext="") -> str   a download name from safe characters only
    neutralize_formula(text) -> str       text a spreadsheet will not run as a formula (CSV)
"""
from __future__ import annotations

import re
import unicodedata

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(text: str, ext: str = "", default: str = "ky_so", max_len: int = 80) -> str:
    """'Tháng 3/2021 – Quan Sơn' -> 'thang_3_2021_quan_son' (+ ext): ASCII letters, digits,
    '_', '-', '.'; no path separators, no leading dot, never empty."""
    text = unicodedata.normalize("NFKD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    stem = _UNSAFE.sub("_", text).strip("._-")
    stem = re.sub(r"_{2,}", "_", stem)[:max_len].rstrip("._-") or default
    ext = _UNSAFE.sub("", ext.lstrip(".").lower())
    return f"{stem}.{ext}" if ext else stem


def neutralize_formula(text):
    """A CSV cell that Excel or LibreOffice would read as a formula gets a leading single quote;
    anything else is returned unchanged."""
    if isinstance(text, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text

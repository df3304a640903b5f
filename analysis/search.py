"""Finding units by name the way an officer types: without diacritics or with them.

    matches("son", "Xã Sơn Hà")   -> True    (no diacritics in the query: both sides folded)
    matches("Sơn", "Xã Sởn Bình") -> False   (diacritics in the query: they must agree)
    matches("dong", "Đông Sơn")   -> True    (đ folds to d)

Case never matters, nor where a tone mark sits (hóa = hoá), nor runs of spaces. Pure functions
(the units page filters with `search_mask`).
"""
from __future__ import annotations

import unicodedata

from analysis.reading.names import new_style_tones

_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def normalize(text: str) -> str:
    """NFC, one tone placement, casefold, single spaces: diacritics kept."""
    return " ".join(new_style_tones(str(text)).casefold().split())


def fold(text: str) -> str:
    """normalize() without any diacritic: "Sởn Đông" -> "son dong"."""
    decomposed = unicodedata.normalize("NFD", normalize(text).translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_diacritics(text: str) -> bool:
    """Whether the text carries any mark fold() would remove (đ counts)."""
    return fold(text) != normalize(text)


def matcher(query: str):
    """A test name -> bool for one query: folded when the query has no diacritics, exact
    (diacritic-sensitive, case-insensitive) when it has them; an empty query matches all."""
    q = normalize(query)
    if not q:
        return lambda name: True
    if has_diacritics(q):
        return lambda name: q in normalize(name)
    return lambda name: q in fold(name)


def matches(query: str, name: str) -> bool:
    return matcher(query)(name)


def search_mask(query: str, names) -> list:
    """One bool per name (in order) for `query`."""
    test = matcher(query)
    return [test(str(n)) for n in names]

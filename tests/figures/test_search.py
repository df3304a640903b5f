"""The units search: folded when the query has no diacritics, exact when it has them."""
import pytest

from analysis.search import fold, has_diacritics, matches, search_mask

NAMES = ["Xã Sơn Hà", "Xã Sởn Bình", "Xã Son La", "Đông Sơn", "Phòng Dân tộc", "Xã Hoá Quỳ"]


def test_fold_removes_every_mark_and_folds_d():
    assert fold("Xã Sởn ĐÔNG  Hoá") == "xa son dong hoa"
    assert fold("đ") == "d"


@pytest.mark.parametrize("query, found", [
    ("son", ["Xã Sơn Hà", "Xã Sởn Bình", "Xã Son La", "Đông Sơn"]),
    ("SON", ["Xã Sơn Hà", "Xã Sởn Bình", "Xã Son La", "Đông Sơn"]),
    ("Sơn", ["Xã Sơn Hà", "Đông Sơn"]),
    ("sởn", ["Xã Sởn Bình"]),
    ("dong", ["Đông Sơn"]),
    ("đông", ["Đông Sơn"]),
    ("đ", ["Đông Sơn"]),
    ("d", ["Đông Sơn", "Phòng Dân tộc"]),
    ("hóa", ["Xã Hoá Quỳ"]),  # tone placement: hóa = hoá
    ("  xa   son ", ["Xã Sơn Hà", "Xã Sởn Bình", "Xã Son La"]),
    ("", NAMES),
    ("sơn hà x", []),
])
def test_search(query, found):
    assert [n for n, m in zip(NAMES, search_mask(query, NAMES), strict=True) if m] == found


def test_has_diacritics():
    assert has_diacritics("Sơn") and has_diacritics("đ") and not has_diacritics("Son La")
    assert matches("son", "Sởn") and not matches("Sơn", "Sởn")

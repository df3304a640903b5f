"""AppTest: the Đơn vị page — filters over the table, and the downloads of exactly those rows."""
import io

import openpyxl
import pandas as pd
import pytest

from tests.support.apptest_util import (
    app_with,
    expected_summary,
    rerun,
)
from ui import exports, tables
from ui import strings as S

QUAN_SON = "quan_son_2021_03.xlsx"
PROVINCE = "tinh_2021_province.xlsx"


def _table(at) -> pd.DataFrame:
    return at.dataframe[0].value


@pytest.fixture
def at():
    return app_with(QUAN_SON, page="units")


def test_all_units_listed_best_first(at):
    t = _table(at)
    assert len(t) == 14
    assert S.UN_COUNT.format(n=14, total=14) in [m.value for m in at.markdown]
    # the block and the rank beside the name: seen without scrolling at 1,366 px
    assert list(t.columns[:5]) == [S.COL_UNIT, S.COL_BLOCK, S.COL_RANK, S.COL_RATE, S.COL_BAR]
    assert S.COL_DISTRICT not in t.columns  # no district in a district's own table


def test_status_filter(at):
    at.multiselect(key="un_status").set_value(["signed_nothing"])
    rerun(at)
    t = _table(at)
    assert t[S.COL_UNIT].tolist() == ["Phòng Dân tộc"]
    at.multiselect(key="un_status").set_value(["below_target", "signed_nothing"])
    rerun(at)
    s = expected_summary([QUAN_SON])
    assert len(_table(at)) == int(s.units["status"].isin(["below_target", "signed_nothing"]).sum())


def test_rate_range_and_search(at):
    at.slider(key="un_range").set_value((50.0, 99.0))
    rerun(at)
    t = _table(at)
    assert "Trung tâm DVNN" in set(t[S.COL_UNIT])  # 75%
    assert (t[S.COL_RATE].between(50, 99)).all() and len(t) >= 1
    at.slider(key="un_range").set_value((0.0, 100.0))
    at.text_input(key="un_search").input("  sơn HÀ ")
    rerun(at)
    assert _table(at)[S.COL_UNIT].tolist() == ["Xã Sơn Hà"]


def test_search_exact_with_diacritics_folded_without():
    units = pd.DataFrame({"unit": ["Xã Cẩm Tân", "Xã Cẩm Tâm"], "rate": [100.0, 90.0],
                          "status": ["meets_target", "below_target"]})
    assert tables.filter_units(units, search="cẩm tân")["unit"].tolist() == ["Xã Cẩm Tân"]
    assert tables.filter_units(units, search="Cam Tan")["unit"].tolist() == ["Xã Cẩm Tân"]
    assert tables.filter_units(units, search="cam ta")["unit"].tolist() == [
        "Xã Cẩm Tân", "Xã Cẩm Tâm"]


def test_search_without_diacritics_in_the_app(at):
    at.text_input(key="un_search").input("son ha")
    rerun(at)
    assert _table(at)[S.COL_UNIT].tolist() == ["Xã Sơn Hà"]


def test_download_is_exactly_the_filtered_rows(at):
    at.multiselect(key="un_status").set_value(["meets_target"])
    rerun(at)
    shown = _table(at)
    # the page's download calls exports.units_xlsx(rows, summary) on these same rows
    s = expected_summary([QUAN_SON])
    rows = tables.filter_units(s.units, ["meets_target"])
    assert rows["unit"].tolist() == shown[S.COL_UNIT].tolist()
    data = exports.units_xlsx(rows, s)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
    names = {v for r in values for v in r if isinstance(v, str)}
    assert set(shown[S.COL_UNIT]) <= names
    assert "Phòng Dân tộc" not in names
    csv = exports.units_csv(rows, s).decode("utf-8-sig").splitlines()
    assert len(csv) == 1 + len(shown)


def test_province_district_column_and_sidebar_district_filter():
    at = app_with(PROVINCE, page="units")
    t = _table(at)
    assert S.COL_DISTRICT in t.columns
    options = at.multiselect(key="ks_district_filter").options
    assert len(options) >= 2
    first = options[0]
    at.multiselect(key="ks_district_filter").set_value([first])
    rerun(at)
    t2 = _table(at)
    assert 0 < len(t2) < len(t)
    assert set(t2[S.COL_DISTRICT]) == {first}


def test_name_search_matches_old_and_new_tone_placement_but_keeps_diacritics():
    import pandas as pd

    from ui.tables import filter_units

    units = pd.DataFrame({"unit": ["Xã Sơn Thuỷ", "UBND xã Cẩm Tân", "UBND xã Cẩm Tâm"],
                          "status": ["meets_target"] * 3, "rate": [100.0, 90.0, 80.0]})
    assert filter_units(units, search="sơn thủy")["unit"].tolist() == ["Xã Sơn Thuỷ"]
    assert filter_units(units, search="Cẩm Tân")["unit"].tolist() == ["UBND xã Cẩm Tân"]


def test_block_and_rank_fit_beside_the_name_at_1366_px():
    # the main area at 1,366 px with the sidebar open is about 900 px wide
    for with_district in (True, False):
        config = tables.column_config(False, with_district)
        d = tables.display_frame(expected_summary([QUAN_SON]).units, with_district)
        cols = list(d.columns)
        upto = cols[:cols.index(S.COL_STATUS) + 1]
        assert S.COL_BLOCK in upto and S.COL_RANK in upto
        assert sum(config[c]["width"] for c in upto) <= 880
        assert all(config[c].get("alignment") == "right" for c in tables.NUMBER_COLUMNS)

"""The units page over 100,000 units in one period (a province's history over years, or a
national table): more cells than a pandas Styler may have (262,144, i.e. some 20,000 units), so
the table is shown plain, its Vietnamese texts as text columns, every unit there; a rerun only
takes rows. The frame is made in code and stored in the history the app reads."""
import time

import pytest

from analysis.store import open_history, store_frame
from tests.support.apptest_util import (  # noqa: F401  (fixtures)
    goto,
    isolated_history,
    new_app,
    patched_pages_manager,
)
from tests.support.frames import frame_from
from ui import strings as S

N = 100_000


def _frame():
    return frame_from([{"period": "2021-03", "unit": f"UBND xã Số {i}", "key": f"xa so {i}",
                        "block": "commune", "district": f"Huyện {i % 40}", "row": i + 3,
                        "sent": 10 + i % 50, "signed": (i * 7) % (10 + i % 50)}
                       for i in range(N)])


@pytest.mark.slow
def test_units_page_shows_100000_units(monkeypatch):
    import os

    store_frame(open_history(os.environ["KYSO_DB_URL"]), _frame(), {"files": ["big.xlsx"]})
    at = new_app()
    at.default_timeout = 300
    goto(at, "units")
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert len(table) == N
    assert S.UN_COUNT.format(n="100.000", total="100.000") in [m.value for m in at.markdown]
    # the Vietnamese texts, as on a small table: unit 9 sent 19, signed 63 % 19 = 6
    row = table[table[S.COL_UNIT] == "UBND xã Số 9"].iloc[0]
    assert row[S.COL_SENT] == "19" and row[S.COL_SIGNED] == "6"
    assert row[S.COL_RATE] == "31,58%" and row[S.COL_BAR] == pytest.approx(600 / 19)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception
    print(f"units page, {N:,} units: reruns {', '.join(f'{t:.2f}' for t in times)} s")
    assert min(times) < 5.0
    # a filter only takes rows
    at.text_input(key="un_search").input("Số 9999").run()
    assert not at.exception
    names = set(at.dataframe[0].value[S.COL_UNIT])
    assert names == {"UBND xã Số 9999", *(f"UBND xã Số 9999{d}" for d in range(10))}

"""ui/byte_cache: the caches of ui/data.py are bounded by the bytes their values hold (least
recently used dropped first, the newest kept), sizes estimated from what the values hold, one
computation per key whatever the sessions; the province workbook stays cached across pages."""
import threading
import time

import pandas as pd

from tests.support.apptest_util import (  # noqa: F401  (fixtures)
    goto,
    isolated_history,
    new_app,
    patched_pages_manager,
    sample_bytes,
    upload,
)
from ui import byte_cache
from ui.byte_cache import MB, ByteLRU, byte_cached, estimate_bytes, frame_bytes


def test_least_recently_used_dropped_past_the_budget_newest_kept():
    c = ByteLRU(budget=10 * MB)
    c.put("a", "A", 4 * MB)
    c.put("b", "B", 4 * MB)
    assert c.get("a") == "A"  # a is now the most recent
    c.put("c", "C", 4 * MB)  # 12 MB > 10: b, the least recent, goes
    assert "b" not in c and c.get("a") == "A" and c.get("c") == "C"
    assert c.held == 8 * MB and c.evicted == 1
    c.put("huge", "H", 50 * MB)  # larger than the budget: kept alone (the page needs it)
    assert len(c) == 1 and c.get("huge") == "H" and c.held == 50 * MB


def test_one_computation_per_key_whatever_the_sessions():
    c = ByteLRU(budget=100 * MB)
    calls = []

    @byte_cached("slow", cache=c)
    def slow(key, _payload):
        calls.append(key)
        time.sleep(0.2)
        return key * 2

    out = []
    threads = [threading.Thread(target=lambda: out.append(slow("k", object())))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == ["kk"] * 4 and calls == ["k"]  # the unkeyed argument is not part of the key
    assert slow("j", None) == "jj" and calls == ["k", "j"]


def test_a_frame_is_sized_as_pandas_deep_count_without_its_cost():
    """Text as Arrow strings or as Python objects, dates as objects (as the units frame holds
    them): within 20% of pandas' deep memory_usage, which reads every value."""
    from datetime import date

    n = 50_000
    f = pd.DataFrame({
        "unit": [f"UBND xã Số {i}" for i in range(n)],
        "key": pd.Series([f"xa so {i}" for i in range(n)], dtype=object),
        "period_start": [date(2021, 1 + i % 12, 1) for i in range(n)],
        "sent": pd.array(range(n), dtype="Int64"),
        "rate": [i / 7 for i in range(n)]})
    exact = int(f.memory_usage(index=True, deep=True).sum())
    est = frame_bytes(f)
    assert 0.8 * exact < est < 1.2 * exact, (est, exact)
    assert estimate_bytes((f, [f])) > 2 * est * 0.99  # a tuple and list count their frames


def test_a_parse_is_sized_as_measured():
    """tracemalloc over parse_bytes of such CSVs (warm, in a fresh process) held 687 bytes a unit
    at 20,000 units and 620 at 99,000: the estimate takes 700 a unit and the rest."""
    from analysis.reading.parse import parse_bytes

    rows = ["BÁO CÁO KÝ SỐ THÁNG 3/2021", "STT;Tên cơ quan, đơn vị;Văn bản gửi đi;Số văn bản ký số"]
    rows += [f"{i};UBND xã Số {i};{10 + i % 50};{i % 10}" for i in range(1, 20_001)]
    wb = parse_bytes(("\n".join(rows) + "\n").encode(), "t.csv")
    assert len(wb.sheets[0].units) == 20_000
    est = estimate_bytes(wb)
    assert 600 * 20_000 < est < 900 * 20_000, est


def test_the_province_workbook_is_read_once_and_its_pages_stay_cached(monkeypatch):
    from analysis.reading import isolated

    calls = []
    real = isolated.parse_isolated

    def counted(*a, **k):
        calls.append(a[1])
        return real(*a, **k)

    monkeypatch.setattr(isolated, "parse_isolated", counted)
    byte_cache.CACHE.clear()
    name = "tinh_2021_province.xlsx"
    at = upload(new_app(), (name, sample_bytes(name)))
    kinds = {k[0] for k in byte_cache.CACHE._items}
    assert {"parse", "units_frame", "summary"} <= kinds
    held = byte_cache.CACHE.held
    for page in ("overview", "units", "compare", "report", "upload", "units"):
        goto(at, page)
        assert not at.exception
    assert calls == [name]  # one read, every page from the cache
    assert byte_cache.CACHE.evicted == 0 and byte_cache.CACHE.held >= held
    assert byte_cache.CACHE.held < 100 * MB  # a province of ~1,400 units a month

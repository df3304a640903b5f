"""The officer's corrections: block overrides, unit merges, column mappings
(analysis/store/corrections.py), on every backend."""
from __future__ import annotations

import pandas as pd
import pytest

import analysis.store as H
from tests.store.sample import frame, month, plain


def test_block_override_applies_to_every_period(history):
    H.store_frame(history, frame(n=2))
    H.store_frame(history, frame(period=month(2021, 4), n=2))
    H.set_block_override(history, "xã so 1", "service_unit")
    got = H.load_frame(history)
    assert list(got.loc[got["key"] == "xã so 1", "block"]) == ["service_unit"] * 2
    assert list(got.loc[got["key"] == "xã so 0", "block"]) == ["commune"] * 2
    assert H.block_overrides_map(history) == {("xã so 1", None): "service_unit"}
    raw = H.load_frame(history, corrections=False)
    assert set(raw["block"]) == {"commune"}
    H.set_block_override(history, "xã so 1", "department")  # changed again
    assert H.block_overrides_map(history) == {("xã so 1", None): "department"}
    with pytest.raises(H.HistoryError):
        H.set_block_override(history, "xã so 1", "khối lạ")
    H.set_block_override(history, "xã so 1", None)
    assert H.block_overrides_map(history) == {}
    assert set(H.load_frame(history)["block"]) == {"commune"}


def test_merged_names_stay_one_unit(history):
    march = frame(n=2)
    april = frame(period=month(2021, 4), n=2)
    april.loc[0, ["unit", "key"]] = ["Xã Số 0 mới", "xa so 0 moi"]
    H.store_frame(history, march)
    H.store_frame(history, april)
    assert H.merge_units(history, "xa so 0 moi", "xã so 0") == "xã so 0"
    got = H.load_frame(history)
    assert sorted(got["key"].unique()) == ["xã so 0", "xã so 1"]
    assert list(got.loc[got["period"] == "2021-04", "unit"]) == ["Xã Số 0 mới", "UBND xã Số 1"]
    # Chains: a third name merged into the alias goes to the canonical key; a merge of the
    # canonical key elsewhere carries its aliases along.
    assert H.merge_units(history, "so 0", "xa so 0 moi") == "xã so 0"
    assert H.merge_units(history, "xã so 0", "xã so 1") == "xã so 1"
    assert H.unit_merges_map(history) == {"so 0": "xã so 1", "xa so 0 moi": "xã so 1",
                                       "xã so 0": "xã so 1"}
    with pytest.raises(H.HistoryError):
        H.merge_units(history, "xã so 1", "xa so 0 moi")  # would be a cycle
    # Two merged names in the same period: counts summed, canonical row kept.
    got = H.load_frame(history, ["2021-03"])
    assert len(got) == 1 and got["key"].iat[0] == "xã so 1"
    assert got["unit"].iat[0] == "UBND xã Số 1"
    assert got["sent"].iat[0] == 10 + 11 and got["signed"].iat[0] == 1
    assert pd.isna(got["received"].iat[0]) is False and got["received"].iat[0] == 101
    assert pd.isna(got["signed_leader"].iat[0])
    assert H.unmerge_unit(history, "xã so 0") is True
    assert H.unmerge_unit(history, "xã so 0") is False
    assert len(H.load_frame(history, ["2021-03"])) == 2


def test_corrections_apply_to_a_fresh_upload_and_history_plus_upload(history):
    H.store_frame(history, frame(period=month(2021, 1), n=2))
    H.store_frame(history, frame(period=month(2021, 2), n=2))
    H.set_block_override(history, "xã so 0", "other")
    H.merge_units(history, "xa so 1", "xã so 1")
    fresh = frame(period=month(2021, 2), n=2, base=7, file="t2-moi.xlsx")
    fresh.loc[1, "key"] = "xa so 1"
    fixed = H.apply_corrections(history, fresh)
    assert list(fixed["key"]) == ["xã so 0", "xã so 1"]
    assert list(fixed["block"]) == ["other", "commune"]
    both = H.frame_with_history(history, fresh)
    assert list(both["period"]) == ["2021-01"] * 2 + ["2021-02"] * 2
    assert list(both.loc[both["period"] == "2021-02", "file"]) == ["t2-moi.xlsx"] * 2
    assert list(both.loc[both["period"] == "2021-01", "block"]) == ["other", "commune"]
    assert len(H.load_frame(history, ["2021-02"])) == 2  # nothing was stored
    assert plain(H.frame_with_history(history)) == plain(H.load_frame(history))


def test_column_mapping_per_layout(history):
    assert H.get_column_mapping(history, "tt|ten co quan|van ban di") is None
    H.save_column_mapping(history, "tt|ten co quan|van ban di", {"unit": 1, "sent": 2})
    H.save_column_mapping(history, "other", {"unit": 0})
    assert H.get_column_mapping(history, "tt|ten co quan|van ban di") == {"unit": 1, "sent": 2}
    H.save_column_mapping(history, "tt|ten co quan|van ban di", {"unit": 1, "sent": 3, "signed": 4})
    assert H.get_column_mapping(history, "tt|ten co quan|van ban di") == {
        "unit": 1, "sent": 3, "signed": 4}
    assert H.delete_column_mapping(history, "other") is True
    assert H.get_column_mapping(history, "other") is None
    with pytest.raises(H.HistoryError):
        H.save_column_mapping(history, "", {"unit": 0})

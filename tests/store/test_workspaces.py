"""Workspaces (analysis/store/workspaces.py): several offices on one database, each seeing only
its own months, corrections, mappings and settings; on SQLite and PostgreSQL."""
from __future__ import annotations

import threading

import pandas as pd
import pytest

import analysis.store as H
from tests.store.sample import frame, month, plain


def two(db_url):
    """(history of workspace A, history of workspace B) over one database."""
    H.create_workspace(db_url, "UBND huyện Tuần Giáo")
    H.create_workspace(db_url, "Sở Khoa học và Công nghệ", password="mật khẩu 1")
    return (H.open_history(db_url, "UBND huyện Tuần Giáo"),
            H.open_history(db_url, "Sở Khoa học và Công nghệ"))


def test_same_month_in_two_workspaces_stays_apart(db_url):
    a, b = two(db_url)
    with a, b:
        H.store_frame(a, frame(n=3, prefix="xã"))
        report = H.store_frame(b, frame(n=2, prefix="phòng", base=5))
        assert report.added == ["2021-03"] and report.replaced == []  # A's March is not B's
        assert sorted(H.load_frame(a)["key"]) == ["xã so 0", "xã so 1", "xã so 2"]
        assert sorted(H.load_frame(b)["key"]) == ["phòng so 0", "phòng so 1"]
        assert list(H.list_periods(a)["units"]) == [3] and list(H.list_periods(b)["units"]) == [2]
        # replacing and deleting in B keeps A's March and A's versions
        H.store_frame(b, frame(n=1, prefix="phòng"))
        H.delete_period(b, "2021-03")
        assert len(H.list_versions(b)) == 2 and len(H.list_versions(a)) == 0
        assert len(H.load_frame(a)) == 3 and len(H.load_frame(b)) == 0
        H.restore_previous_version(b, "2021-03")
        assert list(H.load_frame(b)["key"]) == ["phòng so 0"]
        assert H.missing_months(a, 2021, 3) == [1, 2] and H.missing_months(b, 2021, 3) == [1, 2]
        H.purge_versions(b)
        assert len(H.list_versions(b)) == 0
        # the default workspace sees neither
        with H.open_history(db_url) as d:
            assert d.workspace.name == H.DEFAULT_WORKSPACE and len(H.load_frame(d)) == 0
        names = [w.name for w in H.list_workspaces(db_url)]
        assert names == [H.DEFAULT_WORKSPACE, "UBND huyện Tuần Giáo", "Sở Khoa học và Công nghệ"]


def test_a_correction_stays_in_its_workspace_and_district(db_url):
    a, b = two(db_url)
    with a, b:
        f = frame(n=2, district="Huyện Tuần Giáo")
        g = frame(n=2, district="Huyện Mường Ảng")
        both = pd.concat([f, g], ignore_index=True)
        H.store_frame(a, both)
        H.store_frame(b, both)
        cid = H.set_block_override(a, "xã so 1", "service_unit", district="Huyện Tuần Giáo",
                                   file_block="commune", unit="UBND xã Số 1", who="cán bộ A")
        got = H.load_frame(a)
        blocks = {(r["key"], r["district"]): r["block"] for r in plain(got)}
        assert blocks[("xã so 1", "Huyện Tuần Giáo")] == "service_unit"
        assert blocks[("xã so 1", "Huyện Mường Ảng")] == "commune"  # same name, other district
        assert blocks[("xã so 0", "Huyện Tuần Giáo")] == "commune"
        assert set(H.load_frame(b)["block"]) == {"commune"}  # the other workspace
        assert H.block_overrides_map(b) == {}
        # an upload corrected in A, not in B
        assert set(H.apply_corrections(b, f)["block"]) == {"commune"}
        assert list(H.apply_corrections(a, f)["block"]) == ["commune", "service_unit"]
        # the list of corrections, and undo
        lc = H.list_corrections(a)
        assert list(lc.columns) == H.CORRECTION_COLUMNS
        row = lc.iloc[0].to_dict()
        assert row["id"] == f"block:{cid}" and row["kind"] == "block"
        assert (row["unit"], row["district"], row["key"], row["file_value"],
                row["corrected_value"], row["who"]) == (
            "UBND xã Số 1", "Huyện Tuần Giáo", "xã so 1", "commune", "service_unit", "cán bộ A")
        assert len(H.list_corrections(b)) == 0
        assert H.undo_correction(b, row["id"]) is False  # B cannot undo A's correction
        assert H.undo_correction(a, row["id"]) is True
        assert set(H.load_frame(a)["block"]) == {"commune"}
        with pytest.raises(H.HistoryError):
            H.undo_correction(a, "nonsense")
        # reset in one call
        H.set_block_override(a, "xã so 0", "department", district="Huyện Mường Ảng")
        assert H.reset_block_override(a, "xã so 0", district="Huyện Tuần Giáo") is False
        assert H.reset_block_override(a, "xã so 0", district="Huyện Mường Ảng") is True
        assert H.block_overrides_map(a) == {}


def test_merges_and_mappings_stay_in_their_workspace(db_url):
    a, b = two(db_url)
    with a, b:
        march, april = frame(n=2), frame(period=month(2021, 4), n=2)
        april.loc[0, ["unit", "key"]] = ["Xã Số 0 mới", "xa so 0 moi"]
        for h in (a, b):
            H.store_frame(h, march)
            H.store_frame(h, april)
        H.merge_units(a, "xa so 0 moi", "xã so 0", who="cán bộ A")
        assert sorted(H.load_frame(a)["key"].unique()) == ["xã so 0", "xã so 1"]
        assert "xa so 0 moi" in set(H.load_frame(b)["key"])
        lc = H.list_corrections(a)
        assert list(lc["kind"]) == ["merge"] and lc["corrected_value"].iat[0] == "xã so 0"
        assert H.unit_merges_map(b) == {}
        H.undo_correction(a, lc["id"].iat[0])
        assert "xa so 0 moi" in set(H.load_frame(a)["key"])
        H.save_column_mapping(a, "lay|out", {"unit": 1, "sent": 4})
        H.save_column_mapping(b, "lay|out", {"unit": 2})
        assert H.get_column_mapping(a, "lay|out") == {"unit": 1, "sent": 4}
        assert H.get_column_mapping(b, "lay|out") == {"unit": 2}
        assert H.delete_column_mapping(b, "lay|out") is True
        assert H.get_column_mapping(a, "lay|out") == {"unit": 1, "sent": 4}


def test_backup_clear_and_import_act_on_one_workspace(db_url):
    a, b = two(db_url)
    with a, b:
        H.store_frame(a, frame(n=3))
        H.set_block_override(a, "xã so 1", "department")
        H.store_frame(b, frame(n=2, prefix="phòng"))
        data_a, data_b = H.export_history(a), H.export_history(b)
        assert "phòng".encode() not in data_a and "xã so".encode() not in data_b
        H.clear_history(b)
        assert len(H.load_frame(b)) == 0 and len(H.load_frame(a)) == 3
        # A's backup imported into B: B becomes a copy of A, A is untouched
        H.import_history(b, data_a)
        assert H.export_history(b) == data_a and H.export_history(a) == data_a
        assert plain(H.load_frame(b)) == plain(H.load_frame(a))
        H.store_frame(b, frame(period=month(2021, 4), n=1))  # ids continue
        assert len(H.list_periods(a)) == 1 and len(H.list_periods(b)) == 2


def test_workspace_names_passwords_and_settings(db_url):
    ws = H.create_workspace(db_url, "  UBND  xã Mường Ảng ")
    assert ws.name == "UBND xã Mường Ảng" and ws.has_password is False and ws.id > 0
    for bad in ("", "   ", None):
        with pytest.raises(H.HistoryError) as e:
            H.create_workspace(db_url, bad)
        assert "trống" in e.value.message
    with pytest.raises(H.HistoryError) as e:
        H.create_workspace(db_url, "ubnd xã mường ảng")
    assert "Đã có" in e.value.message
    with pytest.raises(H.HistoryError) as e:
        H.open_history(db_url, "Không có")
    assert "Không có không gian làm việc «Không có»" in e.value.message
    assert H.check_workspace_password(db_url, "UBND xã Mường Ảng", None) is True  # none set
    with H.open_history(db_url, "ubnd xã mường ảng") as h:  # names match without case
        assert h.workspace == ws
        assert H.set_workspace_password(h, "bí mật").has_password is True
        assert h.workspace.has_password is True
        assert H.check_workspace_password(db_url, "UBND xã Mường Ảng", "bí mật") is True
        assert H.check_workspace_password(h, "UBND xã Mường Ảng", "sai") is False
        assert H.check_workspace_password(db_url, "UBND xã Mường Ảng", None) is False
        assert H.check_workspace_password(db_url, "Không có", "bí mật") is False
        with pytest.raises(H.HistoryError):
            H.set_workspace_password(h, "  ")
        H.set_workspace_password(h, None)
        assert H.check_workspace_password(db_url, "UBND xã Mường Ảng", "x") is True
        # settings: JSON by key, per workspace
        assert H.get_workspace_setting(h, "office_profile") is None
        H.set_workspace_setting(h, "office_profile", {"name": "UBND xã Mường Ảng", "n": 1})
        H.set_workspace_setting(h, "office_profile", {"name": "UBND xã Mường Ảng", "n": 2})
        assert H.get_workspace_setting(h, "office_profile") == {"name": "UBND xã Mường Ảng",
                                                                "n": 2}
        with pytest.raises(H.HistoryError):
            H.set_workspace_setting(h, "office_profile", ["not", "a", "dict"])
        with H.open_history(db_url) as d:
            assert H.get_workspace_setting(d, "office_profile") is None
        assert H.rename_workspace(h, "UBND xã Mường Ảng (mới)").name == "UBND xã Mường Ảng (mới)"
        with pytest.raises(H.HistoryError):
            H.rename_workspace(h, H.DEFAULT_WORKSPACE)
    hashed = None
    with H.open_history(db_url, "UBND xã Mường Ảng (mới)") as h:
        H.set_workspace_password(h, "một hai ba")
        with h.engine.connect() as conn:
            from sqlalchemy import text

            hashed = conn.execute(text("SELECT password_hash FROM workspaces WHERE id = :i"),
                                  {"i": h.workspace.id}).scalar_one()
    assert hashed.startswith("scrypt$") and "một hai ba" not in hashed
    from analysis import passwords

    assert passwords.verify("một hai ba", hashed) and not passwords.verify("mot hai ba", hashed)


def test_writers_of_two_workspaces_store_the_same_month_at_once(db_url):
    a, b = two(db_url)
    errors: list = []
    start = threading.Barrier(2)

    def writer(h, prefix, n):
        try:
            start.wait(timeout=30)
            for i in range(4):
                H.store_frame(h, frame(n=n, base=i, prefix=prefix))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    with a, b:
        threads = [threading.Thread(target=writer, args=(a, "xã", 30)),
                   threading.Thread(target=writer, args=(b, "phòng", 20))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors
        got_a, got_b = H.load_frame(a), H.load_frame(b)
        assert len(got_a) == 30 and set(got_a["sent"]) == {10 + i + 3 for i in range(30)}
        assert len(got_b) == 20 and all(k.startswith("phòng") for k in got_b["key"])
        assert len(H.list_versions(a)) == 3 and len(H.list_versions(b)) == 3

"""The migration of a history written by the release before workspaces (schema 2; the fixture
tests/fixtures/history/kyso_v2.sqlite, made by tests/support/make_history_v2.py with that code)
into the default workspace: nothing lost, every correction still applies."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import analysis.store as H
from tests.store.sample import plain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "history"


def _stored(df) -> list:
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
            for r in plain(df)]


@pytest.fixture
def v2(tmp_path):
    path = tmp_path / "kyso.sqlite"
    shutil.copy(FIXTURES / "kyso_v2.sqlite", path)
    return "sqlite:///" + str(path)


def test_fixture_is_a_schema_2_history(v2):
    engine = create_engine(v2)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar_one() == 2
        assert conn.execute(text("SELECT COUNT(*) FROM units")).scalar_one() == 3
    engine.dispose()


def test_v2_history_moves_into_the_default_workspace(v2):
    expected = json.loads((FIXTURES / "kyso_v2.json").read_text(encoding="utf-8"))
    with H.open_history(v2) as h:
        assert H.get_schema_version(h) == H.SCHEMA_VERSION == 3
        assert h.workspace.name == H.DEFAULT_WORKSPACE and not h.workspace.has_password
        assert list(H.list_periods(h)["period"]) == expected["periods"]
        assert _stored(H.load_frame(h, corrections=False)) == expected["units"]
        assert len(H.list_versions(h)) == expected["versions"]
        assert H.get_column_mapping(h, "lay|out") == expected["column_mapping"]
        # the bare-key corrections of v2 became corrections of each district the key is in
        assert H.unit_merges_map(h) == expected["unit_merges"]
        overrides = H.block_overrides_map(h)
        assert {k for k, _ in overrides} == set(expected["block_overrides"])
        assert set(overrides.values()) == set(expected["block_overrides"].values())
        lc = H.list_corrections(h)
        # "xã so 1" is stored with Cẩm Thủy (March) and without a district (the kept versions)
        assert sorted(lc["kind"]) == ["block", "block", "merge"]
        blk = lc[lc["kind"] == "block"]
        assert set(blk["district"].fillna("-")) == {"Huyện Cẩm Thủy", "-"}
        assert set(blk["file_value"]) == {"commune"} and set(blk["key"]) == {"xã so 1"}
        got = H.load_frame(h)
        assert set(got.loc[got["key"] == "xã so 1", "block"]) == {"department"}
        # kept versions restore, ids continue, other workspaces start empty
        H.restore_previous_version(h, "2021-04")
        assert "2021-04" in set(H.list_periods(h)["period"])
        data = H.export_history(h)
    with H.open_history(v2) as h:  # reopening does not migrate again
        assert H.export_history(h) == data
        assert [w.name for w in H.list_workspaces(h)] == [H.DEFAULT_WORKSPACE]
    H.create_workspace(v2, "UBND xã Mường Ảng")
    with H.open_history(v2, "UBND xã Mường Ảng") as other:
        assert len(H.load_frame(other)) == 0 and len(H.list_versions(other)) == 0


def test_v2_backup_imports_into_a_workspace(v2, tmp_path, db_url):
    """A backup written by the v2 code (exported from the fixture before migrating, with the
    v2 export) imports into a workspace of any backend, its corrections kept."""
    with H.open_history(v2) as h:
        data = H.export_history(h)
        before = plain(H.load_frame(h))
    doc = json.loads(data)
    # as v2 wrote it: no district in the corrections, schema 2
    doc["schema_version"] = 2
    for t in ("block_overrides", "unit_merges"):
        part = doc["tables"][t]
        for cut in ("district", "who") + (("unit", "file_block") if t == "block_overrides"
                                          else ()):
            i = part["columns"].index(cut)
            part["columns"].pop(i)
            for r in part["rows"]:
                r.pop(i)
        seen: set = set()  # v2 had one correction per key
        part["rows"] = [r for r in part["rows"] if not (r[0] in seen or seen.add(r[0]))]
    old = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    H.create_workspace(db_url, "Sở Nội vụ")
    with H.open_history(db_url, "Sở Nội vụ") as h:
        H.import_history(h, old)
        assert plain(H.load_frame(h)) == before
